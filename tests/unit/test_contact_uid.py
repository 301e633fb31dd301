"""Every contact has its own stable UID: contacts stored before migration 0009 get distinct ones,
and every way of creating a person (editor/CLI, event capture, import, sample data) makes one.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from alembic import command

from netdesk.domain.models import ContactDraft
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database
from netdesk.services.demo import load_demo
from netdesk.services.event_capture import EventCaptureService
from netdesk.services.events import EventService
from netdesk.services.importer import ImportService
from netdesk.services.people import PeopleService
from netdesk.storage.engine import create_db_engine
from netdesk.storage.migrate import alembic_config

UUID_URN = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def _uids(path: Path) -> dict[int, str]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT id, uid FROM contact"))


def test_migration_0009_gives_existing_contacts_distinct_uids(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = create_db_engine(path)
    config = alembic_config(engine)
    command.upgrade(config, "0008")
    stamp = "2026-01-01 00:00:00.000000"
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO contact (display_name, given_name, family_name, title, organization, department,"
            " field, address, notes, raw_source, created_at, updated_at)"
            " VALUES (?, '', '', '', '', '', '', '', '', '', ?, ?)",
            [(f"Person {n}", stamp, stamp) for n in range(50)],
        )
    command.upgrade(config, "0009")
    engine.dispose()
    uids = _uids(path)
    assert len(uids) == 50
    assert all(UUID_URN.match(uid) for uid in uids.values())
    assert len(set(uids.values())) == 50
    with sqlite3.connect(path) as conn:  # the unique index the import relies on is in place
        index = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'ix_contact_uid'").fetchone()
    assert index is not None and "UNIQUE" in index[0].upper()


def test_every_creation_path_makes_a_uid(db: Database, tmp_path: Path) -> None:
    contacts = ContactService(db)
    made = [contacts.create(ContactDraft(display_name="Editor Person")).id]
    made.append(PeopleService(db).add(ContactDraft(display_name="Cli Person"), event_name="Fair").id)
    event = EventService(db).list()[0]
    capture = EventCaptureService(db, clock=lambda: datetime(2026, 11, 20, 10, tzinfo=UTC))
    made.append(capture.add(event.id, ContactDraft(display_name="Card Person")).contact_id)
    csv = tmp_path / "people.csv"
    csv.write_text("Name,E-mail Address\nCsv One,one@example.org\nCsv Two,two@example.org\n", "utf-8")
    service = ImportService(db)
    service.commit(service.preview_paths([csv]), backup=False)
    uids = _uids(db.path)
    assert len(uids) == 5 and set(made) <= set(uids)
    assert all(UUID_URN.match(uid) for uid in uids.values()), uids
    assert len(set(uids.values())) == 5


def test_sample_network_uids_are_distinct(db: Database) -> None:
    load_demo(db)
    uids = list(_uids(db.path).values())
    assert len(uids) > 10 and all(UUID_URN.match(uid) for uid in uids)
    assert len(set(uids)) == len(uids)


def test_a_card_uid_is_kept_and_a_taken_one_replaced(db: Database) -> None:
    contacts = ContactService(db)
    first = contacts.create(ContactDraft(display_name="Ann", uid="mei-42"))
    assert contacts.get(first.id).draft.uid == "mei-42"
    second = contacts.create(ContactDraft(display_name="Ann Again", uid="mei-42"))
    assert UUID_URN.match(contacts.get(second.id).draft.uid)
    third = PeopleService(db).add(ContactDraft(display_name="Ann Thrice", uid="mei-42"))
    assert UUID_URN.match(contacts.get(third.id).draft.uid)
