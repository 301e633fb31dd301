"""Pending captures against a real database: stored at once, with picture, read back exactly,
duplicates kept as rows, accepted in the capture's transaction, discarded and undone."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pytest

from netdesk.domain.models import ContactDraft, Email, EventDraft
from netdesk.services.card_scanning import FoundCard, card_key, payload_key
from netdesk.services.contacts import ContactService, NotFoundError
from netdesk.services.event_capture import CaptureError, EventCaptureService
from netdesk.services.events import EventService
from netdesk.services.pending_captures import (
    DUPLICATE,
    PENDING,
    PendingCaptureService,
    Waiting,
    waiting_text,
)

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


@pytest.fixture
def pending(db: Any) -> PendingCaptureService:
    return PendingCaptureService(db, EventCaptureService(db, clock=lambda: NOW), clock=lambda: NOW)


@pytest.fixture
def event_id(db: Any) -> int:
    return EventService(db).create(EventDraft(name="Fall Career Fair")).id


def qr_card(name: str, email: str) -> FoundCard:
    text = f"MECARD:N:{name};EMAIL:{email};;"
    frame = np.full((60, 100, 3), 200, dtype=np.uint8)
    draft = ContactDraft(display_name=name, emails=(Email(email),))
    return FoundCard(draft, "camera", payload_key(text), text=text, frame=frame)


def ocr_card(name: str) -> FoundCard:
    draft = ContactDraft(display_name=name, title="Recruiter")
    crop = np.full((40, 80, 3), 90, dtype=np.uint8)
    quad = ((1.0, 2.0), (30.0, 2.0), (30.0, 12.0), (1.0, 12.0))
    return FoundCard(
        draft,
        "photo",
        card_key(draft),
        file="/photos/card 1.jpg",
        ocr=True,
        confidence=MappingProxyType({"display_name": 0.97, "title": 0.41}),
        crop=crop,
        outlines=MappingProxyType({"title": (quad,)}),
    )


def test_a_found_card_is_stored_with_its_picture_and_read_back(
    pending: PendingCaptureService, event_id: int, db: Any
) -> None:
    stored = pending.store_pending(event_id, ocr_card("Fatima Lee"))
    assert stored.status == PENDING and stored.image is not None
    assert oct(stored.image.stat().st_mode & 0o777) == oct(0o600)
    assert stored.image.is_relative_to(db.images_dir)
    [again] = PendingCaptureService(db).pending(event_id)  # as a restarted window reads it
    card = again.card
    assert again.id == stored.id and card.name == "Fatima Lee" and card.draft.title == "Recruiter"
    assert card.ocr and dict(card.confidence) == {"display_name": 0.97, "title": 0.41}
    assert card.low_confidence() == ("title",)
    assert card.outlines["title"] == (((1.0, 2.0), (30.0, 2.0), (30.0, 12.0), (1.0, 12.0)),)
    assert card.file == "/photos/card 1.jpg" and card.key == card_key(card.draft)
    assert card.crop is not None and card.crop.shape[:2] == (40, 80)
    assert pending.waiting_count(event_id) == 1


def test_a_card_seen_again_is_a_duplicate_row_not_dropped(
    pending: PendingCaptureService, event_id: int
) -> None:
    first = pending.store_pending(event_id, qr_card("Hannah Müller", "hm@blueheron.io"))
    second = pending.store_pending(event_id, qr_card("Hannah Müller", "hm@blueheron.io"))
    assert first.status == PENDING
    assert second.status == DUPLICATE and second.duplicate_of == "Hannah Müller"
    assert pending.waiting_count(event_id) == 1  # a duplicate never counts as waiting
    pending.accept(first.id)
    third = pending.store_pending(event_id, qr_card("Hannah Müller", "hm@blueheron.io"))
    assert third.status == DUPLICATE and third.duplicate_of == "Hannah Müller"


def test_accepting_makes_the_contact_with_the_kept_picture(
    pending: PendingCaptureService, event_id: int, db: Any
) -> None:
    stored = pending.store_pending(event_id, qr_card("Hannah Müller", "hm@blueheron.io"))
    outcome = pending.accept(stored.id, conversation="Data internship")
    assert outcome.action == "added"
    assert pending.capture.card_images(outcome.contact_id) == [stored.image]
    assert len(list(db.images_dir.rglob("*.jpg"))) == 1  # no second copy
    assert pending.waiting_count(event_id) == 0 and pending.pending(event_id) == []
    with pytest.raises(CaptureError, match="already reviewed"):
        pending.accept(stored.id)
    assert ContactService(db).count() == 1


def test_a_card_settled_elsewhere_meanwhile_adds_nobody(
    pending: PendingCaptureService, event_id: int, db: Any
) -> None:
    stored = pending.store_pending(event_id, qr_card("Hannah Müller", "hm@blueheron.io"))
    with pytest.raises(CaptureError):
        pending.capture.add(event_id, stored.card.draft, card=stored.card, pending_id=stored.id + 99)
    assert ContactService(db).count() == 0
    assert pending.waiting_count(event_id) == 1


def test_discard_and_undo(pending: PendingCaptureService, event_id: int) -> None:
    a = pending.store_pending(event_id, qr_card("Ana Silva", "ana@example.org"))
    b = pending.store_pending(event_id, qr_card("Bo Chen", "bo@example.org"))
    dup = pending.store_pending(event_id, qr_card("Bo Chen", "bo@example.org"))
    assert pending.discard(a.id) and not pending.discard(a.id)
    assert [p.id for p in pending.pending(event_id)] == [b.id]
    assert pending.undiscard(a.id)
    assert [p.id for p in pending.pending(event_id)] == [a.id, b.id]
    assert pending.discard_event(event_id) == (a.id, b.id)  # the duplicate row is not waiting
    assert pending.waiting() == []
    assert pending.undiscard_many([a.id, b.id]) == (a.id, b.id)
    assert pending.waiting() == [Waiting(event_id, "Fall Career Fair", 2)]
    assert pending.discard(dup.id) and pending.undiscard(dup.id)
    assert pending.get(dup.id).status == DUPLICATE


def test_waiting_text() -> None:
    assert waiting_text([]) == ""
    assert waiting_text([Waiting(1, "Fall Career Fair", 3)]) == "3 cards to review from Fall Career Fair"
    assert waiting_text([Waiting(1, "Social", 1)]) == "1 card to review from Social"
    assert waiting_text([Waiting(1, "A", 2), Waiting(2, "B", 1)]) == "3 cards to review from 2 events"


def test_rows_go_with_their_event_and_a_gone_event_keeps_nothing(
    pending: PendingCaptureService, event_id: int, db: Any
) -> None:
    pending.store_pending(event_id, qr_card("Ana Silva", "ana@example.org"))
    with sqlite3.connect(db.path) as conn:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("DELETE FROM event WHERE id = ?", (event_id,))
    assert pending.waiting() == []
    with pytest.raises(NotFoundError):
        pending.store_pending(event_id, qr_card("Bo Chen", "bo@example.org"))
    assert list(Path(db.images_dir).rglob("*.jpg")) != []  # the first card's picture is left alone
    assert len(list(Path(db.images_dir).rglob("*.jpg"))) == 1  # the refused card's picture is removed
