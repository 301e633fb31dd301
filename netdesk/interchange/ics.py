"""Open follow-ups as an iCalendar file, so reminders reach the user's calendar and phone.

icalendar does the escaping (``;``, ``,``, ``\\``, line breaks) and line folding. iCalendar TEXT
knows only one kind of line break, so CR LF and a lone CR are written as a plain line break: the
text reads back with ``\\n`` line ends and otherwise unchanged. Times are written in UTC, which
every calendar understands without a VTIMEZONE block.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Alarm, Calendar
from icalendar import Event as VEvent

from netdesk.domain.followups import FollowUp
from netdesk.interchange.textio import atomic_write_bytes

PRODID = "-//netdesk//follow-ups//EN"
UID_DOMAIN = "netdesk.local"
DEFAULT_DURATION = timedelta(minutes=15)
DEFAULT_REMINDER = timedelta(minutes=30)


def normalize_newlines(text: str) -> str:
    """The line breaks iCalendar can carry: CR LF and CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def event_title(item: FollowUp) -> str:
    return f"{item.headline}: {item.contact_name}" if item.contact_name else item.headline


def event_description(item: FollowUp) -> str:
    parts = [p for p in (item.reason, item.note) if p and p.strip()]
    if item.note and item.reason and item.note.startswith(item.reason):
        parts = [item.note]
    if item.deadline_at is not None:
        parts.append(f"Deadline: {item.deadline_at.isoformat()}")
    return "\n\n".join(parts)


def followups_calendar(
    items: Iterable[FollowUp],
    *,
    stamp: datetime | None = None,
    reminder: timedelta | None = DEFAULT_REMINDER,
    duration: timedelta = DEFAULT_DURATION,
) -> Calendar:
    """A VCALENDAR with one VEVENT (and a display alarm ``reminder`` before it) per follow-up.

    UIDs are stable per follow-up, so re-importing an updated export replaces, not duplicates.
    """
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "netdesk follow-ups")
    for item in items:
        start = item.effective_due().astimezone(UTC)
        event = VEvent()
        event.add("uid", f"followup-{item.id}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + duration)
        event.add("summary", normalize_newlines(event_title(item)))
        description = normalize_newlines(event_description(item))
        if description:
            event.add("description", description)
        event.add("categories", [item.kind.value])
        event.add("x-netdesk-kind", item.kind.value)
        event.add("x-netdesk-contact-id", str(item.contact_id))
        if reminder is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", normalize_newlines(event_title(item)))
            alarm.add("trigger", -reminder)
            event.add_component(alarm)
        cal.add_component(event)
    return cal


def write_ics(path: Path, items: Iterable[FollowUp], *, stamp: datetime | None = None) -> int:
    """Export ``items`` to ``path`` atomically; returns how many were written."""
    items = list(items)
    atomic_write_bytes(Path(path), followups_calendar(items, stamp=stamp).to_ical())
    return len(items)
