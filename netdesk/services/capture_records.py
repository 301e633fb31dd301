"""Reads of what event mode stored, without the capture engine: the cards still waiting for
review and a contact's card photos.

Why apart from ``pending_captures`` and ``event_capture``: those import OpenCV and zxing-cpp,
which cost most of a second; the window needs these reads before its first paint (the review
badge) and on every contact it opens (the card photo), and must not load a camera stack for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from netdesk.services.database import Database
from netdesk.storage.event_models import ContactImageRow, PendingCaptureRow
from netdesk.storage.models import EventRow

PENDING = "pending"


@dataclass(frozen=True, slots=True)
class Waiting:
    """How many cards of one event still wait for review."""

    event_id: int
    event_name: str
    count: int


def waiting_text(waiting: Iterable[Waiting]) -> str:
    """ "3 cards to review from Fall Career Fair" (or "… from 2 events"); "" when none wait."""
    items = [w for w in waiting if w.count > 0]
    total = sum(w.count for w in items)
    if not total:
        return ""
    cards = "1 card" if total == 1 else f"{total} cards"
    where = items[0].event_name if len(items) == 1 else f"{len(items)} events"
    return f"{cards} to review from {where}"


def waiting(db: Database) -> list[Waiting]:
    """Waiting cards per event, the event with the newest card first."""
    with db.sessions() as s:
        rows = s.execute(
            select(EventRow.id, EventRow.name, func.count(PendingCaptureRow.id))
            .join(PendingCaptureRow, PendingCaptureRow.event_id == EventRow.id)
            .where(PendingCaptureRow.status == PENDING)
            .group_by(EventRow.id, EventRow.name)
            .order_by(func.max(PendingCaptureRow.id).desc())
        ).all()
        return [Waiting(int(i), str(name), int(n)) for i, name, n in rows]


def review_badge(db: Database) -> tuple[int, str]:
    """(cards waiting in all events, the sentence saying so)."""
    found = waiting(db)
    return sum(w.count for w in found), waiting_text(found)


def card_images(db: Database, contact_id: int) -> list[Path]:
    """The photos of the cards this person gave, oldest first."""
    with db.sessions() as s:
        paths = s.scalars(
            select(ContactImageRow.path)
            .where(ContactImageRow.contact_id == contact_id)
            .order_by(ContactImageRow.id)
        )
        return [db.images_dir / p for p in paths]
