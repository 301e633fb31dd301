"""The pitch names the linked person's organisation, how you met them and the mode you chose."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from netdesk.domain.interviews import FoundVia, InterviewDraft, InterviewMode
from netdesk.domain.models import ContactDraft, EventDraft, EventKind
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database
from netdesk.services.drafts import DraftService, Profile
from netdesk.services.events import EventService
from netdesk.services.interviews import InterviewService

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


@pytest.fixture
def service(db: Database) -> InterviewService:
    DraftService(db).save_profile(
        Profile(my_name="Ana Lima", my_school="UMass Dartmouth", my_major="Biology", my_year="junior")
    )
    return InterviewService(db, clock=lambda: NOW)


def _person(db: Database, *, event: str = "", introducer: str = "", org: str = "Harbor Labs") -> int:
    contacts = ContactService(db)
    event_id = (
        EventService(db).create(EventDraft(name=event, kind=EventKind.CAREER_FAIR)).id if event else None
    )
    intro = contacts.create(ContactDraft(display_name=introducer)).id if introducer else None
    return contacts.create(
        ContactDraft(
            display_name="Dana Reyes",
            given_name="Dana",
            organization=org,
            event_id=event_id,
            met_at=NOW if event_id else None,
            introduced_by_id=intro,
        )
    ).id


@pytest.mark.parametrize(
    ("mode", "phrase"),
    [
        (InterviewMode.VIDEO, "for an informational interview by video call?"),
        (InterviewMode.PHONE, "for an informational interview by phone?"),
        (InterviewMode.IN_PERSON, "for an informational interview in person?"),
        (None, "for an informational interview in person or by phone?"),
    ],
)
def test_pitch_offers_the_mode_chosen(
    db: Database, service: InterviewService, mode: InterviewMode | None, phrase: str
) -> None:
    dana = _person(db, event="Fall Career Fair")
    pitch = service.pitch_for(InterviewDraft(field="software", contact_id=dana, mode=mode))
    assert phrase in pitch


def test_pitch_says_where_you_met_and_uses_their_organisation(
    db: Database, service: InterviewService
) -> None:
    dana = _person(db, event="Fall Career Fair", introducer="Prof. Kim")
    pitch = service.pitch_for(InterviewDraft(field="software", contact_id=dana, organization="Old Name Inc"))
    assert pitch.startswith("Hello Dana,")
    assert "We met at Fall Career Fair, where Prof. Kim introduced us." in pitch
    assert "your work at Harbor Labs" in pitch and "Old Name" not in pitch
    assert "[" not in pitch


def test_pitch_by_introduction_and_cold_outreach(db: Database, service: InterviewService) -> None:
    dana = _person(db, introducer="Prof. Kim")
    assert "Prof. Kim suggested I speak with you." in service.pitch_for(
        InterviewDraft(field="software", contact_id=dana)
    )
    cold = service.pitch_for(
        InterviewDraft(field="software", organization="Acme Robotics", found_via=FoundVia.LINKEDIN)
    )
    assert "I found your profile on LinkedIn." in cold and "your work at Acme Robotics" in cold
    assert "We met" not in cold and "suggested" not in cold
