"""ICS export of follow-ups: what goes in (UIDs, SEQUENCE, closed, removed and overdue ones), the
escaping round-trips through two independent parsers, both kinds are valid; the write is atomic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from netdesk.domain.calendar import (
    CLOSED_KEPT,
    CalendarEntry,
    CalendarKind,
    EntryState,
    ExportRecord,
    due_now,
    normalize_newlines,
    plan_calendar,
)
from netdesk.domain.followups import FollowUp, FollowUpKind, FollowUpStatus
from netdesk.interchange.ics import build_calendar, calendar_bytes, write_ics

NY = ZoneInfo("America/New_York")
DUE = datetime(2026, 11, 21, 10, 15, tzinfo=NY)
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # before DUE
UID = "0f8e2c5a9d1b4e7f8a6c3b2d1e0f9a8b"


def item(**kw: object) -> FollowUp:
    base: dict[str, object] = {
        "id": 3,
        "contact_id": 12,
        "contact_name": "José Núñez",
        "kind": FollowUpKind.THANK_YOU,
        "due_at": DUE,
        "uid": UID,
        "updated_at": datetime(2026, 11, 19, 9, 0, tzinfo=UTC),
    }
    base.update(kw)
    return FollowUp(**base)  # type: ignore[arg-type]


def entries(
    *items: FollowUp,
    records: dict[str, ExportRecord] | None = None,
    gone: tuple[ExportRecord, ...] = (),
    now: datetime = NOW,
) -> list[CalendarEntry]:
    return plan_calendar(items, records or {}, gone, now).entries


def components(data: bytes, kind: CalendarKind = CalendarKind.EVENTS) -> list[Any]:
    return list(Calendar.from_ical(data).walk("VTODO" if kind is CalendarKind.TASKS else "VEVENT"))


def record_of(followup: FollowUp, now: datetime = NOW, **kw: object) -> ExportRecord:
    (rec,) = plan_calendar([followup], {}, (), now).records
    return ExportRecord(**{**rec.__dict__, **kw})  # type: ignore[arg-type]


def test_title_and_notes_with_crlf_semicolons_commas_round_trip() -> None:
    title = "Call; then write, again\r\nsecond line \\ backslash"
    note = "Ask about: grades; deadlines, forms\r\nBring CV\rand portfolio\n"
    data = calendar_bytes(entries(item(kind=FollowUpKind.CUSTOM, title=title, note=note)))
    (event,) = components(data)
    assert str(event["summary"]) == "Call; then write, again\nsecond line \\ backslash: José Núñez"
    assert str(event["description"]) == normalize_newlines(note)
    assert b"SUMMARY:Call\\; then write\\, again\\nsecond line \\\\ backslash" in data
    (card,) = vobject.readComponents(data.decode("utf-8"), validate=True)
    assert card.vevent.summary.value == str(event["summary"])
    assert card.vevent.description.value == normalize_newlines(note)


@pytest.mark.parametrize("kind", list(CalendarKind))
def test_both_kinds_are_valid_icalendar_for_two_parsers(kind: CalendarKind) -> None:
    long_note = "Talked about the percussion internship, the spring showcase; " * 6 + "Ende: 東京 ünïcödé"
    plan = plan_calendar(
        [
            item(note=long_note),
            item(id=4, uid="a" * 32, kind=FollowUpKind.KEEP_IN_TOUCH, due_at=DUE + timedelta(days=3)),
            item(id=5, uid="b" * 32, status=FollowUpStatus.DONE, resolved_at=NOW - timedelta(hours=1)),
        ],
        {"b" * 32: record_of(item(id=5, uid="b" * 32))},
        [],
        NOW,
    )
    data = calendar_bytes(plan.entries, kind, stamp=NOW)
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//netdesk//follow-ups//EN\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # CR LF only
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75  # folded at 75 octets
    assert any(line.startswith(b" ") for line in lines)  # the long note was folded
    for line in lines:
        line.decode("utf-8")  # never folded inside a UTF-8 sequence
    parsed = components(data, kind)
    assert len(parsed) == 3
    assert all(str(c["description"]).endswith("ünïcödé") for c in parsed[:1])
    (vcal,) = vobject.readComponents(data.decode("utf-8"), validate=True)
    name = "vtodo" if kind is CalendarKind.TASKS else "vevent"
    assert sorted(c.uid.value for c in vcal.contents[name]) == sorted(str(c["uid"]) for c in parsed)
    assert vcal.contents[name][0].description.value == long_note


def test_uid_is_the_stored_uid_not_the_row_id_and_stable() -> None:
    first = calendar_bytes(entries(item()), stamp=NOW)
    assert first == calendar_bytes(entries(item()), stamp=NOW)
    (event,) = components(first)
    assert str(event["uid"]) == f"{UID}@netdesk"
    other = entries(item(uid="c" * 32))  # the same row id in another database
    assert other[0].uid != str(event["uid"])


def test_times_are_utc_and_alarm_reminds_ahead() -> None:
    data = build_calendar(entries(item()), reminder=timedelta(minutes=45)).to_ical()
    (event,) = components(data)
    start = event.decoded("dtstart")
    assert start == DUE and start.utcoffset() == timedelta(0)
    assert b"DTSTART:20261121T151500Z" in data
    assert event.decoded("dtend") - start == timedelta(minutes=15)
    assert str(event["status"]) == "CONFIRMED" and str(event["transp"]) == "TRANSPARENT"
    (alarm,) = [c for c in event.subcomponents if c.name == "VALARM"]
    assert alarm.decoded("trigger") == -timedelta(minutes=45)
    assert str(alarm["action"]) == "DISPLAY"


def test_task_has_due_and_an_alarm_related_to_it() -> None:
    data = calendar_bytes(entries(item()), CalendarKind.TASKS)
    (todo,) = components(data, CalendarKind.TASKS)
    assert todo.decoded("due") == DUE and "DTSTART" not in todo
    assert str(todo["status"]) == "NEEDS-ACTION"
    assert b"TRIGGER;RELATED=END:-PT30M" in data


def test_snoozed_item_is_placed_at_its_snooze_time() -> None:
    until = datetime(2026, 11, 25, 9, 0, tzinfo=NY)
    (entry,) = entries(item(status=FollowUpStatus.SNOOZED, snoozed_until=until))
    assert entry.start == until and entry.state is EntryState.OPEN and not entry.overdue


def test_due_now_rounds_up_to_the_next_quarter_hour() -> None:
    assert due_now(datetime(2026, 12, 1, 10, 0, tzinfo=UTC)) == datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    assert due_now(datetime(2026, 12, 1, 10, 0, 1, tzinfo=UTC)) == datetime(2026, 12, 1, 10, 15, tzinfo=UTC)
    assert due_now(datetime(2026, 12, 1, 23, 50, tzinfo=UTC)) == datetime(2026, 12, 2, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize("kind", list(CalendarKind))
def test_overdue_is_due_now_with_the_original_date_in_the_description(kind: CalendarKind) -> None:
    now = datetime(2026, 11, 28, 17, 7, tzinfo=UTC)
    (entry,) = entries(item(reason="Met at Fall Career Fair"), now=now)
    assert entry.overdue and entry.start == datetime(2026, 11, 28, 17, 15, tzinfo=UTC)
    assert entry.description == "Overdue: was due Nov 21 at 10:15\n\nMet at Fall Career Fair"
    data = calendar_bytes([entry], kind, stamp=now)
    (component,) = components(data, kind)
    assert component.decoded("due" if kind is CalendarKind.TASKS else "dtstart") >= now
    (alarm,) = [c for c in component.subcomponents if c.name == "VALARM"]
    assert alarm.decoded("trigger") == timedelta(0)  # at its (new) time, not half an hour before
    last_year = entries(item(), now=datetime(2027, 1, 5, tzinfo=UTC))[0]
    assert last_year.description.startswith("Overdue: was due Nov 21, 2026 at 10:15")


def test_sequence_moves_only_when_what_a_calendar_shows_changes() -> None:
    rec = record_of(item(), sequence=4)
    assert entries(item(), records={UID: rec})[0].sequence == 4
    assert plan_calendar([item()], {UID: rec}, [], NOW).records == []  # nothing to store
    moved = item(due_at=DUE + timedelta(days=1))
    assert entries(moved, records={UID: rec})[0].sequence == 5
    renamed = item(title="Write to José")
    assert entries(renamed, records={UID: rec})[0].sequence == 5
    (stored,) = plan_calendar([moved], {UID: rec}, [], NOW).records
    assert stored.sequence == 5 and stored.start == DUE + timedelta(days=1)
    # An overdue one moves with the clock: each new "now" is a new SEQUENCE.
    later = NOW + timedelta(days=2)
    first = plan_calendar([item()], {UID: rec}, [], later)
    second = entries(item(), records={UID: first.records[0]}, now=later + timedelta(hours=1))
    assert first.entries[0].sequence == 5 and second[0].sequence == 6


@pytest.mark.parametrize(
    ("status", "task_status", "event_status"),
    [(FollowUpStatus.DONE, "COMPLETED", "CANCELLED"), (FollowUpStatus.SKIPPED, "CANCELLED", "CANCELLED")],
)
def test_closed_after_an_export_is_sent_as_completed_or_cancelled(
    status: FollowUpStatus, task_status: str, event_status: str
) -> None:
    resolved = NOW - timedelta(hours=3)
    closed = item(status=status, resolved_at=resolved, updated_at=resolved)
    rec = record_of(item(), sequence=2)
    (entry,) = entries(closed, records={UID: rec})
    assert entry.sequence == 3 and entry.start == DUE.astimezone(UTC)
    (todo,) = components(calendar_bytes([entry], CalendarKind.TASKS), CalendarKind.TASKS)
    assert str(todo["status"]) == task_status
    assert ("COMPLETED" in todo) is (status is FollowUpStatus.DONE)
    if status is FollowUpStatus.DONE:
        assert todo.decoded("completed") == resolved and int(todo["percent-complete"]) == 100
    (event,) = components(calendar_bytes([entry], CalendarKind.EVENTS))
    assert str(event["status"]) == event_status
    assert not [c for c in (*todo.subcomponents, *event.subcomponents) if c.name == "VALARM"]
    assert entries(closed) == []  # never exported: no calendar holds it
    long_ago = item(status=status, resolved_at=NOW - CLOSED_KEPT - timedelta(days=1))
    assert entries(long_ago, records={UID: rec}) == []


def test_removed_after_an_export_is_cancelled_then_forgotten() -> None:
    rec = record_of(item(), sequence=1)
    plan = plan_calendar([], {UID: rec}, [rec], NOW)
    (entry,) = plan.entries
    assert entry.state is EntryState.CANCELLED and entry.sequence == 2 and entry.uid == f"{UID}@netdesk"
    assert entry.summary == "Thank-you: José Núñez" and entry.last_modified == NOW
    (stored,) = plan.records
    assert stored.gone_at == NOW and stored.sequence == 2
    again = plan_calendar([], {UID: stored}, [stored], NOW + timedelta(days=3))
    assert again.entries[0].sequence == 2 and again.records == [] and again.forget == []
    late = plan_calendar([], {UID: stored}, [stored], NOW + CLOSED_KEPT + timedelta(days=1))
    assert late.entries == [] and late.forget == [UID]
    (event,) = components(calendar_bytes(plan.entries))
    assert str(event["status"]) == "CANCELLED"


def test_write_is_atomic_and_replaces_the_old_export(tmp_path: Path) -> None:
    target = tmp_path / "followups.ics"
    target.write_bytes(b"old")
    two = entries(item(id=1), item(id=2, uid="d" * 32, kind=FollowUpKind.KEEP_IN_TOUCH))
    assert write_ics(target, two) == 2
    assert len(components(target.read_bytes())) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["followups.ics"]


def test_failed_write_leaves_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "followups.ics"
    target.write_bytes(b"previous export")

    def boom(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("netdesk.interchange.textio.os.replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_ics(target, entries(item()))
    assert target.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["followups.ics"]


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80),
    note=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=200),
    offset=st.integers(min_value=-12 * 60, max_value=14 * 60),
    kind=st.sampled_from(list(CalendarKind)),
)
def test_any_text_round_trips(title: str, note: str, offset: int, kind: CalendarKind) -> None:
    due = datetime(2026, 11, 21, 10, 15, tzinfo=timezone(timedelta(minutes=offset)))
    followup = item(kind=FollowUpKind.CUSTOM, title=title, note=note, contact_name="", due_at=due)
    (component,) = components(calendar_bytes(entries(followup), kind), kind)
    assert str(component["summary"]) == normalize_newlines(followup.headline)
    if note.strip():
        assert str(component["description"]) == normalize_newlines(note)
    assert component.decoded("due" if kind is CalendarKind.TASKS else "dtstart") == due
