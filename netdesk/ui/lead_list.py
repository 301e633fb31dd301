"""The Leads page's list, read in a pool thread (issue 15). Mixed into ``LeadsPanel``, whose
``current_id``, form and ``list_loaded`` signal it works with.

The page asks for the list (and the events a lead can come from) when built, when "Show
closed" is ticked or unticked and on every refresh; until the first answer lands the list
stands as "Loading leads…", then shows the leads or, when there are none, says so. The lead
open stays open across a refresh (by id); a form with unsaved work is left as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
)

from netdesk.domain.leads import Lead, LeadStatus
from netdesk.domain.models import Event
from netdesk.services.events import EventService
from netdesk.services.leads import LeadService
from netdesk.ui.busy import returns_when_busy
from netdesk.ui.formatting import short_date
from netdesk.ui.list_loader import ListLoader, ListStack, LoadedList
from netdesk.ui.plain import tooltip

ID_ROLE = Qt.ItemDataRole.UserRole

NONE_YET = (
    "No leads yet.\n\nWhen someone mentions an internship or a job, add it with New lead: "
    "its dates become follow-ups."
)
NONE_OPEN = "No open leads.\n\nTick “Show closed” to see the closed ones, or add one with New lead."


@dataclass(frozen=True)
class LeadsRead:
    """What the pool thread read for the page."""

    leads: tuple[Lead, ...]
    events: tuple[Event, ...]  # the "Source event" choices
    closed_hidden: bool  # no lead is listed, and closed ones are hidden by "Show closed"


def read_leads(leads: LeadService, events: EventService, include_closed: bool) -> LeadsRead:
    """In the pool thread: each service call opens its own session."""
    shown = tuple(leads.list(include_closed=include_closed))
    hidden = not shown and not include_closed and bool(leads.list(include_closed=True))
    return LeadsRead(shown, tuple(events.list()), hidden)


class LeadList(LoadedList):
    """The list's widgets, its reading and what lands (see the module docstring)."""

    current_id: int | None
    # read with in the pool thread (the guarded services wait on the GUI thread)
    _lead_reader: LeadService
    _event_reader: EventService
    show_closed: QCheckBox
    list: QTreeWidget
    list_stack: ListStack
    loader: ListLoader
    list_loaded: SignalInstance
    status_message: SignalInstance

    def _build_list(self) -> ListStack:
        parent: Any = self
        self.list = QTreeWidget(parent)
        self.list.setHeaderLabels(["Lead", "Status", "Came through", "Next date"])
        self.list.setRootIsDecorated(False)
        # The lead takes what is left; the date is always whole ("Jan 15, 2027"), the rest elide
        # with the full text as a tooltip.
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.list.setColumnWidth(1, 90)
        self.list.setColumnWidth(2, 120)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.currentItemChanged.connect(self._selected)
        return self._loaded_list(
            self.list, "Loading leads…", NONE_YET, self._lead_reader.db.path, "the leads"
        )

    def refresh(self) -> None:
        """Read the list again in a pool thread: the list is fresh when it lands, the lead open
        stays open, a half-typed form stays as the user left it."""
        leads, events, closed = self._lead_reader, self._event_reader, self.show_closed.isChecked()
        self.loader.load(lambda: read_leads(leads, events, closed))

    def _list_arrived(self, read: LeadsRead) -> None:
        self._set_choices(read.events)
        keep = self.current_id
        self.list.blockSignals(True)
        self.list.clear()
        for lead in read.leads:
            item = QTreeWidgetItem(
                [lead.what, lead.status.label, ", ".join(lead.contact_names), self._next_date(lead)]
            )
            item.setData(0, ID_ROLE, lead.id)
            for column in (0, 2):
                item.setToolTip(column, tooltip(item.text(column)))
            self.list.addTopLevelItem(item)
            if lead.id == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.list_stack.empty.setText(NONE_OPEN if read.closed_hidden else NONE_YET)
        self.list_stack.show_rows(self.list.topLevelItemCount())
        self._show_landed(keep)
        self.list_loaded.emit()

    @returns_when_busy
    def _show_landed(self, keep: int | None) -> None:
        if self.has_unsaved_changes():
            return  # the list is fresh; a half-typed form stays as the user left it
        if keep is not None and self.list.currentItem() is not None:
            self.show_lead(keep)  # read again: its reminders may have changed too
        elif (first := self.list.topLevelItem(0)) is not None:
            self.list.setCurrentItem(first)  # shows it (_selected)
        elif keep is not None:
            self.new_lead()  # the one open is gone and none is left
        # else the empty form of a new lead is already there

    @staticmethod
    def _next_date(lead: Lead) -> str:
        d = lead.draft
        dates = [x for x in (d.deadline_at, d.interview_at, d.follow_up_at) if x is not None]
        return short_date(min(dates)) if dates and lead.status is not LeadStatus.CLOSED else ""

    @returns_when_busy
    def _selected(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.show_lead(int(item.data(0, ID_ROLE)))

    # provided by LeadsPanel
    def _set_choices(self, events: Sequence[Event]) -> None:
        raise NotImplementedError

    def has_unsaved_changes(self) -> bool:
        raise NotImplementedError

    def show_lead(self, lead_id: int) -> None:
        raise NotImplementedError

    def new_lead(self) -> None:
        raise NotImplementedError
