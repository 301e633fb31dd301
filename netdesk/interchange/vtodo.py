"""Follow-ups as CalDAV tasks: one VTODO per resource, with a VALARM while it is open, and what a
task on the server says back (done on the phone = done here).

The text is a function of the follow-up alone (DTSTAMP is its last change, not "now"), so the
same follow-up always gives the same bytes and a sync that changed nothing sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from icalendar import Alarm, Calendar, Todo

from netdesk.domain.calendar import entry_description, entry_title, normalize_newlines, uid_value
from netdesk.domain.followups import FollowUp, FollowUpStatus

PRODID = "-//netdesk//follow-ups//EN"
REMINDER = timedelta(minutes=30)
X_KIND = "X-NETDESK-KIND"
X_CONTACT = "X-NETDESK-CONTACT-UID"

_STATUS = {
    FollowUpStatus.OPEN: "NEEDS-ACTION",
    FollowUpStatus.SNOOZED: "NEEDS-ACTION",
    FollowUpStatus.DONE: "COMPLETED",
    FollowUpStatus.SKIPPED: "CANCELLED",
}


def utc_second(value: datetime) -> datetime:
    """``value`` in UTC, whole seconds: what iCalendar carries without a VTIMEZONE."""
    return value.astimezone(UTC).replace(microsecond=0)


def vtodo_bytes(item: FollowUp, contact_uid: str) -> bytes:
    stamp = utc_second(item.updated_at or item.due_at)
    todo = Todo()
    todo.add("uid", uid_value(item.uid))
    todo.add("dtstamp", stamp)
    todo.add("last-modified", stamp)
    todo.add("summary", normalize_newlines(entry_title(item)))
    description = normalize_newlines(entry_description(item))
    if description:
        todo.add("description", description)
    todo.add("due", utc_second(item.effective_due()))
    todo.add("status", _STATUS[item.status])
    todo.add("categories", [item.kind.value])
    todo.add(X_KIND.lower(), item.kind.value)
    if contact_uid:
        todo.add(X_CONTACT.lower(), contact_uid)
    if item.status is FollowUpStatus.DONE:
        todo.add("completed", utc_second(item.resolved_at or stamp))
        todo.add("percent-complete", 100)
    if item.is_open:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", normalize_newlines(entry_title(item)))
        alarm.add("trigger", -REMINDER, parameters={"RELATED": "END"})
        todo.add_component(alarm)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add_component(todo)
    data: bytes = cal.to_ical()
    return data


@dataclass(frozen=True)
class TaskState:
    """What the server's copy of a task says, in netdesk's terms."""

    uid: str
    status: FollowUpStatus
    due: datetime | None
    completed_at: datetime | None
    contact_uid: str


_FROM_STATUS = {
    "COMPLETED": FollowUpStatus.DONE,
    "CANCELLED": FollowUpStatus.SKIPPED,
}


def moment(value: object) -> datetime | None:
    """A DUE/DTSTART value as an aware datetime; a date (no time of day) is 09:00 UTC that day."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(9, 0), tzinfo=UTC)
    return None


def first_component(data: bytes, kind: str) -> tuple[Any, str] | None:
    """The first ``kind`` component of a calendar object and its UID; None when ``data`` cannot
    be read, holds none, or the first has no UID."""
    try:
        cal = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError):
        return None
    for component in cal.walk(kind):
        uid = str(component.get("uid", "")).strip()
        return (component, uid) if uid else None
    return None


def read_vtodo(data: bytes) -> TaskState | None:
    """The first VTODO of ``data``, or None when there is none or it cannot be read."""
    found = first_component(data, "VTODO")
    if found is None:
        return None
    todo, uid = found
    status_text = str(todo.get("status", "NEEDS-ACTION")).upper()
    status = _FROM_STATUS.get(status_text, FollowUpStatus.OPEN)
    due = todo.get("due")
    completed = todo.get("completed")
    return TaskState(
        uid=uid,
        status=status,
        due=moment(due.dt) if due is not None else None,
        completed_at=moment(completed.dt) if completed is not None else None,
        contact_uid=str(todo.get(X_CONTACT.lower(), "")).strip(),
    )
