"""What an event gave: counters, goals (counted and checkbox ones) and the summary.

Split from ``event_capture`` (storing captures) so each stays readable; ``EventCaptureService``
inherits these methods, so callers keep one service. Leads counted here are real leads (the
Leads page) heard of at the event; the "lead" tag on a person counts too, for people marked
before leads were created from quick add.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from netdesk.domain.event_goals import GoalProgress, goal_key, goal_progress
from netdesk.domain.models import Event, InteractionKind
from netdesk.services.contacts import NotFoundError
from netdesk.services.database import Database
from netdesk.services.events import EventService
from netdesk.services.leads import leads_from_event
from netdesk.storage.event_models import EventCaptureRow, EventGoalCheckRow
from netdesk.storage.followup_models import FollowUpRow
from netdesk.storage.models import ContactRow, ContactTagRow, EventRow, InteractionRow

LEAD_TAG = "lead"
CARD_SOURCES = ("camera", "photo", "cli")


@dataclass(frozen=True, slots=True)
class EventCounters:
    people_met: int = 0
    cards_collected: int = 0
    cards_given: int = 0
    added: int = 0
    matched: int = 0
    goals: tuple[GoalProgress, ...] = ()


@dataclass(frozen=True, slots=True)
class PersonMet:
    contact_id: int
    name: str
    organization: str
    conversation: str
    lead: bool
    new: bool


@dataclass(frozen=True, slots=True)
class EventSummary:
    event: Event
    counters: EventCounters
    people: tuple[PersonMet, ...]
    leads: int
    followups_created: int


class EventCounting:
    """Counting and summing up an event; mixed into ``EventCaptureService``."""

    db: Database
    events: EventService

    def give_card(self, event_id: int, delta: int = 1) -> int:
        """Cards given at the event, changed by ``delta`` (never below zero); returns the new count."""
        with self.db.sessions.begin() as s:
            s.execute(
                update(EventRow)
                .where(EventRow.id == event_id)
                .values(cards_given=func.max(0, EventRow.cards_given + delta))
            )
            value = s.scalar(select(EventRow.cards_given).where(EventRow.id == event_id))
        if value is None:
            raise NotFoundError(f"Event {event_id} no longer exists.")
        return int(value)

    def set_goal_checked(self, event_id: int, key: str, checked: bool) -> None:
        """Tick or untick the checkbox goal ``key`` (``GoalProgress.key``) of the event."""
        key = goal_key(key)
        if not key:
            return
        try:
            with self.db.sessions.begin() as s:
                if s.get(EventRow, event_id) is None:
                    raise NotFoundError("This event was deleted meanwhile; its goals are gone too.")
                found = select(EventGoalCheckRow.id).where(
                    EventGoalCheckRow.event_id == event_id, EventGoalCheckRow.goal_key == key
                )
                if not checked:
                    s.execute(delete(EventGoalCheckRow).where(EventGoalCheckRow.id.in_(found)))
                elif s.scalar(found) is None:
                    s.add(EventGoalCheckRow(event_id=event_id, goal_key=key))
        except IntegrityError:  # ticked in another window at the same moment: it is ticked
            pass

    @staticmethod
    def _checked(s: Session, event_id: int) -> set[str]:
        return set(
            s.scalars(select(EventGoalCheckRow.goal_key).where(EventGoalCheckRow.event_id == event_id))
        )

    def _met(self, s: Session, event_id: int) -> list[tuple[int, str, str, str, bool]]:
        """(contact id, name, organisation, first conversation note, lead) of everyone met."""
        first: dict[int, str] = {}
        for cid, summary in s.execute(
            select(InteractionRow.contact_id, InteractionRow.summary)
            .where(InteractionRow.event_id == event_id, InteractionRow.kind == InteractionKind.MET.value)
            .order_by(func.julianday(InteractionRow.occurred_at), InteractionRow.id)
        ):
            if cid not in first or (not first[cid] and summary):
                first[cid] = summary or first.get(cid, "")
        if not first:
            return []
        leads = set(leads_from_event(s, event_id))
        leads.update(
            s.scalars(
                select(ContactTagRow.contact_id).where(
                    ContactTagRow.contact_id.in_(list(first)), func.lower(ContactTagRow.tag) == LEAD_TAG
                )
            )
        )
        rows = s.execute(
            select(ContactRow.id, ContactRow.display_name, ContactRow.organization).where(
                ContactRow.id.in_(list(first))
            )
        ).all()
        order = {cid: i for i, cid in enumerate(first)}
        return sorted(
            ((cid, name, org, first[cid], cid in leads) for cid, name, org in rows), key=lambda r: order[r[0]]
        )

    def counters(self, event_id: int) -> EventCounters:
        with self.db.sessions() as s:
            event = s.get(EventRow, event_id)
            if event is None:
                raise NotFoundError(f"Event {event_id} no longer exists.")
            met = self._met(s, event_id)
            by_action: dict[str, int] = {
                action: int(count)
                for action, count in s.execute(
                    select(EventCaptureRow.action, func.count(EventCaptureRow.id))
                    .where(EventCaptureRow.event_id == event_id)
                    .group_by(EventCaptureRow.action)
                )
            }
            collected = s.scalar(
                select(func.count(EventCaptureRow.id)).where(
                    EventCaptureRow.event_id == event_id, EventCaptureRow.source.in_(CARD_SOURCES)
                )
            )
            added_people = s.scalar(select(func.count(ContactRow.id)).where(ContactRow.event_id == event_id))
            goals = goal_progress(
                event.goals,
                people_met=len(met),
                cards_given=event.cards_given,
                cards_collected=int(collected or 0),
                met_names=[f"{name} {org}" for _, name, org, _, _ in met],
                checked=self._checked(s, event_id),
            )
            return EventCounters(
                people_met=len(met),
                cards_collected=int(collected or 0),
                cards_given=event.cards_given,
                added=int(added_people or 0),
                matched=int(by_action.get("matched", 0)),
                goals=tuple(goals),
            )

    @staticmethod
    def _followup_count(s: Session, event_id: int, contact_ids: list[int]) -> int:
        """Follow-ups of the people met here made by this event or since meeting them here."""
        if not contact_ids:
            return 0
        first_met = s.scalar(
            select(func.min(func.julianday(InteractionRow.occurred_at))).where(
                InteractionRow.event_id == event_id, InteractionRow.kind == InteractionKind.MET.value
            )
        )
        about_event = FollowUpRow.key.like(f"%:event:{event_id}")
        since = func.julianday(FollowUpRow.created_at) >= (first_met or 0)
        stmt = select(func.count(FollowUpRow.id)).where(
            FollowUpRow.contact_id.in_(contact_ids), about_event | since
        )
        return int(s.scalar(stmt) or 0)

    def _followups(self, contact_id: int) -> None:
        """Create the 24-hour thank-you now, so counters and the summary include it."""
        try:
            from netdesk.services.followups import ensure_followups

            ensure_followups(self.db, contact_id)
        except Exception:  # the queue regenerates on read anyway
            pass

    def summary(self, event_id: int) -> EventSummary:
        """People met, leads and follow-ups created: what the event gave, reopenable any time."""
        event = self.events.get(event_id)
        counters = self.counters(event_id)
        with self.db.sessions() as s:
            met = self._met(s, event_id)
            new_ids = set(s.scalars(select(ContactRow.id).where(ContactRow.event_id == event_id)))
            from_event = leads_from_event(s, event_id)
        for cid, *_ in met:
            self._followups(cid)
        with self.db.sessions() as s:
            followups = self._followup_count(s, event_id, [m[0] for m in met])
        people = tuple(
            PersonMet(cid, name, org, note, lead, cid in new_ids) for cid, name, org, note, lead in met
        )
        # Every lead heard of here (quick add, or added on the Leads page with this event); a
        # person only tagged "lead" counts once.
        tagged_only = sum(1 for p in people if p.lead and p.contact_id not in from_event)
        return EventSummary(event, counters, people, sum(from_event.values()) + tagged_only, followups)
