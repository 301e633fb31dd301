"""The question End event asks while cards still wait: review now, keep for later, or discard.

Non-blocking (``open()`` and a signal, as in qutebrowser's msgbox): the camera and the photo
batch keep running until the person has chosen, and tests click the buttons directly. Escape
means "Review now", the choice that changes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from netdesk.ui.plain import message_box

REVIEW, KEEP, DISCARD = "review", "keep", "discard"


class EndEventPrompt(QObject):
    chosen = Signal(str)  # REVIEW, KEEP or DISCARD

    def __init__(self, parent: QWidget, waiting: int, event_name: str) -> None:
        super().__init__(parent)
        cards = "1 card" if waiting == 1 else f"{waiting} cards"
        verb = "waits" if waiting == 1 else "wait"
        self.box = message_box(
            parent,
            QMessageBox.Icon.Question,
            "Cards still to review",
            f"{cards} from {event_name} still {verb} for review.",
            "Keep for later: they stay here and are shown when you start this event again, also "
            "after quitting. Discard leaves them out; you can undo that.",
            QMessageBox.StandardButton.NoButton,
        )
        self.box.setObjectName("endEventPrompt")
        self.buttons: dict[str, QPushButton] = {
            REVIEW: self.box.addButton("Review now", QMessageBox.ButtonRole.RejectRole),
            KEEP: self.box.addButton("Keep for later", QMessageBox.ButtonRole.AcceptRole),
            DISCARD: self.box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole),
        }
        self.box.setDefaultButton(self.buttons[KEEP])
        self.box.setEscapeButton(self.buttons[REVIEW])
        self.box.finished.connect(self._finished)

    def open(self) -> None:
        self.box.open()

    def choose(self, choice: str) -> None:
        """Press a button (tests, and the keyboard through Qt)."""
        self.buttons[choice].click()

    def _finished(self, _result: int) -> None:
        clicked = self.box.clickedButton()
        choice = next((name for name, button in self.buttons.items() if button is clicked), REVIEW)
        self.box.deleteLater()
        self.chosen.emit(choice)
