"""contact.version: every write path moves it on, and a save over a version that is no longer the
stored one is refused with the stored contact (no lost updates between processes)."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy.orm.exc import StaleDataError

from netdesk.domain.models import ContactDraft, Email, EventDraft
from netdesk.services.contacts import ContactChangedError, ContactService
from netdesk.services.database import Database, open_database
from netdesk.services.duplicates import DuplicateService, compose
from netdesk.services.event_capture import EventCaptureService
from netdesk.services.events import EventService
from netdesk.services.importer import ImportService
from netdesk.storage.engine import create_db_engine
from netdesk.storage.import_models import ContactVcardExtraRow
from netdesk.storage.migrate import alembic_config
from netdesk.storage.models import ContactEmailRow, ContactRow, ContactTagRow

ADA = ContactDraft(
    display_name="Ada Lovelace", organization="Analytical Engines", emails=(Email("ada@a.org"),)
)


def _version(db: Database, contact_id: int) -> int:
    with sqlite3.connect(db.path) as conn:
        row = conn.execute("SELECT version FROM contact WHERE id = ?", (contact_id,)).fetchone()
    assert row is not None
    return int(row[0])


def test_new_contacts_start_at_1_and_each_update_adds_one(db: Database) -> None:
    contacts = ContactService(db)
    ada = contacts.create(ADA)
    assert ada.version == 1 == _version(db, ada.id)
    again = contacts.update(ada.id, replace(ADA, title="Countess"))
    assert again.version == 2 == _version(db, ada.id)
    assert contacts.update(ada.id, replace(ADA, title="Mathematician"), expected_version=2).version == 3


def test_update_over_a_version_saved_elsewhere_is_refused_with_the_stored_contact(db: Database) -> None:
    contacts = ContactService(db)
    ada = contacts.create(ADA)
    elsewhere = open_database(db.folder)  # a second connection, as the command line would open
    try:
        ContactService(elsewhere).update(ada.id, replace(ADA, organization="Babbage & Co"))
    finally:
        elsewhere.close()

    with pytest.raises(ContactChangedError) as caught:
        contacts.update(ada.id, replace(ADA, title="Countess"), expected_version=ada.version)
    current = caught.value.current
    assert (current.version, current.draft.organization, current.draft.title) == (2, "Babbage & Co", "")
    assert caught.value.expected_version == 1
    for private in ("Ada", "Lovelace", "Babbage", "ada@a.org"):
        assert private not in str(caught.value)
    stored = contacts.get(ada.id)
    assert (stored.version, stored.draft.organization, stored.draft.title) == (2, "Babbage & Co", "")

    saved = contacts.update(ada.id, replace(ADA, title="Countess"), expected_version=current.version)
    assert (saved.version, saved.draft.title) == (3, "Countess")


def test_the_version_check_and_the_write_share_one_write_lock(db: Database) -> None:
    """A writer holding the lock commits a change while the update waits: the update must see
    it and refuse. Checking in a plain deferred transaction would read the old version first and
    then fail on a stale snapshot (or, without WAL, overwrite)."""
    contacts = ContactService(db)
    ada = contacts.create(ADA)
    other = sqlite3.connect(db.path, isolation_level=None, check_same_thread=False)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE contact SET title = 'Countess', version = version + 1 WHERE id = ?", (ada.id,))
        timer = threading.Timer(0.3, lambda: other.execute("COMMIT"))
        timer.start()
        with pytest.raises(ContactChangedError) as caught:
            contacts.update(ada.id, replace(ADA, notes="met at the fair"), expected_version=1)
        timer.join()
    finally:
        other.close()
    assert caught.value.current.draft.title == "Countess"
    assert contacts.get(ada.id).draft.notes == ""


def test_an_orm_write_from_a_stale_load_fails_instead_of_overwriting(db: Database) -> None:
    contacts = ContactService(db)
    ada = contacts.create(ADA)
    with db.sessions() as s:
        row = s.get(ContactRow, ada.id)
        assert row is not None
        s.commit()  # the load's transaction ends; the object lives on (expire_on_commit=False)
        contacts.update(ada.id, replace(ADA, title="Countess"))
        row.notes = "stale write"
        with pytest.raises(StaleDataError):
            s.commit()
    assert contacts.get(ada.id).draft.notes == ""


def test_a_change_to_owned_rows_alone_moves_the_version_on(db: Database) -> None:
    contacts = ContactService(db)
    ada = contacts.create(ADA)
    with db.sessions.begin() as s:
        row = s.get(ContactRow, ada.id)
        assert row is not None
        row.tags.append(ContactTagRow(tag="lead", position=0))
    assert _version(db, ada.id) == 2
    with db.sessions.begin() as s:
        email = s.query(ContactEmailRow).filter_by(contact_id=ada.id).one()
        email.address = "ada@b.org"
    assert _version(db, ada.id) == 3
    with db.sessions.begin() as s:  # a row added by id, its contact never loaded
        s.add(ContactVcardExtraRow(contact_id=ada.id, position=0, line="BDAY:1815-12-10"))
    assert _version(db, ada.id) == 4
    with db.sessions.begin() as s:
        row = s.get(ContactRow, ada.id)
        assert row is not None
        del row.phones[:]  # nothing to remove: no change, no bump
        row.emails.append(ContactEmailRow(position=1, address="ada@c.org"))
    assert _version(db, ada.id) == 5
    assert [e.address for e in contacts.get(ada.id).draft.emails] == ["ada@b.org", "ada@c.org"]


def test_event_capture_of_someone_known_as_a_lead_moves_their_version_on(db: Database) -> None:
    ada = ContactService(db).create(ADA)
    fair = EventService(db).create(EventDraft(name="Fall Career Fair"))
    EventCaptureService(db).log_meeting(fair.id, ada.id, conversation="asked about internships", lead=True)
    stored = ContactService(db).get(ada.id)
    assert "lead" in stored.draft.tags
    assert stored.version == 2


def test_import_creates_at_1_reimport_and_its_undo_each_move_the_version_on(
    db: Database, tmp_path: Path
) -> None:
    service = ImportService(db)
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    first = tmp_path / "Connections.csv"
    first.write_text(header + "Ada,Lovelace,https://www.linkedin.com/in/ada,,Engines,Engineer,01 Jan 2024\n")
    service.commit(service.preview_paths([first]), backup=False)
    contacts = ContactService(db)
    (ada_id,) = contacts.find_by_name("Ada Lovelace")
    assert _version(db, ada_id) == 1

    second = tmp_path / "Connections2.csv"
    second.write_text(header + "Ada,Lovelace,https://www.linkedin.com/in/ada,,Babbage & Co,CTO,01 Jan 2024\n")
    outcome = service.commit(service.preview_paths([second]), backup=False)
    assert outcome.updated == 1
    assert _version(db, ada_id) == 2
    service.undo(outcome.batch_id or 0)
    assert contacts.get(ada_id).draft.organization == "Engines"
    assert _version(db, ada_id) == 3


def test_undoing_an_import_that_created_an_introducer_moves_the_introduced_on(
    db: Database, tmp_path: Path
) -> None:
    service = ImportService(db)
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Grace,Hopper,https://www.linkedin.com/in/grace,,Navy,Admiral,03 Mar 2024\n"
    )
    outcome = service.commit(service.preview_paths([path]), backup=False)
    contacts = ContactService(db)
    (grace_id,) = contacts.find_by_name("Grace Hopper")
    sam = contacts.create(ContactDraft(display_name="Sam Ode", introduced_by_id=grace_id))
    service.undo(outcome.batch_id or 0)
    after = contacts.get(sam.id)
    assert after.draft.introduced_by_id is None
    assert after.version == sam.version + 1


def test_merge_and_its_undo_move_every_changed_contact_on(db: Database) -> None:
    contacts = ContactService(db)
    keep = contacts.create(ADA)
    other = contacts.create(ContactDraft(display_name="Ada King", emails=(Email("ada@a.org"),)))
    friend = contacts.create(ContactDraft(display_name="Charles Babbage", introduced_by_id=other.id))
    service = DuplicateService(db)
    candidate = service.candidate(keep.id, other.id)
    result = service.merge(keep.id, other.id, compose(candidate.keep.draft, candidate.other.draft))
    assert (_version(db, keep.id), _version(db, friend.id)) == (2, 2)
    assert contacts.get(friend.id).draft.introduced_by_id == keep.id

    restored = service.undo(result)
    assert (_version(db, keep.id), _version(db, friend.id)) == (3, 3)
    assert _version(db, restored) == 2  # put back: past the version it had when merged away
    assert contacts.get(keep.id).draft == ADA
    assert contacts.get(friend.id).draft.introduced_by_id == restored


def test_delete_and_its_undo_move_the_restored_and_the_introduced_on(db: Database) -> None:
    contacts = ContactService(db)
    grace = contacts.create(ContactDraft(display_name="Grace Liu"))
    grace = contacts.update(grace.id, replace(grace.draft, title="Oceanographer"))
    sam = contacts.create(ContactDraft(display_name="Sam Ode", introduced_by_id=grace.id))
    snapshot = contacts.delete(grace.id)
    assert contacts.get(sam.id).version == 2  # "introduced by" was cleared
    back = contacts.undelete(snapshot)
    assert back.id == grace.id
    assert back.version == grace.version + 1 == 3
    assert contacts.get(sam.id).version == 3
    assert contacts.get(sam.id).draft.introduced_by_id == grace.id


def test_migration_gives_existing_contacts_version_1_and_keeps_their_rows_both_ways(tmp_path: Path) -> None:
    engine = create_db_engine(tmp_path / "netdesk.sqlite3")
    config = alembic_config(engine)
    command.upgrade(config, "0005")
    now = datetime(2026, 1, 1, tzinfo=UTC).isoformat()
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO contact (id, display_name, given_name, family_name, title, organization, department,"
            " field, address, notes, raw_source, created_at, updated_at)"
            f" VALUES (1, 'Ada', '', '', '', '', '', '', '', '', '', '{now}', '{now}')"
        )
        conn.exec_driver_sql(
            "INSERT INTO contact_email (contact_id, position, address, kind) VALUES (1, 0, 'a@x.org', 'work')"
        )
    command.upgrade(config, "0006")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT id, version FROM contact").all() == [(1, 1)]
    command.downgrade(config, "0005")
    with engine.connect() as conn:
        columns = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(contact)")]
        assert "version" not in columns
        assert conn.exec_driver_sql("SELECT address FROM contact_email").all() == [("a@x.org",)]
    engine.dispose()
