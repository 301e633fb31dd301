""" "Who can introduce me?": paths through the user's network, shortest first, warmer first.

The network is a graph of contacts. Two people are linked when one introduced the other, or when
both were met at the same event (a weaker link: they may only have shared a room). The user is
not a node; instead every contact the user *knows personally* (met, talked to, or placed in a
circle) can start a path. A person who was only introduced by name and never contacted is not
known yet: the way to them runs through whoever introduced them.

A path is the chain of contacts from the person to ask first up to and including the target, so
``[target]`` means "you know them already". Paths are ranked by the number of people in them,
then by warmth: how recently the user was in touch with the first person (days since the last
interaction), plus a penalty for every weak "same event" link. Search is Dijkstra over
(hops, coldness) pairs, so cycles in introduced-by links cannot loop, and a target nobody leads
to is reported with an empty path.
"""

from __future__ import annotations

import enum
import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

# Days-equivalent costs: a first contact never touched counts as cold as two years of silence,
# and going through "both were at the same event" costs as much as three months of silence.
MAX_COLDNESS_DAYS = 730
EVENT_LINK_PENALTY = 90
INTRODUCED_LINK_PENALTY = 0
DEFAULT_MAX_HOPS = 5


class Warmth(enum.StrEnum):
    """How warm a relationship is, by days since the last interaction."""

    HOT = "hot"
    WARM = "warm"
    COOL = "cool"
    COLD = "cold"

    @property
    def label(self) -> str:
        return _WARMTH_LABELS[self]


_WARMTH_LABELS = {
    Warmth.HOT: "In touch this month",
    Warmth.WARM: "In touch within 3 months",
    Warmth.COOL: "In touch within 6 months",
    Warmth.COLD: "Not in touch for 6+ months",
}


def days_since(last_touch: datetime | None, now: datetime) -> int | None:
    if last_touch is None:
        return None
    return max(0, (now - last_touch).days)


def warmth_of(last_touch: datetime | None, now: datetime) -> Warmth:
    days = days_since(last_touch, now)
    if days is None or days > 180:
        return Warmth.COLD
    if days <= 30:
        return Warmth.HOT
    if days <= 90:
        return Warmth.WARM
    return Warmth.COOL


def coldness(last_touch: datetime | None, now: datetime) -> int:
    days = days_since(last_touch, now)
    return MAX_COLDNESS_DAYS if days is None else min(days, MAX_COLDNESS_DAYS)


@dataclass(frozen=True)
class Person:
    """What path search needs to know about one contact."""

    id: int
    name: str
    organization: str = ""
    title: str = ""
    department: str = ""
    field: str = ""
    tags: tuple[str, ...] = ()
    circle: str | None = None
    introduced_by_id: int | None = None
    event_ids: frozenset[int] = frozenset()
    last_touch: datetime | None = None
    known: bool = True

    def haystack(self) -> str:
        parts = (self.organization, self.title, self.department, self.field, *self.tags)
        return " ".join(parts).casefold()


class LinkKind(enum.StrEnum):
    INTRODUCED = "introduced"
    SAME_EVENT = "same_event"


@dataclass(frozen=True)
class Link:
    """Why two consecutive people on a path know each other."""

    kind: LinkKind
    event_id: int | None = None


@dataclass(frozen=True)
class IntroPath:
    target_id: int
    path: tuple[int, ...]
    links: tuple[Link, ...] = ()
    cost: int = 0
    first_warmth: Warmth = Warmth.COLD

    @property
    def reachable(self) -> bool:
        return bool(self.path)

    @property
    def hops(self) -> int:
        return len(self.path)

    @property
    def direct(self) -> bool:
        return len(self.path) == 1

    def sort_key(self) -> tuple[int, int, int, int]:
        # Reachable first, then fewest people, then warmest.
        return (0 if self.path else 1, len(self.path), self.cost, self.target_id)


def matches(person: Person, query: str) -> bool:
    """Every word of ``query`` appears in the person's organisation, title, field or tags."""
    words = query.casefold().split()
    if not words:
        return False
    hay = person.haystack()
    return all(word in hay for word in words)


@dataclass
class Graph:
    """Adjacency over contacts: (neighbour, link) pairs. Event links go through event nodes so
    a career fair with 50 people costs 50 entries, not 2,500."""

    people: dict[int, Person]
    neighbours: dict[int, list[tuple[int, Link]]] = field(default_factory=lambda: defaultdict(list))
    at_event: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))


def build_graph(people: Iterable[Person]) -> Graph:
    graph = Graph({p.id: p for p in people})
    for person in graph.people.values():
        intro = person.introduced_by_id
        if intro is not None and intro in graph.people and intro != person.id:
            link = Link(LinkKind.INTRODUCED)
            graph.neighbours[person.id].append((intro, link))
            graph.neighbours[intro].append((person.id, link))
        for event_id in person.event_ids:
            graph.at_event[event_id].append(person.id)
    return graph


def _edges(graph: Graph, node: int) -> Iterable[tuple[int, Link, int]]:
    for other, link in graph.neighbours.get(node, ()):
        yield other, link, INTRODUCED_LINK_PENALTY
    for event_id in sorted(graph.people[node].event_ids):
        for other in graph.at_event.get(event_id, ()):
            if other != node:
                yield other, Link(LinkKind.SAME_EVENT, event_id), EVENT_LINK_PENALTY


def paths_to(
    graph: Graph,
    target_id: int,
    now: datetime,
    *,
    max_hops: int = DEFAULT_MAX_HOPS,
    alternatives: int = 3,
) -> list[IntroPath]:
    """Up to ``alternatives`` paths to one target, each starting with a different known person,
    best first; an empty list when nobody the user knows leads there within ``max_hops``."""
    if target_id not in graph.people:
        return []
    # Dijkstra from the target outwards (links are symmetric): cost is (hops, penalty).
    best: dict[int, tuple[int, int]] = {target_id: (1, 0)}
    towards: dict[int, tuple[int, Link]] = {}
    heap: list[tuple[int, int, int]] = [(1, 0, target_id)]
    while heap:
        hops, penalty, node = heapq.heappop(heap)
        if best.get(node) != (hops, penalty):
            continue
        if hops >= max_hops:
            continue
        # A known person is where a path starts: don't walk past them, asking them is shorter.
        if node != target_id and graph.people[node].known:
            continue
        for other, link, extra in _edges(graph, node):
            candidate = (hops + 1, penalty + extra)
            if other not in best or candidate < best[other]:
                best[other] = candidate
                towards[other] = (node, link)
                heapq.heappush(heap, (candidate[0], candidate[1], other))
    found = []
    for start, (_, penalty) in best.items():
        person = graph.people[start]
        if not person.known:
            continue
        chain = [start]
        links: list[Link] = []
        while chain[-1] != target_id:
            nxt, link = towards[chain[-1]]
            chain.append(nxt)
            links.append(link)
        found.append(
            IntroPath(
                target_id=target_id,
                path=tuple(chain),
                links=tuple(links),
                cost=penalty + coldness(person.last_touch, now),
                first_warmth=warmth_of(person.last_touch, now),
            )
        )
    found.sort(key=lambda p: (p.hops, p.cost, graph.people[p.path[0]].name.casefold(), p.path[0]))
    return found[:alternatives]


def intro_paths(
    people: Sequence[Person],
    query: str,
    now: datetime,
    *,
    max_hops: int = DEFAULT_MAX_HOPS,
    alternatives: int = 1,
) -> list[IntroPath]:
    """Paths to everyone matching ``query`` (an organisation or a field): the best
    ``alternatives`` per target, reachable targets first, shortest first, warmer first;
    unreachable targets last with an empty path."""
    graph = build_graph(people)
    out: list[IntroPath] = []
    for person in people:
        if not matches(person, query):
            continue
        paths = paths_to(graph, person.id, now, max_hops=max_hops, alternatives=alternatives)
        out.extend(paths or [IntroPath(target_id=person.id, path=())])
    names = {p.id: p.name.casefold() for p in people}
    out.sort(key=lambda p: (*p.sort_key()[:3], names.get(p.target_id, ""), p.target_id))
    return out
