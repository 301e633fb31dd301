"""Cards waiting for review: stored the moment they are found, so nothing scanned is ever lost.

A card found by the camera, in a photo or by OCR is written to ``pending_capture`` (with its
picture under ``Database.images_dir``) before it even reaches the review list. It stays there
through End event, quitting, a crash and a restart until the person accepts it (it becomes a
contact or a logged meeting: ``EventCaptureService.add``/``log_meeting`` settle the row in the
same transaction that records the capture) or discards it (kept, so the discard can be undone).

A card seen again at the same event (captured before, or still waiting) is stored too, marked
"already captured", so five photos always give five rows; it never counts as waiting.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import cv2
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from netdesk.capture import ImageError, load_image
from netdesk.domain.file_names import printable, shown_path
from netdesk.domain.models import ContactDraft
from netdesk.interchange.snapshot import draft_from_json, draft_to_json
from netdesk.services import capture_records
from netdesk.services.capture_records import PENDING, Waiting, waiting_text
from netdesk.services.card_scanning import FoundCard, Frame
from netdesk.services.contacts import NotFoundError
from netdesk.services.database import Database
from netdesk.services.event_capture import (
    CaptureError,
    CaptureOutcome,
    EventCaptureService,
    _unlink,
    save_card_image,
)
from netdesk.storage.event_models import ContactImageRow, EventCaptureRow, PendingCaptureRow
from netdesk.storage.models import ContactRow, EventRow, utcnow

DUPLICATE = "duplicate"
ACCEPTED = "accepted"
DISCARDED = "discarded"


@dataclass(frozen=True, slots=True)
class PendingCapture:
    """One stored card as the review list needs it; ``card`` carries what was read."""

    id: int
    event_id: int
    card: FoundCard
    status: str
    duplicate_of: str = ""  # the name it was captured as before ("already captured — <name>")
    image: Path | None = None  # absolute path of the kept picture
    created_at: datetime | None = None

    @property
    def waiting(self) -> bool:
        return self.status == PENDING

    @property
    def duplicate(self) -> bool:
        return self.status == DUPLICATE


class PendingCaptureService:
    """Stores, lists and settles pending captures; ``capture`` does the accepting itself."""

    def __init__(
        self, db: Database, capture: EventCaptureService | None = None, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self.db = db
        self.clock = clock
        self.capture = capture if capture is not None else EventCaptureService(db, clock=clock)

    # -- storing -------------------------------------------------------------------------------
    def store_pending(self, event_id: int, found: FoundCard) -> PendingCapture:
        """Keep ``found`` now (its picture first, then the row), marked duplicate when seen before."""
        image = self._keep_image(event_id, found)
        try:
            with self.db.sessions.begin() as s:
                if s.get(EventRow, event_id) is None:
                    raise NotFoundError("That event was deleted meanwhile; the card was not kept.")
                seen = self._seen_as(s, event_id, found.key)
                row = PendingCaptureRow(
                    event_id=event_id,
                    payload_key=found.key,
                    payload_text=found.text,
                    draft_json=draft_to_json(found.draft),
                    confidence_json=json.dumps(dict(found.confidence)),
                    outlines_json=json.dumps(
                        {k: [list(map(list, q)) for q in v] for k, v in found.outlines.items()}
                    ),
                    ocr=found.ocr,
                    source=found.source,
                    file_name=printable(shown_path(found.file)) if found.file else "",
                    image_path=image,
                    status=PENDING if seen is None else DUPLICATE,
                    duplicate_of=(seen or "")[:300],
                    created_at=self.clock(),
                )
                s.add(row)
                s.flush()
                return self._item(row, found)
        except BaseException:
            _unlink(self.db.images_dir, image)
            raise

    def _seen_as(self, s: Session, event_id: int, key: str) -> str | None:
        """The name a card with ``key`` was captured as at this event (stored or waiting), if any."""
        if not key:
            return None
        captured = s.execute(
            select(EventCaptureRow.id, ContactRow.display_name)
            .outerjoin(ContactRow, ContactRow.id == EventCaptureRow.contact_id)
            .where(EventCaptureRow.event_id == event_id, EventCaptureRow.payload_key == key)
        ).first()
        if captured is not None:
            return captured[1] or "someone stored earlier"
        waiting = s.scalar(
            select(PendingCaptureRow.draft_json)
            .where(
                PendingCaptureRow.event_id == event_id,
                PendingCaptureRow.payload_key == key,
                PendingCaptureRow.status == PENDING,
            )
            .order_by(PendingCaptureRow.id)
            .limit(1)
        )
        if waiting is None:
            return None
        return draft_from_json(waiting)[0].name or "a card waiting for review"

    def _keep_image(self, event_id: int, found: FoundCard) -> str | None:
        """The card's picture, written atomically (0600) before its row commits.

        A camera card keeps its frame; a photo with a code keeps the photo itself (reduced, as a
        contact's card image); an OCR card keeps the crop its outlines were measured on.
        """
        frame: Frame | None = found.frame
        if frame is None and found.file and not found.ocr:
            try:
                frame = load_image(found.file, grayscale=False)
            except ImageError:
                frame = None
        if frame is None:
            frame = found.crop
        return save_card_image(self.db.images_dir, event_id, frame) if frame is not None else None

    # -- reading -------------------------------------------------------------------------------
    def _item(self, row: PendingCaptureRow, found: FoundCard | None = None) -> PendingCapture:
        card = found if found is not None else self._card(row)
        image = self.db.images_dir / row.image_path if row.image_path else None
        return PendingCapture(row.id, row.event_id, card, row.status, row.duplicate_of, image, row.created_at)

    def _card(self, row: PendingCaptureRow) -> FoundCard:
        draft, _extras = draft_from_json(row.draft_json)
        confidence: dict[str, float] = {
            str(k): float(v) for k, v in _json_object(row.confidence_json).items()
        }
        outlines = {
            str(k): tuple(tuple((float(x), float(y)) for x, y in quad) for quad in v)
            for k, v in _json_object(row.outlines_json).items()
        }
        crop = None
        if row.image_path:
            path = self.db.images_dir / row.image_path
            crop = cv2.imread(str(path), cv2.IMREAD_COLOR) if path.is_file() else None
        return FoundCard(
            draft=draft,
            source=row.source,
            key=row.payload_key,
            text=row.payload_text,
            file=row.file_name or None,
            ocr=row.ocr,
            confidence=MappingProxyType(confidence),
            crop=crop,  # type: ignore[arg-type]
            outlines=MappingProxyType(outlines),
        )

    def pending(self, event_id: int) -> list[PendingCapture]:
        """The cards of ``event_id`` still waiting for review, oldest first, pictures loaded."""
        with self.db.sessions() as s:
            rows = s.scalars(
                select(PendingCaptureRow)
                .where(PendingCaptureRow.event_id == event_id, PendingCaptureRow.status == PENDING)
                .order_by(PendingCaptureRow.id)
            ).all()
            return [self._item(row) for row in rows]

    def get(self, pending_id: int) -> PendingCapture:
        with self.db.sessions() as s:
            row = s.get(PendingCaptureRow, pending_id)
            if row is None:
                raise NotFoundError("That card was removed meanwhile.")
            return self._item(row)

    def waiting_count(self, event_id: int) -> int:
        with self.db.sessions() as s:
            stmt = select(func.count(PendingCaptureRow.id)).where(
                PendingCaptureRow.event_id == event_id, PendingCaptureRow.status == PENDING
            )
            return int(s.scalar(stmt) or 0)

    def waiting(self) -> list[Waiting]:
        """Waiting cards per event, the event with the newest card first."""
        return capture_records.waiting(self.db)

    # -- settling ------------------------------------------------------------------------------
    def accept(
        self,
        pending_id: int,
        draft: ContactDraft | None = None,
        *,
        match_id: int | None = None,
        conversation: str = "",
        lead: bool = False,
    ) -> CaptureOutcome:
        """Store the card as a new person (``draft``, else as read) or, with ``match_id``, log the
        meeting with someone known; the row is settled in the capture's own transaction."""
        item = self.get(pending_id)
        if not item.waiting:
            raise CaptureError(f"{item.card.name or 'This card'} was already reviewed; nothing to do.")
        card = replace(item.card, crop=None, frame=None)
        if match_id is not None:
            return self.capture.log_meeting(
                item.event_id,
                match_id,
                card=card,
                conversation=conversation,
                lead=lead,
                pending_id=pending_id,
            )
        return self.capture.add(
            item.event_id,
            draft if draft is not None else item.card.draft,
            card=card,
            conversation=conversation,
            lead=lead,
            pending_id=pending_id,
        )

    def _move(self, ids: Iterable[int], before: tuple[str, ...], after: str | None) -> tuple[int, ...]:
        """Change the status of the rows among ``ids`` that are in ``before``; the ids changed."""
        wanted = list(ids)
        if not wanted:
            return ()
        with self.db.sessions.begin() as s:
            rows = s.scalars(
                select(PendingCaptureRow).where(
                    PendingCaptureRow.id.in_(wanted), PendingCaptureRow.status.in_(before)
                )
            ).all()
            for row in rows:
                row.status = after or (DUPLICATE if row.duplicate_of else PENDING)
            return tuple(sorted(row.id for row in rows))

    def discard(self, pending_id: int) -> bool:
        """Leave a waiting (or duplicate) card out; False when it was already settled."""
        return bool(self._move([pending_id], (PENDING, DUPLICATE), DISCARDED))

    def undiscard(self, pending_id: int) -> bool:
        """Undo ``discard``: the card waits for review again."""
        return bool(self._move([pending_id], (DISCARDED,), None))

    def discard_event(self, event_id: int) -> tuple[int, ...]:
        """Discard every card of the event still waiting (one transaction); their ids, for undo."""
        with self.db.sessions() as s:
            ids = s.scalars(
                select(PendingCaptureRow.id).where(
                    PendingCaptureRow.event_id == event_id, PendingCaptureRow.status == PENDING
                )
            ).all()
        return self._move(ids, (PENDING,), DISCARDED)

    def undiscard_many(self, ids: Iterable[int]) -> tuple[int, ...]:
        return self._move(ids, (DISCARDED,), None)


def settle_pending(s: Session, pending_id: int, contact_id: int, event_id: int) -> None:
    """Inside the capture's transaction: the card became ``contact_id``; its picture goes with it.

    Raises CaptureError (rolling the capture back) when the card was settled meanwhile, e.g.
    accepted in another window, so one card never makes two people.
    """
    settled = s.execute(
        update(PendingCaptureRow)
        .where(PendingCaptureRow.id == pending_id, PendingCaptureRow.status == PENDING)
        .values(status=ACCEPTED, contact_id=contact_id)
    )
    if settled.rowcount != 1:  # type: ignore[attr-defined]
        raise CaptureError("That card was already reviewed in another window; nothing was stored twice.")
    image = s.scalar(select(PendingCaptureRow.image_path).where(PendingCaptureRow.id == pending_id))
    if image:
        s.add(ContactImageRow(contact_id=contact_id, event_id=event_id, path=image, kind="card"))


def _json_object(text: str) -> Mapping[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


__all__ = [
    "ACCEPTED",
    "DISCARDED",
    "DUPLICATE",
    "PENDING",
    "PendingCapture",
    "PendingCaptureService",
    "Waiting",
    "settle_pending",
    "waiting_text",
]
