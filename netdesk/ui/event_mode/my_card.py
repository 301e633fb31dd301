"""My card: the user's own vCard as a large QR code, "+1 card given", exports, and the card
full-screen (``show_my_card``: from event mode and from the main window's toolbar)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QPainter, QPaintEvent, QPalette, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.profile import ProfileService, QrMatrix
from netdesk.ui.about_me_dialog import AboutMeDialog
from netdesk.ui.busy import returns_when_busy
from netdesk.ui.plain import plain_label

GIVE_SHORTCUT = "Ctrl+G"
FULL_SCREEN_SHORTCUT = "Ctrl+Shift+M"


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


class MyCardScreen(QWidget):
    """My card full-screen: the QR code as large as the screen allows, white on every side so
    a phone camera finds it from across a table. Esc or the Close button closes it."""

    def __init__(self, profiles: ProfileService, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("My card")
        self.setObjectName("myCardScreen")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("white"))
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#111827"))
        self.setPalette(palette)
        card = profiles.get()
        self.qr = QrWidget(self)
        self.qr.set_matrix(profiles.matrix(card))
        self.name = plain_label(card.display_name, self)
        self.name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name.setStyleSheet("font-size: 26pt; font-weight: 700; color: #111827;")
        self.details = plain_label(" · ".join(p for p in (card.title, card.organization) if p), self)
        self.details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details.setStyleSheet("font-size: 15pt; color: #374151;")
        self.details.setVisible(bool(self.details.text()))
        hint = QLabel("Scan with your phone camera to save my contact. Esc closes.", self)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setStyleSheet("font-size: 11pt; color: #6b7280;")
        self.close_button = QPushButton("Close", self)
        self.close_button.setToolTip("Close the full-screen card (Esc)")
        self.close_button.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(hint)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(6)
        layout.addWidget(self.qr, 1)
        layout.addWidget(self.name)
        layout.addWidget(self.details)
        layout.addLayout(bottom)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc closes also when the window is not the active one (the shortcut needs that)."""
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)


def show_my_card(profiles: ProfileService, parent: QWidget) -> QWidget:
    """My card full-screen, or About me first when there is nothing to put on the card yet
    (saving it then shows the card). Returns the window or dialog it opened."""
    if profiles.exists():
        screen = MyCardScreen(profiles, parent)
        display = parent.screen()
        if display is not None:  # fills the screen even where no window manager does it
            screen.setGeometry(display.geometry())
        screen.showFullScreen()
        screen.activateWindow()
        return screen
    dialog = AboutMeDialog(profiles, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.profile_saved.connect(lambda: show_my_card(profiles, parent))
    dialog.open()
    return dialog


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
        self.edit_button.setToolTip("About me: what your card and your e-mail drafts say")
        self.edit_button.clicked.connect(self.edit)
        self.full_button = QPushButton("Full screen", self)
        self.full_button.setToolTip(
            f"Show the QR code full-screen to be scanned across a table ({FULL_SCREEN_SHORTCUT})"
        )
        self.full_button.clicked.connect(self.full_screen)
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
        big = QHBoxLayout()
        big.addWidget(self.full_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 12)
        layout.addWidget(heading)
        layout.addWidget(self.qr, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.name)
        layout.addLayout(give)
        layout.addLayout(big)
        layout.addLayout(tools)
        self.dialog: AboutMeDialog | None = None
        self.refresh()

    @returns_when_busy
    def refresh(self) -> None:
        card = self.profiles.get()
        empty = card.is_empty
        self.qr.set_matrix(() if empty else self.profiles.matrix(card))
        self.qr.setVisible(not empty)
        self.empty.setVisible(empty)
        self.export_button.setEnabled(not empty)
        self.full_button.setEnabled(not empty)
        self.name.setText(" · ".join(p for p in (card.display_name, card.title) if p))
        self.edit_button.setText("Add my card…" if empty else "Edit my card…")

    @returns_when_busy
    def edit(self) -> None:
        self.dialog = AboutMeDialog(self.profiles, self)
        self.dialog.profile_saved.connect(self.refresh)
        self.dialog.profile_saved.connect(lambda: self.status_message.emit("Saved your card."))
        self.dialog.open()

    @returns_when_busy
    def full_screen(self) -> QWidget:
        return show_my_card(self.profiles, self)

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
