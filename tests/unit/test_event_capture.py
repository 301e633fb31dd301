"""Event capture use cases against a real database: dedupe per event, matching, counters, my card."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from netdesk.capture.frame_source import FrameSourceError, ImageFrameSource
from netdesk.capture.frame_validation import FrameValidator
from netdesk.domain.event_goals import goal_progress
from netdesk.domain.models import ContactDraft, Email, EventDraft, InteractionKind
from netdesk.services.card_scanning import FoundCard, LiveScanner, card_key, payload_key, scan_photo
from netdesk.services.contacts import ContactService
from netdesk.services.event_capture import CaptureError, EventCaptureService
from netdesk.services.events import EventService
from netdesk.services.people import PeopleService
from netdesk.services.profile import MyCard, ProfileError, ProfileService

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


@pytest.fixture
def cards(corpus: Path) -> Path:
    return corpus / "cards"


@pytest.fixture
def service(db: Any) -> EventCaptureService:
    return EventCaptureService(db, clock=lambda: NOW)


@pytest.fixture
def event_id(db: Any) -> int:
    return EventService(db).create(EventDraft(name="Fall Career Fair", goals="talk to 2 employers")).id


def test_validator_needs_two_frames_and_confirms_once() -> None:
    v = FrameValidator(min_frames=2)
    assert v.feed(["A"]) == []
    assert v.feed(["A", "B"]) == ["A"]
    assert v.feed(["A", "B"]) == ["B"]
    assert v.feed(["A", "B"]) == []
    v.forget("A")
    assert v.feed(["A"]) == ["A"]


def test_payload_key_ignores_line_endings() -> None:
    assert payload_key("BEGIN:VCARD\r\nFN:A\r\n") == payload_key("BEGIN:VCARD\nFN:A")
    assert payload_key("a") != payload_key("b")


def test_live_scanner_confirms_a_card_after_two_frames(cards: Path) -> None:
    source = ImageFrameSource([cards / "qr_nominal_00.jpg"], repeat=4)
    source.open()
    scanner = LiveScanner()
    found = []
    while (frame := source.read()) is not None:
        found.extend(scanner.scan(frame).cards)
    assert [c.draft.name for c in found] == ["Hannah Müller"]
    assert found[0].source == "camera" and found[0].frame is not None


def test_image_source_reports_a_bad_file_as_a_sentence(tmp_path: Path) -> None:
    bad = tmp_path / "x.jpg"
    bad.write_bytes(b"not a jpeg")
    with pytest.raises(FrameSourceError, match=r"x\.jpg"):
        ImageFrameSource([bad]).open()


def test_two_card_photo_gives_two_cards(cards: Path) -> None:
    scan = scan_photo(cards / "qr_two_00.jpg")
    assert scan.error is None
    assert len(scan.cards) == 2
    assert len({c.key for c in scan.cards}) == 2


def test_add_links_event_logs_met_keeps_photo_and_never_twice(
    db: Any, service: EventCaptureService, event_id: int, cards: Path
) -> None:
    card = scan_photo(cards / "qr_nominal_00.jpg").cards[0]
    candidate = service.prepare(event_id, card)
    assert not candidate.matched and not candidate.already_captured
    outcome = service.add(event_id, candidate.draft, card=card, conversation="Data internship", lead=True)
    contact = ContactService(db).get(outcome.contact_id)
    assert contact.event_name == "Fall Career Fair"
    assert "lead" in contact.draft.tags
    met = [
        i for i in ContactService(db).interactions(outcome.contact_id) if i.draft.kind is InteractionKind.MET
    ]
    assert [m.draft.summary for m in met] == ["Data internship"]
    images = service.card_images(outcome.contact_id)
    assert len(images) == 1 and images[0].is_file() and images[0].stat().st_size < 400_000
    assert service.prepare(event_id, card).already_captured
    with pytest.raises(CaptureError, match="already captured"):
        service.add(event_id, candidate.draft, card=card)
    assert ContactService(db).count() == 1


def test_known_person_is_matched_and_meeting_logged(
    db: Any, service: EventCaptureService, event_id: int
) -> None:
    known = PeopleService(db).add(
        ContactDraft(display_name="Hannah Müller", emails=(Email("hmller@blueheron.io"),))
    )
    card = FoundCard(
        ContactDraft(display_name="H. Müller", emails=(Email("HMLLER@blueheron.io"),)), "camera", "k1"
    )
    candidate = service.prepare(event_id, card)
    assert candidate.match_id == known.id and "e-mail" in candidate.match_reason
    service.log_meeting(event_id, known.id, card=card, conversation="Asked about Python roles")
    assert ContactService(db).count() == 1
    counters = service.counters(event_id)
    assert (counters.people_met, counters.matched, counters.added, counters.cards_collected) == (1, 1, 0, 1)
    assert service.prepare(event_id, card).already_captured


def test_close_name_and_organisation_is_matched(db: Any, service: EventCaptureService, event_id: int) -> None:
    known = PeopleService(db).add(ContactDraft(display_name="José Núñez", organization="Harbor Music Studio"))
    card = FoundCard(
        ContactDraft(display_name="Jose Nunez", organization="Harbor Music Studio Inc."), "photo", "k"
    )
    assert service.prepare(event_id, card).match_id == known.id


def test_counters_goals_cards_given_and_summary(db: Any, service: EventCaptureService, event_id: int) -> None:
    service.add(event_id, ContactDraft(display_name="Ana Lima", organization="Moderna"), conversation="mRNA")
    service.add(event_id, ContactDraft(display_name="Ben Ode"), lead=True)
    assert service.give_card(event_id) == 1
    assert service.give_card(event_id, 3) == 4
    assert service.give_card(event_id, -10) == 0
    counters = service.counters(event_id)
    assert counters.people_met == 2 and counters.cards_collected == 0
    assert counters.goals[0].done == 2 and counters.goals[0].complete
    summary = service.summary(event_id)
    assert [p.name for p in summary.people] == ["Ana Lima", "Ben Ode"]
    assert summary.people[0].conversation == "mRNA"
    assert summary.leads == 1
    assert summary.followups_created >= 2  # a thank-you for each person met


def test_goal_parsing() -> None:
    goals = goal_progress(
        "talk to 5 employers\nhand out 15 cards; collect 10 cards\ntargets: Moderna, WHOI\nbe brave",
        people_met=3,
        cards_given=4,
        cards_collected=2,
        met_names=["Ana Lima Moderna"],
    )
    assert [(g.measure, g.done, g.target) for g in goals] == [
        ("people", 3, 5),
        ("cards_given", 4, 15),
        ("cards_collected", 2, 10),
        ("targets", 1, 2),
        ("check", 0, 1),  # "be brave": a checkbox goal, never left out
    ]


def test_ocr_card_key_is_stable() -> None:
    a = ContactDraft(display_name="Zoë Rossi", emails=(Email("z@x.org"),))
    assert card_key(a) == card_key(ContactDraft(display_name="zoe rossi", emails=(Email("Z@x.org"),)))


def test_my_card_round_trips_and_exports(db: Any, tmp_path: Path) -> None:
    profiles = ProfileService(db, fallback=MyCard)
    assert profiles.get().is_empty
    with pytest.raises(ProfileError) as err:
        profiles.save(MyCard(display_name="Ana", email="not-an-address"))
    assert err.value.field == "email"
    card = profiles.save(
        MyCard(display_name="Ana Souza", email="asouza@umassd.edu", linkedin="linkedin.com/in/AnaSouza/")
    )
    assert card.linkedin == "https://www.linkedin.com/in/anasouza"
    assert profiles.get() == card
    text = profiles.vcard()
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n") and "FN:Ana Souza\r\n" in text
    png = profiles.export_png(tmp_path / "me.png")
    svg = profiles.export_svg(tmp_path / "me.svg")
    vcf = profiles.export_vcf(tmp_path / "me.vcf")
    assert png.read_bytes().startswith(b"\x89PNG") and b"<svg" in svg.read_bytes()
    assert vcf.read_bytes().decode("utf-8") == text
    # The exported QR code decodes back to the exact vCard.
    from netdesk.capture import decode, load_image

    assert [c.text for c in decode(load_image(png))] == [text]


def test_keeps_a_reduced_copy_of_a_large_frame(db: Any, service: EventCaptureService, event_id: int) -> None:
    frame = np.full((3000, 4000, 3), 200, np.uint8)
    card = FoundCard(ContactDraft(display_name="Big Photo"), "camera", "big", frame=frame)
    outcome = service.add(event_id, card.draft, card=card)
    from netdesk.capture import load_image

    kept = load_image(service.card_images(outcome.contact_id)[0])
    assert max(kept.shape[:2]) == 1600


def test_goal_numbers_that_are_not_head_counts_become_checkbox_goals() -> None:
    from netdesk.domain.event_goals import goal_progress

    goals = "Talk to 5 employers; practise the 30-second introduction; stay 2 hours; bring 20 résumés"
    progress = goal_progress(goals, people_met=8, cards_given=0, cards_collected=0)
    assert [(p.measure, p.target) for p in progress] == [
        ("people", 5),
        ("check", 1),
        ("check", 1),
        ("check", 1),
    ]
