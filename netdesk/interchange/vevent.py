"""Follow-ups as calendar events, for CalDAV servers that keep no tasks (Google Calendar's CalDAV,
calendars made for events only): one VEVENT per resource, in the VTODO module's conventions.

- The UID, DTSTAMP/LAST-MODIFIED (the follow-up's last change, never "now"), CATEGORIES and the
  ``X-NETDESK-*`` properties are a task's, so the text is a function of the follow-up alone and
  a sync that changed nothing sends nothing.
- DTSTART is the due time in UTC (``vtodo.utc_second``), as a task's DUE is; the event lasts
  ``DURATION`` (15 minutes) and is TRANSPARENT: a reminder does not make the user look busy. An
  open follow-up reminds ``REMINDER`` (30 minutes) ahead. An overdue one stays at its due time
  (a sync may not move it to "now": the bytes would change at every sync).
- Skipped: STATUS:CANCELLED, no alarm. Done: STATUS:CANCELLED as well, the summary starting
  with "Done: " and no alarm, plus ``X-NETDESK-STATUS:DONE``. An event has no "completed", and
  a calendar user expects a finished reminder to stop nagging but not to vanish from the day it
  was planned for, so it is kept (cancelled) rather than deleted; a second computer reads the
  X- property and marks it done, not skipped.

Reading back: DTSTART (a date without a time of day is 09:00 UTC, as for tasks) is the due
time; STATUS:CANCELLED is skipped (done when netdesk wrote it so); anything else is open.
"""

from __future__ import annotations

from datetime import timedelta

from icalendar import Alarm, Calendar, Event

from netdesk.domain.calendar import entry_description, entry_title, normalize_newlines, uid_value
from netdesk.domain.followups import FollowUp, FollowUpStatus
from netdesk.interchange.vtodo import (
    PRODID,
    REMINDER,
    X_CONTACT,
    X_KIND,
    TaskState,
    first_component,
    moment,
    utc_second,
)

DURATION = timedelta(minutes=15)
X_STATUS = "X-NETDESK-STATUS"
DONE_PREFIX = "Done: "


def event_summary(item: FollowUp) -> str:
    title = normalize_newlines(entry_title(item))
    return f"{DONE_PREFIX}{title}" if item.status is FollowUpStatus.DONE else title


def event_description(item: FollowUp) -> str:
    """The reason or note, then who it is with (the summary may be cut short on a phone)."""
    parts = [normalize_newlines(entry_description(item))]
    if item.contact_name.strip():
        parts.append(f"With: {normalize_newlines(item.contact_name.strip())}")
    return "\n\n".join(p for p in parts if p)


def vevent_bytes(item: FollowUp, contact_uid: str) -> bytes:
    stamp = utc_second(item.updated_at or item.due_at)
    event = Event()
    event.add("uid", uid_value(item.uid))
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("summary", event_summary(item))
    description = event_description(item)
    if description:
        event.add("description", description)
    event.add("dtstart", utc_second(item.effective_due()))
    event.add("duration", DURATION)
    event.add("transp", "TRANSPARENT")
    event.add("status", "CONFIRMED" if item.is_open else "CANCELLED")
    event.add("categories", [item.kind.value])
    event.add(X_KIND.lower(), item.kind.value)
    if item.status is FollowUpStatus.DONE:
        event.add(X_STATUS.lower(), "DONE")
    if contact_uid:
        event.add(X_CONTACT.lower(), contact_uid)
    if item.is_open:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", normalize_newlines(entry_title(item)))
        alarm.add("trigger", -REMINDER)  # related to DTSTART, the due time
        event.add_component(alarm)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


def read_vevent(data: bytes) -> TaskState | None:
    """The first VEVENT of ``data`` in a task's terms, or None when there is none or it cannot
    be read. Only the UID, DTSTART, STATUS and netdesk's own X- properties are read: the text
    the user may have edited on the phone never comes back here."""
    found = first_component(data, "VEVENT")
    if found is None:
        return None
    event, uid = found
    status = FollowUpStatus.OPEN
    if str(event.get("status", "CONFIRMED")).strip().upper() == "CANCELLED":
        done = str(event.get(X_STATUS.lower(), "")).strip().upper() == "DONE"
        status = FollowUpStatus.DONE if done else FollowUpStatus.SKIPPED
    start = event.get("dtstart")
    return TaskState(
        uid=uid,
        status=status,
        due=moment(start.dt) if start is not None else None,
        completed_at=None,
        contact_uid=str(event.get(X_CONTACT.lower(), "")).strip(),
    )
