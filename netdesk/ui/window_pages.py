"""The window's pages after Contacts, each built on first show (``LazyPages``), and the sidebar
badges, read off the GUI thread after the first paint.

A mixin of ``MainWindow`` (kept apart so that file stays readable): ``window.events_panel`` and
its siblings are properties that build the page when first asked for, so every caller (change
routes, menus, tests) keeps using them as attributes; ``built_page(name)`` answers without
building. The panel modules are imported inside the factories: event mode brings OpenCV and
zxing-cpp, which a start-up never needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from netdesk.ui.lazy_pages import LazyPages
from netdesk.ui.workers import Task

if TYPE_CHECKING:
    from netdesk.ui.events_panel import EventsPanel
    from netdesk.ui.followups_panel import FollowUpsPanel
    from netdesk.ui.interviews_panel import InterviewsPanel
    from netdesk.ui.leads_panel import LeadsPanel
    from netdesk.ui.network_view import NetworkPanel

LAZY_PAGES = (
    ("events_panel", "Event mode"),
    ("followups_panel", "Follow-ups"),
    ("interviews_panel", "Interviews"),
    ("leads_panel", "Leads"),
    ("network_panel", "Network"),
)


# The pages built on first show, whose imports are made while the window idles after start.
WARM_UP_ROOTS = (
    "netdesk.ui.followups_panel",
    "netdesk.ui.events_panel",
    "netdesk.ui.interviews_panel",
    "netdesk.ui.leads_panel",
    "netdesk.ui.network_view",
)


class WindowPages:
    """Mixed into MainWindow, which provides db, pages, show_message, badges and show_contact."""

    lazy: LazyPages
    db: Any

    def _add_lazy_pages(self) -> None:
        self.lazy = LazyPages(self.pages)  # type: ignore[attr-defined]
        for name, label in LAZY_PAGES:
            self.lazy.add(name, label, getattr(self, f"_make_{name}"))
        # A second after the first paint (timers run once the event loop does).
        QTimer.singleShot(1000, self.lazy, lambda: self.lazy.warm_up(WARM_UP_ROOTS))

    def built_page(self, name: str) -> QWidget | None:
        """The page if it has been built, else None (nothing is built to answer)."""
        return self.lazy.built_pages().get(name)

    # -- the pages, built on first use ---------------------------------------------------------
    @property
    def events_panel(self) -> EventsPanel:
        return cast("EventsPanel", self.lazy.get("events_panel"))

    @property
    def followups_panel(self) -> FollowUpsPanel:
        return cast("FollowUpsPanel", self.lazy.get("followups_panel"))

    @property
    def interviews_panel(self) -> InterviewsPanel:
        return cast("InterviewsPanel", self.lazy.get("interviews_panel"))

    @property
    def leads_panel(self) -> LeadsPanel:
        return cast("LeadsPanel", self.lazy.get("leads_panel"))

    @property
    def network_panel(self) -> NetworkPanel:
        return cast("NetworkPanel", self.lazy.get("network_panel"))

    def _make_events_panel(self) -> QWidget:
        from netdesk.ui.events_panel import EventsPanel

        w: Any = self
        panel = EventsPanel(self.db, w)
        panel.status_message.connect(w.show_message)
        panel.review_waiting.connect(w._set_review_badge)
        w._set_review_badge(*panel.waiting)  # counted while it was built, before the connection
        return panel

    def _make_followups_panel(self) -> QWidget:
        from netdesk.ui.followups_panel import FollowUpsPanel

        w: Any = self
        panel = FollowUpsPanel(self.db, parent=w)
        panel.status_message.connect(w.show_message)
        panel.overdue_count_changed.connect(w._set_overdue_badge)  # when its queue lands
        return panel

    def _make_interviews_panel(self) -> QWidget:
        from netdesk.ui.interviews_panel import InterviewsPanel

        w: Any = self
        panel = InterviewsPanel(self.db, w)
        panel.status_message.connect(w.show_message)
        panel.contact_activated.connect(w.show_contact)
        return panel

    def _make_leads_panel(self) -> QWidget:
        from netdesk.ui.leads_panel import LeadsPanel

        w: Any = self
        panel = LeadsPanel(self.db, w)
        panel.status_message.connect(w.show_message)
        panel.contact_activated.connect(w.show_contact)
        return panel

    def _make_network_panel(self) -> QWidget:
        from netdesk.ui.network_view import NetworkPanel

        w: Any = self
        panel = NetworkPanel(self.db, w)
        panel.contact_activated.connect(w.show_contact)
        panel.intro_requested.connect(w.who_can_introduce)
        return panel

    # -- badges and the greeting, read in a worker -----------------------------------------------
    def _read_badges(self, greeting: str = "") -> None:
        """Overdue follow-ups and cards waiting for review, counted off the GUI thread; the
        badges (and the start-up greeting, when given) follow when the counts arrive."""
        from netdesk.services import capture_records  # here, on the GUI thread, not in the worker
        from netdesk.services.followups import FollowUpService

        db = self.db
        w: Any = self

        def work(_task: Task) -> tuple[int, tuple[int, str]]:
            return FollowUpService(db).overdue_count(), capture_records.review_badge(db)

        task = Task(work)
        tasks: set[Task] = w.__dict__.setdefault("_badge_tasks", set())
        tasks.add(task)

        def arrived(result: object) -> None:
            tasks.discard(task)
            if not isValid(w):
                return  # the window closed while the worker counted
            overdue, (waiting, text) = cast("tuple[int, tuple[int, str]]", result)
            if self.built_page("followups_panel") is None:
                w._set_overdue_badge(overdue)
            if self.built_page("events_panel") is None:
                w._set_review_badge(waiting, text)
            if greeting and w.statusBar().currentMessage() == greeting:  # not over a newer message
                w.statusBar().showMessage(greeting + _more(overdue, text), 15000)

        task.signals.finished.connect(arrived)
        task.signals.failed.connect(lambda _exc: tasks.discard(task))
        w.badge_pool.start(task)


def _more(overdue: int, waiting_text: str) -> str:
    more = ""
    if overdue:
        more += f" {overdue} follow-up{'s are' if overdue != 1 else ' is'} overdue — see Follow-ups (Ctrl+3)."
    if waiting_text:  # cards kept for later, or left by a crash
        more += f" {waiting_text} — see Event mode (Ctrl+2)."
    return more
