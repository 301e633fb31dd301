"""Follow-up use cases: the queue, done / snoozed / skipped, lead deadlines and custom reminders.

Each user action is one transaction. Reads regenerate the rule-made follow-ups first (see
``netdesk.services.followup_sync``), so the queue is current however the contacts and the
interaction log were changed. Completing a follow-up logs an interaction in the same
transaction, which in turn resets the contact's keep-in-touch cadence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TypeVar

from sqlalchemy import exc, func, select
from sqlalchemy.orm import Session

from netdesk.domain.followup_queue import group_followups, lead_due, sort_key
from netdesk.domain.followups import (
    UNSET,
    FollowUp,
    FollowUpGroup,
    FollowUpKind,
    FollowUpSettings,
    FollowUpStatus,
    Unset,
)
from netdesk.domain.models import InteractionKind
from netdesk.services.contacts import NotFoundError
from netdesk.services.database import Database
from netdesk.services.followup_sync import read_settings, sync_contacts, sync_dirty, write_settings
from netdesk.storage import followup_stamps
from netdesk.storage.followup_models import ContactCadenceRow, FollowUpRow
from netdesk.storage.models import ContactRow, InteractionRow, utcnow

__all__ = [
    "FollowUpError",
    "FollowUpService",
    "NotFoundError",
    "ensure_followups",
    "local_zone",
]

T = TypeVar("T")
#: Contacts regenerated per transaction: ~20-40 ms of rules each on this 2-core machine.
CHUNK = 400
MANUAL_KINDS = (FollowUpKind.LEAD_DEADLINE, FollowUpKind.CUSTOM)
_OPEN = (FollowUpStatus.OPEN.value, FollowUpStatus.SNOOZED.value)


class FollowUpError(ValueError):
    """A follow-up action that cannot be done; the message says what to do instead."""


def local_zone() -> tzinfo:
    """The computer's current zone, for grouping by the user's calendar days."""
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


def _kind(value: str) -> FollowUpKind:
    try:
        return FollowUpKind(value)
    except ValueError:
        return FollowUpKind.CUSTOM


def _status(value: str) -> FollowUpStatus:
    try:
        return FollowUpStatus(value)
    except ValueError:
        return FollowUpStatus.OPEN


def to_followup(row: FollowUpRow, contact_name: str) -> FollowUp:
    return FollowUp(
        id=row.id,
        contact_id=row.contact_id,
        contact_name=contact_name,
        kind=_kind(row.kind),
        due_at=row.due_at,
        status=_status(row.status),
        reason=row.reason,
        title=row.title,
        note=row.note,
        key=row.key,
        deadline_at=row.deadline_at,
        snoozed_until=row.snoozed_until,
        resolved_at=row.resolved_at,
        uid=row.uid or "",
        updated_at=row.updated_at,
    )


@dataclass(frozen=True)
class Completion:
    """How a follow-up was done; becomes the interaction logged with it."""

    kind: InteractionKind
    summary: str


def default_completion(item: FollowUp) -> Completion:
    """Thank-yous and check-ins are usually e-mails; a lead or custom task is noted as done."""
    if item.kind in MANUAL_KINDS:
        return Completion(InteractionKind.NOTE, f"Done: {item.headline}")
    what = {
        FollowUpKind.THANK_YOU: "Thank-you sent",
        FollowUpKind.INTERVIEW_THANK_YOU: "Thank-you for the informational interview sent",
        FollowUpKind.KEEP_IN_TOUCH: "Checked in",
    }[item.kind]
    return Completion(InteractionKind.EMAIL, what)


class FollowUpService:
    """The follow-up queue of one database. ``clock`` and ``zone`` are injectable for tests."""

    def __init__(
        self,
        db: Database,
        clock: Callable[[], datetime] = utcnow,
        zone: tzinfo | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.zone = zone if zone is not None else local_zone()

    def now(self) -> datetime:
        return self.clock()

    # -- keeping the queue current -------------------------------------------------------------
    def regenerate(self) -> int:
        """Bring the rule-made follow-ups up to date; returns how many changed.

        Only the contacts whose facts changed since their last regeneration are read (the
        database stamps them: ``netdesk.storage.followup_stamps``), ``CHUNK`` per transaction,
        so a pass over everyone (the first after the migration, or new settings) never holds
        the write lock for long, and nothing new costs one SELECT."""
        if self.db.read_only:
            return 0  # nothing can be written: the queue is what is stored
        with self.db.followup_lock:
            with self.db.sessions() as s:
                if not followup_stamps.has_dirty(s):
                    return 0
            changed = 0
            while True:
                done, read = self._retrying(lambda s: sync_dirty(s, self.now(), CHUNK))
                changed += done
                if read < CHUNK:
                    return changed

    def regenerate_all(self) -> int:
        """Recompute every contact's rule-made follow-ups, stamped or not (a repair; the
        property tests compare it with ``regenerate``)."""
        with self.db.followup_lock:
            return self._retrying(lambda s: sync_contacts(s, None, self.now()))

    def pending(self) -> int:
        """How many contacts wait for their follow-ups to be regenerated."""
        with self.db.sessions() as s:
            return followup_stamps.pending(s)

    def ensure_followups(self, contact_id: int) -> int:
        """Recompute one contact's follow-ups (after it was created, met again, or edited)."""
        return self._retrying(lambda s: sync_contacts(s, [contact_id], self.now()))

    def _retrying(self, work: Callable[[Session], T]) -> T:
        for attempt in range(2):
            try:
                # BEGIN IMMEDIATE: what is read is what the writes apply to, even with the
                # command line writing next to the app.
                with self.db.writes.begin() as s:
                    return work(s)
            except exc.IntegrityError:
                # Another process (the command line next to the app) made the same reminder
                # between our read and our write; the second pass sees it.
                if attempt:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    # -- reading -------------------------------------------------------------------------------
    def queue(
        self, due_before: datetime | None = None, contact_ids: Sequence[int] | None = None
    ) -> list[FollowUp]:
        """Open and snoozed follow-ups, soonest first (a snooze counts as the new due time)."""
        self.regenerate()
        with self.db.sessions() as s:
            stmt = (
                select(FollowUpRow, ContactRow.display_name)
                .join(ContactRow, ContactRow.id == FollowUpRow.contact_id)
                .where(FollowUpRow.status.in_(_OPEN))
            )
            if contact_ids is not None:
                stmt = stmt.where(FollowUpRow.contact_id.in_(list(contact_ids)))
            items = [to_followup(row, name) for row, name in s.execute(stmt)]
        if due_before is not None:
            items = [i for i in items if i.effective_due() < due_before]
        return sorted(items, key=sort_key)

    def grouped(self) -> list[tuple[FollowUpGroup, list[FollowUp]]]:
        return group_followups(self.queue(), self.now(), self.zone)

    def overdue_count(self) -> int:
        """Overdue follow-ups now (the sidebar badge), counted in SQL: no follow-up is loaded."""
        from netdesk.services.followup_pages import QueueReader

        return QueueReader(self).counts().overdue

    def get(self, followup_id: int) -> FollowUp:
        with self.db.sessions() as s:
            return self._load(s, followup_id)

    def history(self, contact_id: int) -> list[FollowUp]:
        """Every follow-up of a contact, done and skipped included, newest due first."""
        with self.db.sessions() as s:
            rows = s.execute(
                select(FollowUpRow, ContactRow.display_name)
                .join(ContactRow, ContactRow.id == FollowUpRow.contact_id)
                .where(FollowUpRow.contact_id == contact_id)
                .order_by(func.julianday(FollowUpRow.due_at).desc())
            )
            return [to_followup(row, name) for row, name in rows]

    def _row(self, s: Session, followup_id: int) -> FollowUpRow:
        row = s.get(FollowUpRow, followup_id)
        if row is None:
            raise NotFoundError(
                "This follow-up no longer exists (the contact may have been deleted); refresh the list."
            )
        return row

    def _load(self, s: Session, followup_id: int) -> FollowUp:
        row = self._row(s, followup_id)
        name = s.scalar(select(ContactRow.display_name).where(ContactRow.id == row.contact_id)) or ""
        return to_followup(row, name)

    def _open_row(self, s: Session, followup_id: int) -> FollowUpRow:
        row = self._row(s, followup_id)
        if row.status not in _OPEN:
            raise FollowUpError(
                f"This follow-up is already {row.status}; refresh the list to see what is still open."
            )
        return row

    # -- acting on one follow-up ---------------------------------------------------------------
    def complete(
        self,
        followup_id: int,
        kind: InteractionKind | None = None,
        summary: str | None = None,
        at: datetime | None = None,
    ) -> FollowUp:
        """Mark done and log the interaction it stands for (an e-mail by default)."""
        at = at or self.now()
        with self.db.sessions.begin() as s:
            row = self._open_row(s, followup_id)
            default = default_completion(self._load(s, followup_id))
            interaction = InteractionRow(
                contact_id=row.contact_id,
                kind=(kind or default.kind).value,
                occurred_at=at,
                summary=(summary if summary is not None else default.summary).strip(),
            )
            s.add(interaction)
            s.flush()
            row.status = FollowUpStatus.DONE.value
            row.resolved_at = at
            row.snoozed_until = None
            row.interaction_id = interaction.id
            s.flush()
            return self._load(s, followup_id)

    def mark_sent(self, followup_id: int, subject: str) -> FollowUp:
        """The drafted e-mail went out: log it (with its subject) and complete the follow-up."""
        subject = " ".join(subject.split())
        return self.complete(
            followup_id, InteractionKind.EMAIL, f"E-mail sent: {subject}" if subject else None
        )

    def snooze(self, followup_id: int, until: datetime) -> FollowUp:
        if until.tzinfo is None:
            raise FollowUpError("Give the snooze time with a time zone.")
        if until <= self.now():
            raise FollowUpError("Pick a time in the future to snooze until.")
        with self.db.sessions.begin() as s:
            row = self._open_row(s, followup_id)
            row.status = FollowUpStatus.SNOOZED.value
            row.snoozed_until = until
            s.flush()
            return self._load(s, followup_id)

    def skip(self, followup_id: int) -> FollowUp:
        """Not this one. A skipped keep-in-touch starts the next cadence from now."""
        with self.db.sessions.begin() as s:
            row = self._open_row(s, followup_id)
            row.status = FollowUpStatus.SKIPPED.value
            row.resolved_at = self.now()
            row.snoozed_until = None
            s.flush()
            return self._load(s, followup_id)

    def reopen(self, followup_id: int) -> FollowUp:
        """Undo a snooze or a skip (a done one keeps its logged interaction: delete that in the log)."""
        with self.db.sessions.begin() as s:
            row = self._row(s, followup_id)
            if row.status == FollowUpStatus.DONE.value:
                raise FollowUpError(
                    "This follow-up is done; delete its interaction in the contact's log to undo it."
                )
            row.status = FollowUpStatus.OPEN.value
            row.snoozed_until = None
            row.resolved_at = None
            s.flush()
            return self._load(s, followup_id)

    # -- follow-ups the user adds --------------------------------------------------------------
    def add(
        self,
        contact_id: int,
        kind: FollowUpKind,
        title: str,
        due_at: datetime | None = None,
        *,
        deadline_at: datetime | None = None,
        note: str = "",
    ) -> FollowUp:
        """A lead deadline (reminded ``lead_notice`` ahead unless ``due_at`` says otherwise) or a
        custom follow-up with a date."""
        title = " ".join(title.split())
        if kind not in MANUAL_KINDS:
            raise FollowUpError("Only lead deadlines and custom follow-ups can be added by hand.")
        if not title:
            raise FollowUpError("Say what to do, e.g. “Apply to the summer internship program”.")
        if len(title) > 300:
            raise FollowUpError("Shorten the title to 300 characters; put details in the note.")
        for value in (due_at, deadline_at):
            if value is not None and value.tzinfo is None:
                raise FollowUpError("Give dates with a time zone, e.g. 2026-12-01T09:00:00-05:00.")
        with self.db.sessions.begin() as s:
            if deadline_at is not None and due_at is None:
                due_at = lead_due(deadline_at, read_settings(s), self.now())
            if due_at is None:
                raise FollowUpError("Pick a date for the follow-up.")
            if s.get(ContactRow, contact_id) is None:
                raise NotFoundError("The contact no longer exists; pick another one.")
            row = FollowUpRow(
                contact_id=contact_id,
                kind=kind.value,
                title=title,
                reason=note.strip().splitlines()[0] if note.strip() else "",
                note=note.strip(),
                due_at=due_at,
                deadline_at=deadline_at,
                status=FollowUpStatus.OPEN.value,
            )
            s.add(row)
            s.flush()
            return self._load(s, row.id)

    # -- settings ------------------------------------------------------------------------------
    def settings(self) -> FollowUpSettings:
        with self.db.sessions() as s:
            return read_settings(s)

    def save_settings(self, settings: FollowUpSettings) -> None:
        if settings.thank_you_after.total_seconds() <= 0:
            raise FollowUpError("The thank-you interval must be longer than zero; 24 hours is usual.")
        with self.db.sessions.begin() as s:
            write_settings(s, settings)

    def cadence(self, contact_id: int) -> int | Unset | None:
        """The contact's own cadence in days: UNSET means "as its circle", None means "never"."""
        with self.db.sessions() as s:
            row = s.get(ContactCadenceRow, contact_id)
            return UNSET if row is None else row.days

    def set_cadence(self, contact_id: int, days: int | Unset | None) -> None:
        if isinstance(days, int) and days <= 0:
            raise FollowUpError("A keep-in-touch cadence is a number of days above zero, or none.")
        with self.db.sessions.begin() as s:
            if s.get(ContactRow, contact_id) is None:
                raise NotFoundError("The contact no longer exists.")
            row = s.get(ContactCadenceRow, contact_id)
            if isinstance(days, Unset):
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(ContactCadenceRow(contact_id=contact_id, days=days))
            else:
                row.days = days


def ensure_followups(db: Database, contact_id: int) -> int:
    """For other services: bring one contact's reminders up to date after saving it."""
    return FollowUpService(db).ensure_followups(contact_id)
