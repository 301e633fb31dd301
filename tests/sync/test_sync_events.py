"""Follow-ups as calendar events against a real Radicale that keeps no task list for netdesk
(issue 17): the user has an address book and an event-only calendar, made beforehand, and may
create no other collection (tests/dav_server.py FIXED_COLLECTIONS), as on Google's CalDAV."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from netdesk.domain.followups import FollowUpKind, FollowUpStatus
from netdesk.remote.multistatus import mkcalendar_body, mkcol_addressbook_body
from netdesk.services.demo import load_demo
from netdesk.services.followups import FollowUpService
from netdesk.services.sync.state import load_state
from tests.dav_server import FIXED_COLLECTIONS, USER, RadicaleServer
from tests.sync.conftest import collection_path, counts, server_cards, sync

NOTHING = {"pushed": 0, "pulled": 0, "deleted_here": 0, "deleted_there": 0, "conflicts": 0}
CALENDAR = f"/{USER}/calendar/"
XML = {"Content-Type": "application/xml; charset=utf-8"}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RadicaleServer]:
    srv = RadicaleServer(tmp_path / "radicale")
    srv.rights = FIXED_COLLECTIONS
    srv.start()
    # what the user has on such a server: an address book and a calendar for events only
    assert (
        srv.request("MKCOL", f"/{USER}/contacts/", mkcol_addressbook_body("Contacts").encode(), XML)[0] == 201
    )
    body = mkcalendar_body("Calendar", "VEVENT").encode()
    assert srv.request("MKCALENDAR", CALENDAR, body, XML)[0] == 201
    yield srv
    srv.stop()


@pytest.fixture
def demo_db(db: Any) -> Any:
    load_demo(db)
    return db


def _collections(server: RadicaleServer) -> set[str]:
    status, body, _ = server.request(
        "PROPFIND",
        f"/{USER}/",
        b"<propfind xmlns='DAV:'><prop><resourcetype/></prop></propfind>",
        {"Depth": "1"},
    )
    assert status == 207
    return {h for h in re.findall(r"<(?:\w+:)?href>([^<]+)</", body.decode()) if h.rstrip("/") != f"/{USER}"}


def _component(db: Any) -> str:
    with db.sessions() as s:
        found = load_state(s, "followups")
    assert found is not None
    return found.component


def _followup_id(db: Any, href: str) -> int:
    with db.sessions() as s:
        found = load_state(s, "followups")
    assert found is not None
    local_id = found.by_href()[href].local_id
    assert local_id is not None
    return local_id


def _event(text: str) -> Any:
    events = Calendar.from_ical(text).walk("VEVENT")
    assert len(events) == 1
    return events[0]


def _put(server: RadicaleServer, href: str, cal: Calendar) -> None:
    status = server.request("PUT", href, cal.to_ical(), {"Content-Type": "text/calendar"})[0]
    assert status in (201, 204)


def test_the_test_server_really_refuses_a_task_list(server: RadicaleServer) -> None:
    body = mkcalendar_body("netdesk", "VTODO").encode()
    assert server.request("MKCALENDAR", f"/{USER}/netdesk-tasks/", body, XML)[0] == 403


def test_open_followups_go_up_as_events_with_a_reminder_and_the_mode_sticks(
    demo_db: Any, server: RadicaleServer
) -> None:
    before = _collections(server)
    result = sync(demo_db, server)
    assert collection_path(demo_db, "followups") == CALENDAR
    assert collection_path(demo_db, "contacts") == f"/{USER}/contacts/"
    assert _component(demo_db) == "VEVENT"
    events = server_cards(server, CALENDAR)
    open_count = len(FollowUpService(demo_db).queue())
    assert len(events) == open_count == result.followups.pushed > 0
    for text in events.values():
        assert "BEGIN:VTODO" not in text
        event = _event(text)
        assert str(event["uid"]).endswith("@netdesk")
        assert str(event["status"]) == "CONFIRMED"
        assert event["duration"].dt == timedelta(minutes=15)
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and alarms[0]["trigger"].dt == -timedelta(minutes=30)
    assert _collections(server) == before  # nothing was created: the server refused it
    # a second sync moves nothing
    assert counts(sync(demo_db, server)) == (NOTHING, NOTHING)

    # the server learns to make task lists: a later sync stays with the calendar's events
    server.stop()
    server.rights = ""
    server.start()
    assert counts(sync(demo_db, server)) == (NOTHING, NOTHING)
    assert _component(demo_db) == "VEVENT" and collection_path(demo_db, "followups") == CALENDAR
    assert _collections(server) == before
    assert all("BEGIN:VEVENT" in t for t in server_cards(server, CALENDAR).values())


def _edit(server: RadicaleServer, href: str, text: str, name: str, value: Any) -> None:
    """Change one property of the event at ``href`` as a phone would (icalendar, not string edits)."""
    cal = Calendar.from_ical(text)
    event = cal.walk("VEVENT")[0]
    event.pop(name)
    event.add(name, value)
    _put(server, href, cal)


def test_moved_cancelled_and_deleted_events_move_and_skip_followups_here(
    demo_db: Any, server: RadicaleServer
) -> None:
    service = FollowUpService(demo_db)
    someone = service.queue()[0].contact_id
    custom = service.add(
        someone, FollowUpKind.CUSTOM, "Send the portfolio link", datetime(2027, 2, 1, 15, 0, tzinfo=UTC)
    )
    sync(demo_db, server)
    events = server_cards(server, CALENDAR)
    custom_href = f"{CALENDAR}{custom.uid}.ics"
    assert custom_href in events
    ruled = [h for h in sorted(events) if h != custom_href]  # thank-yous and keep-in-touch
    moved_href, cancelled_href, deleted_href = ruled[:3]
    moved_id, cancelled_id, deleted_id = (
        _followup_id(demo_db, h) for h in (moved_href, cancelled_href, deleted_href)
    )
    # a rule-made one moved later (a snooze here, as the window's); the custom one moved earlier
    later = _event(events[moved_href])["dtstart"].dt + timedelta(days=9, hours=2)
    earlier = datetime(2027, 1, 20, 10, 0, tzinfo=UTC)
    _edit(server, moved_href, events[moved_href], "dtstart", later)
    _edit(server, custom_href, events[custom_href], "dtstart", earlier)
    _edit(server, cancelled_href, events[cancelled_href], "status", "CANCELLED")
    assert server.request("DELETE", deleted_href)[0] in (200, 204)

    result = sync(demo_db, server)
    assert result.followups.pulled == 3 and result.followups.deleted_here == 1
    moved = service.get(moved_id)
    assert moved.is_open and moved.effective_due() == later
    moved_custom = service.get(custom.id)
    assert moved_custom.is_open and moved_custom.effective_due() == earlier
    assert service.get(cancelled_id).status is FollowUpStatus.SKIPPED
    assert service.get(deleted_id).status is FollowUpStatus.SKIPPED
    # what is left to send (a skipped keep-in-touch's next one) goes up once, then the sides agree
    sync(demo_db, server)
    assert counts(sync(demo_db, server)) == (NOTHING, NOTHING)
    events = server_cards(server, CALENDAR)
    assert _event(events[moved_href])["dtstart"].dt == later
    assert _event(events[custom_href])["dtstart"].dt == earlier
    assert service.get(moved_id).effective_due() == later  # the rules did not put it back
    assert deleted_href not in events
    assert str(_event(events[cancelled_href])["status"]) == "CANCELLED"


def test_done_and_skipped_here_update_their_events(demo_db: Any, server: RadicaleServer) -> None:
    sync(demo_db, server)
    events = server_cards(server, CALENDAR)
    done_href, skipped_href = sorted(events)[:2]
    service = FollowUpService(demo_db)
    service.complete(_followup_id(demo_db, done_href))
    service.skip(_followup_id(demo_db, skipped_href))
    result = sync(demo_db, server)
    # both go up (a done one logs an e-mail, which may replace a keep-in-touch: a delete there)
    assert result.followups.pushed >= 2
    events = server_cards(server, CALENDAR)
    done, skipped = _event(events[done_href]), _event(events[skipped_href])
    assert str(done["status"]) == "CANCELLED" and str(done["summary"]).startswith("Done: ")
    assert str(done["x-netdesk-status"]) == "DONE"
    assert str(skipped["status"]) == "CANCELLED" and not str(skipped["summary"]).startswith("Done: ")
    assert not done.walk("VALARM") and not skipped.walk("VALARM")
    assert counts(sync(demo_db, server)) == (NOTHING, NOTHING)
    # still done and skipped here: a closed event read back changes nothing
    assert service.get(_followup_id(demo_db, done_href)).status is FollowUpStatus.DONE
    assert service.get(_followup_id(demo_db, skipped_href)).status is FollowUpStatus.SKIPPED


def test_with_tasks_too_a_rule_made_followup_done_here_is_completed_there(
    demo_db: Any, tmp_path: Path
) -> None:
    """The shared code path: a closed rule-made follow-up is found by its row (its task UID is
    derived from contact and rule), so it goes up as COMPLETED instead of being deleted there."""
    srv = RadicaleServer(tmp_path / "tasks").start()
    try:
        sync(demo_db, srv)
        folder = collection_path(demo_db, "followups")
        tasks = server_cards(srv, folder)
        href = sorted(tasks)[0]
        FollowUpService(demo_db).complete(_followup_id(demo_db, href))
        sync(demo_db, srv)
        todo = Calendar.from_ical(server_cards(srv, folder)[href]).walk("VTODO")[0]
        assert str(todo["status"]) == "COMPLETED" and not todo.walk("VALARM")
        assert _component(demo_db) == "VTODO"
        assert counts(sync(demo_db, srv)) == (NOTHING, NOTHING)
    finally:
        srv.stop()
