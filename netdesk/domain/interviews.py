"""Informational interviews: statuses and their transitions, modes, the pitch, the question set.

The method (DESIGN.md): ask in person or by phone (not by e-mail) for 20-30 minutes, bring 10-12
prepared open-ended questions, never ask for a job, thank a "no" politely, and write a thank-you
within 24 hours of the interview. These rules are pure so they are tested without a database.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

RECOMMENDED_QUESTIONS = range(10, 13)  # 10-12
MAX_QUESTION_LENGTH = 500


class InterviewError(ValueError):
    """An interview action that is not possible now; the message says what to do instead."""


class InterviewStatus(enum.StrEnum):
    NOT_CONTACTED = "not_contacted"
    ASKED = "asked"
    DECLINED = "declined"
    SCHEDULED = "scheduled"
    DONE = "done"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    InterviewStatus.NOT_CONTACTED: "Not contacted",
    InterviewStatus.ASKED: "Asked",
    InterviewStatus.DECLINED: "Declined",
    InterviewStatus.SCHEDULED: "Scheduled",
    InterviewStatus.DONE: "Done",
}

# Done is reached only by completing the interview (which logs it and creates the thank-you).
TRANSITIONS: Mapping[InterviewStatus, frozenset[InterviewStatus]] = {
    InterviewStatus.NOT_CONTACTED: frozenset({InterviewStatus.ASKED, InterviewStatus.SCHEDULED}),
    InterviewStatus.ASKED: frozenset(
        {InterviewStatus.NOT_CONTACTED, InterviewStatus.DECLINED, InterviewStatus.SCHEDULED}
    ),
    InterviewStatus.DECLINED: frozenset({InterviewStatus.ASKED}),
    InterviewStatus.SCHEDULED: frozenset({InterviewStatus.ASKED, InterviewStatus.DECLINED}),
    InterviewStatus.DONE: frozenset(),
}


def check_transition(current: InterviewStatus, new: InterviewStatus) -> None:
    if new is current:
        return
    if new is InterviewStatus.DONE:
        raise InterviewError("Finish the interview with “Complete interview” so the thank-you is created.")
    if new not in TRANSITIONS[current]:
        if current is InterviewStatus.DONE:
            raise InterviewError("This interview is done; plan a new one to meet again.")
        raise InterviewError(f"An interview that is “{current.label}” cannot become “{new.label}”.")


class InterviewMode(enum.StrEnum):
    """How the interview happens. There is deliberately no e-mail: the method asks for a
    conversation, in person or by phone (video is a phone call with faces)."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"

    @property
    def label(self) -> str:
        return {"in_person": "In person", "phone": "Phone", "video": "Video call"}[self.value]


def parse_mode(text: str) -> InterviewMode:
    value = text.strip().lower().replace(" ", "_").replace("-", "_")
    if value in ("email", "e_mail", "mail"):
        raise InterviewError(
            "Informational interviews happen in person, by phone or by video call — not by e-mail."
        )
    try:
        return InterviewMode(value)
    except ValueError:
        raise InterviewError(f"“{text}” is not a mode; use in person, phone or video.") from None


class FoundVia(enum.StrEnum):
    PEOPLE_YOU_KNOW = "people_you_know"
    LINKEDIN = "linkedin"
    PROFESSIONAL_ORG = "professional_org"
    MAP_SEARCH = "map_search"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _FOUND_LABELS[self]


_FOUND_LABELS = {
    FoundVia.PEOPLE_YOU_KNOW: "People you know",
    FoundVia.LINKEDIN: "LinkedIn",
    FoundVia.PROFESSIONAL_ORG: "Professional organisation",
    FoundVia.MAP_SEARCH: "Map search",
    FoundVia.OTHER: "Other",
}


@dataclass(frozen=True)
class BankQuestion:
    """A prepared question from ``netdesk/resources/interview_questions.json``."""

    key: str
    topic: str
    text: str
    core: bool = False


@dataclass(frozen=True)
class QuestionDraft:
    text: str
    topic: str = ""
    bank_key: str | None = None
    note: str = ""


@dataclass(frozen=True)
class InterviewQuestion:
    id: int
    position: int
    text: str
    topic: str = ""
    bank_key: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Reflection:
    """After the interview: what the profession and workplace are like, what it takes, and how
    interested the user still is (1 = not at all, 5 = very)."""

    profession: str = ""
    workplace: str = ""
    credentials: str = ""
    interest: int | None = None
    notes: str = ""

    def check(self) -> Reflection:
        if self.interest is not None and not 1 <= self.interest <= 5:
            raise InterviewError("Rate your interest from 1 (not at all) to 5 (very interested).")
        return Reflection(
            profession=self.profession.strip(),
            workplace=self.workplace.strip(),
            credentials=self.credentials.strip(),
            interest=self.interest,
            notes=self.notes.strip(),
        )

    @property
    def is_empty(self) -> bool:
        return not (self.profession or self.workplace or self.credentials or self.notes) and (
            self.interest is None
        )


@dataclass(frozen=True)
class InterviewDraft:
    """The planner: what the user wants to learn about and whom to ask."""

    field: str = ""
    job_titles: str = ""
    contact_id: int | None = None
    organization: str = ""
    found_via: FoundVia = FoundVia.PEOPLE_YOU_KNOW
    pitch: str = ""
    status: InterviewStatus = InterviewStatus.NOT_CONTACTED
    scheduled_at: datetime | None = None
    mode: InterviewMode | None = None
    location: str = ""
    notes: str = ""

    def check(self) -> InterviewDraft:
        field_ = " ".join(self.field.split())
        org = " ".join(self.organization.split())
        if not field_ and not self.job_titles.strip():
            raise InterviewError("Say which career field or job titles you want to learn about.")
        if self.contact_id is None and not org:
            raise InterviewError("Pick the person to ask, or at least the organisation (“someone at …”).")
        if self.scheduled_at is not None and self.scheduled_at.tzinfo is None:
            raise InterviewError("Give the interview time with a time zone.")
        if self.status is InterviewStatus.SCHEDULED:
            if self.scheduled_at is None:
                raise InterviewError("Pick the date and time of the interview to schedule it.")
            if self.mode is None:
                raise InterviewError("Pick how you will meet: in person, by phone or by video call.")
        return InterviewDraft(
            field=field_,
            job_titles=" ".join(self.job_titles.split()),
            contact_id=self.contact_id,
            organization=org,
            found_via=self.found_via,
            pitch=self.pitch.strip(),
            status=self.status,
            scheduled_at=self.scheduled_at,
            mode=self.mode,
            location=self.location.strip(),
            notes=self.notes.strip(),
        )


@dataclass(frozen=True)
class Interview:
    id: int
    draft: InterviewDraft
    contact_name: str = ""
    questions: tuple[InterviewQuestion, ...] = ()
    reflection: Reflection = field(default_factory=Reflection)
    completed_at: datetime | None = None
    event_id: int | None = None
    created_at: datetime | None = None

    @property
    def status(self) -> InterviewStatus:
        return self.draft.status

    @property
    def who(self) -> str:
        """The person, or "Someone at <organisation>" while nobody is named."""
        if self.contact_name:
            return self.contact_name
        return f"Someone at {self.draft.organization}" if self.draft.organization else "Someone"

    @property
    def title(self) -> str:
        topic = self.draft.field or self.draft.job_titles
        return f"{self.who} — {topic}" if topic else self.who


def question_count_hint(count: int) -> str:
    """A nudge towards the method's 10-12 questions; empty when the count is right."""
    if count in RECOMMENDED_QUESTIONS:
        return ""
    if count < RECOMMENDED_QUESTIONS.start:
        return f"{count} questions chosen; prepare 10-12 so you never run out."
    return f"{count} questions chosen; 10-12 fit a 20-30 minute conversation."


def clean_question(draft: QuestionDraft) -> QuestionDraft:
    text = " ".join(draft.text.split())
    if not text:
        raise InterviewError("Write the question first.")
    if len(text) > MAX_QUESTION_LENGTH:
        raise InterviewError("Shorten the question to 500 characters; one question at a time works best.")
    return QuestionDraft(text, draft.topic.strip(), draft.bank_key, draft.note.strip())


def reorder(ids: Sequence[int], moved: int, delta: int) -> list[int]:
    """``ids`` with ``moved`` shifted by ``delta`` places, clamped at both ends."""
    order = list(ids)
    if moved not in order:
        raise InterviewError("That question is no longer in this interview; refresh the list.")
    index = order.index(moved)
    order.pop(index)
    order.insert(max(0, min(len(order), index + delta)), moved)
    return order


# -- the pitch ---------------------------------------------------------------------------------

PITCH_PLACEHOLDERS: Mapping[str, str] = {
    "greeting": "Hello",
    "first_name": "their first name",
    "organization": "their organisation",
    "field": "the career field",
    "job_titles": "the job titles",
    "my_name": "your name",
    "a_my_year": "your year (e.g. a junior)",
    "my_year": "your year (e.g. junior)",
    "my_major": "your major",
    "my_school": "your school",
    "question_count": "10-12",
    "found_via": "how you met or found them",
    "mode": "in person or by phone",
}

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def with_article(word: str) -> str:
    """ "a junior", "an undergraduate"; empty stays empty."""
    word = word.strip()
    if not word:
        return ""
    return ("an " if word[0].lower() in "aeiou" else "a ") + word


def _found_phrase(found_via: FoundVia, introducer: str, event: str = "") -> str:
    """How you know them: the event you met at, who introduced you, else how you found them."""
    if event:
        return f"We met at {event}" + (f", where {introducer} introduced us." if introducer else ".")
    if introducer:
        return f"{introducer} suggested I speak with you."
    return {
        FoundVia.PEOPLE_YOU_KNOW: "Someone I know suggested I speak with you.",
        FoundVia.LINKEDIN: "I found your profile on LinkedIn.",
        FoundVia.PROFESSIONAL_ORG: "I found you through a professional organisation.",
        FoundVia.MAP_SEARCH: "I came across your organisation while looking at workplaces near me.",
        FoundVia.OTHER: "",
    }[found_via]


def mode_phrase(mode: InterviewMode | None) -> str:
    """How the pitch offers to meet: the mode chosen, or both the method allows."""
    if mode is None:
        return "in person or by phone"
    return {
        InterviewMode.IN_PERSON: "in person",
        InterviewMode.PHONE: "by phone",
        InterviewMode.VIDEO: "by video call",
    }[mode]


def pitch_values(
    draft: InterviewDraft,
    *,
    first_name: str = "",
    introducer: str = "",
    event: str = "",
    organization: str = "",
    my_name: str = "",
    my_year: str = "",
    my_major: str = "",
    my_school: str = "",
    question_count: int = 0,
) -> dict[str, str]:
    return {
        "greeting": f"Hello {first_name}," if first_name.strip() else "Hello,",
        "first_name": first_name.strip(),
        "organization": organization.strip() or draft.organization,
        "field": draft.field or draft.job_titles,
        "job_titles": draft.job_titles,
        "my_name": my_name.strip(),
        "a_my_year": with_article(my_year),
        "my_year": my_year.strip(),
        "my_major": my_major.strip(),
        "my_school": my_school.strip(),
        "question_count": str(question_count) if question_count in RECOMMENDED_QUESTIONS else "10-12",
        "found_via": _found_phrase(draft.found_via, introducer.strip(), event.strip()),
        "mode": mode_phrase(draft.mode),
    }


def render_pitch(template: str, values: Mapping[str, str]) -> str:
    """Fill ``{placeholders}``; a missing value shows as ``[what to write]`` for the user to fill,
    so a pitch is never sent with a silent gap. Unknown names are left as written."""

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in PITCH_PLACEHOLDERS:
            return match.group(0)
        value = values.get(name, "").strip()
        return value or f"[{PITCH_PLACEHOLDERS[name]}]"

    text = _PLACEHOLDER.sub(fill, template.replace("\r\n", "\n"))
    lines = [re.sub(r"[ \t]{2,}", " ", line).rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip() + "\n"


def conversation_summary(interview: Interview) -> str:
    """One line for the interaction log, quoted by the thank-you reminder ("you talked about …")."""
    for source in (interview.reflection.profession, interview.reflection.notes):
        line = next((part.strip() for part in source.splitlines() if part.strip()), "")
        if line:
            return line
    for question in interview.questions:
        note = next((part.strip() for part in question.note.splitlines() if part.strip()), "")
        if note:
            return note
    topic = interview.draft.field or interview.draft.job_titles
    return f"careers in {topic}" if topic else ""
