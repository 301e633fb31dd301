"""Follow-ups as an iCalendar file, so reminders reach the user's calendar, task list and phone.

What goes in (UIDs, SEQUENCE, cancelled and overdue entries) is decided in
``netdesk.domain.calendar``; this module only writes it, as tasks (VTODO with DUE) or events
(VEVENT with DTSTART/DTEND). icalendar does the escaping (``;``, ``,``, ``\\``, line breaks),
the folding at 75 octets and the CR LF line ends. iCalendar TEXT knows one kind of line break,
so CR LF and a lone CR are written as a plain line break. Times are written in UTC, which every
calendar understands without a VTIMEZONE block.

Alarms: an open entry reminds ``reminder`` (30 minutes) ahead; an overdue one, already placed
at "now", reminds at its time. A task's alarm is RELATED=END (to DUE): a VTODO without DTSTART
must not have an alarm related to its start (RFC 5545 3.8.6.3). Completed and cancelled entries
carry no alarm. Events are TRANSPARENT: a reminder does not make the user look busy.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Alarm, Calendar, Todo
from icalendar import Event as VEvent

from netdesk.domain.calendar import DEFAULT_CALENDAR_KIND, CalendarEntry, CalendarKind, EntryState
from netdesk.interchange.textio import atomic_write_bytes

PRODID = "-//netdesk//follow-ups//EN"
DEFAULT_DURATION = timedelta(minutes=15)
DEFAULT_REMINDER = timedelta(minutes=30)

_TODO_STATUS = {
    EntryState.OPEN: "NEEDS-ACTION",
    EntryState.DONE: "COMPLETED",
    EntryState.CANCELLED: "CANCELLED",
}
_EVENT_STATUS = {
    EntryState.OPEN: "CONFIRMED",
    EntryState.DONE: "CANCELLED",
    EntryState.CANCELLED: "CANCELLED",
}


def _alarm(entry: CalendarEntry, reminder: timedelta, related_end: bool) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", entry.summary)
    ahead = timedelta(0) if entry.overdue else -reminder
    if related_end:
        alarm.add("trigger", ahead, parameters={"RELATED": "END"})
    else:
        alarm.add("trigger", ahead)
    return alarm


def _common(component: Todo | VEvent, entry: CalendarEntry, stamp: datetime) -> None:
    component.add("uid", entry.uid)
    component.add("dtstamp", stamp)
    component.add("last-modified", entry.last_modified.astimezone(UTC).replace(microsecond=0))
    component.add("sequence", entry.sequence)
    component.add("summary", entry.summary)
    if entry.description:
        component.add("description", entry.description)
    component.add("categories", [entry.category])
    component.add("x-netdesk-kind", entry.category)
    if entry.contact_id is not None:
        component.add("x-netdesk-contact-id", str(entry.contact_id))


def _todo(entry: CalendarEntry, stamp: datetime, reminder: timedelta | None) -> Todo:
    todo = Todo()
    _common(todo, entry, stamp)
    todo.add("due", entry.start)
    todo.add("status", _TODO_STATUS[entry.state])
    if entry.state is EntryState.DONE:
        todo.add("completed", (entry.completed_at or entry.last_modified).astimezone(UTC))
        todo.add("percent-complete", 100)
    if entry.state is EntryState.OPEN and reminder is not None:
        todo.add_component(_alarm(entry, reminder, related_end=True))
    return todo


def _event(entry: CalendarEntry, stamp: datetime, reminder: timedelta | None, duration: timedelta) -> VEvent:
    event = VEvent()
    _common(event, entry, stamp)
    event.add("dtstart", entry.start)
    event.add("dtend", entry.start + duration)
    event.add("status", _EVENT_STATUS[entry.state])
    event.add("transp", "TRANSPARENT")
    if entry.state is EntryState.OPEN and reminder is not None:
        event.add_component(_alarm(entry, reminder, related_end=False))
    return event


def build_calendar(
    entries: Iterable[CalendarEntry],
    kind: CalendarKind = DEFAULT_CALENDAR_KIND,
    *,
    stamp: datetime | None = None,
    reminder: timedelta | None = DEFAULT_REMINDER,
    duration: timedelta = DEFAULT_DURATION,
) -> Calendar:
    """A VCALENDAR with one VTODO or VEVENT per entry."""
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "netdesk follow-ups")
    for entry in entries:
        if kind is CalendarKind.TASKS:
            cal.add_component(_todo(entry, stamp, reminder))
        else:
            cal.add_component(_event(entry, stamp, reminder, duration))
    return cal


def calendar_bytes(
    entries: Iterable[CalendarEntry],
    kind: CalendarKind = DEFAULT_CALENDAR_KIND,
    *,
    stamp: datetime | None = None,
) -> bytes:
    data: bytes = build_calendar(entries, kind, stamp=stamp).to_ical()
    return data


def write_ics(
    path: Path,
    entries: Iterable[CalendarEntry],
    kind: CalendarKind = DEFAULT_CALENDAR_KIND,
    *,
    stamp: datetime | None = None,
) -> int:
    """Export ``entries`` to ``path`` atomically; returns how many were written."""
    entries = list(entries)
    atomic_write_bytes(Path(path), calendar_bytes(entries, kind, stamp=stamp))
    return len(entries)
