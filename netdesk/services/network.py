"""The hidden job network: "Who can introduce me?" and the data of the network picture.

Facts come from the contacts table (circle, introduced by, the event they were met at) and the
interaction log (last touch, events shared); the search itself is ``netdesk.domain.intro_paths``.
The picture's data and geometry live in ``network_picture`` (plain SQL and geometry, no Qt), so
the view only draws.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from netdesk.domain.intro_paths import (
    DEFAULT_MAX_HOPS,
    IntroPath,
    LinkKind,
    Person,
    Warmth,
    intro_paths,
)
from netdesk.domain.models import Circle, Contact, InteractionKind
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database
from netdesk.services.network_picture import (
    DETAIL_LIMIT,
    NetworkPicture,
    circle_of,
    display_name,
    read_picture,
)
from netdesk.storage.models import ContactRow, ContactTagRow, EventRow, InteractionRow, utcnow

# Circles whose members the user knows personally even when nothing is logged yet.
PERSONAL_CIRCLES = frozenset(
    {
        Circle.FAMILY,
        Circle.FRIEND,
        Circle.NEIGHBOUR,
        Circle.CLASSMATE,
        Circle.SCHOOL_FRIEND,
        Circle.PROFESSOR,
        Circle.COLLEAGUE,
    }
)


@dataclass(frozen=True)
class IntroResult:
    """One way to reach a target: ``path`` runs from the person to ask up to the target
    (``[target]``: you already know them; empty: nobody you know leads there yet)."""

    target: Contact
    path: tuple[Contact, ...]
    links: tuple[str, ...]
    warmth: Warmth
    cost: int

    @property
    def reachable(self) -> bool:
        return bool(self.path)

    @property
    def hops(self) -> int:
        return len(self.path)

    def describe(self) -> str:
        """ "Ask Ana Lima (introduced Dr. Park) -> Dr. Park" as a sentence for lists."""
        if not self.path:
            return "Nobody you know leads here yet."
        if len(self.path) == 1:
            return "You already know them: get in touch directly, no introduction needed."
        names = [c.name for c in self.path]
        return f"Ask {names[0]}: " + " → ".join(names)


class NetworkService:
    def __init__(self, db: Database, clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.clock = clock
        self.contacts = ContactService(db)

    def people(self) -> list[Person]:
        """Every contact as path search sees it, in a handful of queries."""
        with self.db.sessions() as s:
            rows = s.execute(
                select(
                    ContactRow.id,
                    ContactRow.display_name,
                    ContactRow.given_name,
                    ContactRow.family_name,
                    ContactRow.organization,
                    ContactRow.title,
                    ContactRow.department,
                    ContactRow.field,
                    ContactRow.circle,
                    ContactRow.introduced_by_id,
                    ContactRow.event_id,
                    ContactRow.met_at,
                )
            ).all()
            tags: dict[int, list[str]] = defaultdict(list)
            for cid, tag in s.execute(select(ContactTagRow.contact_id, ContactTagRow.tag)):
                tags[cid].append(tag)
            last: dict[int, datetime] = {}
            touched: set[int] = set()
            events: dict[int, set[int]] = defaultdict(set)
            for cid, kind, at, event_id in s.execute(
                select(
                    InteractionRow.contact_id,
                    InteractionRow.kind,
                    InteractionRow.occurred_at,
                    InteractionRow.event_id,
                )
            ):
                if kind != InteractionKind.NOTE.value:
                    touched.add(cid)
                    if cid not in last or at > last[cid]:
                        last[cid] = at
                if event_id is not None:
                    events[cid].add(event_id)
        out = []
        for cid, display, given, family, org, title, dept, field, circle, intro, event_id, met_at in rows:
            if event_id is not None:
                events[cid].add(event_id)
            touch = last.get(cid)
            if met_at is not None and (touch is None or met_at > touch):
                touch = met_at
            circle_value = circle_of(circle)
            known = (
                cid in touched or met_at is not None or intro is None or (circle_value in PERSONAL_CIRCLES)
            )
            out.append(
                Person(
                    id=cid,
                    name=display_name(display, given, family, org),
                    organization=org,
                    title=title,
                    department=dept,
                    field=field,
                    tags=tuple(tags.get(cid, ())),
                    circle=circle_value.value if circle_value else None,
                    introduced_by_id=intro,
                    event_ids=frozenset(events.get(cid, ())),
                    last_touch=touch,
                    known=known,
                )
            )
        return out

    # -- who can introduce me? -----------------------------------------------------------------
    def intro(
        self, query: str, *, alternatives: int = 1, max_hops: int = DEFAULT_MAX_HOPS
    ) -> list[IntroResult]:
        """Paths to the people at an organisation or in a field, shortest first, warmer first;
        targets nobody leads to come last with an empty path."""
        if not query.strip():
            return []
        now = self.clock()
        people = self.people()
        found = intro_paths(people, query, now, max_hops=max_hops, alternatives=alternatives)
        ids = sorted({cid for p in found for cid in (p.target_id, *p.path)})
        contacts = {c.id: c for c in self.contacts.get_many(ids)}
        by_id = {p.id: p for p in people}
        event_names = self._event_names()
        out = []
        for item in found:
            if item.target_id not in contacts or any(cid not in contacts for cid in item.path):
                continue  # deleted meanwhile
            out.append(
                IntroResult(
                    target=contacts[item.target_id],
                    path=tuple(contacts[cid] for cid in item.path),
                    links=self._links(item, by_id, event_names),
                    warmth=item.first_warmth,
                    cost=item.cost,
                )
            )
        return out

    def _event_names(self) -> dict[int, str]:
        with self.db.sessions() as s:
            return {eid: name for eid, name in s.execute(select(EventRow.id, EventRow.name))}

    @staticmethod
    def _links(item: IntroPath, people: dict[int, Person], events: dict[int, str]) -> tuple[str, ...]:
        """Why each step works, e.g. "Ana Lima introduced Dr. Park"."""
        out = []
        for (a, b), link in zip(zip(item.path, item.path[1:], strict=False), item.links, strict=True):
            pa, pb = people[a], people[b]
            if link.kind is LinkKind.INTRODUCED:
                if pb.introduced_by_id == a:
                    out.append(f"{pa.name} introduced {pb.name}")
                else:
                    out.append(f"{pb.name} introduced {pa.name}")
            elif link.kind is LinkKind.COLLEAGUES:
                out.append(f"{pa.name} works at {pb.organization or pa.organization} too")
            else:
                where = events.get(link.event_id or -1, "the same event")
                out.append(f"{pa.name} and {pb.name} were both at {where}")
        return tuple(out)

    # -- the network picture -------------------------------------------------------------------
    def picture(self, *, limit: int = DETAIL_LIMIT, focus: int | None = None) -> NetworkPicture:
        """Counts of everyone, at most about ``limit`` dots, and the neighbourhood of ``focus``."""
        with self.db.sessions() as s:
            return read_picture(s, self.clock(), limit=limit, focus=focus)
