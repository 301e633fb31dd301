"""Lead use cases: internship and job leads, the contacts they came through, and the
follow-ups their dates become.

Reminders are created through ``FollowUpService.add`` (so the follow-up engine decides when a
deadline reminder is due) and remembered per date in ``lead_followup``. After every change the
lead's wanted reminders (``netdesk.domain.leads.lead_reminders``) are compared with the open
ones: an unchanged one is kept, a moved or obsolete one is skipped, a new one is added.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from netdesk.domain.followups import FollowUp, FollowUpKind
from netdesk.domain.leads import (
    Lead,
    LeadDraft,
    LeadError,
    LeadKind,
    LeadReminder,
    LeadStatus,
    ReminderSlot,
    lead_reminders,
    with_status,
)
from netdesk.services.contacts import NotFoundError
from netdesk.services.database import Database
from netdesk.services.followups import FollowUpService
from netdesk.storage import contacts as contact_repo
from netdesk.storage.followup_models import FollowUpRow
from netdesk.storage.interview_models import LeadContactRow, LeadFollowUpRow, LeadRow
from netdesk.storage.models import ContactRow, EventRow, utcnow

__all__ = [
    "LeadError",
    "LeadService",
    "NotFoundError",
    "add_met_lead",
    "lead_from_meeting",
    "leads_from_event",
    "write_lead",
]

_OPEN = ("open", "snoozed")


def _status(value: str) -> LeadStatus:
    try:
        return LeadStatus(value)
    except ValueError:
        return LeadStatus.HEARD_OF


def _kind(value: str) -> LeadKind:
    try:
        return LeadKind(value)
    except ValueError:
        return LeadKind.JOB


def write_lead(s: Session, row: LeadRow, draft: LeadDraft) -> None:
    """Copy a checked ``draft`` into ``row`` and its contact links, in the caller's transaction."""
    if draft.source_event_id is not None and s.get(EventRow, draft.source_event_id) is None:
        raise LeadError("The source event no longer exists; pick another one.")
    for cid in draft.contact_ids:
        if s.get(ContactRow, cid) is None:
            raise LeadError("A linked contact no longer exists; refresh and pick again.")
    row.organization = draft.organization
    row.role = draft.role
    row.kind = draft.kind.value
    row.status = draft.status.value
    row.source_event_id = draft.source_event_id
    row.url = draft.url
    row.notes = draft.notes
    row.deadline_at = draft.deadline_at
    row.applied_at = draft.applied_at
    row.interview_at = draft.interview_at
    row.follow_up_at = draft.follow_up_at
    row.updated_at = utcnow()
    s.flush()
    s.execute(delete(LeadContactRow).where(LeadContactRow.lead_id == row.id))
    for position, cid in enumerate(draft.contact_ids):
        s.add(LeadContactRow(lead_id=row.id, contact_id=cid, position=position))


class LeadService:
    """Leads of one database. ``clock`` is injectable for tests."""

    def __init__(
        self,
        db: Database,
        clock: Callable[[], datetime] = utcnow,
        followups: FollowUpService | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.followups = followups or FollowUpService(db, clock=clock)

    # -- reading -------------------------------------------------------------------------------
    def _contact_ids(self, s: Session, lead_id: int) -> tuple[int, ...]:
        return tuple(
            s.scalars(
                select(LeadContactRow.contact_id)
                .where(LeadContactRow.lead_id == lead_id)
                .order_by(LeadContactRow.position)
            )
        )

    def _to_lead(
        self,
        s: Session,
        row: LeadRow,
        ids: tuple[int, ...] | None = None,
        names: dict[int, str] | None = None,
        events: dict[int, str] | None = None,
    ) -> Lead:
        """One lead; ``ids``, ``names`` and ``events`` are given when a whole list was read at once."""
        if ids is None:
            ids = self._contact_ids(s, row.id)
        if names is None:
            names = contact_repo.names_of(s, ids)
        name_list = [names[cid] for cid in ids if cid in names]
        if events is not None:
            event_name = events.get(row.source_event_id) if row.source_event_id is not None else None
        else:
            event = s.get(EventRow, row.source_event_id) if row.source_event_id is not None else None
            event_name = event.name if event else None
        draft = LeadDraft(
            organization=row.organization,
            role=row.role,
            kind=_kind(row.kind),
            status=_status(row.status),
            source_event_id=row.source_event_id,
            url=row.url,
            notes=row.notes,
            deadline_at=row.deadline_at,
            applied_at=row.applied_at,
            interview_at=row.interview_at,
            follow_up_at=row.follow_up_at,
            contact_ids=ids,
        )
        return Lead(
            id=row.id,
            draft=draft,
            contact_names=tuple(name_list),
            source_event_name=event_name,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    def list(self, *, include_closed: bool = True, contact_id: int | None = None) -> list[Lead]:
        """Open leads by status (offers first) then most recently changed; closed ones last."""
        with self.db.sessions() as s:
            stmt = select(LeadRow).order_by(func.julianday(LeadRow.updated_at).desc(), LeadRow.id.desc())
            if not include_closed:
                stmt = stmt.where(LeadRow.status != LeadStatus.CLOSED.value)
            if contact_id is not None:
                stmt = stmt.where(
                    LeadRow.id.in_(
                        select(LeadContactRow.lead_id).where(LeadContactRow.contact_id == contact_id)
                    )
                )
            rows = list(s.scalars(stmt))
            people: dict[int, list[int]] = {}
            for lead_id, cid in s.execute(
                select(LeadContactRow.lead_id, LeadContactRow.contact_id).order_by(
                    LeadContactRow.lead_id, LeadContactRow.position
                )
            ):
                people.setdefault(lead_id, []).append(cid)
            names = contact_repo.names_of(s, {cid for r in rows for cid in people.get(r.id, ())})
            events = {eid: name for eid, name in s.execute(select(EventRow.id, EventRow.name))}
            leads = [self._to_lead(s, r, tuple(people.get(r.id, ())), names, events) for r in rows]
        order = {status: -status.rank for status in LeadStatus}
        order[LeadStatus.CLOSED] = 1
        return sorted(leads, key=lambda lead: order[lead.status])

    def get(self, lead_id: int) -> Lead:
        with self.db.sessions() as s:
            return self._to_lead(s, self._row(s, lead_id))

    def _row(self, s: Session, lead_id: int) -> LeadRow:
        row = s.get(LeadRow, lead_id)
        if row is None:
            raise NotFoundError("This lead no longer exists; refresh the list.")
        return row

    def reminders(self, lead_id: int) -> builtins.list[FollowUp]:
        """The follow-ups this lead created, open ones first."""
        with self.db.sessions() as s:
            ids = list(
                s.scalars(select(LeadFollowUpRow.followup_id).where(LeadFollowUpRow.lead_id == lead_id))
            )
        items = [self.followups.get(fid) for fid in ids]
        return sorted(items, key=lambda f: (not f.is_open, f.due_at))

    # -- writing -------------------------------------------------------------------------------
    def _write(self, s: Session, row: LeadRow, draft: LeadDraft) -> None:
        write_lead(s, row, draft)

    def create(self, draft: LeadDraft) -> Lead:
        draft = draft.check()
        if draft.status is LeadStatus.APPLIED and draft.applied_at is None:
            draft = replace(draft, applied_at=self.clock())
        with self.db.sessions.begin() as s:
            row = LeadRow()
            s.add(row)
            self._write(s, row, draft)
            lead_id = row.id
        self.sync_reminders(lead_id)
        return self.get(lead_id)

    def update(self, lead_id: int, draft: LeadDraft) -> Lead:
        draft = draft.check()
        with self.db.sessions.begin() as s:
            row = self._row(s, lead_id)
            current = _status(row.status)
            if draft.status is not current:
                draft = with_status(replace(draft, status=current), draft.status, self.clock())
            self._write(s, row, draft)
        self.sync_reminders(lead_id)
        return self.get(lead_id)

    def set_status(self, lead_id: int, status: LeadStatus) -> Lead:
        """Move the lead along; its reminders follow (e.g. "applied" adds a check-back)."""
        lead = self.get(lead_id)
        return self.update(lead_id, replace(lead.draft, status=status))

    def delete(self, lead_id: int) -> None:
        """Delete the lead; its open reminders are skipped first so none are left dangling."""
        for item in self.reminders(lead_id):
            if item.is_open:
                self.followups.skip(item.id)
        with self.db.sessions.begin() as s:
            s.delete(self._row(s, lead_id))

    # -- reminders -----------------------------------------------------------------------------
    def sync_reminders(self, lead_id: int) -> builtins.list[FollowUp]:
        """Add, keep or retire the lead's follow-ups so they match its status and dates.
        Returns the follow-ups created. A lead without contacts gets none: a follow-up belongs
        to a person."""
        lead = self.get(lead_id)
        wanted = {r.slot: r for r in lead_reminders(lead.draft)} if lead.draft.contact_ids else {}
        owner = lead.draft.contact_ids[0] if lead.draft.contact_ids else None
        with self.db.sessions() as s:
            links = s.execute(
                select(LeadFollowUpRow.slot, FollowUpRow)
                .join(FollowUpRow, FollowUpRow.id == LeadFollowUpRow.followup_id)
                .where(LeadFollowUpRow.lead_id == lead_id)
            ).all()
            existing = [
                (slot, row.id, row.status, row.contact_id, row.title, row.deadline_at, row.due_at)
                for slot, row in links
            ]
        keep: set[ReminderSlot] = set()
        for slot_text, fid, status, contact_id, title, deadline_at, due_at in existing:
            if status not in _OPEN:
                continue
            slot = ReminderSlot(slot_text) if slot_text in ReminderSlot._value2member_map_ else None
            want = wanted.get(slot) if slot is not None else None
            if (
                want is not None
                and slot is not None
                and self._same(want, contact_id, owner, title, deadline_at, due_at)
            ):
                keep.add(slot)
                continue
            self.followups.skip(fid)
        created: builtins.list[FollowUp] = []
        for slot, want in wanted.items():
            if slot in keep or owner is None:
                continue
            item = self.followups.add(
                owner,
                FollowUpKind(want.kind),
                want.title,
                want.due_at,
                deadline_at=want.deadline_at,
                note=self._note(lead),
            )
            with self.db.sessions.begin() as s:
                s.add(LeadFollowUpRow(lead_id=lead_id, followup_id=item.id, slot=slot.value))
            created.append(item)
        return created

    @staticmethod
    def _same(
        want: LeadReminder,
        contact_id: int,
        owner: int | None,
        title: str,
        deadline_at: datetime | None,
        due_at: datetime,
    ) -> bool:
        if contact_id != owner or title != want.title:
            return False
        if want.deadline_at is not None:
            return deadline_at == want.deadline_at
        return due_at == want.due_at

    @staticmethod
    def _note(lead: Lead) -> str:
        parts = [f"Lead: {lead.what} ({lead.status.label.lower()})"]
        if lead.contact_names:
            parts.append("Came through " + ", ".join(lead.contact_names))
        if lead.source_event_name:
            parts.append(f"Heard of at {lead.source_event_name}")
        if lead.draft.url:
            parts.append(lead.draft.url)
        return "\n".join(parts)

    def leads_for_contacts(self, contact_ids: Sequence[int]) -> dict[int, builtins.list[Lead]]:
        """Leads per contact, for a contact's page."""
        out: dict[int, builtins.list[Lead]] = {cid: [] for cid in contact_ids}
        for cid in contact_ids:
            out[cid] = self.list(contact_id=cid)
        return out


# -- leads from event mode ----------------------------------------------------------------------

_OPENING_WORDS = re.compile(
    r"\b(intern(?:ship)?s?|co-?op|fellow(?:ship)?s?|trainee(?:ship)?|apprentice(?:ship)?|job|jobs|"
    r"opening|openings|position|positions|role|roles|vacanc(?:y|ies)|hiring|opportunit(?:y|ies)|"
    r"graduate program|residency|placement)\b",
    re.I,
)
_INTERNSHIP_WORDS = re.compile(
    r"\b(intern(?:ship)?s?|co-?op|fellow(?:ship)?s?|summer|trainee(?:ship)?|placement)\b", re.I
)
_RECRUITING = re.compile(
    r"\b(recruit\w*|talent|hr|human resources|people (?:partner|operations)|university relations|"
    r"campus|sourc\w*|staffing|career services?|coordinator|ceo|founder|owner|president|director)\b",
    re.I,
)
ROLE_LIMIT = 120


def lead_from_meeting(
    *, title: str, organization: str, conversation: str, event_id: int, contact_id: int
) -> LeadDraft:
    """The lead the quick-add Lead box stands for: "Software Intern" at Acme when the card's
    title names an opening, else what the conversation note says about one ("Data internship"),
    else the card's title when it is a trade ("Software Engineer"), else "Opening" at Acme (a
    recruiter's title is not the opening). Heard of at the event, through the person met; the
    conversation note is kept as the lead's notes."""
    note = next((ln.strip() for ln in conversation.splitlines() if ln.strip()), "")
    if _OPENING_WORDS.search(title):
        role = title
    elif _OPENING_WORDS.search(note):
        role = note
    elif title.strip() and not _RECRUITING.search(title):
        role = title  # an engineer's card: an opening like theirs
    else:
        role = "Opening"  # a recruiter's title says nothing about the opening
    role = " ".join(role.split())
    if len(role) > ROLE_LIMIT:
        role = role[: ROLE_LIMIT - 1].rstrip() + "…"
    kind = LeadKind.INTERNSHIP if _INTERNSHIP_WORDS.search(f"{title} {note}") else LeadKind.JOB
    return LeadDraft(
        organization=" ".join(organization.split())[:300],
        role=role,
        kind=kind,
        status=LeadStatus.HEARD_OF,
        source_event_id=event_id,
        notes=conversation.strip(),
        contact_ids=(contact_id,),
    ).check()


def add_met_lead(s: Session, draft: LeadDraft) -> int | None:
    """Write the lead of a meeting in the caller's transaction (the one storing the person);
    ``None`` when this person already has a lead from this event (a second capture of them)."""
    contact_id = draft.contact_ids[0]
    existing = s.scalar(
        select(LeadRow.id)
        .join(LeadContactRow, LeadContactRow.lead_id == LeadRow.id)
        .where(LeadContactRow.contact_id == contact_id, LeadRow.source_event_id == draft.source_event_id)
        .limit(1)
    )
    if existing is not None:
        return None
    row = LeadRow()
    s.add(row)
    write_lead(s, row, draft)
    s.flush()
    return row.id


def leads_from_event(s: Session, event_id: int) -> dict[int, int]:
    """Contact id -> number of leads heard of at ``event_id`` through them (the summary)."""
    rows = s.execute(
        select(LeadContactRow.contact_id, func.count(LeadRow.id))
        .join(LeadRow, LeadRow.id == LeadContactRow.lead_id)
        .where(LeadRow.source_event_id == event_id)
        .group_by(LeadContactRow.contact_id)
    )
    return {int(cid): int(n) for cid, n in rows}
