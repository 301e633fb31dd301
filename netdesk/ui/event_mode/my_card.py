"""My card: the user's own vCard as a large QR code, "+1 card given", and exports."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.profile import MyCard, ProfileError, ProfileService, QrMatrix
from netdesk.ui.busy import returns_when_busy
from netdesk.ui.plain import plain_label

GIVE_SHORTCUT = "Ctrl+G"
LABELS = {
    "display_name": "&Name",
    "title": "&Title",
    "organization": "&School / organisation",
    "email": "&E-mail",
    "phone": "&Phone",
    "linkedin": "&LinkedIn",
    "website": "&Website",
    "headline": "&Headline",
}
PLACEHOLDERS = {
    "display_name": "Your name",
    "title": "e.g. Biology student, class of 2027",
    "organization": "e.g. UMass Dartmouth",
    "email": "you@example.edu",
    "phone": "+1 508 555 0100",
    "linkedin": "https://www.linkedin.com/in/yourname",
    "website": "https://",
    "headline": "One line about what you are looking for",
}


class QrWidget(QWidget):
    """Paints a QR matrix crisp at any size (whole pixels per module, white quiet zone)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matrix: QrMatrix = ()
        self.setMinimumSize(180, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_matrix(self, matrix: QrMatrix) -> None:
        self.matrix = matrix
        self.update()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        side = min(self.width(), self.height())
        n = len(self.matrix)
        if not n:
            return
        module = max(1, side // n)
        size = module * n
        left = (self.width() - size) // 2
        top = (self.height() - size) // 2
        painter.fillRect(left, top, size, size, QColor("white"))
        dark = QColor("black")
        for y, row in enumerate(self.matrix):
            for x, on in enumerate(row):
                if on:
                    painter.fillRect(QRectF(left + x * module, top + y * module, module, module), dark)


class ProfileDialog(QDialog):
    """Edit my card; opened with ``open()`` so the event keeps running behind it."""

    profile_saved = Signal()

    def __init__(self, profiles: ProfileService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("My card")
        self.profiles = profiles
        card = profiles.get()
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for f in fields(MyCard):
            edit = QLineEdit(getattr(card, f.name), self)
            edit.setPlaceholderText(PLACEHOLDERS[f.name])
            edit.setMinimumWidth(320)
            self.edits[f.name] = edit
            form.addRow(LABELS[f.name], edit)
        self.error = plain_label("", self)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        hint = QLabel("Shown as a QR code people scan with their phone camera.", self)
        hint.setObjectName("muted")
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    @returns_when_busy
    def save(self) -> None:
        card = MyCard(**{name: edit.text() for name, edit in self.edits.items()})
        try:
            self.profiles.save(card)
        except ProfileError as exc:
            self.error.setText(str(exc))
            self.edits[exc.field].setFocus()
            return
        self.profile_saved.emit()
        self.accept()


class MyCardView(QWidget):
    """The QR code large enough to scan across a table, and the cards-given counter."""

    card_given = Signal(int)  # +1 or -1
    status_message = Signal(str)

    def __init__(self, profiles: ProfileService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profiles = profiles
        self.setObjectName("card")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        heading = QLabel("My card", self)
        heading.setObjectName("sectionTitle")
        self.qr = QrWidget(self)
        self.name = plain_label("", self)
        self.name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name.setStyleSheet("font-weight: 600;")
        self.name.setWordWrap(True)
        self.empty = QLabel(
            "Your card is empty. Add your name and how to reach you, and people can scan it "
            "with their phone camera.",
            self,
        )
        self.empty.setObjectName("muted")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.give_button = QPushButton("+1 card given", self)
        self.give_button.setObjectName("primaryButton")
        self.give_button.setToolTip(f"Count a paper card you handed out ({GIVE_SHORTCUT})")
        self.give_button.clicked.connect(lambda: self.card_given.emit(1))
        self.undo_give = QPushButton("-1", self)
        self.undo_give.setToolTip("Undo the last card given")
        self.undo_give.setFixedWidth(44)
        self.undo_give.clicked.connect(lambda: self.card_given.emit(-1))
        self.edit_button = QPushButton("Edit my card…", self)
        self.edit_button.clicked.connect(self.edit)
        self.export_button = QPushButton("Export", self)
        menu = QMenu(self.export_button)
        menu.addAction("QR code as PNG…", lambda: self._export("png"))
        menu.addAction("QR code as SVG…", lambda: self._export("svg"))
        menu.addAction("vCard (.vcf)…", lambda: self._export("vcf"))
        self.export_button.setMenu(menu)
        shortcut = QShortcut(QKeySequence(GIVE_SHORTCUT), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(lambda: self.card_given.emit(1))

        give = QHBoxLayout()
        give.addWidget(self.give_button, 1)
        give.addWidget(self.undo_give)
        tools = QHBoxLayout()
        tools.addWidget(self.edit_button, 1)
        tools.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 12)
        layout.addWidget(heading)
        layout.addWidget(self.qr, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.name)
        layout.addLayout(give)
        layout.addLayout(tools)
        self.dialog: ProfileDialog | None = None
        self.refresh()

    @returns_when_busy
    def refresh(self) -> None:
        card = self.profiles.get()
        empty = card.is_empty
        self.qr.set_matrix(() if empty else self.profiles.matrix(card))
        self.qr.setVisible(not empty)
        self.empty.setVisible(empty)
        self.export_button.setEnabled(not empty)
        self.name.setText(" · ".join(p for p in (card.display_name, card.title) if p))
        self.edit_button.setText("Add my card…" if empty else "Edit my card…")

    @returns_when_busy
    def edit(self) -> None:
        self.dialog = ProfileDialog(self.profiles, self)
        self.dialog.profile_saved.connect(self.refresh)
        self.dialog.profile_saved.connect(lambda: self.status_message.emit("Saved your card."))
        self.dialog.open()

    def _export(self, kind: str) -> None:
        filters = {"png": "PNG image (*.png)", "svg": "SVG image (*.svg)", "vcf": "vCard (*.vcf)"}
        dialog = QFileDialog(self, "Export my card", f"my-card.{kind}", filters[kind])
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(kind)
        dialog.fileSelected.connect(lambda path: self.export_to(kind, path))
        dialog.open()

    @returns_when_busy
    def export_to(self, kind: str, path: str) -> None:
        writer = {
            "png": self.profiles.export_png,
            "svg": self.profiles.export_svg,
            "vcf": self.profiles.export_vcf,
        }
        try:
            written = writer[kind](path)
        except OSError as exc:
            self.status_message.emit(f"Could not write {path}: {exc.strerror or exc}. Pick another folder.")
            return
        self.status_message.emit(f"Saved your card to {written}.")
