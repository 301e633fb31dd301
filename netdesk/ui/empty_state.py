"""A centred "nothing here" message: a title, a hint in plain text and optional buttons."""

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
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        self._buttons = QHBoxLayout()
        self._buttons.addStretch(1)
        self._buttons.addStretch(1)
        layout.addSpacing(8)
        layout.addLayout(self._buttons)
        layout.addStretch(2)

    def add_button(self, label: str, primary: bool = False) -> QPushButton:
        button = QPushButton(label, self)
        if primary:
            button.setObjectName("primaryButton")
        self._buttons.insertWidget(self._buttons.count() - 1, button)
        return button
