"""The Interviews and Leads pages read their lists in a pool thread (issue 15): never on the GUI
thread, a "Loading…" placeholder until the first answer (never an empty list that looks like
"none"), an answer overtaken by a newer request dropped, the record open and a half-typed form
kept, and a window closed during a read closes quietly."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from shiboken6 import isValid

from netdesk.domain.interviews import InterviewDraft
from netdesk.domain.leads import LeadDraft, LeadStatus
from netdesk.domain.models import ContactDraft, EventDraft
from netdesk.services.contacts import ContactService
from netdesk.services.events import EventService
from netdesk.services.interviews import InterviewService
from netdesk.services.leads import LeadService

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints")

GATE_TIMEOUT = 3.0  # the old code read on the GUI thread: it waited this long, then failed


def _leads_panel(qtbot: Any, db: Any) -> Any:
    from netdesk.ui.leads_panel import LeadsPanel

    panel = LeadsPanel(db)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def _interviews_panel(qtbot: Any, db: Any) -> Any:
    from netdesk.ui.interviews_panel import InterviewsPanel

    panel = InterviewsPanel(db)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def _lead(db: Any, organization: str, **kw: Any) -> int:
    return LeadService(db).create(LeadDraft(organization=organization, role="Internship", **kw)).id


def _interview(db: Any, field: str) -> int:
    cid = ContactService(db).create(ContactDraft(display_name=f"Someone in {field}")).id
    return InterviewService(db).create(InterviewDraft(field=field, contact_id=cid)).id


def _gated(monkeypatch: Any, cls: type, name: str, *, before: bool = True) -> threading.Event:
    """``cls.name`` waits for the returned event (before or after reading) on its first call."""
    original = getattr(cls, name)
    gate = threading.Event()
    calls: list[int] = []

    def gated(self: Any, *args: Any, **kwargs: Any) -> Any:
        first = not calls
        calls.append(1)
        if first and before:
            gate.wait(GATE_TIMEOUT)
        result = original(self, *args, **kwargs)
        if first and not before:
            gate.wait(GATE_TIMEOUT)  # an answer read before what happens meanwhile
        return result

    monkeypatch.setattr(cls, name, gated)
    return gate


def _threads_of(monkeypatch: Any, cls: type, name: str) -> list[threading.Thread]:
    original = getattr(cls, name)
    threads: list[threading.Thread] = []

    def recorded(self: Any, *args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, recorded)
    return threads


# -- off the GUI thread ---------------------------------------------------------------------------
def test_the_leads_page_reads_its_list_and_events_off_the_gui_thread(
    qtbot: Any, db: Any, monkeypatch: Any
) -> None:
    _lead(db, "Woods Hole")
    EventService(db).create(EventDraft(name="Fall Career Fair"))
    leads = _threads_of(monkeypatch, LeadService, "list")
    events = _threads_of(monkeypatch, EventService, "list")
    panel = _leads_panel(qtbot, db)
    qtbot.waitUntil(lambda: bool(leads and events))
    assert threading.main_thread() not in leads + events
    panel.wait_for_list()
    assert panel.list.topLevelItemCount() == 1
    panel.refresh()
    panel.show_closed.setChecked(True)
    panel.wait_for_list()
    assert len(leads) == 3 and threading.main_thread() not in leads + events


def test_the_interviews_page_reads_its_list_off_the_gui_thread(qtbot: Any, db: Any, monkeypatch: Any) -> None:
    _interview(db, "marine biology")
    threads = _threads_of(monkeypatch, InterviewService, "list")
    panel = _interviews_panel(qtbot, db)
    qtbot.waitUntil(lambda: bool(threads))
    assert threading.main_thread() not in threads
    panel.wait_for_list()
    assert panel.list.count() == 1
    panel.refresh()
    panel.wait_for_list()
    assert len(threads) == 2 and threading.main_thread() not in threads


# -- the placeholder -----------------------------------------------------------------------------
def test_leads_show_loading_then_the_rows(qtbot: Any, db: Any, monkeypatch: Any) -> None:
    _lead(db, "Woods Hole")
    _lead(db, "Harbor Lab")
    gate = _gated(monkeypatch, LeadService, "list")
    panel = _leads_panel(qtbot, db)
    stack = panel.list_stack
    assert stack.currentWidget() is stack.loading and stack.loading.text() == "Loading leads…"
    assert not panel.list.isVisible() and not stack.empty.isVisible()
    with qtbot.waitSignal(panel.list_loaded):
        gate.set()
    assert stack.currentWidget() is panel.list and panel.list.topLevelItemCount() == 2
    assert panel.current_id is not None  # the first lead is open, as before


def test_leads_say_none_only_when_the_read_found_none(qtbot: Any, db: Any, monkeypatch: Any) -> None:
    _lead(db, "Woods Hole", status=LeadStatus.CLOSED)
    gate = _gated(monkeypatch, LeadService, "list")
    panel = _leads_panel(qtbot, db)
    assert panel.list_stack.currentWidget() is panel.list_stack.loading
    with qtbot.waitSignal(panel.list_loaded):
        gate.set()
    stack = panel.list_stack
    assert stack.currentWidget() is stack.empty and stack.empty.text().startswith("No open leads.")
    with qtbot.waitSignal(panel.list_loaded):
        panel.show_closed.setChecked(True)
    assert stack.currentWidget() is panel.list and panel.list.topLevelItemCount() == 1
    LeadService(db).delete(panel.current_id)
    with qtbot.waitSignal(panel.list_loaded):
        panel.refresh()
    assert stack.currentWidget() is stack.empty and stack.empty.text().startswith("No leads yet.")


def test_interviews_show_loading_then_what_they_are(qtbot: Any, db: Any, monkeypatch: Any) -> None:
    gate = _gated(monkeypatch, InterviewService, "list")
    panel = _interviews_panel(qtbot, db)
    stack = panel.list_stack
    assert stack.currentWidget() is stack.loading and stack.loading.text() == "Loading interviews…"
    with qtbot.waitSignal(panel.list_loaded):
        gate.set()
    assert stack.currentWidget() is panel.empty_hint
    assert panel.empty_hint.text().startswith("No interviews planned yet.")


def test_a_read_that_fails_says_so_instead_of_loading_for_ever(qtbot: Any, db: Any, monkeypatch: Any) -> None:
    def broken(_self: Any, **_kw: Any) -> Any:
        raise OSError("disk I/O error")

    monkeypatch.setattr(LeadService, "list", broken)
    from netdesk.ui.leads_panel import LeadsPanel

    panel = LeadsPanel(db)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.status_message) as said:
        pass  # the answer is a queued signal: it arrives in here
    assert said.args == ["The leads could not be read: disk I/O error"]
    assert panel.list_stack.loading.text() == "The leads could not be read: disk I/O error"


# -- the newest request wins ---------------------------------------------------------------------
def _loads(panel: Any) -> list[int]:
    landed: list[int] = []
    panel.list_loaded.connect(lambda: landed.append(panel.list_stack.currentIndex()))
    return landed


def test_an_interview_list_overtaken_by_a_refresh_is_dropped(qtbot: Any, db: Any, monkeypatch: Any) -> None:
    gate = _gated(monkeypatch, InterviewService, "list", before=False)  # reads "none", then waits
    panel = _interviews_panel(qtbot, db)
    landed = _loads(panel)
    shown: list[Any] = []
    panel.list_stack.currentChanged.connect(lambda i: shown.append(panel.list_stack.widget(i)))
    new = _interview(db, "marine biology")  # while the first read is on its way
    panel.refresh()
    gate.set()
    qtbot.waitUntil(lambda: panel.list.count() == 1)
    panel.wait_for_list()
    assert len(landed) == 1  # the stale "none" never landed
    assert panel.empty_hint not in shown
    assert panel.current is not None and panel.current.id == new


def test_a_lead_list_overtaken_by_show_closed_is_dropped(qtbot: Any, db: Any, monkeypatch: Any) -> None:
    _lead(db, "Woods Hole")
    _lead(db, "Harbor Lab", status=LeadStatus.CLOSED)
    gate = _gated(monkeypatch, LeadService, "list", before=False)
    panel = _leads_panel(qtbot, db)
    landed = _loads(panel)
    panel.show_closed.setChecked(True)  # asked while the open ones are being read
    gate.set()
    qtbot.waitUntil(lambda: bool(landed))
    panel.wait_for_list()
    assert len(landed) == 1 and panel.list.topLevelItemCount() == 2


# -- what is open stays open ---------------------------------------------------------------------
def _select_row(panel: Any, row: int) -> None:
    panel.list.setCurrentItem(panel.list.topLevelItem(row))


def test_the_open_lead_stays_open_across_a_refresh(qtbot: Any, db: Any) -> None:
    for name in ("Woods Hole", "Harbor Lab", "Globex"):
        _lead(db, name)
    panel = _leads_panel(qtbot, db)
    panel.wait_for_list()
    _select_row(panel, 1)
    chosen, organization = panel.current_id, panel.organization.text()
    LeadService(db).update(chosen, LeadDraft(organization=organization, role="Research internship"))
    with qtbot.waitSignal(panel.list_loaded):
        panel.refresh()
    assert panel.current_id == chosen
    assert panel.list.currentItem().data(0, Qt.ItemDataRole.UserRole) == chosen
    assert panel.role.text() == "Research internship"  # read again: changed meanwhile
    assert not panel.has_unsaved_changes()


def test_the_open_interview_stays_open_across_a_refresh(qtbot: Any, db: Any) -> None:
    for field in ("marine biology", "astronomy", "law"):
        _interview(db, field)
    panel = _interviews_panel(qtbot, db)
    panel.wait_for_list()
    panel.list.setCurrentRow(2)
    assert panel.current is not None
    chosen = panel.current.id
    with qtbot.waitSignal(panel.list_loaded):
        panel.refresh()
    assert panel.current.id == chosen and panel.list.currentRow() == 2
    assert not panel.has_unsaved_changes()


def test_a_lead_typed_while_the_list_loads_is_kept(qtbot: Any, db: Any, monkeypatch: Any) -> None:
    _lead(db, "Harbor Lab")
    gate = _gated(monkeypatch, LeadService, "list")
    panel = _leads_panel(qtbot, db)
    qtbot.keyClicks(panel.organization, "Woods Hole")
    with qtbot.waitSignal(panel.list_loaded):
        gate.set()
    assert panel.list.topLevelItemCount() == 1
    assert panel.organization.text() == "Woods Hole" and panel.current_id is None
    assert panel.save()
    assert sorted(lead.draft.organization for lead in LeadService(db).list()) == ["Harbor Lab", "Woods Hole"]
    panel.wait_for_list()
    assert panel.list.topLevelItemCount() == 2


def test_a_lead_opened_before_the_list_lands_keeps_its_source_event(
    qtbot: Any, db: Any, monkeypatch: Any
) -> None:
    fair = EventService(db).create(EventDraft(name="Fall Career Fair")).id
    lead = _lead(db, "Woods Hole", source_event_id=fair)
    gate = _gated(monkeypatch, LeadService, "list")
    panel = _leads_panel(qtbot, db)
    panel.show_lead(lead)  # opened from elsewhere while the list and the events are read
    assert panel.source_event.currentText() == "Fall Career Fair"
    with qtbot.waitSignal(panel.list_loaded):
        gate.set()
    assert panel.source_event.currentData() == fair and panel.source_event.count() == 2
    assert panel.current_draft().source_event_id == fair and not panel.has_unsaved_changes()


# -- closing during a read ---------------------------------------------------------------------------
@pytest.mark.parametrize(("page", "service"), [("leads", LeadService), ("interviews", InterviewService)])
def test_closing_the_window_while_a_list_is_read_is_quiet(
    qtbot: Any, qapp: Any, db: Any, settings: Any, monkeypatch: Any, capfd: Any, page: str, service: type
) -> None:
    from netdesk.ui.main_window import INTERVIEWS, LEADS, MainWindow

    gate = _gated(monkeypatch, service, "list")
    window = MainWindow(db, settings)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(LEADS if page == "leads" else INTERVIEWS)
    panel = getattr(window, f"{page}_panel")
    assert panel.loader.busy()
    threading.Timer(0.3, gate.set).start()  # the read ends while the window is being deleted
    assert window.close()
    window.deleteLater()
    qtbot.waitUntil(lambda: not isValid(panel), timeout=3000)
    gate.set()
    qtbot.wait(200)  # an answer would have arrived by now
    err = capfd.readouterr().err
    assert "Traceback" not in err and "exception" not in err.lower()
    assert "Signal source has been deleted" not in err


def test_the_interview_list_shows_when_an_interview_is_planned(qtbot: Any, db: Any) -> None:
    panel = _interviews_panel(qtbot, db)
    panel.wait_for_list()
    cid = ContactService(db).create(ContactDraft(display_name="Elena Ramírez")).id
    panel.field.setText("marine biology")
    panel.person_search.show_person(cid)
    assert panel.save_plan()
    assert not panel.has_unsaved_changes()  # filled as saved at once, before the list lands
    with qtbot.waitSignal(panel.list_loaded):
        pass
    assert panel.list.count() == 1 and panel.list_stack.currentWidget() is panel.list
    assert panel.list.currentRow() == 0
