"""The quick-add Lead box makes a real lead (Leads page) through the person, heard of at the
event, in the transaction that stores the person; checkbox goals keep their tick per event."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from netdesk.domain.leads import LeadKind, LeadStatus
from netdesk.domain.models import ContactDraft, EventDraft
from netdesk.services.card_scanning import FoundCard
from netdesk.services.contacts import ContactService
from netdesk.services.event_capture import CaptureError, EventCaptureService
from netdesk.services.events import EventService
from netdesk.services.leads import LeadService, lead_from_meeting
from netdesk.storage.interview_models import LeadRow
from netdesk.storage.models import ContactRow

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


@pytest.fixture
def service(db: Any) -> EventCaptureService:
    return EventCaptureService(db, clock=lambda: NOW)


@pytest.fixture
def event_id(db: Any) -> int:
    goals = "hand out 10 résumés; ask about summer internships\ntalk to 2 employers"
    return EventService(db).create(EventDraft(name="Fall Career Fair", goals=goals)).id


def test_lead_box_on_a_new_person_creates_a_lead_on_the_leads_page(
    db: Any, service: EventCaptureService, event_id: int
) -> None:
    draft = ContactDraft(display_name="Ana Lima", title="Software Intern", organization="Acme")
    outcome = service.add(event_id, draft, conversation="Summer cohort opens in March", lead=True)
    (lead,) = LeadService(db).list()
    assert lead.draft.role == "Software Intern" and lead.draft.organization == "Acme"
    assert lead.what == "Software Intern at Acme"
    assert lead.draft.contact_ids == (outcome.contact_id,) and lead.contact_names == ("Ana Lima",)
    assert lead.draft.source_event_id == event_id and lead.source_event_name == "Fall Career Fair"
    assert lead.status is LeadStatus.HEARD_OF and lead.draft.kind is LeadKind.INTERNSHIP
    assert lead.draft.notes == "Summer cohort opens in March"
    assert "lead" in ContactService(db).get(outcome.contact_id).draft.tags  # still findable by tag
    assert LeadService(db).list(contact_id=outcome.contact_id) == [lead]
    assert service.summary(event_id).leads == 1


def test_no_lead_without_the_box(db: Any, service: EventCaptureService, event_id: int) -> None:
    service.add(event_id, ContactDraft(display_name="Ben Ode", organization="Acme"))
    assert LeadService(db).list() == []
    assert service.summary(event_id).leads == 0


def test_lead_box_on_someone_known_logs_the_meeting_and_one_lead(
    db: Any, service: EventCaptureService, event_id: int
) -> None:
    known = ContactService(db).create(
        ContactDraft(display_name="Zoë Ivanova", title="Recruiter", organization="WHOI")
    )
    service.log_meeting(event_id, known.id, conversation="Data internship in the ocean lab", lead=True)
    service.log_meeting(event_id, known.id, conversation="again at the coffee stand", lead=True)
    (lead,) = LeadService(db).list()  # a second meeting at the same event adds no second lead
    assert lead.what == "Data internship in the ocean lab at WHOI"
    assert lead.draft.contact_ids == (known.id,) and lead.draft.source_event_id == event_id
    summary = service.summary(event_id)
    assert summary.leads == 1 and summary.people[0].lead


@pytest.mark.parametrize(
    ("title", "org", "note", "what", "kind"),
    [
        ("Software Intern", "Acme", "", "Software Intern at Acme", LeadKind.INTERNSHIP),
        ("Recruiter", "Acme", "Data internship\nsecond line", "Data internship at Acme", LeadKind.INTERNSHIP),
        ("Talent Acquisition Partner", "Acme", "nice chat", "Opening at Acme", LeadKind.JOB),
        ("Software Engineer", "Acme", "", "Software Engineer at Acme", LeadKind.JOB),
        ("", "", "", "Opening", LeadKind.JOB),
        (
            "",
            "Moderna",
            "They are hiring lab technicians",
            "They are hiring lab technicians at Moderna",
            LeadKind.JOB,
        ),
    ],
)
def test_lead_title_from_the_card_and_the_note(
    title: str, org: str, note: str, what: str, kind: LeadKind
) -> None:
    lead = lead_from_meeting(title=title, organization=org, conversation=note, event_id=1, contact_id=2)
    assert lead.what == what and lead.kind is kind


def test_a_failed_capture_leaves_neither_person_nor_lead(
    db: Any, service: EventCaptureService, event_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = FoundCard(ContactDraft(display_name="Ana Lima", organization="Acme"), "camera", "payload-1")
    service.add(event_id, card.draft, card=card)
    # Another window stored the same card a moment ago: the early check misses it, the unique
    # key catches it inside the transaction, and nothing of the second save is left.
    monkeypatch.setattr(service, "is_captured", lambda *_a: False)
    second = FoundCard(
        ContactDraft(display_name="Ana Lima (again)", organization="Acme"), "camera", "payload-1"
    )
    with pytest.raises(CaptureError, match="already captured"):
        service.add(event_id, second.draft, card=second, lead=True)
    with db.sessions() as s:
        assert s.scalar(select(func.count(ContactRow.id))) == 1
        assert s.scalar(select(func.count(LeadRow.id))) == 0


def test_checkbox_goals_are_ticked_per_event(db: Any, service: EventCaptureService, event_id: int) -> None:
    other = EventService(db).create(EventDraft(name="Spring Social", goals="ask about summer internships")).id
    goals = service.counters(event_id).goals
    assert [(g.measure, g.target) for g in goals] == [("cards_given", 10), ("check", 1), ("people", 2)]
    service.give_card(event_id, 3)
    ask = goals[1]
    assert not ask.complete
    service.set_goal_checked(event_id, ask.key, True)
    service.set_goal_checked(event_id, ask.key, True)  # twice is still one tick
    goals = service.counters(event_id).goals
    assert goals[0].done == 3 and goals[1].complete and goals[1].text.endswith(": done")
    assert not service.counters(other).goals[0].complete  # the same words at another event
    assert service.summary(event_id).counters.goals[1].complete
    service.set_goal_checked(event_id, ask.key, False)
    assert not service.counters(event_id).goals[1].complete
