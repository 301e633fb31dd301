"""The queue as the user sees it: sections (Overdue, Today, This week, Later, Snoozed), snoozing
and lead-deadline reminders. Pure functions of an injected ``now`` and time zone."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from netdesk.domain.followups import FollowUp, FollowUpGroup, FollowUpSettings


def group_of(item: FollowUp, now: datetime, tz: tzinfo) -> FollowUpGroup:
    """Overdue once its moment has passed; Today/This week by the user's calendar days."""
    if item.is_snoozed(now):
        return FollowUpGroup.SNOOZED
    due = item.effective_due()
    if due < now:
        return FollowUpGroup.OVERDUE
    days_ahead = (due.astimezone(tz).date() - now.astimezone(tz).date()).days
    if days_ahead <= 0:
        return FollowUpGroup.TODAY
    if days_ahead < 7:
        return FollowUpGroup.THIS_WEEK
    return FollowUpGroup.LATER


def sort_key(item: FollowUp) -> tuple[datetime, int]:
    return (item.effective_due(), item.id)


def group_followups(
    items: Iterable[FollowUp], now: datetime, tz: tzinfo
) -> list[tuple[FollowUpGroup, list[FollowUp]]]:
    """Open follow-ups in display sections, soonest first; empty sections are left out."""
    groups: dict[FollowUpGroup, list[FollowUp]] = {g: [] for g in FollowUpGroup}
    for item in items:
        if item.is_open:
            groups[group_of(item, now, tz)].append(item)
    return [(g, sorted(groups[g], key=sort_key)) for g in FollowUpGroup if groups[g]]


def overdue_count(items: Iterable[FollowUp], now: datetime, tz: tzinfo) -> int:
    return sum(1 for i in items if i.is_open and group_of(i, now, tz) is FollowUpGroup.OVERDUE)


def due_soon_count(items: Iterable[FollowUp], now: datetime, within: timedelta = timedelta(hours=24)) -> int:
    """Open, not snoozed, and due from now to ``within`` ahead (tomorrow morning's thank-you
    counts tonight, which "today" would miss)."""
    return sum(
        1 for i in items if i.is_open and not i.is_snoozed(now) and now <= i.effective_due() <= now + within
    )


def queue_summary(items: Iterable[FollowUp], now: datetime, tz: tzinfo) -> str:
    """The Follow-ups header: "2 overdue · 3 due in the next 24 hours"."""
    items = list(items)
    return summary_text(overdue_count(items, now, tz), due_soon_count(items, now))


def summary_text(overdue: int, soon: int) -> str:
    parts = [f"{overdue} overdue"] if overdue else []
    if soon:
        parts.append(f"{soon} due in the next 24 hours")
    return " · ".join(parts) if parts else "Nothing due in the next 24 hours"


# -- the queue read a section at a time (the long tail on demand) ---------------------------------

SOON = timedelta(hours=24)


@dataclass(frozen=True)
class QueueBounds:
    """The instants that split the queue into sections, for ``now`` in the user's zone: what
    ``group_of`` decides item by item, as ranges a query can use."""

    now: datetime
    today_ends: datetime  # the user's next midnight
    week_ends: datetime  # midnight six days after that
    soon_ends: datetime  # "due in the next 24 hours" ends

    @classmethod
    def at(cls, now: datetime, tz: tzinfo) -> QueueBounds:
        today = now.astimezone(tz).date()

        def midnight(days: int) -> datetime:
            return datetime.combine(today + timedelta(days=days), time(0), tzinfo=tz)

        return cls(now, midnight(1), midnight(7), now + SOON)


#: Where the next page of a section starts: the last item's effective due (as the database
#: orders it) and id. None: from the start.
Cursor = tuple[float, int] | None


@dataclass(frozen=True)
class QueuePage:
    group: FollowUpGroup
    items: tuple[FollowUp, ...]
    after: Cursor  # pass back for the next page


@dataclass(frozen=True)
class QueueCounts:
    bounds: QueueBounds
    sizes: Mapping[FollowUpGroup, int]
    due_soon: int

    @property
    def overdue(self) -> int:
        return self.sizes.get(FollowUpGroup.OVERDUE, 0)

    def summary(self) -> str:
        return summary_text(self.overdue, self.due_soon)


@dataclass(frozen=True)
class QueueHead:
    """What the Follow-ups page shows first: every section's size and its first page (all of
    Overdue and Today, as a rule); the rest of a long section is read when scrolled to."""

    counts: QueueCounts
    pages: tuple[QueuePage, ...]  # in display order, non-empty sections only


# A date picked without a time means the morning of that day, when a reminder is useful.
MORNING = time(9, 0)


def at_morning(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, MORNING, tzinfo=tz)


class SnoozeError(ValueError):
    """A snooze that would not hide anything; the message says what to pick instead."""


def snooze_until(
    now: datetime, *, delta: timedelta | None = None, day: date | None = None, tz: tzinfo = UTC
) -> datetime:
    """The moment a snooze of ``delta`` (1 day, 1 week) or until ``day`` (its morning) ends."""
    if delta is not None and day is None:
        until = now + delta
    elif day is not None and delta is None:
        until = at_morning(day, tz)
    else:
        raise SnoozeError("Snooze for a length of time or until a date, not both.")
    if until <= now:
        raise SnoozeError("Pick a time in the future to snooze until.")
    return until


def lead_due(deadline: datetime, settings: FollowUpSettings, now: datetime) -> datetime:
    """Remind ``lead_notice`` before a lead's deadline, or now if that moment has passed."""
    return max(deadline - settings.lead_notice, min(now, deadline))
