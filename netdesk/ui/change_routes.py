"""Which view rereads what when the change bridge says what changed: the window's one wiring.

Cheap things and the sidebar's badges follow at once (the contacts list and its count, the
people pickers, the follow-up queue behind the overdue badge, the events page behind the review
badge). Pages that rebuild a form (Interviews, Leads) or a picture (Network) reread at once only
while shown and holding no half-typed work; otherwise they are marked stale and reread when
next shown — so a change elsewhere never throws away what someone is typing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from netdesk.services.changes import CONTACTS, EVENTS, FOLLOWUPS, INTERVIEWS, LEADS, Changes
from netdesk.ui.busy import DatabaseBusyError
from netdesk.ui.changes import ChangeBridge

# page attribute of the window -> the kinds of change it shows
PAGE_KINDS: dict[str, tuple[str, ...]] = {
    "interviews_panel": (INTERVIEWS, CONTACTS),
    "leads_panel": (LEADS, CONTACTS, EVENTS),
    "network_panel": (CONTACTS, EVENTS, INTERVIEWS, LEADS),
}


class ChangeRoutes(QObject):
    def __init__(self, window: Any, bridge: ChangeBridge) -> None:
        super().__init__(window)
        self.window = window
        self.stale: set[str] = set()
        self.bridge = bridge
        bridge.changed.connect(self.apply)
        window.pages.currentChanged.connect(self._page_shown)

    def pickers(self) -> list[Any]:
        """The people pickers (``PersonSearch``) of the pages built so far. They ask the search
        index as the user types, so a change only has to re-read the person each one shows."""
        pages = {"interviews_panel": "person_search"}
        built = [(self.window.built_page(name), field) for name, field in pages.items()]
        searches = [getattr(page, field) for page, field in built if page is not None]
        return [*searches, self.window.contacts_panel.editor.person_search]  # "introduced by"

    def apply(self, changes: Changes) -> None:
        w = self.window
        try:
            if changes.touches(CONTACTS):
                for search in self.pickers():
                    search.refresh_pick()  # renamed or deleted meanwhile
            if changes.touches(CONTACTS, FOLLOWUPS):
                w.contacts_panel.refresh_soon()  # read in a worker; the table keeps its rows till then
            if changes.touches(CONTACTS, EVENTS):
                w.contacts_panel.editor.reload_choices()
                events = w.built_page("events_panel")
                if events is not None:
                    events.refresh()  # people per event, counters, the review badge
            if changes.touches(CONTACTS, FOLLOWUPS, LEADS, INTERVIEWS):
                w._refresh_followups_later()  # the queue and the overdue badge
        except DatabaseBusyError:
            pass  # the busy guard has told the user; the next change rereads
        for name, kinds in PAGE_KINDS.items():
            if changes.touches(*kinds):
                self.stale.add(name)
        self._refresh_current()

    def _page_shown(self, _index: int) -> None:
        self.bridge.flush()  # a change saved just before switching shows on the page it opens
        self._refresh_current()

    def _refresh_current(self) -> None:
        current = self.window.pages.currentWidget()
        for name in list(self.stale):
            page: QWidget | None = self.window.built_page(name)  # never built just to refresh
            if page is None:
                self.stale.discard(name)  # it reads everything when first shown
                continue
            if page is not current:
                continue
            unsaved = getattr(page, "has_unsaved_changes", None)
            if unsaved is not None and unsaved():
                continue  # reread once the person saved or left the page
            self.stale.discard(name)
            try:
                page.refresh()  # type: ignore[attr-defined]
            except DatabaseBusyError:
                self.stale.add(name)
