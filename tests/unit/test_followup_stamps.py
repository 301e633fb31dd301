"""The follow-up change stamp (issue 15): every write path marks the contacts whose follow-up
facts changed, nothing else does, and the file itself never holds a trigger."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from netdesk.domain.followups import FollowUpKind, FollowUpSettings
from netdesk.domain.models import (
    Circle,
    ContactDraft,
    Email,
    EventDraft,
    EventKind,
    InteractionDraft,
    InteractionKind,
)
from netdesk.services.backup import BackupService
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database, open_database
from netdesk.services.duplicates import DuplicateService
from netdesk.services.events import EventService
from netdesk.services.followups import FollowUpService
from netdesk.services.importer import ImportService
from netdesk.storage import followup_stamps
from netdesk.storage.integrity import verify_file

NOW = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)


def stamped(db: Database) -> set[int]:
    with db.sessions() as s:
        return {int(r[0]) for r in s.execute(text("SELECT contact_id FROM followup_dirty"))}


def settled(db: Database) -> FollowUpService:
    service = FollowUpService(db, clock=lambda: NOW)
    service.regenerate()
    assert stamped(db) == set()
    return service


def test_a_new_database_regenerates_everyone_once(db: Database) -> None:
    assert stamped(db) == {followup_stamps.EVERYONE}
    ContactService(db).create(ContactDraft(display_name="Ana Lima"))
    service = FollowUpService(db, clock=lambda: NOW)
    assert service.pending() == 1
    service.regenerate()
    assert stamped(db) == set() and service.pending() == 0


def test_contact_and_interaction_writes_stamp_only_their_contact(db: Database) -> None:
    contacts = ContactService(db)
    ana = contacts.create(ContactDraft(display_name="Ana Lima", circle=Circle.FRIEND))
    bo = contacts.create(ContactDraft(display_name="Bo Chen"))
    settled(db)
    contacts.update(ana.id, replace(ana.draft, circle=Circle.PROFESSIONAL))
    assert stamped(db) == {ana.id}
    settled(db)
    logged = contacts.log_interaction(
        InteractionDraft(contact_id=bo.id, kind=InteractionKind.CALL, occurred_at=NOW)
    )
    assert stamped(db) == {bo.id}
    settled(db)
    contacts.delete_interaction(logged.id)
    assert stamped(db) == {bo.id}
    settled(db)
    # A change the rules do not read (the name, an e-mail) stamps nobody.
    bo = contacts.get(bo.id)
    contacts.update(bo.id, replace(bo.draft, display_name="Bo Chen-Li", emails=(Email("bo@example.org"),)))
    assert stamped(db) == set()


def test_cadence_settings_and_follow_up_actions_stamp(db: Database) -> None:
    contacts = ContactService(db)
    ana = contacts.create(ContactDraft(display_name="Ana Lima", circle=Circle.FRIEND))
    contacts.create(ContactDraft(display_name="Bo Chen"))
    service = settled(db)
    service.set_cadence(ana.id, 30)
    assert stamped(db) == {ana.id}
    settled(db)
    (keep,) = [i for i in service.queue() if i.contact_id == ana.id]
    service.skip(keep.id)  # a skip moves the keep-in-touch anchor
    assert stamped(db) == {ana.id}
    settled(db)
    service.save_settings(replace(FollowUpSettings(), default_cadence_days=60))
    assert stamped(db) == {followup_stamps.EVERYONE}
    assert service.pending() == 2
    settled(db)
    service.save_settings(replace(FollowUpSettings(), default_cadence_days=60))  # the same again
    assert stamped(db) == set()


def test_event_rename_and_delete_stamp_the_people_met_there(db: Database) -> None:
    events = EventService(db)
    fair = events.create(EventDraft(name="Fall Fair", kind=EventKind.CAREER_FAIR))
    contacts = ContactService(db)
    met = contacts.create(
        ContactDraft(display_name="Ana Lima", event_id=fair.id, met_at=NOW - timedelta(hours=3))
    )
    other = contacts.create(ContactDraft(display_name="Bo Chen"))
    contacts.log_interaction(
        InteractionDraft(contact_id=other.id, kind=InteractionKind.MET, occurred_at=NOW, event_id=fair.id)
    )
    settled(db)
    events.update(fair.id, replace(events.get(fair.id).draft, name="Fall Career Fair"))
    assert stamped(db) == {met.id, other.id}
    settled(db)
    with db.sessions.begin() as s:  # ON DELETE SET NULL on both
        s.execute(text("DELETE FROM event WHERE id = :id"), {"id": fair.id})
    assert stamped(db) == {met.id, other.id}


def test_bulk_import_merge_and_undo_stamp(db: Database, tmp_path: Path) -> None:
    contacts = ContactService(db)
    keep = contacts.create(ContactDraft(display_name="Ana Lima", emails=(Email("ana@lima.org"),)))
    other = contacts.create(ContactDraft(display_name="Ana  Lima", emails=(Email("ana@lima.org"),)))
    settled(db)
    csv = tmp_path / "people.csv"
    csv.write_text("Name,E-mail Address\nCsv One,one@example.org\nCsv Two,two@example.org\n", "utf-8")
    importer = ImportService(db)
    importer.commit(importer.preview_paths([csv]), backup=False)  # plain SQL inserts
    with db.sessions() as s:
        imported = {
            int(r[0]) for r in s.execute(text("SELECT id FROM contact WHERE display_name LIKE 'Csv %'"))
        }
    assert len(imported) == 2 and stamped(db) == imported
    contacts.log_interaction(
        InteractionDraft(contact_id=other.id, kind=InteractionKind.CALL, occurred_at=NOW)
    )
    settled(db)
    merges = DuplicateService(db)
    result = merges.merge(keep.id, other.id, merges.candidate(keep.id, other.id).merged)
    assert keep.id in stamped(db)  # the call moved over: keep's keep-in-touch counts from it
    settled(db)
    merges.undo(result)
    assert {keep.id, other.id} <= stamped(db)
    assert FollowUpService(db, clock=lambda: NOW).regenerate() >= 0 and stamped(db) == set()


def test_deleted_contact_leaves_a_stamp_the_next_run_drops(db: Database) -> None:
    contacts = ContactService(db)
    ana = contacts.create(ContactDraft(display_name="Ana Lima", circle=Circle.FRIEND))
    service = settled(db)
    contacts.delete(ana.id)
    assert ana.id in stamped(db)
    service.regenerate()
    assert stamped(db) == set()
    assert service.queue() == []


def test_the_file_holds_no_trigger_and_backups_verify(db: Database) -> None:
    ContactService(db).create(ContactDraft(display_name="Ana Lima"))
    with sqlite3.connect(db.path) as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone() == (0,)
    backup = BackupService(db).backup_now()
    verdict = verify_file(backup)
    assert verdict.ok, verdict.problem


def test_a_connection_to_an_older_schema_gets_the_triggers_after_migrating(tmp_path: Path) -> None:
    from alembic import command

    from netdesk.storage.engine import create_db_engine
    from netdesk.storage.migrate import alembic_config

    engine = create_db_engine(tmp_path / "netdesk.sqlite3")
    command.upgrade(alembic_config(engine), "0014")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO contact (display_name, given_name, family_name, title, organization, department,"
            " field, address, notes, raw_source, created_at, updated_at, uid) VALUES ('Old Friend', '',"
            " '', '', '', '', '', '', '', '', '2020-01-01T00:00:00+00:00', '2020-01-01T00:00:00+00:00',"
            " 'urn:uuid:1')"
        )
    engine.dispose()
    db = open_database(tmp_path)
    try:
        assert stamped(db) == {followup_stamps.EVERYONE}  # nothing says who changed before
        service = FollowUpService(db, clock=lambda: NOW)
        service.regenerate()
        assert [i.kind for i in service.queue()] == [FollowUpKind.KEEP_IN_TOUCH]
        ana = ContactService(db).create(ContactDraft(display_name="Ana Lima"))
        assert stamped(db) == {ana.id}  # the connections after the migration are stamped
    finally:
        db.close()
