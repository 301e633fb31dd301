"""Search finds people the way people remember them (issue 14): by the event where they were met
and by what was talked about, on every write path, and in databases made before this existed."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command

from netdesk.domain.models import ContactDraft, EventDraft, InteractionDraft, InteractionKind
from netdesk.services.contacts import ContactService
from netdesk.services.duplicates import DuplicateService
from netdesk.services.event_capture import EventCaptureService
from netdesk.services.events import EventService
from netdesk.services.import_writer import insert_contacts, insert_interactions
from netdesk.storage import search_index
from netdesk.storage.engine import create_db_engine
from netdesk.storage.migrate import alembic_config

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def _names(db: Any, query: str) -> list[str]:
    return sorted(c.name for c in ContactService(db).list(query))


def _index(db: Any) -> dict[int, str]:
    with sqlite3.connect(db.path) as conn:
        rows = dict(conn.execute("SELECT rowid, body FROM contact_fts").fetchall())
    conn.close()
    return rows


def _assert_index_is_what_a_rebuild_gives(db: Any) -> None:
    """The incremental index holds the same words as a rebuild from scratch."""
    incremental = {cid: sorted(body.split()) for cid, body in _index(db).items()}
    with db.writes.begin() as s:
        search_index.rebuild(s)
    rebuilt = {cid: sorted(body.split()) for cid, body in _index(db).items()}
    assert incremental == rebuilt


@pytest.fixture
def fair(db: Any) -> int:
    return EventService(db).create(EventDraft(name="Fall Career Fair")).id


@pytest.fixture
def capture(db: Any) -> EventCaptureService:
    return EventCaptureService(db, clock=lambda: NOW)


def test_event_name_words_find_everyone_met_there(db: Any, fair: int, capture: EventCaptureService) -> None:
    capture.add(fair, ContactDraft(display_name="Hannah Müller", organization="Vertex"))
    capture.add(fair, ContactDraft(display_name="Mateo Dubois", organization="State Police Lab"))
    ContactService(db).create(ContactDraft(display_name="Ben Carter", notes="Met at the hardware store"))
    social = EventService(db).create(EventDraft(name="Biotech Networking Social")).id
    capture.add(social, ContactDraft(display_name="Noah Feldman", organization="Foundry"))

    for query in ("career fair", "fall career", "FALL car", "fair", "career"):
        assert _names(db, query) == ["Hannah Müller", "Mateo Dubois"], query
    assert _names(db, "networking") == ["Noah Feldman"]
    assert _names(db, "career vertex") == ["Hannah Müller"]  # every word must match
    assert _names(db, "career foundry") == []
    _assert_index_is_what_a_rebuild_gives(db)


def test_what_was_talked_about_finds_the_person(db: Any, fair: int, capture: EventCaptureService) -> None:
    capture.add(
        fair,
        ContactDraft(display_name="Zoë Kowalski", organization="Genzyme"),
        conversation="Talked about cell-culture work and a typical day",
    )
    capture.add(fair, ContactDraft(display_name="Grace Liu"), conversation="Résumé tips; the café downstairs")
    capture.add(fair, ContactDraft(display_name="Aisha Rahman"))

    assert _names(db, "cell culture") == ["Zoë Kowalski"]
    assert _names(db, "CULT typ") == ["Zoë Kowalski"]  # prefixes, any case
    assert _names(db, "resume cafe") == ["Grace Liu"]  # accents ignored both ways
    assert _names(db, "résumé CAFÉ") == ["Grace Liu"]
    assert _names(db, "culture resume") == []
    assert _names(db, "zoe career cell") == ["Zoë Kowalski"]  # name, event and talk together
    _assert_index_is_what_a_rebuild_gives(db)


def test_logged_and_deleted_interactions_are_indexed_and_unindexed(db: Any) -> None:
    contacts = ContactService(db)
    ada = contacts.create(ContactDraft(display_name="Ada Lovelace")).id
    contacts.create(ContactDraft(display_name="Grace Hopper"))
    logged = contacts.log_interaction(
        InteractionDraft(ada, InteractionKind.COFFEE, NOW, summary="Analytical engines and Bernoulli numbers")
    )
    assert _names(db, "bernoulli") == ["Ada Lovelace"]
    assert _names(db, "analytical ada") == ["Ada Lovelace"]
    contacts.delete_interaction(logged.id)
    assert _names(db, "bernoulli") == []
    assert _names(db, "ada") == ["Ada Lovelace"]  # the contact itself stays found
    _assert_index_is_what_a_rebuild_gives(db)


def test_a_meeting_logged_at_another_event_makes_that_event_find_them(
    db: Any, fair: int, capture: EventCaptureService
) -> None:
    known = ContactService(db).create(ContactDraft(display_name="Liam O'Brien")).id
    capture.log_meeting(fair, known, conversation="Buzzards Bay project")
    assert _names(db, "fall career") == ["Liam O'Brien"]
    assert _names(db, "buzzards") == ["Liam O'Brien"]


def test_an_event_rename_reindexes_every_contact_of_the_event(
    db: Any, fair: int, capture: EventCaptureService
) -> None:
    for name in ("José Núñez", "Hannah Müller", "Daniel Sousa"):
        capture.add(fair, ContactDraft(display_name=name))
    ContactService(db).create(ContactDraft(display_name="Sofia Reyes"))
    events = EventService(db)
    events.update(fair, EventDraft(name="Autumn Biotech Expo"))
    assert _names(db, "career") == []
    assert _names(db, "autumn expo") == ["Daniel Sousa", "Hannah Müller", "José Núñez"]
    events.update(fair, EventDraft(name="Autumn Biotech Expo", location="Campus Center"))  # no rename
    assert _names(db, "biotech") == ["Daniel Sousa", "Hannah Müller", "José Núñez"]
    _assert_index_is_what_a_rebuild_gives(db)


def test_plain_sql_paths_keep_the_new_words(db: Any, fair: int, capture: EventCaptureService) -> None:
    contacts = ContactService(db)
    outcome = capture.add(fair, ContactDraft(display_name="Fatima Haddad"), conversation="the CRC role")
    snapshot = contacts.delete(outcome.contact_id)
    assert _names(db, "crc") == []
    restored = contacts.undelete(snapshot)  # plain-SQL restore, then reindex
    assert _names(db, "crc career") == ["Fatima Haddad"]

    other = contacts.create(ContactDraft(display_name="Fatima Haddad", organization="Hospital"))
    contacts.log_interaction(
        InteractionDraft(other.id, InteractionKind.EMAIL, NOW, summary="ACRP membership")
    )
    DuplicateService(db).merge(restored.id, other.id, contacts.get(restored.id).draft)
    assert _names(db, "acrp crc fall") == ["Fatima Haddad"]  # the merged log and the event
    _assert_index_is_what_a_rebuild_gives(db)


def test_the_bulk_import_path_indexes_events_and_connection_notes(db: Any, fair: int) -> None:
    with db.writes.begin() as s:
        ids = insert_contacts(
            s,
            [
                ContactDraft(display_name="Olivia Grant", event_id=fair),
                ContactDraft(display_name="Marcus Bell"),
            ],
        )
        insert_interactions(s, [(ids[1], NOW)], "Connected on LinkedIn")
    assert _names(db, "fall fair") == ["Olivia Grant"]
    assert _names(db, "connected linkedin") == ["Marcus Bell"]
    before = _index(db)
    with db.writes.begin() as s:
        search_index.rebuild(s)
    assert _index(db) == before  # exactly the text the hook and a rebuild write


# -- migration 0012: databases indexed before this get the new words once ---------------------------


def _old_database(tmp_path: Path) -> Path:
    """A database at 0011 with what its netdesk indexed: the contact's own fields only."""
    path = tmp_path / "netdesk.sqlite3"
    engine = create_db_engine(path)
    command.upgrade(alembic_config(engine), "0011")
    engine.dispose()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO event (id, name, kind, location, goals, notes, cards_given, created_at) "
            "VALUES (1, 'Fall Career Fair', 'career_fair', '', '', '', 0, '2026-11-20T10:00:00+00:00')"
        )
        for cid, name, event in ((1, "Zoë Kowalski", 1), (2, "Ben Carter", None)):
            conn.execute(
                "INSERT INTO contact (id, display_name, given_name, family_name, title, organization, "
                "department, field, address, notes, event_id, raw_source, created_at, updated_at, uid) "
                "VALUES (?, ?, '', '', '', 'Genzyme', '', '', '', '', ?, '', "
                "'2026-11-20T10:00:00+00:00', '2026-11-20T10:00:00+00:00', ?)",
                (cid, name, event, f"urn:uuid:{cid}"),
            )
            conn.execute("INSERT INTO contact_fts(rowid, body) VALUES (?, ?)", (cid, name.lower()))
        conn.execute(
            "INSERT INTO contact_email (contact_id, position, address, kind) VALUES (1, 0, 'zk@genzyme.com', 'work')"
        )
        conn.execute("INSERT INTO contact_tag (contact_id, position, tag) VALUES (1, 0, 'biotech')")
        conn.executemany(
            "INSERT INTO interaction (contact_id, kind, occurred_at, summary, event_id, created_at) "
            "VALUES (?, 'met', '2026-11-20T10:15:00+00:00', ?, ?, '2026-11-20T10:15:00+00:00')",
            [(1, "Talked about cell-culture work", 1), (2, "Scallop restoration in the bay", None)],
        )
    conn.close()
    return path


def test_migration_0012_fills_the_index_of_an_old_database(tmp_path: Path) -> None:
    from netdesk.services.database import open_database

    _old_database(tmp_path)
    db = open_database(tmp_path)  # migrates (after a backup), as the app does
    try:
        assert _names(db, "fall career") == ["Zoë Kowalski"]
        assert _names(db, "cell culture") == ["Zoë Kowalski"]
        assert _names(db, "scallop") == ["Ben Carter"]
        assert _names(db, "genzyme biotech zk") == ["Zoë Kowalski"]
        migrated = _index(db)
        with db.writes.begin() as s:
            search_index.rebuild(s)
        assert _index(db) == migrated  # the migration writes what netdesk's own rule writes
    finally:
        db.close()


def test_migration_0012_downgrade_goes_back_to_the_old_text(tmp_path: Path) -> None:
    path = _old_database(tmp_path)
    engine = create_db_engine(path)
    config = alembic_config(engine)
    command.upgrade(config, "0012")
    command.downgrade(config, "0011")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        bodies = dict(conn.execute("SELECT rowid, body FROM contact_fts"))
    conn.close()
    assert "career" not in bodies[1] and "cell" not in bodies[1]
    assert bodies[1].split()[:2] == ["zoe", "kowalski"] and "biotech" in bodies[1]
