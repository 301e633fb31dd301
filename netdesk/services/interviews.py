"""Informational-interview use cases: plan, pitch, outreach status, questions and notes,
reflection, and completion.

Completing an interview is one transaction: it records an event of kind
``informational_interview``, logs the meeting (or call) with a line of what was talked about,
makes sure the person has a keep-in-touch cadence, and lets the follow-up rules
(``netdesk.services.followup_sync``) create the 24-hour thank-you from that meeting, so the
reminder follows the same rules as every other thank-you.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from importlib.resources.abc import Traversable
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from netdesk.domain.followups import UNSET, FollowUp
from netdesk.domain.interviews import (
    BankQuestion,
    FoundVia,
    Interview,
    InterviewDraft,
    InterviewError,
    InterviewMode,
    InterviewQuestion,
    InterviewStatus,
    QuestionDraft,
    Reflection,
    check_transition,
    clean_question,
    conversation_summary,
    reorder,
)
from netdesk.domain.models import EventKind, InteractionKind
from netdesk.services.contacts import NotFoundError
from netdesk.services.database import Database
from netdesk.services.drafts import DraftService
from netdesk.services.followup_sync import read_settings, sync_contacts
from netdesk.services.followups import FollowUpService
from netdesk.services.interview_drafts import RESOURCES, InterviewDrafting, contact_name
from netdesk.storage import contacts as contact_repo
from netdesk.storage import events as event_repo
from netdesk.storage.followup_models import ContactCadenceRow
from netdesk.storage.interview_models import InterviewQuestionRow, InterviewRow
from netdesk.storage.models import ContactRow, EventRow, InteractionRow, utcnow

__all__ = [
    "QUESTION_BANK",
    "CompletedInterview",
    "InterviewError",
    "InterviewService",
    "NotFoundError",
    "load_question_bank",
]

QUESTION_BANK = RESOURCES / "interview_questions.json"
DEFAULT_INTERVIEW_CADENCE_DAYS = 90


def load_question_bank(path: Traversable = QUESTION_BANK) -> list[BankQuestion]:
    """The prepared questions grouped by topic; a damaged file gives an empty bank, never a crash."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        out = []
        for topic in data["topics"]:
            for q in topic["questions"]:
                out.append(
                    BankQuestion(str(q["key"]), str(topic["topic"]), str(q["text"]), bool(q.get("core")))
                )
        return out
    except (OSError, ValueError, KeyError, TypeError):
        return []


@dataclass(frozen=True)
class CompletedInterview:
    interview: Interview
    thank_you: FollowUp | None


T = TypeVar("T")


def _enum_or(kind: Callable[[str], T], value: str | None, default: T) -> T:
    try:
        return kind(value) if value else default
    except ValueError:
        return default


def _mode(value: str | None) -> InterviewMode | None:
    try:
        return InterviewMode(value) if value else None
    except ValueError:
        return None


def _to_interview(row: InterviewRow, contact_name: str) -> Interview:
    draft = InterviewDraft(
        field=row.field,
        job_titles=row.job_titles,
        contact_id=row.contact_id,
        organization=row.organization,
        found_via=_enum_or(FoundVia, row.found_via, FoundVia.OTHER),
        pitch=row.pitch,
        status=_enum_or(InterviewStatus, row.status, InterviewStatus.NOT_CONTACTED),
        scheduled_at=row.scheduled_at,
        mode=_mode(row.mode),
        location=row.location,
        notes=row.notes,
    )
    questions = tuple(
        InterviewQuestion(q.id, q.position, q.text, q.topic, q.bank_key, q.note) for q in row.questions
    )
    reflection = Reflection(
        row.impression_profession,
        row.impression_workplace,
        row.credentials,
        row.interest,
        row.reflection_notes,
    )
    return Interview(
        id=row.id,
        draft=draft,
        contact_name=contact_name,
        questions=questions,
        reflection=reflection,
        completed_at=row.completed_at,
        event_id=row.event_id,
        created_at=row.created_at,
    )


def _apply(row: InterviewRow, draft: InterviewDraft) -> None:
    row.field = draft.field
    row.job_titles = draft.job_titles
    row.contact_id = draft.contact_id
    row.organization = draft.organization
    row.found_via = draft.found_via.value
    row.pitch = draft.pitch
    row.status = draft.status.value
    row.scheduled_at = draft.scheduled_at
    row.mode = draft.mode.value if draft.mode else None
    row.location = draft.location
    row.notes = draft.notes


class InterviewService(InterviewDrafting):
    """Informational interviews of one database. ``clock`` is injectable for tests."""

    def __init__(
        self,
        db: Database,
        clock: Callable[[], datetime] = utcnow,
        followups: FollowUpService | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.followups = followups or FollowUpService(db, clock=clock)
        self.drafts = DraftService(db, self.followups)
        self.template_dir = db.folder / "templates"

    # -- reading -------------------------------------------------------------------------------
    def question_bank(self) -> list[BankQuestion]:
        return load_question_bank()

    def list(self) -> list[Interview]:
        """Upcoming scheduled ones first (soonest first), then the rest, most recently changed first."""
        with self.db.sessions() as s:
            rows = list(
                s.scalars(select(InterviewRow).order_by(func.julianday(InterviewRow.updated_at).desc()))
            )
            names = contact_repo.names_of(s, {r.contact_id for r in rows if r.contact_id is not None})
            items = [_to_interview(r, names.get(r.contact_id, "") if r.contact_id else "") for r in rows]
        rank = {
            InterviewStatus.SCHEDULED: 0,
            InterviewStatus.ASKED: 1,
            InterviewStatus.NOT_CONTACTED: 2,
            InterviewStatus.DONE: 3,
            InterviewStatus.DECLINED: 4,
        }
        far = datetime.max.replace(tzinfo=self.clock().tzinfo)
        items_sorted = sorted(
            enumerate(items),
            key=lambda pair: (
                rank[pair[1].status],
                pair[1].draft.scheduled_at or far if pair[1].status is InterviewStatus.SCHEDULED else far,
                pair[0],
            ),
        )
        return [item for _, item in items_sorted]

    def get(self, interview_id: int) -> Interview:
        with self.db.sessions() as s:
            row = self._row(s, interview_id)
            return _to_interview(row, self._contact_name(s, row.contact_id))

    def _contact_name(self, s: Session, contact_id: int | None) -> str:
        return contact_name(s.get(ContactRow, contact_id)) if contact_id is not None else ""

    def _row(self, s: Session, interview_id: int) -> InterviewRow:
        row = s.get(InterviewRow, interview_id)
        if row is None:
            raise NotFoundError("This interview no longer exists; refresh the list.")
        return row

    def _check_contact(self, s: Session, draft: InterviewDraft) -> InterviewDraft:
        if draft.contact_id is None:
            return draft
        contact = s.get(ContactRow, draft.contact_id)
        if contact is None:
            raise InterviewError("The chosen person no longer exists; pick someone else.")
        if not draft.organization and contact.organization:
            draft = replace(draft, organization=contact.organization)
        return draft

    # -- planning ------------------------------------------------------------------------------
    def create(self, draft: InterviewDraft, questions: Sequence[QuestionDraft] = ()) -> Interview:
        draft = draft.check()
        if draft.status is InterviewStatus.DONE:
            raise InterviewError("Plan the interview first; complete it after it happened.")
        cleaned = [clean_question(q) for q in questions]
        with self.db.sessions.begin() as s:
            draft = self._check_contact(s, draft)
            row = InterviewRow()
            _apply(row, draft)
            for position, q in enumerate(cleaned):
                row.questions.append(
                    InterviewQuestionRow(
                        position=position, text=q.text, topic=q.topic, bank_key=q.bank_key, note=q.note
                    )
                )
            s.add(row)
            s.flush()
            interview_id = row.id
        return self.get(interview_id)

    def update(self, interview_id: int, draft: InterviewDraft) -> Interview:
        draft = draft.check()
        with self.db.sessions.begin() as s:
            row = self._row(s, interview_id)
            current = _enum_or(InterviewStatus, row.status, InterviewStatus.NOT_CONTACTED)
            if current is InterviewStatus.DONE:
                # A done interview keeps its status; its plan can still be corrected.
                draft = replace(draft, status=InterviewStatus.DONE)
            else:
                check_transition(current, draft.status)
            draft = self._check_contact(s, draft)
            _apply(row, draft)
            row.updated_at = utcnow()
        return self.get(interview_id)

    def set_status(
        self,
        interview_id: int,
        status: InterviewStatus,
        *,
        scheduled_at: datetime | None = None,
        mode: InterviewMode | None = None,
    ) -> Interview:
        current = self.get(interview_id).draft
        draft = replace(
            current,
            status=status,
            scheduled_at=scheduled_at or current.scheduled_at,
            mode=mode or current.mode,
        )
        return self.update(interview_id, draft)

    def delete(self, interview_id: int) -> None:
        with self.db.sessions.begin() as s:
            s.delete(self._row(s, interview_id))

    # -- questions -----------------------------------------------------------------------------
    def set_questions(self, interview_id: int, questions: Sequence[QuestionDraft]) -> Interview:
        """Replace the chosen questions (in this order); notes already taken stay with their text."""
        cleaned = [clean_question(q) for q in questions]
        with self.db.sessions.begin() as s:
            row = self._row(s, interview_id)
            old_notes = {q.text: q.note for q in row.questions if q.note}
            row.questions.clear()
            s.flush()
            for position, q in enumerate(cleaned):
                row.questions.append(
                    InterviewQuestionRow(
                        position=position,
                        text=q.text,
                        topic=q.topic,
                        bank_key=q.bank_key,
                        note=q.note or old_notes.get(q.text, ""),
                    )
                )
            row.updated_at = utcnow()
        return self.get(interview_id)

    def add_question(self, interview_id: int, question: QuestionDraft) -> Interview:
        q = clean_question(question)
        with self.db.sessions.begin() as s:
            row = self._row(s, interview_id)
            if any(existing.text.casefold() == q.text.casefold() for existing in row.questions):
                raise InterviewError("This question is already on the list.")
            position = max((existing.position for existing in row.questions), default=-1) + 1
            row.questions.append(
                InterviewQuestionRow(
                    position=position, text=q.text, topic=q.topic, bank_key=q.bank_key, note=q.note
                )
            )
            row.updated_at = utcnow()
        return self.get(interview_id)

    def remove_question(self, interview_id: int, question_id: int) -> Interview:
        with self.db.sessions.begin() as s:
            row = self._row(s, interview_id)
            for q in list(row.questions):
                if q.id == question_id:
                    row.questions.remove(q)
            for position, q in enumerate(row.questions):
                q.position = position
        return self.get(interview_id)

    def move_question(self, interview_id: int, question_id: int, delta: int) -> Interview:
        with self.db.sessions.begin() as s:
            row = self._row(s, interview_id)
            order = reorder([q.id for q in row.questions], question_id, delta)
            by_id = {q.id: q for q in row.questions}
            for position, qid in enumerate(order):
                by_id[qid].position = position
        return self.get(interview_id)

    def save_note(self, interview_id: int, question_id: int, note: str) -> InterviewQuestion:
        with self.db.sessions.begin() as s:
            q = s.get(InterviewQuestionRow, question_id)
            if q is None or q.interview_id != interview_id:
                raise NotFoundError("This question is no longer in the interview; refresh it.")
            q.note = note.strip()
            return InterviewQuestion(q.id, q.position, q.text, q.topic, q.bank_key, q.note)

    def save_reflection(self, interview_id: int, reflection: Reflection) -> Interview:
        reflection = reflection.check()
        with self.db.sessions.begin() as s:
            row = self._row(s, interview_id)
            row.impression_profession = reflection.profession
            row.impression_workplace = reflection.workplace
            row.credentials = reflection.credentials
            row.interest = reflection.interest
            row.reflection_notes = reflection.notes
            row.updated_at = utcnow()
        return self.get(interview_id)

    # -- completing ----------------------------------------------------------------------------
    def complete(
        self,
        interview_id: int,
        *,
        at: datetime | None = None,
        reflection: Reflection | None = None,
        keep_in_touch_days: int | None = None,
    ) -> CompletedInterview:
        """The interview happened: log it, start the keep-in-touch cadence, create the thank-you."""
        if reflection is not None:
            self.save_reflection(interview_id, reflection)
        if keep_in_touch_days is not None and keep_in_touch_days <= 0:
            raise InterviewError("A keep-in-touch cadence is a number of days above zero.")
        now = self.clock()
        if at is not None and at.tzinfo is None:
            raise InterviewError("Give the interview time with a time zone.")
        with self.db.sessions.begin() as s:
            row = self._row(s, interview_id)
            if row.status == InterviewStatus.DONE.value:
                raise InterviewError("This interview is already complete.")
            if row.status == InterviewStatus.DECLINED.value:
                raise InterviewError(
                    "This interview was declined; set it back to “Asked” if it happens after all."
                )
            contact = s.get(ContactRow, row.contact_id) if row.contact_id is not None else None
            if contact is None:
                raise InterviewError(
                    "Pick the person you spoke with (add them as a contact) so the thank-you has an addressee."
                )
            if at is None:
                at = row.scheduled_at if row.scheduled_at is not None and row.scheduled_at <= now else now
            interview = _to_interview(row, contact_name(contact))
            event = EventRow(
                name=self._event_name(s, contact_name(contact), at),
                kind=EventKind.INFORMATIONAL_INTERVIEW.value,
                starts_at=at,
                location=row.location,
                notes=f"Informational interview about {row.field or row.job_titles}".strip(),
            )
            s.add(event)
            s.flush()
            mode = _enum_or(InterviewMode, row.mode, InterviewMode.IN_PERSON)
            s.add(
                InteractionRow(
                    contact_id=contact.id,
                    kind=(
                        InteractionKind.CALL if mode is InterviewMode.PHONE else InteractionKind.MEETING
                    ).value,
                    occurred_at=at,
                    summary=conversation_summary(interview),
                    event_id=event.id,
                )
            )
            row.status = InterviewStatus.DONE.value
            row.completed_at = at
            row.event_id = event.id
            row.updated_at = utcnow()
            self._start_cadence(s, contact, keep_in_touch_days)
            sync_contacts(s, [contact.id], now)
            contact_id, event_id = contact.id, event.id
        key = f"thank_you:event:{event_id}"
        thank_you = next((f for f in self.followups.history(contact_id) if f.key == key), None)
        return CompletedInterview(self.get(interview_id), thank_you)

    def _start_cadence(self, s: Session, contact: ContactRow, days: int | None) -> None:
        """An explicit cadence wins; otherwise make sure one applies (a family member's circle
        may say "never", but someone who gave an interview is worth keeping warm)."""
        row = s.get(ContactCadenceRow, contact.id)
        if days is not None:
            if row is None:
                s.add(ContactCadenceRow(contact_id=contact.id, days=days))
            else:
                row.days = days
            return
        if row is not None:
            return
        settings = read_settings(s)
        circle = contact_repo.to_draft(contact).circle
        if settings.cadence_days(circle, UNSET) is None:
            fallback = settings.default_cadence_days or DEFAULT_INTERVIEW_CADENCE_DAYS
            s.add(ContactCadenceRow(contact_id=contact.id, days=fallback))

    def _event_name(self, s: Session, who: str, at: datetime) -> str:
        base = f"Informational interview: {who}"[:170]
        candidates = [base, f"{base} ({at:%b} {at.day}, {at.year})"]
        candidates += [f"{candidates[1]} #{n}" for n in range(2, 50)]
        for name in candidates:
            if event_repo.find_by_name(s, name) is None:
                return name
        return f"{base} ({at.isoformat(timespec='seconds')})"
