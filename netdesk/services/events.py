"""Event use cases: the events the user went to, and "find or create by name" for quick capture."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from netdesk.domain.models import Event, EventDraft
from netdesk.normalize.text import clean_text
from netdesk.services.contacts import NotFoundError
from netdesk.services.database import Database
from netdesk.storage import events as repo
from netdesk.storage.models import EventRow


class EventInputError(ValueError):
    """An event that cannot be saved; the message says what to fix."""


def _clean(draft: EventDraft) -> EventDraft:
    name = clean_text(draft.name, limit=200)
    if not name:
        raise EventInputError("Give the event a name, e.g. “Fall Career Fair”.")
    if draft.starts_at and draft.ends_at and draft.ends_at < draft.starts_at:
        raise EventInputError("The event ends before it starts; check the dates.")
    if draft.cards_given < 0:
        raise EventInputError("Cards given cannot be negative.")
    return replace(
        draft,
        name=name,
        location=clean_text(draft.location, limit=300),
        goals=clean_text(draft.goals, limit=5000, multiline=True),
        notes=clean_text(draft.notes, limit=20000, multiline=True),
    )


def _insert(s: Session, row: EventRow) -> EventRow | None:
    """``row`` inserted, or None when an event with its exact name exists (UNIQUE): the savepoint
    undoes just the failed insert and keeps the caller's transaction going."""
    try:
        with s.begin_nested():
            s.add(row)
            s.flush()
    except IntegrityError:
        return None
    return row


class EventService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self) -> list[Event]:
        with self.db.sessions() as s:
            return repo.all_events(s)

    def get(self, event_id: int) -> Event:
        with self.db.sessions() as s:
            row = s.get(EventRow, event_id)
            if row is None:
                raise NotFoundError(f"Event {event_id} no longer exists.")
            return repo.to_event(s, row)

    def find(self, name: str) -> Event | None:
        with self.db.sessions() as s:
            row = repo.find_by_name(s, name)
            return repo.to_event(s, row) if row else None

    def create(self, draft: EventDraft) -> Event:
        draft = _clean(draft)
        exists = EventInputError(f"An event called “{draft.name}” already exists; pick it instead.")
        # BEGIN IMMEDIATE: the name check and the insert happen under the write lock, so a
        # second process creating the same event waits and then finds it.
        with self.db.writes.begin() as s:
            if repo.find_by_name(s, draft.name) is not None:
                raise exists
            row = EventRow()
            repo.apply_draft(row, draft)
            if _insert(s, row) is None:
                raise exists
            event_id = row.id
        return self.get(event_id)

    def get_or_create(self, s: Session, name: str) -> EventRow:
        """Inside a caller's transaction: the event called ``name``, created if new.

        Callers should hold the write lock (``db.writes``) so the look-up is current; if another
        writer still got the name in first, its row is read back instead of failing on UNIQUE.
        """
        row = repo.find_by_name(s, name)
        if row is None:
            fresh = EventRow()
            repo.apply_draft(fresh, _clean(EventDraft(name=name)))
            row = _insert(s, fresh) or repo.find_by_name(s, name)
            assert row is not None  # the UNIQUE conflict means a row with this name exists
        return row

    def update(self, event_id: int, draft: EventDraft) -> Event:
        draft = _clean(draft)
        with self.db.writes.begin() as s:
            row = s.get(EventRow, event_id)
            if row is None:
                raise NotFoundError(f"Event {event_id} no longer exists.")
            other = repo.find_by_name(s, draft.name)
            if other is not None and other.id != event_id:
                raise EventInputError(f"Another event is already called “{draft.name}”.")
            repo.apply_draft(row, draft)
        return self.get(event_id)
