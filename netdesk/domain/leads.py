"""Internship and job leads: statuses, their order, and which dates become follow-ups.

A lead comes through people (DESIGN.md), so it is linked to the contact(s) it came through; its
reminders are attached to the first of them. Which reminders a lead wants is a pure function of
the lead (``lead_reminders``); the service compares that with what it created before and adds,
keeps or retires follow-ups through the follow-up service.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

CHECK_BACK_AFTER = timedelta(days=14)


class LeadError(ValueError):
    """A lead that cannot be saved or moved; the message says what to fix."""


class LeadKind(enum.StrEnum):
    INTERNSHIP = "internship"
    JOB = "job"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class LeadStatus(enum.StrEnum):
    HEARD_OF = "heard_of"
    APPLYING = "applying"
    APPLIED = "applied"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def rank(self) -> int:
        return list(LeadStatus).index(self)


_LABELS = {
    LeadStatus.HEARD_OF: "Heard of",
    LeadStatus.APPLYING: "Applying",
    LeadStatus.APPLIED: "Applied",
    LeadStatus.INTERVIEWING: "Interviewing",
    LeadStatus.OFFER: "Offer",
    LeadStatus.CLOSED: "Closed",
}


def check_transition(current: LeadStatus, new: LeadStatus) -> None:
    """Forward to any later step (steps may be skipped), back one step to correct a slip,
    closed from anywhere, and a closed lead may be reopened at any step."""
    if new is current or current is LeadStatus.CLOSED or new is LeadStatus.CLOSED:
        return
    if new.rank > current.rank or new.rank == current.rank - 1:
        return
    raise LeadError(
        f"A lead that is “{current.label}” cannot go back to “{new.label}”; close it and add a new one."
    )


class ReminderSlot(enum.StrEnum):
    """Which date of a lead a follow-up stands for; one open follow-up per slot."""

    DEADLINE = "deadline"
    INTERVIEW = "interview"
    CHECK_BACK = "check_back"
    OFFER = "offer"


@dataclass(frozen=True)
class LeadDraft:
    organization: str = ""
    role: str = ""
    kind: LeadKind = LeadKind.INTERNSHIP
    status: LeadStatus = LeadStatus.HEARD_OF
    source_event_id: int | None = None
    url: str = ""
    notes: str = ""
    deadline_at: datetime | None = None
    applied_at: datetime | None = None
    interview_at: datetime | None = None
    follow_up_at: datetime | None = None
    contact_ids: tuple[int, ...] = ()

    def check(self) -> LeadDraft:
        org = " ".join(self.organization.split())
        role = " ".join(self.role.split())
        if not org and not role:
            raise LeadError("Give the organisation or the role, e.g. “Summer research internship”.")
        if len(org) > 300 or len(role) > 300:
            raise LeadError("Shorten the organisation and role to 300 characters; use the notes for more.")
        for value in (self.deadline_at, self.applied_at, self.interview_at, self.follow_up_at):
            if value is not None and value.tzinfo is None:
                raise LeadError("Give dates with a time zone.")
        url = self.url.strip()
        if url and not url.lower().startswith(("http://", "https://")):
            raise LeadError("The posting link must start with http:// or https://.")
        seen: dict[int, None] = dict.fromkeys(self.contact_ids)
        return LeadDraft(
            organization=org,
            role=role,
            kind=self.kind,
            status=self.status,
            source_event_id=self.source_event_id,
            url=url,
            notes=self.notes.strip(),
            deadline_at=self.deadline_at,
            applied_at=self.applied_at,
            interview_at=self.interview_at,
            follow_up_at=self.follow_up_at,
            contact_ids=tuple(seen),
        )

    @property
    def what(self) -> str:
        if self.role and self.organization:
            return f"{self.role} at {self.organization}"
        return self.role or self.organization


@dataclass(frozen=True)
class Lead:
    id: int
    draft: LeadDraft
    contact_names: tuple[str, ...] = ()
    source_event_name: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def status(self) -> LeadStatus:
        return self.draft.status

    @property
    def what(self) -> str:
        return self.draft.what


@dataclass(frozen=True)
class LeadReminder:
    """A follow-up a lead wants. With ``deadline_at`` the follow-up service reminds ahead of it
    (its lead-notice setting); with ``due_at`` it is due then."""

    slot: ReminderSlot
    title: str
    kind: str  # a FollowUpKind value: "lead_deadline" or "custom"
    deadline_at: datetime | None = None
    due_at: datetime | None = None

    @property
    def when(self) -> datetime | None:
        return self.deadline_at or self.due_at


def lead_reminders(draft: LeadDraft) -> list[LeadReminder]:
    """The follow-ups the lead's status and dates call for.

    - heard of / applying with a deadline: "Apply" before the deadline;
    - applied: check back on the application (the follow-up date, else two weeks after applying);
    - interviewing with an interview date: prepare before it;
    - offer with a deadline: decide before it;
    - closed: nothing (open reminders are retired).
    """
    what = draft.what
    status = draft.status
    out: list[LeadReminder] = []
    if status in (LeadStatus.HEARD_OF, LeadStatus.APPLYING) and draft.deadline_at is not None:
        out.append(LeadReminder(ReminderSlot.DEADLINE, f"Apply: {what}", "lead_deadline", draft.deadline_at))
    if status is LeadStatus.APPLIED:
        due = draft.follow_up_at or (draft.applied_at + CHECK_BACK_AFTER if draft.applied_at else None)
        if due is not None:
            out.append(
                LeadReminder(
                    ReminderSlot.CHECK_BACK, f"Check on your application: {what}", "custom", due_at=due
                )
            )
    if status is LeadStatus.INTERVIEWING and draft.interview_at is not None:
        out.append(
            LeadReminder(
                ReminderSlot.INTERVIEW,
                f"Prepare for the interview: {what}",
                "lead_deadline",
                draft.interview_at,
            )
        )
    if status is LeadStatus.OFFER and draft.deadline_at is not None:
        out.append(
            LeadReminder(ReminderSlot.OFFER, f"Answer the offer: {what}", "lead_deadline", draft.deadline_at)
        )
    if status not in (LeadStatus.APPLIED, LeadStatus.CLOSED) and draft.follow_up_at is not None:
        out.append(
            LeadReminder(ReminderSlot.CHECK_BACK, f"Follow up: {what}", "custom", due_at=draft.follow_up_at)
        )
    return out


def with_status(draft: LeadDraft, status: LeadStatus, at: datetime) -> LeadDraft:
    """The draft moved to ``status``; applying records when (for the check-back reminder)."""
    check_transition(draft.status, status)
    applied_at = draft.applied_at
    if status is LeadStatus.APPLIED and applied_at is None:
        applied_at = at
    return replace(draft, status=status, applied_at=applied_at)
