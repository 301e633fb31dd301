"""Leads: status rules, and status or date changes producing, keeping and retiring follow-ups."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from netdesk.domain.followups import FollowUpKind, FollowUpStatus
from netdesk.domain.leads import (
    LeadDraft,
    LeadError,
    LeadKind,
    LeadStatus,
    ReminderSlot,
    check_transition,
    lead_reminders,
)
from netdesk.domain.models import ContactDraft, EventDraft
from netdesk.services.contacts import ContactService
from netdesk.services.events import EventService
from netdesk.services.followups import FollowUpService
from netdesk.services.leads import LeadService

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
DEADLINE = datetime(2026, 12, 15, 23, 59, tzinfo=UTC)


@pytest.fixture
def leads(db: object) -> LeadService:
    return LeadService(db, clock=lambda: NOW)  # type: ignore[arg-type]


@pytest.fixture
def people(db: object) -> tuple[int, int]:
    contacts = ContactService(db)  # type: ignore[arg-type]
    a = contacts.create(ContactDraft(display_name="Grace Liu", organization="WHOI")).id
    b = contacts.create(ContactDraft(display_name="Dr. Helen Park")).id
    return a, b


def open_items(db: object, contact_id: int) -> list:
    queue = FollowUpService(db, clock=lambda: NOW).queue(contact_ids=[contact_id])  # type: ignore[arg-type]
    return [f for f in queue if f.kind in (FollowUpKind.LEAD_DEADLINE, FollowUpKind.CUSTOM)]


def test_transitions() -> None:
    check_transition(LeadStatus.HEARD_OF, LeadStatus.INTERVIEWING)  # skipping ahead is fine
    check_transition(LeadStatus.APPLIED, LeadStatus.APPLYING)  # one step back corrects a slip
    check_transition(LeadStatus.OFFER, LeadStatus.CLOSED)
    check_transition(LeadStatus.CLOSED, LeadStatus.APPLIED)  # reopened
    with pytest.raises(LeadError, match="cannot go back"):
        check_transition(LeadStatus.OFFER, LeadStatus.HEARD_OF)


def test_reminder_rules() -> None:
    draft = LeadDraft(organization="WHOI", role="Summer intern", deadline_at=DEADLINE, contact_ids=(1,))
    assert [r.slot for r in lead_reminders(draft)] == [ReminderSlot.DEADLINE]
    applied = replace(draft, status=LeadStatus.APPLIED, applied_at=NOW)
    (check,) = lead_reminders(applied)
    assert check.slot is ReminderSlot.CHECK_BACK and check.due_at == NOW + timedelta(days=14)
    assert lead_reminders(replace(draft, status=LeadStatus.CLOSED)) == []
    assert lead_reminders(replace(draft, status=LeadStatus.INTERVIEWING)) == []
    interviewing = replace(draft, status=LeadStatus.INTERVIEWING, interview_at=DEADLINE)
    assert lead_reminders(interviewing)[0].title == "Prepare for the interview: Summer intern at WHOI"


def test_validation(leads: LeadService) -> None:
    with pytest.raises(LeadError, match="organisation or the role"):
        leads.create(LeadDraft())
    with pytest.raises(LeadError, match="http"):
        leads.create(LeadDraft(role="x", url="javascript:alert(1)"))
    with pytest.raises(LeadError, match="time zone"):
        leads.create(LeadDraft(role="x", deadline_at=datetime(2026, 12, 1)))


def test_status_changes_produce_followups(db: object, leads: LeadService, people: tuple[int, int]) -> None:
    grace, helen = people
    event = EventService(db).create(EventDraft(name="Fall Career Fair"))  # type: ignore[arg-type]
    lead = leads.create(
        LeadDraft(
            organization="Woods Hole Oceanographic Institution",
            role="Summer research internship",
            kind=LeadKind.INTERNSHIP,
            source_event_id=event.id,
            deadline_at=DEADLINE,
            contact_ids=(grace, helen, grace),
        )
    )
    assert lead.draft.contact_ids == (grace, helen)
    assert lead.contact_names == ("Grace Liu", "Dr. Helen Park")
    assert lead.source_event_name == "Fall Career Fair"
    (deadline,) = open_items(db, grace)
    assert deadline.kind is FollowUpKind.LEAD_DEADLINE
    assert deadline.title == "Apply: Summer research internship at Woods Hole Oceanographic Institution"
    assert deadline.deadline_at == DEADLINE
    assert deadline.due_at == DEADLINE - timedelta(days=3)
    assert "Came through Grace Liu, Dr. Helen Park" in deadline.note
    assert open_items(db, helen) == []

    # Saving again without changes keeps the same reminder.
    leads.update(lead.id, lead.draft)
    assert [f.id for f in open_items(db, grace)] == [deadline.id]

    # Moving the deadline retires the old reminder and makes a new one.
    later = DEADLINE + timedelta(days=7)
    leads.update(lead.id, replace(leads.get(lead.id).draft, deadline_at=later))
    (moved,) = open_items(db, grace)
    assert moved.id != deadline.id and moved.deadline_at == later
    assert FollowUpService(db).get(deadline.id).status is FollowUpStatus.SKIPPED  # type: ignore[arg-type]

    # Applied: the deadline reminder goes, a check-back two weeks out comes.
    applied = leads.set_status(lead.id, LeadStatus.APPLIED)
    assert applied.draft.applied_at == NOW
    (check,) = open_items(db, grace)
    assert check.kind is FollowUpKind.CUSTOM
    assert check.due_at == NOW + timedelta(days=14)

    # Interviewing with a date: reminded ahead of it.
    interview_at = NOW + timedelta(days=20)
    leads.update(
        lead.id, replace(leads.get(lead.id).draft, status=LeadStatus.INTERVIEWING, interview_at=interview_at)
    )
    (prep,) = open_items(db, grace)
    assert prep.title.startswith("Prepare for the interview")
    assert prep.deadline_at == interview_at

    # Closed: nothing open is left.
    leads.set_status(lead.id, LeadStatus.CLOSED)
    assert open_items(db, grace) == []
    assert len(leads.reminders(lead.id)) == 4
    # A closed lead can be reopened at any step.
    assert leads.set_status(lead.id, LeadStatus.OFFER).status is LeadStatus.OFFER
    with pytest.raises(LeadError, match="cannot go back"):
        leads.set_status(lead.id, LeadStatus.HEARD_OF)


def test_lead_without_contacts_has_no_reminders_until_linked(
    db: object, leads: LeadService, people: tuple[int, int]
) -> None:
    lead = leads.create(LeadDraft(organization="Moderna", deadline_at=DEADLINE))
    assert leads.reminders(lead.id) == []
    leads.update(lead.id, replace(lead.draft, contact_ids=(people[1],)))
    assert len(open_items(db, people[1])) == 1
    assert [item.id for item in leads.list(contact_id=people[1])] == [lead.id]


def test_delete_skips_open_reminders(db: object, leads: LeadService, people: tuple[int, int]) -> None:
    lead = leads.create(LeadDraft(organization="Moderna", deadline_at=DEADLINE, contact_ids=(people[0],)))
    leads.delete(lead.id)
    assert open_items(db, people[0]) == []
    assert leads.list() == []
