"""About me: the one profile My card shows as a QR code and the follow-up drafts sign with.

Opened with ``open()`` (never ``exec()``), so an event keeps running behind it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.profile import MyCard, ProfileError, ProfileService
from netdesk.ui.busy import returns_when_busy
from netdesk.ui.plain import plain_label

#: field -> (label, placeholder); the left column is on the card, the right one only in drafts.
ON_CARD = {
    "display_name": ("&Name", "Your name"),
    "title": ("&Title", "e.g. Biology student, class of 2027"),
    "organization": ("&School / organisation", "e.g. UMass Dartmouth"),
    "email": ("&E-mail", "you@example.edu"),
    "phone": ("&Phone", "+1 508 555 0100"),
    "linkedin": ("&LinkedIn", "https://www.linkedin.com/in/yourname"),
    "website": ("&Website", "https://"),
    "headline": ("&Headline", "One line about what you are looking for"),
}
FOR_DRAFTS = {
    "major": ("&Major", "e.g. Biology"),
    "year": ("&Year", "e.g. junior"),
}


class AboutMeDialog(QDialog):
    """Edit About me; ``profile_saved`` tells My card and the drafts to read it again."""

    profile_saved = Signal()

    def __init__(self, profiles: ProfileService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About me")
        self.profiles = profiles
        card = profiles.get()
        self.edits: dict[str, QLineEdit] = {}
        card_form = QGridLayout()
        for name, (label, placeholder) in ON_CARD.items():
            self._row(card_form, label, self._edit(name, getattr(card, name), placeholder))
        drafts_form = QGridLayout()
        for name, (label, placeholder) in FOR_DRAFTS.items():
            self._row(drafts_form, label, self._edit(name, getattr(card, name), placeholder))
        self.notes = QPlainTextEdit(card.notes, self)
        self.notes.setPlaceholderText("Anything to remember about yourself; never shared.")
        self.notes.setMinimumHeight(90)
        self.notes.setMaximumHeight(160)
        self.notes.setTabChangesFocus(True)
        self._row(drafts_form, "N&otes", self.notes)

        on_card = QLabel("On your card (the QR code people scan)", self)
        on_card.setObjectName("sectionTitle")
        for_drafts = QLabel("For your e-mail drafts and pitch", self)
        for_drafts.setObjectName("sectionTitle")
        drafts_hint = QLabel(
            "Name, school, e-mail and phone from the left are used too: {my_name}, {my_school}, "
            "{my_major}, {my_year}…",
            self,
        )
        drafts_hint.setObjectName("muted")
        drafts_hint.setWordWrap(True)
        columns = QGridLayout()
        columns.setHorizontalSpacing(28)
        columns.addWidget(on_card, 0, 0)
        columns.addLayout(card_form, 1, 0)
        columns.addWidget(for_drafts, 0, 1)
        right = QVBoxLayout()
        right.addWidget(drafts_hint)
        right.addLayout(drafts_form)
        right.addStretch(1)
        columns.addLayout(right, 1, 1)
        columns.setColumnStretch(0, 3)
        columns.setColumnStretch(1, 2)

        self.error = plain_label("", self)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # labels never clipped
        layout.addLayout(columns)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(max(940, self.sizeHint().width()), self.sizeHint().height())
        self.edits["display_name"].setFocus()

    def _row(self, grid: QGridLayout, text: str, field: QWidget) -> None:
        """Label and field on the next row of ``grid`` (a grid, not a QFormLayout: that one
        squeezes labels when the dialog is narrow)."""
        row = grid.rowCount()
        label = QLabel(text, self)
        label.setBuddy(field)
        top = (
            Qt.AlignmentFlag.AlignTop if isinstance(field, QPlainTextEdit) else Qt.AlignmentFlag.AlignVCenter
        )
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignLeft | top)
        grid.addWidget(field, row, 1)
        grid.setColumnStretch(1, 1)

    def _edit(self, name: str, value: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(value, self)
        edit.setPlaceholderText(placeholder)
        edit.setMinimumWidth(280 if name in ON_CARD else 200)
        self.edits[name] = edit
        return edit

    def card(self) -> MyCard:
        """What the form holds now."""
        return MyCard(notes=self.notes.toPlainText(), **{n: e.text() for n, e in self.edits.items()})

    @returns_when_busy
    def save(self) -> None:
        try:
            self.profiles.save(self.card())
        except ProfileError as exc:
            self.error.setText(str(exc))
            self.edits[exc.field].setFocus()
            return
        self.profile_saved.emit()
        self.accept()
