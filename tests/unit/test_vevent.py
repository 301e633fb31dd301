"""Follow-ups as calendar events (interchange/vevent.py): what goes up, what comes back."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from netdesk.domain.followups import FollowUp, FollowUpKind, FollowUpStatus
from netdesk.interchange.vevent import read_vevent, vevent_bytes
from netdesk.interchange.vtodo import vtodo_bytes

DUE = datetime(2026, 12, 14, 15, 30, tzinfo=UTC)
ITEM = FollowUp(
    id=7,
    contact_id=3,
    contact_name="Elena Ramírez",
    kind=FollowUpKind.THANK_YOU,
    due_at=DUE,
    reason="Met at the career fair",
    note="Mention the lab tour; ask about internships, summer; \\ too",
    uid="f0e1d2c3",
    updated_at=datetime(2026, 12, 13, 9, 0, 12, 345000, tzinfo=UTC),
)


def _event(data: bytes) -> Event:
    events = Calendar.from_ical(data).walk("VEVENT")
    assert len(events) == 1
    event: Event = events[0]
    return event


def test_an_open_followup_is_a_confirmed_event_at_its_due_time_with_a_reminder() -> None:
    data = vevent_bytes(ITEM, "contact-uid-1")
    assert b"BEGIN:VTODO" not in data
    event = _event(data)
    assert str(event["uid"]) == "f0e1d2c3@netdesk"
    assert event["dtstart"].dt == DUE
    assert event["duration"].dt == timedelta(minutes=15)
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["transp"]) == "TRANSPARENT"
    assert str(event["summary"]).endswith(": Elena Ramírez")
    description = str(event["description"])
    assert "Mention the lab tour; ask about internships, summer; \\ too" in description
    assert "With: Elena Ramírez" in description
    alarms = event.walk("VALARM")
    assert len(alarms) == 1 and alarms[0]["trigger"].dt == -timedelta(minutes=30)
    assert event["dtstamp"].dt == datetime(2026, 12, 13, 9, 0, 12, tzinfo=UTC)


def test_the_same_followup_gives_the_same_bytes() -> None:
    assert vevent_bytes(ITEM, "c") == vevent_bytes(replace(ITEM), "c")
    assert vevent_bytes(ITEM, "c") != vevent_bytes(replace(ITEM, due_at=DUE + timedelta(hours=1)), "c")


def test_round_trip_open() -> None:
    state = read_vevent(vevent_bytes(ITEM, "contact-uid-1"))
    assert state is not None
    assert state.uid == "f0e1d2c3@netdesk"
    assert state.status is FollowUpStatus.OPEN
    assert state.due == DUE
    assert state.contact_uid == "contact-uid-1"


def test_a_snoozed_followup_starts_when_the_snooze_ends() -> None:
    later = DUE + timedelta(days=2)
    snoozed = replace(ITEM, status=FollowUpStatus.SNOOZED, snoozed_until=later)
    state = read_vevent(vevent_bytes(snoozed, ""))
    assert state is not None and state.due == later and state.status is FollowUpStatus.OPEN


def test_done_is_a_cancelled_event_that_says_done_and_no_longer_reminds() -> None:
    done = replace(ITEM, status=FollowUpStatus.DONE, resolved_at=DUE)
    event = _event(vevent_bytes(done, ""))
    assert str(event["status"]) == "CANCELLED"
    assert str(event["summary"]).startswith("Done: ")
    assert not event.walk("VALARM")
    state = read_vevent(vevent_bytes(done, ""))
    assert state is not None and state.status is FollowUpStatus.DONE


def test_skipped_is_cancelled_and_reads_back_as_skipped() -> None:
    skipped = replace(ITEM, status=FollowUpStatus.SKIPPED, resolved_at=DUE)
    event = _event(vevent_bytes(skipped, ""))
    assert str(event["status"]) == "CANCELLED"
    assert not str(event["summary"]).startswith("Done: ")
    assert not event.walk("VALARM")
    state = read_vevent(vevent_bytes(skipped, ""))
    assert state is not None and state.status is FollowUpStatus.SKIPPED


def _edited(data: bytes, **changes: object) -> bytes:
    """The event as a phone would save it after an edit (icalendar, never string surgery)."""
    cal = Calendar.from_ical(data)
    event = cal.walk("VEVENT")[0]
    for name, value in changes.items():
        event.pop(name, None)
        if value is not None:
            event.add(name, value)
    out: bytes = cal.to_ical()
    return out


def test_an_event_moved_on_the_phone_moves_the_due_time_in_any_time_zone() -> None:
    zone = ZoneInfo("America/New_York")  # UTC-5 in December
    moved = _edited(vevent_bytes(ITEM, ""), dtstart=datetime(2026, 12, 20, 10, 0, tzinfo=zone))
    assert b"TZID=America/New_York" in moved
    state = read_vevent(moved)
    assert state is not None and state.due == datetime(2026, 12, 20, 15, 0, tzinfo=UTC)


def test_an_all_day_event_is_due_at_nine_utc_as_a_task_would_be() -> None:
    moved = _edited(vevent_bytes(ITEM, ""), dtstart=date(2026, 12, 21), duration=None)
    state = read_vevent(moved)
    assert state is not None and state.due == datetime(2026, 12, 21, 9, 0, tzinfo=UTC)


def test_cancelled_on_the_phone_is_skipped_and_uncancelled_is_open() -> None:
    cancelled = _edited(vevent_bytes(ITEM, ""), status="CANCELLED")
    state = read_vevent(cancelled)
    assert state is not None and state.status is FollowUpStatus.SKIPPED
    done = vevent_bytes(replace(ITEM, status=FollowUpStatus.DONE), "")
    state = read_vevent(_edited(done, status="CONFIRMED"))
    assert state is not None and state.status is FollowUpStatus.OPEN


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a calendar",
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:no uid\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    ],
)
def test_what_is_not_an_event_of_ours_reads_as_none(data: bytes) -> None:
    assert read_vevent(data) is None


def test_a_task_is_not_read_as_an_event() -> None:
    assert read_vevent(vtodo_bytes(ITEM, "")) is None
