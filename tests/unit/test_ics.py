"""ICS export of follow-ups: escaping round-trips through a real parser; the write is atomic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from netdesk.domain.followups import FollowUp, FollowUpKind, FollowUpStatus
from netdesk.interchange.ics import followups_calendar, normalize_newlines, write_ics

NY = ZoneInfo("America/New_York")
DUE = datetime(2026, 11, 21, 10, 15, tzinfo=NY)


def item(**kw: object) -> FollowUp:
    base: dict[str, object] = {
        "id": 3,
        "contact_id": 12,
        "contact_name": "José Núñez",
        "kind": FollowUpKind.THANK_YOU,
        "due_at": DUE,
    }
    base.update(kw)
    return FollowUp(**base)  # type: ignore[arg-type]


def events(data: bytes) -> list[object]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_title_and_notes_with_crlf_semicolons_commas_round_trip() -> None:
    title = "Call; then write, again\r\nsecond line \\ backslash"
    note = "Ask about: grades; deadlines, forms\r\nBring CV\rand portfolio\n"
    data = followups_calendar([item(kind=FollowUpKind.CUSTOM, title=title, note=note)]).to_ical()
    (event,) = events(data)
    assert str(event["summary"]) == "Call; then write, again\nsecond line \\ backslash: José Núñez"  # type: ignore[index]
    assert str(event["description"]) == normalize_newlines(note)  # type: ignore[index]
    assert b"\r\n " in data or all(len(line) <= 75 for line in data.split(b"\r\n"))


def test_times_are_utc_and_alarm_reminds_ahead() -> None:
    data = followups_calendar([item()], reminder=timedelta(minutes=45)).to_ical()
    (event,) = events(data)
    start = event.decoded("dtstart")  # type: ignore[attr-defined]
    assert start == DUE and start.tzinfo is not None and start.utcoffset() == timedelta(0)
    assert b"DTSTART:20261121T151500Z" in data
    (alarm,) = [c for c in event.subcomponents if c.name == "VALARM"]  # type: ignore[attr-defined]
    assert alarm.decoded("trigger") == -timedelta(minutes=45)
    assert str(alarm["action"]) == "DISPLAY"


def test_snoozed_item_is_placed_at_its_snooze_time_and_uids_are_stable() -> None:
    until = datetime(2026, 11, 25, 9, 0, tzinfo=NY)
    snoozed = item(status=FollowUpStatus.SNOOZED, snoozed_until=until)
    stamp = datetime(2026, 11, 20, tzinfo=UTC)
    first = followups_calendar([snoozed], stamp=stamp).to_ical()
    assert first == followups_calendar([snoozed], stamp=stamp).to_ical()
    (event,) = events(first)
    assert event.decoded("dtstart") == until  # type: ignore[attr-defined]
    assert str(event["uid"]) == "followup-3@netdesk.local"  # type: ignore[index]


def test_write_is_atomic_and_replaces_the_old_export(tmp_path: Path) -> None:
    target = tmp_path / "followups.ics"
    target.write_bytes(b"old")
    assert write_ics(target, [item(id=1), item(id=2, kind=FollowUpKind.KEEP_IN_TOUCH)]) == 2
    assert len(events(target.read_bytes())) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["followups.ics"]


def test_failed_write_leaves_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "followups.ics"
    target.write_bytes(b"previous export")

    def boom(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("netdesk.interchange.textio.os.replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_ics(target, [item()])
    assert target.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["followups.ics"]


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80),
    note=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=200),
    offset=st.integers(min_value=-12 * 60, max_value=14 * 60),
)
def test_any_text_round_trips(title: str, note: str, offset: int) -> None:
    due = datetime(2026, 11, 21, 10, 15, tzinfo=timezone(timedelta(minutes=offset)))
    followup = item(kind=FollowUpKind.CUSTOM, title=title, note=note, contact_name="", due_at=due)
    (event,) = events(followups_calendar([followup]).to_ical())
    assert str(event["summary"]) == normalize_newlines(followup.headline)  # type: ignore[index]
    if note.strip():
        assert str(event["description"]) == normalize_newlines(note)  # type: ignore[index]
    assert event.decoded("dtstart") == due  # type: ignore[attr-defined]
