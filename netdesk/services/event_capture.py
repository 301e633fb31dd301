"""Event mode's use cases: match a found card against the network, store it once, count.

The worker threads only find cards (``card_scanning``); everything that touches the database
happens here, on the caller's thread. Rules:

- the same payload is stored at most once per event (``event_capture`` has a unique key), even
  across restarts, so a card shown twice or in two photos never makes two people;
- someone already in the network (same e-mail, phone, LinkedIn profile, or a close name and
  organisation, as in ``interchange.matching``) gets the meeting logged instead of a duplicate;
- every capture links the person to the event and logs a "met" interaction with the
  conversation note, through ``PeopleService.add`` like every other way of adding a person;
- a photo of the card is kept as a reduced JPEG under ``Database.images_dir``;
- a card that waited for review (``pending_id``, see ``pending_captures``) keeps the picture it
  was stored with, and its pending row is settled in the same transaction as the capture;
- the Lead box makes a real lead (``leads.lead_from_meeting``: Leads page, linked to the person
  and the event) in the transaction that stores the person, the capture record and the pending
  row, so a failed save leaves none of them; the person is also tagged "lead".

Counters, goals and the summary are in ``event_counts``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import cv2
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from netdesk.capture import ImageError, load_image
from netdesk.domain.models import ContactDraft, Event, EventDraft, InteractionKind
from netdesk.interchange.matching import DuplicateIndex
from netdesk.interchange.textio import atomic_write_bytes
from netdesk.services import capture_records
from netdesk.services.card_scanning import FoundCard, Frame
from netdesk.services.contacts import ContactInputError, NotFoundError
from netdesk.services.database import Database
from netdesk.services.event_counts import (
    LEAD_TAG,
    EventCounters,
    EventCounting,
    EventSummary,
    PersonMet,
)
from netdesk.services.events import EventService
from netdesk.services.leads import LeadService, add_met_lead, lead_from_meeting
from netdesk.services.people import PeopleService
from netdesk.services.validation import DraftInvalidError, FieldProblem, clean_draft
from netdesk.storage import contacts as contact_repo
from netdesk.storage.event_models import ContactImageRow, EventCaptureRow
from netdesk.storage.models import (
    ContactEmailRow,
    ContactPhoneRow,
    ContactRow,
    ContactTagRow,
    ContactUrlRow,
    InteractionRow,
    utcnow,
)

#: Longest side of a kept card photo: sharp enough to read a phone number, ~150 KB.
IMAGE_MAX_SIDE = 1600


class CaptureError(ValueError):
    """A capture that cannot be stored as asked; the message says what to do instead."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A found card checked against the network and this event, ready for the review list."""

    card: FoundCard
    draft: ContactDraft  # cleaned when possible, else as found
    problems: tuple[FieldProblem, ...] = ()
    match_id: int | None = None
    match_name: str = ""
    match_reason: str = ""
    already_captured: bool = False

    @property
    def name(self) -> str:
        return self.draft.name or self.card.name

    @property
    def matched(self) -> bool:
        return self.match_id is not None


@dataclass(frozen=True, slots=True)
class CaptureOutcome:
    contact_id: int
    name: str
    action: str  # "added" or "matched"


class EventCaptureService(EventCounting):
    """``clock`` is injectable for tests; ``region`` is where phone numbers without + are.
    Counters, goals and the summary come from ``EventCounting`` (``event_counts``)."""

    def __init__(self, db: Database, clock: Callable[[], datetime] = utcnow, region: str = "US") -> None:
        self.db = db
        self.clock = clock
        self.region = region
        self.people = PeopleService(db)
        self.events = EventService(db)
        self._index: DuplicateIndex | None = None
        self._names: dict[int, str] = {}
        self._stamp: tuple[object, ...] | None = None

    # -- matching ------------------------------------------------------------------------------
    def _network(self, s: Session) -> tuple[DuplicateIndex, dict[int, str]]:
        """The match index of every stored contact, rebuilt only when contacts changed."""
        counts = s.execute(
            select(func.count(ContactRow.id), func.max(ContactRow.id), func.max(ContactRow.updated_at))
        ).one()
        stamp = (
            *counts,
            s.scalar(select(func.count(ContactEmailRow.id))),
            s.scalar(select(func.count(ContactPhoneRow.id))),
            s.scalar(select(func.count(ContactUrlRow.id))),
        )
        if self._index is not None and stamp == self._stamp:
            return self._index, self._names
        index = DuplicateIndex()
        names: dict[int, str] = {}
        for cid, name, stub in contact_repo.match_stubs(s):
            index.add(cid, stub)
            names[cid] = name or stub.organization or f"contact {cid}"
        self._index, self._names, self._stamp = index, names, stamp
        return index, names

    def prepare(self, event_id: int, card: FoundCard) -> Candidate:
        """``card`` cleaned, matched against the network and checked against this event."""
        problems: tuple[FieldProblem, ...] = ()
        try:
            draft = clean_draft(card.draft, self.region)
        except DraftInvalidError as exc:
            draft, problems = card.draft, tuple(exc.problems)
        with self.db.sessions() as s:
            captured = bool(card.key) and self._captured(s, event_id, card.key)
            index, names = self._network(s)
            match = index.find(draft)
        if match is None:
            return Candidate(card, draft, problems, already_captured=captured)
        return Candidate(card, draft, problems, match.key, names.get(match.key, ""), match.reason, captured)

    def prepare_many(self, event_id: int, cards: Sequence[FoundCard]) -> list[Candidate]:
        return [self.prepare(event_id, card) for card in cards]

    @staticmethod
    def _captured(s: Session, event_id: int, key: str) -> bool:
        stmt = select(EventCaptureRow.id).where(
            EventCaptureRow.event_id == event_id, EventCaptureRow.payload_key == key
        )
        return s.scalar(stmt) is not None

    def is_captured(self, event_id: int, key: str) -> bool:
        with self.db.sessions() as s:
            return self._captured(s, event_id, key)

    # -- storing -------------------------------------------------------------------------------
    def _event(self, event_id: int) -> Event:
        return self.events.get(event_id)

    def event_named(self, name: str) -> Event:
        """The event called ``name``, created when new (``scan --event``)."""
        found = self.events.find(name)
        return found if found is not None else self.events.create(EventDraft(name=name))

    def add(
        self,
        event_id: int,
        draft: ContactDraft,
        *,
        card: FoundCard | None = None,
        conversation: str = "",
        lead: bool = False,
        pending_id: int | None = None,
    ) -> CaptureOutcome:
        """Store a new person met at the event (raises DraftInvalidError / CaptureError)."""
        event = self._event(event_id)
        if card is not None and card.key and self.is_captured(event_id, card.key):
            raise CaptureError(f"{card.name or 'This card'} was already captured at {event.name}; skip it.")
        if lead and LEAD_TAG not in {t.casefold() for t in draft.tags}:
            draft = replace(draft, tags=(*draft.tags, LEAD_TAG))
        now = self.clock()
        draft = replace(draft, event_id=event_id, met_at=draft.met_at or now)
        image = self._keep_image(event_id, card) if card is not None and pending_id is None else None
        lead_ids: list[int] = []

        def in_the_same_transaction(s: Session, contact_id: int) -> None:
            self._record(s, event_id, contact_id, card, "added", image, pending_id)
            if lead:
                lead_ids.append(
                    self._lead(s, event_id, contact_id, draft.title, draft.organization, conversation)
                )

        try:
            contact = self.people.add(
                draft, met_at=now, conversation=conversation, region=self.region, also=in_the_same_transaction
            )
        except IntegrityError:
            _unlink(self.db.images_dir, image)
            if card is not None and card.key:
                with self.db.sessions() as s:
                    taken = self._captured(s, event_id, card.key)
                if taken:
                    # The same card was stored by another window or the command line meanwhile:
                    # the first stays, and this person was never written.
                    raise CaptureError(
                        f"{card.name or 'This card'} was already captured at {event.name}; skip it."
                    ) from None
            raise
        except BaseException:  # incl. a waiting card settled in another window meanwhile
            _unlink(self.db.images_dir, image)
            raise
        self._after(contact.id, lead_ids)
        return CaptureOutcome(contact.id, contact.name, "added")

    def log_meeting(
        self,
        event_id: int,
        contact_id: int,
        *,
        card: FoundCard | None = None,
        conversation: str = "",
        lead: bool = False,
        pending_id: int | None = None,
    ) -> CaptureOutcome:
        """Someone already in the network: log this meeting (one transaction), no new contact."""
        event = self._event(event_id)
        image = self._keep_image(event_id, card) if card is not None and pending_id is None else None
        try:
            with self.db.sessions.begin() as s:
                row = s.get(ContactRow, contact_id)
                if row is None:
                    raise NotFoundError("That person was deleted meanwhile; add them as new instead.")
                if card is not None and card.key and self._captured(s, event_id, card.key):
                    raise CaptureError(f"{row.display_name} was already captured at {event.name}; skip it.")
                s.add(
                    InteractionRow(
                        contact_id=contact_id,
                        kind=InteractionKind.MET.value,
                        occurred_at=self.clock(),
                        summary=conversation.strip(),
                        event_id=event_id,
                    )
                )
                lead_ids: list[int] = []
                if lead:
                    if LEAD_TAG not in {t.tag.casefold() for t in row.tags}:
                        row.tags.append(ContactTagRow(tag=LEAD_TAG, position=len(row.tags)))
                    on_card = card.draft if card is not None else None
                    title = (on_card.title if on_card else "") or row.title
                    org = (on_card.organization if on_card else "") or row.organization
                    lead_ids.append(self._lead(s, event_id, contact_id, title, org, conversation))
                self._record(s, event_id, contact_id, card, "matched", image, pending_id)
                name = row.display_name or " ".join(p for p in (row.given_name, row.family_name) if p)
        except BaseException:
            _unlink(self.db.images_dir, image)
            raise
        self._after(contact_id, lead_ids)
        return CaptureOutcome(contact_id, name, "matched")

    @staticmethod
    def _lead(s: Session, event_id: int, contact_id: int, title: str, org: str, conversation: str) -> int:
        """The Lead box: a real lead (Leads page) through this person, heard of at this event,
        written in the transaction that stores the person; 0 when they already have one from here."""
        lead = lead_from_meeting(
            title=title, organization=org, conversation=conversation, event_id=event_id, contact_id=contact_id
        )
        return add_met_lead(s, lead) or 0

    def _after(self, contact_id: int, lead_ids: list[int]) -> None:
        """After the commit: the thank-you follow-up, and the reminders a new lead wants."""
        self._followups(contact_id)
        for lead_id in lead_ids:
            if lead_id:
                LeadService(self.db, clock=self.clock).sync_reminders(lead_id)

    def _record(
        self,
        s: Session,
        event_id: int,
        contact_id: int,
        card: FoundCard | None,
        action: str,
        image: str | None,
        pending_id: int | None = None,
    ) -> None:
        if card is not None and card.key:
            s.add(
                EventCaptureRow(
                    event_id=event_id,
                    payload_key=card.key,
                    contact_id=contact_id,
                    action=action,
                    source=card.source,
                )
            )
        if image is not None:
            s.add(ContactImageRow(contact_id=contact_id, event_id=event_id, path=image, kind="card"))
        if pending_id is not None:
            from netdesk.services.pending_captures import settle_pending  # imports this module

            settle_pending(s, pending_id, contact_id, event_id)
        s.flush()

    def _keep_image(self, event_id: int, card: FoundCard) -> str | None:
        """A reduced JPEG copy of the card photo or frame; its path relative to images_dir."""
        frame: Frame | None = card.frame
        if frame is None and card.file:
            try:
                frame = load_image(card.file, grayscale=False)
            except ImageError:
                return None
        if frame is None:
            return None
        return save_card_image(self.db.images_dir, event_id, frame)

    def card_images(self, contact_id: int) -> list[Path]:
        return capture_records.card_images(self.db, contact_id)


def save_card_image(images_dir: Path, event_id: int, frame: Frame) -> str | None:
    """Write a reduced JPEG of ``frame`` atomically; its path relative to ``images_dir``."""
    height, width = frame.shape[:2]
    scale = min(1.0, IMAGE_MAX_SIDE / max(height, width, 1))
    if scale < 1.0:
        size = (round(width * scale), round(height * scale))
        frame = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)  # type: ignore[assignment]
    ok, encoded = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 85])
    if not ok:
        return None
    relative = Path(f"event-{event_id}") / f"{uuid.uuid4().hex}.jpg"
    target = images_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    atomic_write_bytes(target, encoded.tobytes())
    return relative.as_posix()


def _unlink(images_dir: Path, relative: str | None) -> None:
    if relative:
        (images_dir / relative).unlink(missing_ok=True)


__all__ = [
    "LEAD_TAG",
    "Candidate",
    "CaptureError",
    "CaptureOutcome",
    "ContactInputError",
    "DraftInvalidError",
    "EventCaptureService",
    "EventCounters",
    "EventSummary",
    "PersonMet",
    "save_card_image",
]
