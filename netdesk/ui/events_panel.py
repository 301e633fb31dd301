"""Event mode's home: the events you went to and the ones coming up, and adding a new one.

Live card scanning and quick capture build on this page (see the event-mode work).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.models import EventDraft, EventKind
from netdesk.services.database import Database
from netdesk.services.events import EventInputError, EventService
from netdesk.ui.formatting import short_date


class EventsPanel(QWidget):
    status_message = Signal(str)
    events_changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.events = EventService(db)

        title = QLabel("Events", self)
        title.setObjectName("pageTitle")
        hint = QLabel("Career fairs, socials, informational interviews — where your network grows.", self)
        hint.setObjectName("muted")
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Event", "Kind", "Date", "Location", "People met", "Cards given"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSortingEnabled(False)
        for column, width in enumerate((260, 170, 110, 200, 90)):
            self.tree.setColumnWidth(column, width)
        self.empty = QLabel(
            "No events yet. Add the next career fair or networking social on the right.", self
        )
        self.empty.setObjectName("emptyHint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        self.name = QLineEdit(self)
        self.name.setPlaceholderText("e.g. Spring Career Fair")
        self.kind = QComboBox(self)
        for kind in EventKind:
            self.kind.addItem(kind.label, kind.value)
        self.when = QDateTimeEdit(QDateTime.currentDateTime(), self)
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self.location = QLineEdit(self)
        self.location.setPlaceholderText("Where")
        self.goals = QPlainTextEdit(self)
        self.goals.setPlaceholderText("Goals, e.g. talk to 5 employers; target: Moderna, WHOI")
        self.goals.setFixedHeight(70)
        self.add_button = QPushButton("Add event", self)
        self.add_button.setObjectName("primaryButton")
        self.add_button.clicked.connect(self.add_event)
        self.form_message = QLabel("", self)
        self.form_message.setObjectName("fieldError")
        self.form_message.setWordWrap(True)
        form_box = QWidget(self)
        form_box.setObjectName("card")
        form = QFormLayout(form_box)
        form.setContentsMargins(14, 12, 14, 12)
        heading = QLabel("New event", form_box)
        heading.setObjectName("sectionTitle")
        form.addRow(heading)
        form.addRow("Name", self.name)
        form.addRow("Kind", self.kind)
        form.addRow("Starts", self.when)
        form.addRow("Location", self.location)
        form.addRow("Goals", self.goals)
        form.addRow(self.form_message)
        form.addRow("", self.add_button)
        form_box.setFixedWidth(360)

        left = QVBoxLayout()
        left.addWidget(title)
        left.addWidget(hint)
        left.addSpacing(6)
        left.addWidget(self.tree, 1)
        left.addWidget(self.empty, 1)
        right = QVBoxLayout()
        right.addWidget(form_box)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(16)
        layout.addLayout(left, 1)
        layout.addLayout(right)
        self.name.returnPressed.connect(self.add_event)
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        events = self.events.list()
        for ev in events:
            d = ev.draft
            item = QTreeWidgetItem(
                [
                    d.name,
                    d.kind.label,
                    short_date(d.starts_at),
                    d.location,
                    str(ev.contact_count),
                    str(d.cards_given),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, ev.id)
            item.setToolTip(0, d.goals or d.name)
            for column in (4, 5):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(item)
        self.tree.setVisible(bool(events))
        self.empty.setVisible(not events)

    def add_event(self) -> None:
        moment = datetime.fromtimestamp(self.when.dateTime().toSecsSinceEpoch()).astimezone()
        draft = EventDraft(
            name=self.name.text(),
            kind=EventKind(self.kind.currentData()),
            starts_at=moment,
            location=self.location.text(),
            goals=self.goals.toPlainText(),
        )
        try:
            event = self.events.create(draft)
        except EventInputError as exc:
            self.form_message.setText(str(exc))
            self.name.setFocus()
            return
        self.form_message.setText("")
        self.name.clear()
        self.location.clear()
        self.goals.clear()
        self.refresh()
        self.events_changed.emit()
        self.status_message.emit(f"Added event {event.name}.")
