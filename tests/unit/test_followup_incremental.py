"""Incremental follow-up regeneration (issue 15): after an edit only the contacts it stamped are
read, and the stored queue is exactly what a regeneration over everyone would make."""

from __future__ import annotations

import random
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from netdesk.domain.followups import UNSET, FollowUpSettings
from netdesk.domain.models import (
    Circle,
    ContactDraft,
    EventDraft,
    EventKind,
    InteractionDraft,
    InteractionKind,
)
from netdesk.services import followup_sync
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database, open_database
from netdesk.services.events import EventService
from netdesk.services.followups import FollowUpError, FollowUpService
from netdesk.services.importer import ImportService
from netdesk.storage.names import DB_FILENAME

NOW = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
CIRCLES = [Circle.FRIEND, Circle.PROFESSIONAL, Circle.FAMILY, Circle.CLASSMATE, None]


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def read_facts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The contact ids whose facts the rules were run on."""
    seen: list[int] = []
    real = followup_sync.desired_followups

    def spy(facts: Any, *args: Any) -> Any:
        seen.append(facts.contact_id)
        return real(facts, *args)

    monkeypatch.setattr(followup_sync, "desired_followups", spy)
    return seen


def test_an_edit_in_a_2000_contact_network_regenerates_that_contact_only(
    db: Database, tmp_path: Path, read_facts: list[int]
) -> None:
    csv = tmp_path / "linkedin.csv"
    rows = "".join(f"Person {n},p{n}@example.org\n" for n in range(2000))
    csv.write_text("Name,E-mail Address\n" + rows, "utf-8")
    importer = ImportService(db)
    importer.commit(importer.preview_paths([csv]), backup=False)
    service = FollowUpService(db, clock=lambda: NOW)
    assert service.pending() == 2000
    service.regenerate()  # the first run goes over everyone, once
    assert sorted(read_facts) == sorted(set(read_facts)) and len(read_facts) == 2000
    assert service.pending() == 0
    read_facts.clear()

    assert service.regenerate() == 0 and read_facts == []  # nothing changed: nobody is read
    contacts = ContactService(db)
    one = contacts.get(1234)
    contacts.update(one.id, replace(one.draft, circle=Circle.PROFESSIONAL))
    contacts.log_interaction(InteractionDraft(contact_id=77, kind=InteractionKind.COFFEE, occurred_at=NOW))
    changed = service.regenerate()
    assert sorted(read_facts) == [77, 1234]
    assert changed == 3  # 1234's reason says its new circle; 77's keep-in-touch moved (gone + new)
    before = _queue(db)
    assert service.regenerate_all() == 0 and _queue(db) == before


def _queue(db: Database) -> list[tuple[Any, ...]]:
    with db.sessions() as s:
        return [
            tuple(r)
            for r in s.execute(
                text(
                    "SELECT id, contact_id, key, kind, status, due_at, reason, resolved_at, snoozed_until, "
                    "interaction_id FROM followup ORDER BY id"
                )
            )
        ]


# -- incremental == full, over random edits --------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A small network with events, meetings, calls and regenerated follow-ups."""
    folder = tmp_path_factory.mktemp("template")
    db = open_database(folder)
    rng = random.Random(7)
    events = EventService(db)
    fair = events.create(EventDraft(name="Fall Fair", kind=EventKind.CAREER_FAIR)).id
    talk = events.create(EventDraft(name="Lab visit", kind=EventKind.INFORMATIONAL_INTERVIEW)).id
    contacts = ContactService(db)
    for n in range(14):
        met = NOW - timedelta(days=rng.randint(0, 30), hours=rng.randint(0, 20)) if n % 3 else None
        cid = contacts.create(
            ContactDraft(
                display_name=f"Person {n}",
                circle=CIRCLES[n % len(CIRCLES)],
                met_at=met,
                event_id=(fair if n % 2 else talk) if met else None,
                notes="Talked about the internship" if n % 4 == 0 else "",
            )
        ).id
        if n % 5 == 0:
            contacts.log_interaction(
                InteractionDraft(
                    contact_id=cid, kind=InteractionKind.CALL, occurred_at=NOW - timedelta(days=40)
                )
            )
    FollowUpService(db, clock=lambda: NOW).regenerate()
    db.close()
    yield folder


Op = Callable[[Database, FollowUpService, Clock, random.Random], None]


def _some_contact(db: Database, rng: random.Random) -> int | None:
    with db.sessions() as s:
        ids = [int(r[0]) for r in s.execute(text("SELECT id FROM contact ORDER BY id"))]
    return rng.choice(ids) if ids else None


def _some_event(db: Database, rng: random.Random) -> int | None:
    with db.sessions() as s:
        ids = [int(r[0]) for r in s.execute(text("SELECT id FROM event ORDER BY id"))]
    return rng.choice(ids) if ids else None


def edit_contact(db: Database, _f: FollowUpService, clock: Clock, rng: random.Random) -> None:
    cid = _some_contact(db, rng)
    if cid is None:
        return
    contacts = ContactService(db)
    draft = contacts.get(cid).draft
    event = _some_event(db, rng)
    changes = [
        {"circle": rng.choice(CIRCLES)},
        {"notes": rng.choice(["", "We talked about marine biology", "Spoke about the lab"])},
        {"met_at": clock.now - timedelta(days=rng.randint(0, 20)), "event_id": event},
        {"met_at": None, "event_id": None},
        {"display_name": f"Renamed {rng.randint(0, 99)}"},
    ]
    contacts.update(cid, replace(draft, **rng.choice(changes)))


def log_touch(db: Database, _f: FollowUpService, clock: Clock, rng: random.Random) -> None:
    cid = _some_contact(db, rng)
    if cid is None:
        return
    kind = rng.choice(
        [
            InteractionKind.MET,
            InteractionKind.EMAIL,
            InteractionKind.LETTER,
            InteractionKind.CALL,
            InteractionKind.COFFEE,
        ]
    )
    at = clock.now - timedelta(days=rng.randint(0, 25), hours=rng.randint(0, 12))
    event = _some_event(db, rng) if rng.random() < 0.5 else None
    ContactService(db).log_interaction(
        InteractionDraft(contact_id=cid, kind=kind, occurred_at=at, event_id=event, summary="Talked about AI")
    )


def delete_touch(db: Database, _f: FollowUpService, _c: Clock, rng: random.Random) -> None:
    with db.sessions() as s:
        ids = [int(r[0]) for r in s.execute(text("SELECT id FROM interaction ORDER BY id"))]
    if ids:
        ContactService(db).delete_interaction(rng.choice(ids))


def set_cadence(db: Database, followups: FollowUpService, _c: Clock, rng: random.Random) -> None:
    cid = _some_contact(db, rng)
    if cid is not None:
        followups.set_cadence(cid, rng.choice([UNSET, None, 7, 30, 200]))


def act_on_followup(db: Database, followups: FollowUpService, clock: Clock, rng: random.Random) -> None:
    with db.sessions() as s:
        ids = [int(r[0]) for r in s.execute(text("SELECT id FROM followup ORDER BY id"))]
    if not ids:
        return
    fid = rng.choice(ids)
    action = rng.choice(["skip", "complete", "snooze", "reopen"])
    try:
        if action == "skip":
            followups.skip(fid)
        elif action == "complete":
            followups.complete(fid)
        elif action == "snooze":
            followups.snooze(fid, clock.now + timedelta(days=rng.randint(1, 9)))
        else:
            followups.reopen(fid)
    except FollowUpError:
        pass  # done already, or not done: nothing changed


def edit_event(db: Database, _f: FollowUpService, _c: Clock, rng: random.Random) -> None:
    eid = _some_event(db, rng)
    if eid is None:
        return
    if rng.random() < 0.2:
        with db.sessions.begin() as s:
            s.execute(text("DELETE FROM event WHERE id = :id"), {"id": eid})
        return
    events = EventService(db)
    draft = events.get(eid).draft
    kind = rng.choice([EventKind.CAREER_FAIR, EventKind.INFORMATIONAL_INTERVIEW, EventKind.OTHER])
    events.update(eid, replace(draft, name=f"{draft.name.split(' #')[0]} #{rng.randint(0, 999)}", kind=kind))


def delete_contact(db: Database, _f: FollowUpService, _c: Clock, rng: random.Random) -> None:
    cid = _some_contact(db, rng)
    if cid is not None:
        ContactService(db).delete(cid)


def add_contact(db: Database, _f: FollowUpService, clock: Clock, rng: random.Random) -> None:
    event = _some_event(db, rng)
    ContactService(db).create(
        ContactDraft(
            display_name=f"New {rng.randint(0, 999)}",
            circle=rng.choice(CIRCLES),
            met_at=clock.now - timedelta(hours=rng.randint(0, 400)),
            event_id=event,
        )
    )


def change_settings(_db: Database, followups: FollowUpService, _c: Clock, rng: random.Random) -> None:
    followups.save_settings(
        replace(
            FollowUpSettings(),
            default_cadence_days=rng.choice([None, 30, 90]),
            thank_you_window=timedelta(days=rng.choice([3, 14])),
        )
    )


def advance(_db: Database, _f: FollowUpService, clock: Clock, rng: random.Random) -> None:
    clock.now += timedelta(hours=rng.randint(1, 24 * 20))


def regenerate(_db: Database, followups: FollowUpService, _c: Clock, _rng: random.Random) -> None:
    followups.regenerate()


OPS: list[Op] = [
    edit_contact,
    log_touch,
    delete_touch,
    set_cadence,
    act_on_followup,
    edit_event,
    delete_contact,
    add_contact,
    change_settings,
    advance,
    regenerate,
    regenerate,
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 2**32)), min_size=1, max_size=14))
def test_incremental_regeneration_equals_a_full_one(template: Path, steps: list[tuple[Op, int]]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="netdesk-incremental-"))
    try:
        shutil.copy(template / DB_FILENAME, folder / DB_FILENAME)
        db = open_database(folder)
        try:
            clock = Clock()
            followups = FollowUpService(db, clock=clock)
            for op, seed in steps:
                op(db, followups, clock, random.Random(seed))
            followups.regenerate()
            incremental = _queue(db)
            assert followups.pending() == 0
            assert followups.regenerate_all() == 0, [op.__name__ for op, _ in steps]
            assert _queue(db) == incremental
        finally:
            db.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
