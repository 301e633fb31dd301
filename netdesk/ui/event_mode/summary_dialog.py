"""After the event: people met, leads, follow-ups created. Reopenable from the events list."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.event_capture import EventSummary
from netdesk.ui.event_mode.goals_view import GoalsView
from netdesk.ui.plain import plain_label, tooltip


def _stat(parent: QWidget, value: int, label: str) -> QWidget:
    box = QWidget(parent)
    box.setObjectName("card")
    box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    number = QLabel(str(value), box)
    number.setStyleSheet("font-size: 20pt; font-weight: 700; color: #1e40af;")
    number.setAlignment(Qt.AlignmentFlag.AlignCenter)
    text = QLabel(label, box)
    text.setObjectName("muted")
    text.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(10, 8, 10, 8)
    layout.addWidget(number)
    layout.addWidget(text)
    return box


class SummaryDialog(QDialog):
    def __init__(
        self,
        summary: EventSummary,
        parent: QWidget | None = None,
        *,
        waiting: int = 0,
        tick: Callable[[str, bool], None] | None = None,
    ) -> None:
        """``tick(key, checked)`` stores a checkbox goal's tick (read-only boxes without it)."""
        super().__init__(parent)
        event = summary.event
        c = summary.counters
        self.setWindowTitle(f"Summary of {event.name}")
        self.resize(720, 560)
        title = plain_label(event.name, self)
        title.setObjectName("pageTitle")
        cards = "1 card" if waiting == 1 else f"{waiting} cards"
        self.waiting = plain_label(
            f"{cards} to review from {event.name}: start event mode for it again to accept or discard them."
            if waiting
            else "",
            self,
        )
        self.waiting.setObjectName("fieldError")
        self.waiting.setWordWrap(True)
        self.waiting.setVisible(bool(waiting))
        grid = QGridLayout()
        stats = [
            (c.people_met, "people met"),
            (c.added, "new contacts"),
            (c.matched, "already known"),
            (summary.leads, "leads"),
            (c.cards_collected, "cards collected"),
            (c.cards_given, "cards given"),
            (summary.followups_created, "follow-ups created"),
        ]
        for i, (value, label) in enumerate(stats):
            grid.addWidget(_stat(self, value, label), i // 4, i % 4)
        # Every goal line: counted ones with their progress, the others as boxes to tick here.
        self.goals = GoalsView(self, tick=tick, columns=2)
        self.goals.set_goals(c.goals)
        self.people = QTreeWidget(self)
        self.people.setRootIsDecorated(False)
        self.people.setHeaderLabels(["Person", "Organisation", "What you talked about", ""])
        for column, width in enumerate((170, 170, 260)):
            self.people.setColumnWidth(column, width)
        self.people.header().setStretchLastSection(False)
        self.people.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.people.setColumnWidth(3, 70)
        for person in summary.people:
            item = QTreeWidgetItem(
                [
                    person.name,
                    person.organization,
                    person.conversation or "(no note)",
                    ("Lead" if person.lead else "") + ("" if person.new else " known"),
                ]
            )
            item.setToolTip(2, tooltip(person.conversation))
            self.people.addTopLevelItem(item)
        empty = QLabel("Nobody was captured at this event yet.", self)
        empty.setObjectName("emptyHint")
        empty.setVisible(not summary.people)
        self.people.setVisible(bool(summary.people))
        hint = QLabel(
            "Thank-you notes are due within 24 hours: the Follow-ups page has a draft for each "
            "person, quoting what you talked about.",
            self,
        )
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.waiting)
        layout.addLayout(grid)
        heading = QLabel("Goals", self)
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        layout.addWidget(self.goals)
        heading = QLabel("People met", self)
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        layout.addWidget(self.people, 1)
        layout.addWidget(empty, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
