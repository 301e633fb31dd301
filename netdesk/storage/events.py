"""Event repository."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from netdesk.domain.models import Event, EventDraft, EventKind
from netdesk.storage.models import ContactRow, EventRow


def to_draft(row: EventRow) -> EventDraft:
    try:
        kind = EventKind(row.kind)
    except ValueError:
        kind = EventKind.OTHER
    return EventDraft(
        name=row.name,
        kind=kind,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        location=row.location,
        goals=row.goals,
        notes=row.notes,
        cards_given=row.cards_given,
    )


def apply_draft(row: EventRow, draft: EventDraft) -> None:
    row.name = draft.name
    row.kind = draft.kind.value
    row.starts_at = draft.starts_at
    row.ends_at = draft.ends_at
    row.location = draft.location
    row.goals = draft.goals
    row.notes = draft.notes
    row.cards_given = draft.cards_given


def all_events(session: Session) -> list[Event]:
    counts = dict(
        session.execute(
            select(ContactRow.event_id, func.count())
            .where(ContactRow.event_id.is_not(None))
            .group_by(ContactRow.event_id)
        ).all()
    )
    rows = session.scalars(
        select(EventRow).order_by(func.coalesce(func.julianday(EventRow.starts_at), 0).desc(), EventRow.name)
    )
    return [Event(id=r.id, draft=to_draft(r), contact_count=int(counts.get(r.id, 0))) for r in rows]


def to_event(session: Session, row: EventRow) -> Event:
    count = session.scalar(select(func.count()).where(ContactRow.event_id == row.id)) or 0
    return Event(id=row.id, draft=to_draft(row), contact_count=int(count))


def find_by_name(session: Session, name: str) -> EventRow | None:
    wanted = " ".join(name.split()).casefold()
    for row in session.scalars(select(EventRow)):
        if " ".join(row.name.split()).casefold() == wanted:
            return row
    return None
