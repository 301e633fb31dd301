"""Duplicate finder over stored contacts, merge with per-field choices, and exact undo."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from typing import Any

import pytest

from netdesk.domain.models import (
    ContactDraft,
    Email,
    EventDraft,
    InteractionDraft,
    InteractionKind,
    Phone,
    Url,
    UrlKind,
)
from netdesk.services import import_writer
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database
from netdesk.services.duplicates import (
    MERGE_FIELDS,
    OWNED_TABLES,
    Choice,
    DuplicateService,
    MergeError,
    compose,
    default_choices,
)
from netdesk.services.events import EventService
from netdesk.storage.followup_models import FollowUpRow
from netdesk.storage.models import Base

WHEN = datetime(2024, 5, 2, 10, 15, tzinfo=UTC)


def _dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every table as stored; owned child rows without their surrogate ids (undo may renumber),
    contacts without their version (it moves on with undo too, see test_contact_version.py), and
    not the contact order's stamp (likewise)."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name == "contact_order_stamp":
                continue  # moves on with every add, delete and rename, undo included
            rows = conn.exec_driver_sql(f'SELECT * FROM "{table.name}"').mappings().all()
            drop_id = table.name in OWNED_TABLES
            out[table.name] = sorted(
                tuple((k, v) for k, v in r.items() if not (drop_id and k == "id") and k != "version")
                for r in rows
            )
        out["fts"] = sorted(conn.exec_driver_sql("SELECT rowid, body FROM contact_fts").all())
    return out


def _followup(db: Database, contact_id: int, key: str | None, title: str) -> int:
    with db.sessions.begin() as s:
        row = FollowUpRow(contact_id=contact_id, kind="custom", key=key, title=title, due_at=WHEN)
        s.add(row)
        s.flush()
        return row.id


def test_finds_pairs_by_email_phone_linkedin_and_close_name(db: Database) -> None:
    contacts = ContactService(db)
    ada = contacts.create(ContactDraft(display_name="Ada Lovelace", emails=(Email("ada@engines.org"),)))
    ada2 = contacts.create(ContactDraft(display_name="A. Lovelace", emails=(Email("ADA@engines.org"),)))
    sam = contacts.create(
        ContactDraft(display_name="Sam Ode", phones=(Phone("(415) 555-0101", "+14155550101"),))
    )
    sam2 = contacts.create(
        ContactDraft(display_name="Samuel Ode", phones=(Phone("+1 415 555 0101", "+14155550101"),))
    )
    li = Url("https://www.linkedin.com/in/mei", UrlKind.LINKEDIN)
    mei = contacts.create(ContactDraft(display_name="Mei Chen", urls=(li,)))
    mei2 = contacts.create(ContactDraft(display_name="Chen Mei", urls=(li,)))
    jose = contacts.create(ContactDraft(display_name="José Núñez", organization="Globex Inc"))
    jose2 = contacts.create(ContactDraft(display_name="Jose Nunez", organization="Globex"))
    contacts.create(ContactDraft(display_name="Grace Hopper", organization="Navy"))
    contacts.create(ContactDraft(display_name="Jose Nunez", organization="Initech"))

    pairs = DuplicateService(db).find()
    found = {(p.first_id, p.second_id): p for p in pairs}
    assert set(found) == {(ada.id, ada2.id), (sam.id, sam2.id), (mei.id, mei2.id), (jose.id, jose2.id)}
    assert found[(ada.id, ada2.id)].reason == "same e-mail ADA@engines.org"
    assert found[(sam.id, sam2.id)].reason.startswith("same phone")
    assert found[(mei.id, mei2.id)].reason == "same LinkedIn profile"
    assert not found[(jose.id, jose2.id)].strong
    assert pairs[-1].first_id == jose.id  # uncertain pairs come last


def test_finder_is_fast_for_ten_thousand_contacts(db: Database) -> None:
    rng = random.Random(7)

    def name(i: int) -> str:
        return "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(4)) + f" {i}"

    drafts = [
        ContactDraft(
            display_name=name(i).title(),
            organization=f"Org{i % 50} Inc",
            emails=(Email(f"p{i}@example.org"),),
            phones=(Phone(f"+1415555{i:04d}", f"+1415555{i:04d}"),),
        )
        for i in range(10_000)
    ]
    drafts.append(ContactDraft(display_name="Twin", emails=(Email("p42@example.org"),)))
    with db.sessions.begin() as s:
        import_writer.insert_contacts(s, drafts)
    started = time.perf_counter()
    pairs = DuplicateService(db).find()
    elapsed = time.perf_counter() - started
    assert [(p.first_id, p.second_name, p.reason) for p in pairs] == [
        (43, "Twin", "same e-mail p42@example.org")
    ]
    assert elapsed < 10, f"finding duplicates in 10,000 contacts took {elapsed:.1f}s"


def test_compose_honours_choices_and_defaults_unite_lists() -> None:
    keep = ContactDraft(
        display_name="Ada Lovelace", title="Engineer", emails=(Email("ada@a.org"),), notes="Met at PyCon"
    )
    other = ContactDraft(
        display_name="Ada King",
        title="",
        organization="Engines",
        emails=(Email("ADA@a.org"), Email("ada@b.org")),
        notes="Likes maths",
    )
    defaults = default_choices(keep, other)
    assert defaults["organization"] is Choice.OTHER and defaults["display_name"] is Choice.KEEP
    merged = compose(keep, other)
    assert merged.display_name == "Ada Lovelace" and merged.organization == "Engines"
    assert [e.address for e in merged.emails] == ["ada@a.org", "ada@b.org"]
    assert merged.notes == "Met at PyCon\nLikes maths"
    chosen = compose(keep, other, {"display_name": Choice.OTHER, "emails": Choice.KEEP, "notes": Choice.KEEP})
    assert chosen.display_name == "Ada King"
    assert [e.address for e in chosen.emails] == ["ada@a.org"]
    assert chosen.notes == "Met at PyCon"
    assert {f.name for f in MERGE_FIELDS} <= set(ContactDraft.__dataclass_fields__)
    with pytest.raises(MergeError):
        compose(keep, other, {"nonsense": Choice.KEEP})


def test_merge_moves_everything_and_undo_restores_both_exactly(db: Database) -> None:
    contacts = ContactService(db)
    fair = EventService(db).create(EventDraft(name="Spring career fair"))
    keep = contacts.create(
        ContactDraft(display_name="Ada Lovelace", emails=(Email("ada@a.org"),), tags=("python",))
    )
    other = contacts.create(
        ContactDraft(
            display_name="Ada King",
            organization="Analytical Engines",
            emails=(Email("ada@b.org"),),
            phones=(Phone("+44 20 7946 0000", "+442079460000"),),
            tags=("maths", "Python"),
            event_id=fair.id,
            introduced_by_id=keep.id,
        )
    )
    friend = contacts.create(ContactDraft(display_name="Charles Babbage", introduced_by_id=other.id))
    contacts.log_interaction(InteractionDraft(other.id, InteractionKind.COFFEE, WHEN, "Coffee", fair.id))
    contacts.log_interaction(InteractionDraft(keep.id, InteractionKind.EMAIL, WHEN, "Thanks"))
    _followup(db, keep.id, "thank_you:event:1", "Thank Ada")
    clash = _followup(db, other.id, "thank_you:event:1", "Thank Ada (copy)")
    moved = _followup(db, other.id, None, "Ask about internships")
    with db.sessions.begin() as s:
        import_writer.set_extras(s, other.id, ["BDAY:1815-12-10"])
    before = _dump(db)

    service = DuplicateService(db)
    candidate = service.candidate(keep.id, other.id)
    assert (candidate.keep_interactions, candidate.other_interactions) == (1, 1)
    draft = compose(candidate.keep.draft, candidate.other.draft, {"display_name": Choice.OTHER})
    result = service.merge(keep.id, other.id, draft)

    survivor = contacts.get(keep.id)
    assert survivor.draft.display_name == "Ada King"
    assert survivor.draft.organization == "Analytical Engines"
    assert [e.address for e in survivor.draft.emails] == ["ada@a.org", "ada@b.org"]
    assert survivor.draft.tags == ("python", "maths")
    assert survivor.draft.event_id == fair.id
    assert survivor.draft.introduced_by_id is None  # would have been themselves
    assert contacts.get(friend.id).draft.introduced_by_id == keep.id
    assert sorted(i.draft.summary for i in contacts.interactions(keep.id)) == ["Coffee", "Thanks"]
    assert contacts.count() == 2
    assert contacts.list("Babbage")[0].id == friend.id
    assert [c.id for c in contacts.list("ada@b.org")] == [keep.id]
    with db.engine.connect() as conn:
        owners = dict(conn.exec_driver_sql("SELECT id, contact_id FROM followup").all())
        extras = conn.exec_driver_sql("SELECT line FROM contact_vcard_extra").scalars().all()
    assert clash not in owners and owners[moved] == keep.id
    assert extras == ["BDAY:1815-12-10"]

    assert service.undo(result) == other.id
    assert _dump(db) == before


def test_undo_when_the_old_id_was_taken_gives_a_new_id(db: Database) -> None:
    contacts = ContactService(db)
    keep = contacts.create(ContactDraft(display_name="Mei Chen", emails=(Email("mei@x.org"),)))
    other = contacts.create(ContactDraft(display_name="Mei C.", emails=(Email("mei@x.org"),)))
    contacts.log_interaction(InteractionDraft(other.id, InteractionKind.CALL, WHEN, "Call"))
    service = DuplicateService(db)
    result = service.merge(keep.id, other.id, compose(contacts.get(keep.id).draft, other.draft))
    newcomer = contacts.create(ContactDraft(display_name="Someone New"))
    assert newcomer.id == other.id  # SQLite reused the freed id
    restored = service.undo(result)
    assert restored not in (keep.id, other.id)
    assert contacts.get(restored).draft.display_name == "Mei C."
    assert [i.draft.summary for i in contacts.interactions(restored)] == ["Call"]
    assert contacts.interactions(keep.id) == []
    assert contacts.get(newcomer.id).draft.display_name == "Someone New"


def test_merge_refuses_missing_or_same_contacts(db: Database) -> None:
    contacts = ContactService(db)
    a = contacts.create(ContactDraft(display_name="A"))
    service = DuplicateService(db)
    with pytest.raises(MergeError, match="two different"):
        service.merge(a.id, a.id, a.draft)
    with pytest.raises(MergeError, match="no longer exists"):
        service.merge(a.id, 999, a.draft)
    assert contacts.count() == 1


def test_every_table_pointing_at_contacts_is_moved_or_owned(db: Database) -> None:
    from netdesk.services.duplicates import _references

    with db.engine.connect() as conn:
        fk_tables = {
            name
            for (name,) in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
            if any(
                row[2] == "contact"
                for row in conn.exec_driver_sql(f'PRAGMA foreign_key_list("{name}")').all()
            )
        }
    handled = {t.name for t, _c in _references()} | set(OWNED_TABLES)
    assert fk_tables <= handled
