"""What a calendar export of the follow-ups says, decided before any iCalendar is written.

Calendars identify an entry by its UID and take an imported copy as newer only when its
SEQUENCE is higher (Google ignores a re-import with the same SEQUENCE). So the export keeps a
record per UID it has written (``ExportRecord``, stored by the services) and:

- moves SEQUENCE on by one whenever what a calendar would show changes — the time, summary,
  description or status — whatever changed it (an edit, the rules, a snooze, a due time that
  moved because the follow-up became overdue), and never when nothing visible changed;
- sends follow-ups that were exported before and have since been done or skipped as completed
  (tasks) or cancelled (events), for ``CLOSED_KEPT`` (90 days) after they were closed, so a
  calendar that imported them updates them instead of keeping a stale reminder;
- sends follow-ups that were exported before and no longer exist (the rules removed a superseded
  keep-in-touch, the contact was deleted) as cancelled, for ``CLOSED_KEPT`` after the export
  that first missed them; then forgets them;
- places overdue open follow-ups at "now", rounded up to the next quarter hour (``due_now``), with
  the original due time in the description: a reminder in the past never alarms.

Closed follow-ups that were never exported are left out: no calendar holds them.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from netdesk.domain.followups import FollowUp, FollowUpStatus, short_date

CLOSED_KEPT = timedelta(days=90)
DUE_NOW_STEP = timedelta(minutes=15)


class CalendarKind(enum.StrEnum):
    """VTODO for task lists (Thunderbird, KOrganizer, Apple Reminders); VEVENT for calendars
    that ignore tasks (Google Calendar imports only events)."""

    TASKS = "tasks"
    EVENTS = "events"


DEFAULT_CALENDAR_KIND = CalendarKind.EVENTS  # every calendar imports events; Google drops tasks


class EntryState(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class ExportRecord:
    """What the last export that changed it said about one UID (kept in the database)."""

    uid: str
    followup_id: int
    contact_id: int | None
    category: str
    summary: str
    start: datetime
    fingerprint: str
    sequence: int
    gone_at: datetime | None = None


@dataclass(frozen=True)
class CalendarEntry:
    """One VTODO or VEVENT. ``start`` is the DUE of a task and the DTSTART of an event."""

    uid: str
    summary: str
    description: str
    start: datetime
    state: EntryState
    sequence: int
    last_modified: datetime
    category: str
    contact_id: int | None
    completed_at: datetime | None = None
    overdue: bool = False


@dataclass
class CalendarPlan:
    entries: list[CalendarEntry] = field(default_factory=list)
    records: list[ExportRecord] = field(default_factory=list)  # to store (new or changed)
    forget: list[str] = field(default_factory=list)  # UIDs no export needs to mention again

    @property
    def open_count(self) -> int:
        return sum(1 for e in self.entries if e.state is EntryState.OPEN)


def normalize_newlines(text: str) -> str:
    """The line breaks iCalendar TEXT can carry: CR LF and CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def entry_title(item: FollowUp) -> str:
    return f"{item.headline}: {item.contact_name}" if item.contact_name else item.headline


def entry_description(item: FollowUp) -> str:
    parts = [p for p in (item.reason, item.note) if p and p.strip()]
    if item.note and item.reason and item.note.startswith(item.reason):
        parts = [item.note]
    if item.deadline_at is not None:
        parts.append(f"Deadline: {item.deadline_at.isoformat()}")
    return "\n\n".join(parts)


def due_now(now: datetime) -> datetime:
    """``now`` rounded up to the next quarter hour (UTC): soon enough to alarm after the import."""
    now = now.astimezone(UTC)
    base = now.replace(minute=0, second=0, microsecond=0)
    steps = -(-(now - base) // DUE_NOW_STEP)  # ceiling division
    return base + steps * DUE_NOW_STEP


def was_due(original: datetime, now: datetime) -> str:
    """'Overdue: was due Nov 28 at 10:15' in the zone the due time was stored in."""
    day = short_date(original, with_year=original.year != now.year)
    return f"Overdue: was due {day} at {original:%H:%M}"


def fingerprint(*parts: object) -> str:
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def uid_value(uid: str) -> str:
    """The iCalendar UID of a stored follow-up UID: globally unique, and ours by its domain."""
    return f"{uid}@netdesk"


def _sequence(record: ExportRecord | None, print_: str) -> int:
    if record is None:
        return 0
    return record.sequence if record.fingerprint == print_ else record.sequence + 1


def _live_entry(item: FollowUp, uid: str, now: datetime) -> CalendarEntry | None:
    if item.is_open:
        state, completed = EntryState.OPEN, None
    elif item.status is FollowUpStatus.DONE:
        state, completed = EntryState.DONE, item.resolved_at or item.updated_at
    else:
        state, completed = EntryState.CANCELLED, None
    closed_at = item.resolved_at or item.updated_at or now
    if state is not EntryState.OPEN and now - closed_at > CLOSED_KEPT:
        return None
    start = item.effective_due().astimezone(UTC)
    description = normalize_newlines(entry_description(item))
    overdue = state is EntryState.OPEN and start < now
    if overdue:
        note = was_due(item.effective_due(), now)
        description = f"{note}\n\n{description}" if description else note
        start = due_now(now)
    return CalendarEntry(
        uid=uid,
        summary=normalize_newlines(entry_title(item)),
        description=description,
        start=start,
        state=state,
        sequence=0,
        last_modified=(item.updated_at or now).astimezone(UTC),
        category=item.kind.value,
        contact_id=item.contact_id,
        completed_at=completed.astimezone(UTC) if completed else None,
        overdue=overdue,
    )


def _print(entry: CalendarEntry) -> str:
    return fingerprint(
        entry.state, entry.start.isoformat(), entry.summary, entry.description, entry.completed_at
    )


def plan_calendar(
    items: Iterable[FollowUp],
    records: Mapping[str, ExportRecord],
    gone: Iterable[ExportRecord],
    now: datetime,
) -> CalendarPlan:
    """The entries to write and the records to store.

    ``items`` are the open follow-ups to export plus any closed ones that may have been exported
    (only those with a record are kept); ``records`` the stored records by follow-up UID;
    ``gone`` the records whose follow-up no longer exists.
    """
    now = now.astimezone(UTC)
    plan = CalendarPlan()
    for item in items:
        if not item.uid:
            continue
        record = records.get(item.uid)
        if not item.is_open and record is None:
            continue  # never exported: no calendar holds it
        entry = _live_entry(item, uid_value(item.uid), now)
        if entry is None:
            continue
        print_ = _print(entry)
        entry = replace(entry, sequence=_sequence(record, print_))
        plan.entries.append(entry)
        if record is None or record.fingerprint != print_:
            plan.records.append(
                ExportRecord(
                    uid=item.uid,
                    followup_id=item.id,
                    contact_id=item.contact_id,
                    category=entry.category,
                    summary=entry.summary,
                    start=entry.start,
                    fingerprint=print_,
                    sequence=entry.sequence,
                )
            )
    for record in gone:
        gone_at = record.gone_at or now
        if now - gone_at > CLOSED_KEPT:
            plan.forget.append(record.uid)
            continue
        entry = CalendarEntry(
            uid=uid_value(record.uid),
            summary=record.summary,
            description="Removed in netdesk.",
            start=record.start.astimezone(UTC),
            state=EntryState.CANCELLED,
            sequence=0,
            last_modified=gone_at,
            category=record.category,
            contact_id=record.contact_id,
        )
        print_ = _print(entry)
        entry = replace(entry, sequence=_sequence(record, print_))
        plan.entries.append(entry)
        if record.fingerprint != print_ or record.gone_at is None:
            plan.records.append(replace(record, fingerprint=print_, sequence=entry.sequence, gone_at=gone_at))
    return plan
