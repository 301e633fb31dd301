"""Interview outreach drafts: the pitch (how you know the person, the mode chosen) and the
polite thank-you for a "no". Mixed into ``InterviewService``; templates come from the user's
template folder first, then the package's."""

from __future__ import annotations

from dataclasses import fields
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from netdesk.domain.interviews import Interview, InterviewDraft, InterviewError, pitch_values, render_pitch
from netdesk.domain.models import ContactDraft, EventKind
from netdesk.services.database import Database
from netdesk.services.drafts import Draft, DraftService, Profile, parse_template, render
from netdesk.storage import contacts as contact_repo
from netdesk.storage.models import ContactRow

RESOURCES = files("netdesk.resources")
PITCH_TEMPLATE = "pitch"
DECLINE_TEMPLATE = "thank_you_decline"


def contact_name(row: ContactRow | None) -> str:
    return contact_repo.to_draft(row).name if row is not None else ""


def first_name(contact: ContactDraft) -> str:
    return contact.given_name or (contact.name.split()[0] if contact.name.split() else "")


class InterviewDrafting:
    """The pitch and decline drafts of ``InterviewService``."""

    db: Database
    drafts: DraftService
    template_dir: Path

    def get(self, interview_id: int) -> Interview:
        raise NotImplementedError  # InterviewService reads interviews

    def _template(self, name: str) -> str:
        folders: tuple[Traversable, ...] = (self.template_dir, RESOURCES / "templates")
        for folder in folders:
            path = folder / f"{name}.txt"
            try:
                return path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
        return ""

    def profile(self) -> Profile:
        return self.drafts.profile()

    def pitch(self, interview_id: int, **overrides: str) -> str:
        """The outreach pitch from ``netdesk/resources/templates/pitch.txt`` with the user's name, year,
        major and school (from the profile; ``overrides`` such as ``my_year="junior"`` win)."""
        interview = self.get(interview_id)
        return self.pitch_for(interview.draft, question_count=len(interview.questions), **overrides)

    def pitch_for(self, draft: InterviewDraft, *, question_count: int = 0, **overrides: str) -> str:
        profile = self.profile()
        mine = {f.name: getattr(profile, f.name) for f in fields(Profile)}
        unknown = set(overrides) - set(mine)
        if unknown:
            raise InterviewError(f"Unknown profile value(s): {', '.join(sorted(unknown))}.")
        mine.update({k: v for k, v in overrides.items() if v})
        first = introducer = event = organization = ""
        if draft.contact_id is not None:  # the linked person: their organisation, how you met
            with self.db.sessions() as s:
                contact = s.get(ContactRow, draft.contact_id)
                if contact is not None:
                    cd = contact_repo.to_draft(contact)
                    first = first_name(cd)
                    introducer = contact_name(contact.introduced_by)
                    met_at = contact.event
                    if met_at is not None and met_at.kind != EventKind.INFORMATIONAL_INTERVIEW.value:
                        event = met_at.name
                    organization = cd.organization
        values = pitch_values(
            draft,
            first_name=first,
            introducer=introducer,
            event=event,
            organization=organization,
            my_name=mine["my_name"],
            my_year=mine["my_year"],
            my_major=mine["my_major"],
            my_school=mine["my_school"],
            question_count=question_count,
        )
        return render_pitch(self._template(PITCH_TEMPLATE), values)

    def decline_draft(self, interview_id: int) -> Draft:
        """A polite thank-you for a "no" (``netdesk/resources/templates/thank_you_decline.txt``)."""
        interview = self.get(interview_id)
        values: dict[str, str] = {
            "organization": interview.draft.organization,
            "field": interview.draft.field,
        }
        addresses: tuple[str, ...] = ()
        if interview.draft.contact_id is not None:
            with self.db.sessions() as s:
                contact = s.get(ContactRow, interview.draft.contact_id)
                if contact is not None:
                    cd = contact_repo.to_draft(contact)
                    values["first_name"] = first_name(cd)
                    values["full_name"] = cd.name
                    values["title"] = cd.title
                    addresses = tuple(e.address for e in cd.emails)
        profile = self.profile()
        values.update({f.name: getattr(profile, f.name) for f in fields(Profile)})
        subject, body = parse_template(self._template(DECLINE_TEMPLATE))
        return Draft(
            to=addresses[0] if addresses else "",
            subject=" ".join(render(subject, values).split()),
            body=render(body, values),
            template=DECLINE_TEMPLATE,
            addresses=addresses,
        )
