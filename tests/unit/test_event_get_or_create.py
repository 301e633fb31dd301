"""Creating an event that another writer created a moment earlier never fails on UNIQUE."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from netdesk.domain.models import ContactDraft, EventDraft
from netdesk.services import events as events_module
from netdesk.services.database import Database
from netdesk.services.events import EventInputError, EventService
from netdesk.services.people import PeopleService
from netdesk.storage.models import EventRow


def _blind_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first name look-up misses, as when another process inserted the row after it ran."""
    real: Callable[..., EventRow | None] = events_module.repo.find_by_name
    calls = {"n": 0}

    def find(s: object, name: str) -> EventRow | None:
        calls["n"] += 1
        return None if calls["n"] == 1 else real(s, name)

    monkeypatch.setattr(events_module.repo, "find_by_name", find)


def test_get_or_create_reads_back_the_row_that_won(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    fair = EventService(db).create(EventDraft(name="New Fair"))
    _blind_once(monkeypatch)
    contact = PeopleService(db).add(ContactDraft(display_name="Ada Lovelace"), event_name="New Fair")
    assert contact.draft.event_id == fair.id
    assert [e.id for e in EventService(db).list()] == [fair.id]


def test_create_reports_an_existing_event_not_a_unique_error(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    EventService(db).create(EventDraft(name="New Fair"))
    _blind_once(monkeypatch)
    with pytest.raises(EventInputError, match="already exists"):
        EventService(db).create(EventDraft(name="New Fair"))
    assert len(EventService(db).list()) == 1
