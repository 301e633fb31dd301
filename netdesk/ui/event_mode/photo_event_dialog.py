"""Photos of cards opened from outside (command line, file manager): into which event?

Cards are always captured into an event (who you met where is the point), and nothing is running
when the photos come, so this asks: an existing event, preselected as the latest that has begun
(usually the fair of today), or a new name, created as the command line's ``scan --event NAME``
would. Non-blocking (``open()``); ``chosen`` carries the event's id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.models import Event
from netdesk.services.events import EventInputError
from netdesk.ui.busy import returns_when_busy
from netdesk.ui.plain import plain_label


def latest_begun(events: Sequence[Event], now: datetime | None = None) -> int:
    """Index of the event to suggest: the latest one that has started, else the first listed."""
    now = now or datetime.now().astimezone()
    begun = [
        (ev.draft.starts_at, i)
        for i, ev in enumerate(events)
        if ev.draft.starts_at is not None and ev.draft.starts_at <= now
    ]
    return max(begun)[1] if begun else 0


class PhotoEventDialog(QDialog):
    chosen = Signal(int)  # the event's id

    def __init__(
        self,
        events: Sequence[Event],
        photos: int,
        create: Callable[[str], int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.create_event = create
        self.setWindowTitle("Scan photos of cards")
        what = "1 photo" if photos == 1 else f"{photos} photos"
        question = QLabel(
            f"Read {what} of cards into which event? The cards wait in event mode's review list "
            "until you accept them.",
            self,
        )
        question.setWordWrap(True)
        self.event_box = QComboBox(self)
        self.event_box.setEditable(True)  # a new name makes a new event
        self.event_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.event_box.setMinimumWidth(360)
        for ev in events:
            self.event_box.addItem(ev.name, ev.id)  # item text is plain text
        if events:
            self.event_box.setCurrentIndex(latest_begun(events))
        else:
            self.event_box.setEditText("")
        line_edit = self.event_box.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText("Event name, e.g. Spring Career Fair")
            line_edit.textChanged.connect(lambda _t: self._update())
        hint = QLabel("Pick an event, or type a new name to create one.", self)
        hint.setObjectName("muted")
        self.error = plain_label("", self)  # may quote the typed name
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Start event mode")
        ok.setObjectName("primaryButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        for widget in (question, self.event_box, hint, self.error, self.buttons):
            layout.addWidget(widget)
        self._update()

    def _update(self) -> None:
        self.error.setText("")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.event_box.currentText().strip()))

    def chosen_id(self) -> int | None:
        """The listed event whose name is in the box, or None for a new name."""
        index = self.event_box.findText(self.event_box.currentText().strip())
        return int(self.event_box.itemData(index)) if index >= 0 else None

    @returns_when_busy  # the guard has said why the database is waited for; the dialog stays
    def accept(self) -> None:
        name = self.event_box.currentText().strip()
        if not name:
            return
        event_id = self.chosen_id()
        if event_id is None:
            try:
                event_id = self.create_event(name)
            except EventInputError as exc:
                self.error.setText(str(exc))
                return
        super().accept()
        self.chosen.emit(event_id)
