"""A centred "nothing here" message: a title, a hint in plain text, optional details and buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from netdesk.ui.plain import plain_label


class EmptyState(QWidget):
    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = QLabel(title, self)
        self.title.setObjectName("emptyTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = plain_label("", self)  # may quote what the person typed
        self.text.setObjectName("emptyHint")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Our own rich text only (the welcome's three panels), never outside text.
        self.details = QLabel("", self)
        self.details.setObjectName("emptyDetails")
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details.setContentsMargins(24, 0, 24, 0)
        self.details.hide()
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addSpacing(4)
        layout.addWidget(self.details)  # no alignment here: the layout then gives it its wrapped height
        self._buttons = QHBoxLayout()
        self._buttons.addStretch(1)
        self._buttons.addStretch(1)
        layout.addSpacing(8)
        layout.addLayout(self._buttons)
        layout.addStretch(2)

    def set_details(self, html: str) -> None:
        self.details.setText(html)
        self.details.setVisible(bool(html))

    def add_button(self, label: str, primary: bool = False) -> QPushButton:
        button = QPushButton(label, self)
        if primary:
            button.setObjectName("primaryButton")
        self._buttons.insertWidget(self._buttons.count() - 1, button)
        return button


#: The first start's welcome: what each of the three main panels is for, one sentence each.
WELCOME_PANELS = (
    "<p><b>Contacts</b> — everyone you know, where you met them, who introduced you and what "
    "you talked about, found as you type.</p>"
    "<p><b>Event mode</b> — at a career fair or social, scan business cards (QR code or printed) "
    "and quick-add people as you meet them.</p>"
    "<p><b>Follow-ups</b> — a thank-you within 24 hours, then reminders to keep in touch, so no "
    "connection goes cold.</p>"
)
