"""Calendar export against a real database: UIDs stable across exports and unique across
databases, SEQUENCE / LAST-MODIFIED follow changes, closed and removed follow-ups update the
calendar, and the migration gives every existing follow-up its own UID."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import vobject
from alembic import command
from icalendar import Calendar
from sqlalchemy import text

from netdesk.domain.calendar import CalendarKind
from netdesk.domain.followups import FollowUpKind
from netdesk.domain.models import ContactDraft
from netdesk.services.calendar_export import CalendarExportService
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database, open_database
from netdesk.services.followups import FollowUpService
from netdesk.storage.engine import create_db_engine
from netdesk.storage.followup_models import FollowUpRow
from netdesk.storage.migrate import alembic_config

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def open_db(folder: Path) -> Database:
    return open_database(folder)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_db(tmp_path / "data")
    yield db
    db.close()


def add_task(db: Database, clock: Clock, name: str = "Ana Lee", days: int = 3) -> int:
    contact = ContactService(db).create(ContactDraft(display_name=name))
    service = FollowUpService(db, clock=clock)
    return service.add(contact.id, FollowUpKind.CUSTOM, f"Call {name}", NOW + timedelta(days=days)).id


def export(db: Database, clock: Clock, path: Path, kind: CalendarKind = CalendarKind.TASKS) -> dict[str, Any]:
    """Export and return the calls by summary, after both parsers read the file."""
    CalendarExportService(db, clock=clock).export(path, kind)
    data = path.read_bytes()
    name = "VTODO" if kind is CalendarKind.TASKS else "VEVENT"
    (vcal,) = vobject.readComponents(data.decode("utf-8"), validate=True)
    assert len(vcal.contents.get(name.lower(), [])) == len(Calendar.from_ical(data).walk(name))
    return {str(c["summary"]): c for c in Calendar.from_ical(data).walk(name) if "Call" in str(c["summary"])}


def backdate(db: Database, followup_id: int, when: datetime) -> None:
    with db.sessions.begin() as s:
        s.execute(
            text("UPDATE followup SET updated_at = :t WHERE id = :id"),
            {"t": when.isoformat(), "id": followup_id},
        )


def test_exporting_twice_keeps_uids_and_sequence(database: Database, clock: Clock, tmp_path: Path) -> None:
    add_task(database, clock)
    add_task(database, clock, "Grace Liu")
    first = export(database, clock, tmp_path / "a.ics")
    second = export(database, clock, tmp_path / "b.ics")
    assert sorted(first) == ["Call Ana Lee: Ana Lee", "Call Grace Liu: Grace Liu"]
    for summary, todo in first.items():
        assert str(todo["uid"]) == str(second[summary]["uid"])
        assert str(todo["uid"]).endswith("@netdesk") and len(str(todo["uid"])) == 32 + len("@netdesk")
        assert int(todo["sequence"]) == int(second[summary]["sequence"]) == 0
    assert len({str(t["uid"]) for t in first.values()}) == 2


def test_changing_the_due_date_raises_sequence_and_last_modified(
    database: Database, clock: Clock, tmp_path: Path
) -> None:
    fid = add_task(database, clock)
    backdate(database, fid, NOW - timedelta(days=1))
    (before,) = export(database, clock, tmp_path / "a.ics").values()
    with database.sessions.begin() as s:  # as any service edit does: updated_at moves on
        row = s.get(FollowUpRow, fid)
        assert row is not None
        row.due_at = NOW + timedelta(days=9)
    (after,) = export(database, clock, tmp_path / "b.ics").values()
    assert str(after["uid"]) == str(before["uid"])
    assert int(after["sequence"]) == int(before["sequence"]) + 1
    assert after.decoded("last-modified") > before.decoded("last-modified")
    assert after.decoded("due") == NOW + timedelta(days=9)


@pytest.mark.parametrize("kind", list(CalendarKind))
def test_done_and_removed_follow_ups_are_sent_as_completed_or_cancelled(
    database: Database, clock: Clock, tmp_path: Path, kind: CalendarKind
) -> None:
    done_id = add_task(database, clock, "Ana Lee")
    add_task(database, clock, "Grace Liu")
    never_exported = add_task(database, clock, "Ada Byron")
    FollowUpService(database, clock=clock).complete(never_exported)
    first = export(database, clock, tmp_path / "a.ics", kind)
    assert "Call Ada Byron: Ada Byron" not in first
    clock.now = NOW + timedelta(hours=2)
    FollowUpService(database, clock=clock).complete(done_id)
    grace = next(c for c in ContactService(database).list("Grace"))
    ContactService(database).delete(grace.id)
    second = export(database, clock, tmp_path / "b.ics", kind)
    done, removed = second["Call Ana Lee: Ana Lee"], second["Call Grace Liu: Grace Liu"]
    assert str(done["uid"]) == str(first["Call Ana Lee: Ana Lee"]["uid"])
    assert str(removed["uid"]) == str(first["Call Grace Liu: Grace Liu"]["uid"])
    assert int(done["sequence"]) == int(removed["sequence"]) == 1
    if kind is CalendarKind.TASKS:
        assert str(done["status"]) == "COMPLETED" and done.decoded("completed") == clock.now
    else:
        assert str(done["status"]) == "CANCELLED"
    assert str(removed["status"]) == "CANCELLED"
    # Sent once more unchanged; 90 days after they closed, no longer.
    third = export(database, clock, tmp_path / "c.ics", kind)
    assert int(third["Call Grace Liu: Grace Liu"]["sequence"]) == 1
    clock.now = NOW + timedelta(days=95)
    assert export(database, clock, tmp_path / "d.ics", kind) == {}
    with database.sessions() as s:
        assert (
            s.execute(text("SELECT count(*) FROM followup_export WHERE gone_at IS NOT NULL")).scalar_one()
            == 0
        )


def test_two_databases_give_different_uids(tmp_path: Path, clock: Clock) -> None:
    uids = []
    for name in ("one", "two"):
        db = open_db(tmp_path / name)
        try:
            fid = add_task(db, clock)
            assert fid == 1  # the same row id in both
            (todo,) = export(db, clock, tmp_path / f"{name}.ics").values()
            uids.append(str(todo["uid"]))
        finally:
            db.close()
    assert uids[0] != uids[1]


def test_overdue_is_due_now_with_the_original_date(database: Database, clock: Clock, tmp_path: Path) -> None:
    add_task(database, clock, days=-2)
    (event,) = export(database, clock, tmp_path / "a.ics", CalendarKind.EVENTS).values()
    assert event.decoded("dtstart") == NOW  # 12:00 is already on the quarter hour
    assert str(event["description"]).startswith("Overdue: was due Nov 18 at 12:00")


def test_rows_without_uid_get_one_that_then_stays(database: Database, clock: Clock, tmp_path: Path) -> None:
    fid = add_task(database, clock)
    with database.sessions.begin() as s:
        s.execute(text("UPDATE followup SET uid = NULL WHERE id = :id"), {"id": fid})
    (first,) = export(database, clock, tmp_path / "a.ics").values()
    (second,) = export(database, clock, tmp_path / "b.ics").values()
    assert str(first["uid"]) == str(second["uid"])


def test_migration_gives_every_existing_follow_up_its_own_uid(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    engine = create_db_engine(folder / "netdesk.sqlite3")
    command.upgrade(alembic_config(engine), "0006")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO contact (id, display_name, given_name, family_name, title, organization,"
                " department, field, address, notes, raw_source, created_at, updated_at)"
                " VALUES (1, 'Ann Old', '', '', '', '', '', '', '', '', '', :t, :t)"
            ),
            {"t": "2026-11-01T09:00:00+00:00"},
        )
        for n in range(3):
            conn.execute(
                text(
                    "INSERT INTO followup (contact_id, kind, title, reason, note, due_at, status,"
                    " created_at, updated_at) VALUES (1, 'custom', :title, '', '', :t, 'open', :t, :t)"
                ),
                {"title": f"Task {n}", "t": "2026-11-05T09:00:00+00:00"},
            )
    engine.dispose()
    open_database(folder).close()
    with sqlite3.connect(folder / "netdesk.sqlite3") as conn:
        uids = [r[0] for r in conn.execute("SELECT uid FROM followup")]
    assert len(uids) == 3 and len(set(uids)) == 3 and all(len(u) == 32 for u in uids)
