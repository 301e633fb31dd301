"""The planned side of the sample network: the user's profile, informational interviews and leads.

Added after the people exist, through the same services the app uses, so the sample shows
reminders and pitches exactly as real use would produce them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from netdesk.domain.interviews import FoundVia, InterviewDraft, InterviewMode, InterviewStatus, QuestionDraft
from netdesk.domain.leads import LeadDraft, LeadKind, LeadStatus
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database
from netdesk.services.drafts import DraftService, Profile
from netdesk.services.interviews import InterviewService, load_question_bank
from netdesk.services.leads import LeadService


@dataclass(frozen=True)
class PlanSummary:
    interviews: int
    leads: int


def load_plans(db: Database, now: datetime) -> PlanSummary:
    """Profile (only where the user has none), two interviews and three leads."""
    ids = {c.name: c.id for c in ContactService(db).list()}
    drafts = DraftService(db)
    if not drafts.profile().my_name:
        drafts.save_profile(
            Profile(my_name="Ana Lima", my_school="UMass Dartmouth", my_major="Biology", my_year="junior")
        )
    interviews = InterviewService(db)
    core = [QuestionDraft(q.text, q.topic, q.key) for q in load_question_bank() if q.core]
    planned = interviews.create(
        InterviewDraft(
            field="genetic counseling",
            job_titles="Genetic counselor",
            contact_id=ids.get("Olivia Grant"),
            found_via=FoundVia.PEOPLE_YOU_KNOW,
            status=InterviewStatus.SCHEDULED,
            scheduled_at=(now + timedelta(days=3)).replace(hour=16, minute=0),
            mode=InterviewMode.PHONE,
            notes="Dr. Park introduced us; ask about the MS programs she recommends.",
        ),
        core,
    )
    interviews.update(planned.id, replace(planned.draft, pitch=interviews.pitch(planned.id)))
    interviews.create(
        InterviewDraft(
            field="audio engineering",
            organization="Harbor Music Studio",
            found_via=FoundVia.MAP_SEARCH,
        ),
        core[:4],
    )
    leads = LeadService(db)
    made = 0
    for lead in (
        LeadDraft(
            organization="Woods Hole Oceanographic Institution",
            role="Summer Student Fellowship",
            status=LeadStatus.APPLYING,
            deadline_at=(now + timedelta(days=12)).replace(hour=17, minute=0),
            notes="Grace said the fellowship deadline is in February; statement of interest + 2 letters.",
            contact_ids=(ids["Grace Liu"],) if "Grace Liu" in ids else (),
        ),
        LeadDraft(
            organization="Blue Heron Software",
            role="Bioinformatics intern",
            status=LeadStatus.HEARD_OF,
            follow_up_at=(now + timedelta(days=40)).replace(hour=9, minute=0),
            notes="Apply when grades are posted in January.",
            contact_ids=tuple(ids[n] for n in ("Hannah Müller", "Diego Fernández") if n in ids),
        ),
        LeadDraft(
            organization="Southcoast Health",
            role="Part-time microbiology lab assistant",
            kind=LeadKind.JOB,
            status=LeadStatus.APPLIED,
            applied_at=(now - timedelta(days=4)).replace(hour=10, minute=0),
            contact_ids=(ids["Isabela Costa"],) if "Isabela Costa" in ids else (),
        ),
    ):
        leads.create(lead)
        made += 1
    return PlanSummary(interviews=2, leads=made)
