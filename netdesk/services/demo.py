"""A realistic sample network, so a first-time user (or a screenshot) sees the app at work.

A junior Biology major's network in the autumn: family and their friends (the hidden job
network), professors, a career fair with 13 cards collected, a networking social, a neighbour's
cookout, and an informational interview — with notes of what was talked about.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib.resources import files
from typing import Any

from sqlalchemy import func, select

from netdesk.domain.models import (
    Circle,
    ContactDraft,
    Email,
    EmailKind,
    EventDraft,
    EventKind,
    HowMet,
    InteractionKind,
    Phone,
    PhoneKind,
    Url,
    UrlKind,
)
from netdesk.domain.search import words
from netdesk.normalize.phones import to_e164
from netdesk.services.database import Database
from netdesk.services.demo_plans import load_plans
from netdesk.services.followups import FollowUpService
from netdesk.storage import contacts as contact_repo
from netdesk.storage import events as event_repo
from netdesk.storage.models import ContactRow, EventRow, InteractionRow


class DemoNotEmptyError(RuntimeError):
    """Refuse to mix sample people into a real network unless asked to."""


@dataclass(frozen=True)
class DemoSummary:
    contacts: int
    events: int
    interactions: int
    interviews: int = 0
    leads: int = 0
    followups: int = 0

    def as_json(self) -> dict[str, int]:
        return {
            "contacts": self.contacts,
            "events": self.events,
            "interactions": self.interactions,
            "interviews": self.interviews,
            "leads": self.leads,
            "followups": self.followups,
        }


SAMPLE_FILE = files("netdesk.resources") / "demo_network.json"


def _sample() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))
    return data


def _phone(raw: str) -> tuple[Phone, ...]:
    return (Phone(raw, to_e164(raw), PhoneKind.WORK),) if raw else ()


def load_demo(db: Database, *, force: bool = False, now: datetime | None = None) -> DemoSummary:
    """Load the sample network in one transaction. Refuses a non-empty database unless ``force``."""
    now = (now or datetime.now().astimezone()).replace(second=0, microsecond=0)
    with db.writes.begin() as s:  # reads, then writes: BEGIN IMMEDIATE
        existing = s.scalar(select(func.count()).select_from(ContactRow)) or 0
        if existing and not force:
            raise DemoNotEmptyError(
                f"The database already holds {existing} contacts; use --force to add the sample network anyway."
            )
        sample = _sample()
        events: dict[str, EventRow] = {}
        for ev in sample["events"]:
            kind = EventKind(ev["kind"])
            start = (now - timedelta(days=ev["days_ago"])).replace(hour=ev["hour"], minute=0)
            row = event_repo.find_by_name(s, ev["name"]) or EventRow()
            event_repo.apply_draft(
                row,
                EventDraft(
                    name=ev["name"],
                    kind=kind,
                    starts_at=start,
                    ends_at=start + timedelta(hours=1 if kind is EventKind.INFORMATIONAL_INTERVIEW else 2),
                    location=ev["location"],
                    goals=ev["goals"],
                    cards_given=ev["cards_given"],
                ),
            )
            s.add(row)
            events[ev["key"]] = row
        s.flush()
        people: dict[str, ContactRow] = {}
        n_interactions = 0
        for i, person_data in enumerate(sample["people"]):
            name, org, title = person_data["name"], person_data["organization"], person_data["title"]
            circle, ev, days = Circle(person_data["circle"]), person_data["event"], person_data["days_ago"]
            email, phone, notes = person_data["email"], person_data["phone"], person_data["notes"]
            tags, intro = tuple(person_data["tags"]), person_data["introduced_by"]
            given, _, family = name.removeprefix("Dr. ").rpartition(" ")
            event = events.get(ev) if ev else None
            met = (now - timedelta(days=days)).replace(hour=10 + i % 6, minute=(i * 7) % 60)
            if event is not None and event.starts_at is not None:
                met = event.starts_at + timedelta(minutes=(i * 9) % 100)
            urls = (
                (
                    Url(
                        f"https://www.linkedin.com/in/{'-'.join(words(name.removeprefix('Dr. ')))}",
                        UrlKind.LINKEDIN,
                    ),
                )
                if circle is Circle.PROFESSIONAL
                else ()
            )
            draft = ContactDraft(
                display_name=name,
                given_name=given,
                family_name=family,
                title=title,
                organization=org,
                emails=(Email(email, EmailKind.WORK),) if email else (),
                phones=_phone(phone),
                urls=urls,
                notes=notes,
                tags=tags,
                circle=circle,
                how_met=HowMet.EVENT if event else (HowMet.REFERRAL if intro else HowMet.SPONTANEOUS),
                met_at=met,
                event_id=event.id if event else None,
                introduced_by_id=people[intro].id if intro else None,
            )
            person = ContactRow()
            contact_repo.apply_draft(person, draft)
            s.add(person)
            s.flush()
            people[name] = person
            if event is not None:
                s.add(
                    InteractionRow(
                        contact_id=person.id,
                        kind=InteractionKind.MET.value,
                        occurred_at=met,
                        summary=person_data.get("talked_about", notes),
                        event_id=event.id,
                    )
                )
                n_interactions += 1
        for item in sample["interactions"]:
            s.add(
                InteractionRow(
                    contact_id=people[item["person"]].id,
                    kind=InteractionKind(item["kind"]).value,
                    occurred_at=(now - timedelta(days=item["days_ago"])).replace(hour=11),
                    summary=item["summary"],
                )
            )
            n_interactions += 1
    plans = load_plans(db, now)
    followups = len(FollowUpService(db).queue())
    return DemoSummary(
        contacts=len(sample["people"]),
        events=len(sample["events"]),
        interactions=n_interactions,
        interviews=plans.interviews,
        leads=plans.leads,
        followups=followups,
    )
