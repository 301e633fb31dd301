"""Follow-up rules: when a thank-you or a keep-in-touch is due, and what the queue looks like.

Everything here is pure: the clock (``now``) and the user's time zone are arguments, so the
rules are tested exactly, including across time zones. The services feed in facts read from the
database (``ContactFacts``) and apply the ``Plan`` that ``reconcile`` returns.

Rule-made follow-ups are identified by a ``key`` naming the fact behind them:
- ``thank_you:event:<id>`` — one thank-you per contact and event (meeting at an event or an
  informational interview), due ``thank_you_after`` (24 hours) after the meeting. An e-mail or a
  handwritten note (a letter) logged at or after the meeting completes it.
- ``keep_in_touch:<anchor>`` — due a cadence after the last touch. ANY logged interaction moves
  the anchor, so the old reminder is superseded and a new one is due a cadence later. People
  with no touch since they were added (imports) start from then, spread over the cadence.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from netdesk.domain.models import Circle, EventKind, InteractionKind


class FollowUpKind(enum.StrEnum):
    THANK_YOU = "thank_you"
    INTERVIEW_THANK_YOU = "interview_thank_you"
    KEEP_IN_TOUCH = "keep_in_touch"
    LEAD_DEADLINE = "lead_deadline"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    FollowUpKind.THANK_YOU: "Thank-you",
    FollowUpKind.INTERVIEW_THANK_YOU: "Interview thank-you",
    FollowUpKind.KEEP_IN_TOUCH: "Keep in touch",
    FollowUpKind.LEAD_DEADLINE: "Lead deadline",
    FollowUpKind.CUSTOM: "Follow-up",
}


class FollowUpStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    SNOOZED = "snoozed"
    SKIPPED = "skipped"


class FollowUpGroup(enum.Enum):
    """Sections of the queue, in display order."""

    OVERDUE = "Overdue"
    TODAY = "Today"
    THIS_WEEK = "This week"
    LATER = "Later"
    SNOOZED = "Snoozed"

    @property
    def label(self) -> str:
        return self.value


# Interactions that count as having written the thank-you (a handwritten note is a LETTER).
THANK_YOU_DONE_BY = frozenset({InteractionKind.EMAIL, InteractionKind.LETTER})


def _default_circle_cadence() -> dict[Circle, int | None]:
    return {
        Circle.FAMILY: None,
        Circle.FRIEND: 180,
        Circle.FRIENDS_PARENT: 180,
        Circle.NEIGHBOUR: 180,
        Circle.CLASSMATE: 120,
        Circle.SCHOOL_FRIEND: 180,
        Circle.PROFESSOR: 120,
        Circle.COLLEAGUE: 90,
        Circle.PROFESSIONAL: 90,
        Circle.OTHER: 180,
    }


@dataclass(frozen=True)
class FollowUpSettings:
    """User-tunable intervals. ``thank_you_window`` stops a bulk import of people met years ago
    from flooding the queue with thank-yous nobody would send any more."""

    thank_you_after: timedelta = timedelta(hours=24)
    thank_you_window: timedelta = timedelta(days=14)
    lead_notice: timedelta = timedelta(days=3)
    default_cadence_days: int | None = 90
    circle_cadence: Mapping[Circle, int | None] = field(default_factory=_default_circle_cadence)

    def cadence_days(self, circle: Circle | None, override: int | Unset | None) -> int | None:
        """Days between keep-in-touch reminders; a contact's own setting beats its circle's."""
        if not isinstance(override, Unset):
            return override
        if circle is None:
            return self.default_cadence_days
        return self.circle_cadence.get(circle, self.default_cadence_days)


class Unset:
    """Marks "no per-contact cadence": distinct from None, which means "never remind"."""

    _instance: Unset | None = None

    def __new__(cls) -> Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"


UNSET = Unset()


@dataclass(frozen=True)
class Touch:
    """One logged interaction, as the rules need it."""

    id: int
    kind: InteractionKind
    at: datetime
    event_id: int | None = None
    summary: str = ""


@dataclass(frozen=True)
class EventFacts:
    id: int
    name: str
    kind: EventKind


@dataclass(frozen=True)
class ContactFacts:
    """What the rules know about one contact."""

    contact_id: int
    name: str
    created_at: datetime
    circle: Circle | None = None
    met_at: datetime | None = None
    event: EventFacts | None = None
    notes: str = ""
    touches: tuple[Touch, ...] = ()
    events: Mapping[int, EventFacts] = field(default_factory=dict)
    cadence_override: int | Unset | None = UNSET
    last_skipped_keep_in_touch: datetime | None = None


@dataclass(frozen=True)
class FollowUpSpec:
    """A follow-up the rules want to exist. ``create`` is False for stale meetings: an existing
    reminder is kept up to date, but none is made afresh."""

    key: str
    kind: FollowUpKind
    due_at: datetime
    reason: str
    create: bool = True
    satisfied_at: datetime | None = None
    satisfied_by: int | None = None


@dataclass(frozen=True)
class FollowUp:
    """One follow-up in the queue (a frozen copy of the stored row plus the contact's name)."""

    id: int
    contact_id: int
    contact_name: str
    kind: FollowUpKind
    due_at: datetime
    status: FollowUpStatus = FollowUpStatus.OPEN
    reason: str = ""
    title: str = ""
    note: str = ""
    key: str | None = None
    deadline_at: datetime | None = None
    snoozed_until: datetime | None = None
    resolved_at: datetime | None = None
    uid: str = ""  # stable and globally unique (calendar exports and sync), not the row id
    updated_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status in (FollowUpStatus.OPEN, FollowUpStatus.SNOOZED)

    def effective_due(self) -> datetime:
        """When it next needs attention: a snooze moves it, never earlier than it was due."""
        if self.status is FollowUpStatus.SNOOZED and self.snoozed_until is not None:
            return max(self.due_at, self.snoozed_until)
        return self.due_at

    def is_snoozed(self, now: datetime) -> bool:
        return (
            self.status is FollowUpStatus.SNOOZED
            and self.snoozed_until is not None
            and self.snoozed_until > now
        )

    def shown_status(self, now: datetime) -> FollowUpStatus:
        """A snooze that has run out shows as open again."""
        if self.status is FollowUpStatus.SNOOZED and not self.is_snoozed(now):
            return FollowUpStatus.OPEN
        return self.status

    @property
    def headline(self) -> str:
        return self.title or self.kind.label


# -- thank-you and keep-in-touch rules -----------------------------------------------------------


def short_date(value: datetime, *, with_year: bool = False) -> str:
    """'Nov 20' (in the zone the time was recorded in): how the queue names a day."""
    text = f"{value:%b} {value.day}"
    return f"{text}, {value.year}" if with_year else text


def _first_line(text: str, limit: int = 90) -> str:
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


_SAID = re.compile(r"^(?:we\s+|you\s+)?(?:talked|spoke|chatted)\s+about\s+|^discussed\s+", re.IGNORECASE)


def conversation_phrase(note: str) -> str:
    """The first line of a note as the object of "you talked about …" ("Talked about X." -> "x")."""
    line = _SAID.sub("", _first_line(note)).rstrip(" .;")
    if line[:2].istitle():  # "The internship" -> "the internship", but keep "AI", "NASA"
        line = line[0].lower() + line[1:]
    return line


def _meeting_note(note: str) -> str:
    phrase = conversation_phrase(note)
    return f" — you talked about {phrase}" if phrase else ""


def thank_you_specs(facts: ContactFacts, settings: FollowUpSettings, now: datetime) -> list[FollowUpSpec]:
    """One thank-you per event the contact was met at (the contact's own event and meeting
    time, and any 'met' interaction logged at an event or an informational interview)."""
    meetings: dict[int, tuple[EventFacts, datetime, str]] = {}
    if facts.event is not None and facts.met_at is not None:
        meetings[facts.event.id] = (facts.event, facts.met_at, facts.notes)
    for touch in facts.touches:
        if touch.event_id is None:
            continue
        event = facts.events.get(touch.event_id)
        if event is None:
            continue
        interview = event.kind is EventKind.INFORMATIONAL_INTERVIEW
        counts = touch.kind is InteractionKind.MET or (
            interview
            and touch.kind in (InteractionKind.MEETING, InteractionKind.CALL, InteractionKind.COFFEE)
        )
        if not counts:
            continue
        known = meetings.get(event.id)
        if known is None or touch.at < known[1] or (touch.summary and not known[2]):
            at = touch.at if known is None else min(known[1], touch.at)
            meetings[event.id] = (event, at, touch.summary or (known[2] if known else ""))
    specs = []
    for event, at, note in meetings.values():
        interview = event.kind is EventKind.INFORMATIONAL_INTERVIEW
        kind = FollowUpKind.INTERVIEW_THANK_YOU if interview else FollowUpKind.THANK_YOU
        if not interview:
            lead = f"Met at {event.name}"
        elif "interview" in event.name.casefold():
            lead = event.name
        else:
            lead = f"Informational interview ({event.name})"
        done = [t for t in facts.touches if t.kind in THANK_YOU_DONE_BY and t.at >= at]
        first = min(done, key=lambda t: t.at) if done else None
        specs.append(
            FollowUpSpec(
                key=f"thank_you:event:{event.id}",
                kind=kind,
                due_at=at + settings.thank_you_after,
                reason=f"{lead} on {short_date(at)}{_meeting_note(note)}",
                create=now - at <= settings.thank_you_window,
                satisfied_at=first.at if first else None,
                satisfied_by=first.id if first else None,
            )
        )
    return specs


def last_touch(facts: ContactFacts) -> tuple[datetime, str]:
    """The moment the keep-in-touch cadence counts from, and what happened then: the latest
    meeting, logged interaction or skipped reminder; the date added only if there is none."""
    candidates: list[tuple[datetime, str]] = []
    if facts.met_at is not None:
        candidates.append((facts.met_at, "met"))
    candidates.extend((t.at, t.kind.label.lower()) for t in facts.touches)
    if facts.last_skipped_keep_in_touch is not None:
        candidates.append((facts.last_skipped_keep_in_touch, "skipped a reminder"))
    if not candidates:
        # Nothing logged yet (e.g. imported): count from when the contact was added.
        return facts.created_at, "added"
    return max(candidates, key=lambda item: item[0])


def spread_offset(contact_id: int, days: int) -> timedelta:
    """1..``days`` days, fixed per contact: consecutive ids fall on consecutive days."""
    return timedelta(days=1 + contact_id % max(days, 1))


def keep_in_touch_spec(facts: ContactFacts, settings: FollowUpSettings) -> FollowUpSpec | None:
    days = settings.cadence_days(facts.circle, facts.cadence_override)
    if days is None:
        return None
    anchor, what = last_touch(facts)
    who = facts.circle.label.lower() + "s" if facts.circle else "this contact"
    if not isinstance(facts.cadence_override, Unset):
        who = "this contact"
    due = anchor + timedelta(days=days)
    if anchor < facts.created_at:
        # Never in touch through netdesk (an import of old contacts, met years ago): start from
        # when they were added, spread over the cadence by id, so 500 imported people make a
        # steady trickle of reminders instead of 500 overdue ones on day one.
        due = max(due, facts.created_at + spread_offset(facts.contact_id, days))
    return FollowUpSpec(
        key=f"keep_in_touch:{anchor.astimezone(UTC).isoformat(timespec='seconds')}",
        kind=FollowUpKind.KEEP_IN_TOUCH,
        due_at=due,
        reason=f"Last in touch {short_date(anchor, with_year=True)} ({what}) — every {days} days for {who}",
    )


def desired_followups(facts: ContactFacts, settings: FollowUpSettings, now: datetime) -> list[FollowUpSpec]:
    specs = thank_you_specs(facts, settings, now)
    keep = keep_in_touch_spec(facts, settings)
    if keep is not None:
        specs.append(keep)
    return specs


# -- reconciling the rules with what is stored ---------------------------------------------------


@dataclass(frozen=True)
class StoredRuleFollowUp:
    """The parts of a stored rule-made follow-up that reconciling compares."""

    id: int
    key: str
    status: FollowUpStatus
    due_at: datetime
    reason: str


@dataclass
class Plan:
    create: list[FollowUpSpec] = field(default_factory=list)
    update: list[tuple[int, FollowUpSpec]] = field(default_factory=list)
    complete: list[tuple[int, FollowUpSpec]] = field(default_factory=list)
    delete: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.create or self.update or self.complete or self.delete)


def reconcile(stored: Sequence[StoredRuleFollowUp], desired: Iterable[FollowUpSpec]) -> Plan:
    """What to change so the stored reminders match the rules. Done and skipped ones are the
    user's decisions and stay; open ones that no rule wants any more (a keep-in-touch superseded
    by a newer touch) are removed; open ones whose fact was satisfied are completed."""
    plan = Plan()
    by_key = {row.key: row for row in stored}
    wanted: set[str] = set()
    for spec in desired:
        wanted.add(spec.key)
        row = by_key.get(spec.key)
        if row is None:
            if spec.create and spec.satisfied_at is None:
                plan.create.append(spec)
            continue
        if row.status not in (FollowUpStatus.OPEN, FollowUpStatus.SNOOZED):
            continue
        if spec.satisfied_at is not None:
            plan.complete.append((row.id, spec))
        elif row.due_at != spec.due_at or row.reason != spec.reason:
            plan.update.append((row.id, spec))
    for row in stored:
        if row.key not in wanted and row.status in (FollowUpStatus.OPEN, FollowUpStatus.SNOOZED):
            plan.delete.append(row.id)
    return plan
