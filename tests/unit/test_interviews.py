"""Interview lifecycle against a real database: pitch, questions, notes, reflection, thank-you."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from netdesk.domain.followups import FollowUpKind, FollowUpStatus
from netdesk.domain.interviews import (
    FoundVia,
    InterviewDraft,
    InterviewError,
    InterviewMode,
    InterviewStatus,
    QuestionDraft,
    Reflection,
    parse_mode,
    question_count_hint,
    render_pitch,
)
from netdesk.domain.models import ContactDraft, Email
from netdesk.services.contacts import ContactService
from netdesk.services.drafts import DraftService, Profile
from netdesk.services.followups import FollowUpService
from netdesk.services.interviews import InterviewService, load_question_bank

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


@pytest.fixture
def service(db: object) -> InterviewService:
    return InterviewService(db, clock=lambda: NOW)  # type: ignore[arg-type]


@pytest.fixture
def elena(db: object) -> int:
    contacts = ContactService(db)  # type: ignore[arg-type]
    intro = contacts.create(ContactDraft(display_name="Isabela Costa", given_name="Isabela"))
    return contacts.create(
        ContactDraft(
            display_name="Dr. Elena Ramírez",
            given_name="Elena",
            family_name="Ramírez",
            organization="South Coast Marine Lab",
            title="Senior Marine Biologist",
            emails=(Email("eramirez@scml.org"),),
            introduced_by_id=intro.id,
        )
    ).id


def test_question_bank_has_the_ten_core_questions_grouped_by_topic() -> None:
    bank = load_question_bank()
    assert sum(q.core for q in bank) == 10
    assert len(bank) > 20
    assert len({q.key for q in bank}) == len(bank)
    assert {"The work itself", "Advice", "Growth"} <= {q.topic for q in bank}


def test_pitch_uses_profile_year_major_school_and_the_person(
    db: object, service: InterviewService, elena: int
) -> None:
    DraftService(db).save_profile(  # type: ignore[arg-type]
        Profile(my_name="Ana Lima", my_school="UMass Dartmouth", my_major="Biology", my_year="junior")
    )
    interview = service.create(
        InterviewDraft(field="marine biology", contact_id=elena, found_via=FoundVia.PEOPLE_YOU_KNOW)
    )
    assert interview.draft.organization == "South Coast Marine Lab"
    pitch = service.pitch(interview.id)
    assert pitch.startswith("Hello Elena,")
    assert "I am a junior Biology major at UMass Dartmouth" in pitch
    assert "interested in careers in marine biology" in pitch
    assert "Isabela Costa suggested I speak with you." in pitch
    assert "I have 10-12 questions" in pitch
    assert "not asking about job openings" in pitch
    # Parameters win over the profile; missing values are marked, never silently blank.
    assert "an undergraduate" in service.pitch(interview.id, my_year="undergraduate")
    assert "[your year" not in pitch
    blank = render_pitch("I am {a_my_year} {my_major} major.", {})
    assert blank == "I am [your year (e.g. a junior)] [your major] major.\n"


def test_someone_at_an_organisation_and_validation(service: InterviewService) -> None:
    interview = service.create(InterviewDraft(field="audio engineering", organization="Harbor Music"))
    assert interview.who == "Someone at Harbor Music"
    assert service.pitch(interview.id).startswith("Hello,")
    with pytest.raises(InterviewError, match="organisation"):
        service.create(InterviewDraft(field="x"))
    with pytest.raises(InterviewError, match="field"):
        service.create(InterviewDraft(organization="Acme"))
    with pytest.raises(InterviewError, match="not by e-mail"):
        parse_mode("email")
    assert parse_mode("In person") is InterviewMode.IN_PERSON


def test_status_transitions(service: InterviewService, elena: int) -> None:
    interview = service.create(InterviewDraft(field="marine biology", contact_id=elena))
    interview = service.set_status(interview.id, InterviewStatus.ASKED)
    assert interview.status is InterviewStatus.ASKED
    with pytest.raises(InterviewError, match="date and time"):
        service.set_status(interview.id, InterviewStatus.SCHEDULED)
    with pytest.raises(InterviewError, match="Complete interview"):
        service.set_status(interview.id, InterviewStatus.DONE)
    declined = service.set_status(interview.id, InterviewStatus.DECLINED)
    draft = service.decline_draft(declined.id)
    assert draft.to == "eramirez@scml.org"
    assert draft.body.startswith("Dear Elena,")
    assert "South Coast Marine Lab" in draft.body
    with pytest.raises(InterviewError, match="cannot become"):
        service.set_status(
            interview.id, InterviewStatus.SCHEDULED, scheduled_at=NOW, mode=InterviewMode.PHONE
        )
    with pytest.raises(InterviewError, match="declined"):
        service.complete(interview.id)


def test_questions_chosen_reordered_noted(service: InterviewService, elena: int) -> None:
    bank = load_question_bank()
    interview = service.create(InterviewDraft(field="marine biology", contact_id=elena))
    core = [QuestionDraft(q.text, q.topic, q.key) for q in bank if q.core]
    interview = service.set_questions(interview.id, core)
    assert len(interview.questions) == 10
    assert question_count_hint(10) == ""
    assert "10-12" in question_count_hint(3)
    interview = service.add_question(interview.id, QuestionDraft("What is fieldwork like in winter?", "Own"))
    assert interview.questions[-1].text == "What is fieldwork like in winter?"
    with pytest.raises(InterviewError, match="already"):
        service.add_question(interview.id, QuestionDraft("what is fieldwork like in winter?"))
    last = interview.questions[-1]
    interview = service.move_question(interview.id, last.id, -100)
    assert interview.questions[0].id == last.id
    assert [q.position for q in interview.questions] == list(range(11))
    service.save_note(interview.id, last.id, "  Cold water, dry suits, early starts.  ")
    interview = service.get(interview.id)
    assert interview.questions[0].note == "Cold water, dry suits, early starts."
    # Re-choosing the same question keeps the note taken for it.
    kept = service.set_questions(
        interview.id, [QuestionDraft(q.text, q.topic, q.bank_key) for q in interview.questions[:2]]
    )
    assert kept.questions[0].note == "Cold water, dry suits, early starts."
    assert len(service.remove_question(interview.id, kept.questions[1].id).questions) == 1


def test_completion_logs_the_meeting_and_creates_the_24h_thank_you(
    db: object, service: InterviewService, elena: int
) -> None:
    interview = service.create(InterviewDraft(field="marine biology", contact_id=elena))
    at = NOW - timedelta(hours=2)
    service.set_status(interview.id, InterviewStatus.SCHEDULED, scheduled_at=at, mode=InterviewMode.PHONE)
    with pytest.raises(InterviewError, match="1 \\(not at all\\) to 5"):
        service.save_reflection(interview.id, Reflection(interest=6))
    done = service.complete(
        interview.id,
        reflection=Reflection(
            profession="Loves fieldwork, dislikes grant deadlines",
            workplace="Small lab, close team",
            credentials="Scientific-diving certificate; a master's helps",
            interest=4,
        ),
    )
    assert done.interview.status is InterviewStatus.DONE
    assert done.interview.completed_at == at
    assert done.interview.reflection.interest == 4
    thank_you = done.thank_you
    assert thank_you is not None
    assert thank_you.kind is FollowUpKind.INTERVIEW_THANK_YOU
    assert thank_you.due_at == at + timedelta(hours=24)
    assert "loves fieldwork" in thank_you.reason
    log = ContactService(db).interactions(elena)  # type: ignore[arg-type]
    assert log[0].draft.kind.value == "call"
    assert log[0].draft.event_id == done.interview.event_id
    # The keep-in-touch cadence now counts from the interview.
    queue = FollowUpService(db, clock=lambda: NOW).queue(contact_ids=[elena])  # type: ignore[arg-type]
    kinds = {f.kind for f in queue}
    assert kinds == {FollowUpKind.INTERVIEW_THANK_YOU, FollowUpKind.KEEP_IN_TOUCH}
    keep = next(f for f in queue if f.kind is FollowUpKind.KEEP_IN_TOUCH)
    assert keep.due_at == at + timedelta(days=90)
    with pytest.raises(InterviewError, match="already complete"):
        service.complete(interview.id)


def test_completion_needs_a_person_and_starts_a_cadence_for_never_circles(
    db: object, service: InterviewService
) -> None:
    anonymous = service.create(InterviewDraft(field="audio", organization="Harbor Music"))
    with pytest.raises(InterviewError, match="Pick the person"):
        service.complete(anonymous.id)
    from netdesk.domain.models import Circle

    aunt = ContactService(db).create(ContactDraft(display_name="Aunt Rosa", circle=Circle.FAMILY))  # type: ignore[arg-type]
    interview = service.create(InterviewDraft(field="nursing", contact_id=aunt.id))
    done = service.complete(interview.id)
    assert done.thank_you is not None and done.thank_you.status is FollowUpStatus.OPEN
    followups = FollowUpService(db, clock=lambda: NOW)  # type: ignore[arg-type]
    assert followups.cadence(aunt.id) == 90
    other = ContactService(db).create(ContactDraft(display_name="Rui"))  # type: ignore[arg-type]
    second = service.create(InterviewDraft(field="nursing", contact_id=other.id))
    service.complete(second.id, keep_in_touch_days=30)
    assert followups.cadence(other.id) == 30
