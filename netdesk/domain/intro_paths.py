""" "Who can introduce me?": paths through the user's network, real relationships first.

The network is a graph of contacts. Two people are linked when one introduced the other, when
someone the user knows works at the target's organisation (a colleague, asked directly), or when
both were met at the same event (the weakest link: they may only have shared a room). The user is
not a node; instead every contact the user *knows personally* (met, talked to, or placed in a
circle) can start a path. A person who was only introduced by name and never contacted is not
known yet: the way to them runs through whoever introduced them. Someone the user already knows is never the target of an introduction:
their only path is ``[target]``, "you know them already".

A path is the chain of contacts from the person to ask first up to and including the target.
Paths are ranked by their links first — fewer "same event" links, then fewer inferred colleague
links, so a chain of real introductions comes before a guess — then by the number of people in
them, then by warmth: how recently the user was in touch with the first person (logged
interactions; days since the last one), plus a small penalty per inferred link. Search is
Dijkstra over (node, people so far) states, so cycles in introduced-by links cannot loop, and a
target nobody leads to is reported with an empty path.
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
COLLEAGUE_LINK_PENALTY = 30
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
    COLLEAGUES = "colleagues"
    SAME_EVENT = "same_event"


# Link strength tiers: an introduction on record, then working at the same organisation, then
# only having been at the same event. A path's rank counts its weaker links first.
_TIER = {LinkKind.INTRODUCED: 0, LinkKind.COLLEAGUES: 1, LinkKind.SAME_EVENT: 2}


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
        """The user already knows the target: no introduction is needed."""
        return len(self.path) == 1

    @property
    def weak_links(self) -> int:
        return sum(1 for link in self.links if link.kind is LinkKind.SAME_EVENT)

    @property
    def colleague_links(self) -> int:
        return sum(1 for link in self.links if link.kind is LinkKind.COLLEAGUES)

    def sort_key(self) -> tuple[int, int, int, int, int, int]:
        # Reachable first, then fewest weak "same event" links, then fewest inferred colleague
        # links (real introductions first), then fewest people, then warmest.
        return (
            0 if self.path else 1,
            self.weak_links,
            self.colleague_links,
            len(self.path),
            self.cost,
            self.target_id,
        )


def matches(person: Person, query: str) -> bool:
    """Every word of ``query`` appears in the person's organisation, title, field or tags."""
    words = query.casefold().split()
    if not words:
        return False
    hay = person.haystack()
    return all(word in hay for word in words)


def organisation_key(name: str) -> str:
    """Organisations compare by their words, ignoring case and punctuation spacing."""
    return " ".join(name.casefold().replace(",", " ").replace(".", " ").split())


@dataclass
class Graph:
    """Adjacency over contacts: (neighbour, link) pairs. Event and organisation links go through
    event/organisation nodes so a career fair with 50 people costs 50 entries, not 2,500."""

    people: dict[int, Person]
    neighbours: dict[int, list[tuple[int, Link]]] = field(default_factory=lambda: defaultdict(list))
    at_event: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    at_org: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))


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
        org = organisation_key(person.organization)
        if org:
            graph.at_org[org].append(person.id)
    return graph


_COLLEAGUES = Link(LinkKind.COLLEAGUES)


def _edges(graph: Graph, node: int, *, colleagues: bool) -> Iterable[tuple[int, Link, int]]:
    for other, link in graph.neighbours.get(node, ()):
        yield other, link, INTRODUCED_LINK_PENALTY
    person = graph.people[node]
    org = organisation_key(person.organization) if colleagues else ""
    for other in graph.at_org.get(org, ()) if org else ():
        if other != node and graph.people[other].known:
            yield other, _COLLEAGUES, COLLEAGUE_LINK_PENALTY
    for event_id in sorted(person.event_ids):
        for other in graph.at_event.get(event_id, ()):
            if other != node:
                yield other, Link(LinkKind.SAME_EVENT, event_id), EVENT_LINK_PENALTY


# A search label: (weak links, colleague links, people so far, penalty days).
_Label = tuple[int, int, int, int]


def paths_to(
    graph: Graph,
    target_id: int,
    now: datetime,
    *,
    max_hops: int = DEFAULT_MAX_HOPS,
    alternatives: int = 3,
) -> list[IntroPath]:
    """Up to ``alternatives`` paths to one target, each starting with a different known person,
    best first; an empty list when nobody the user knows leads there within ``max_hops``.
    A target the user knows personally gets the one path ``(target,)``: no introduction."""
    target = graph.people.get(target_id)
    if target is None:
        return []
    if target.known:
        return [
            IntroPath(
                target_id=target_id,
                path=(target_id,),
                cost=coldness(target.last_touch, now),
                first_warmth=warmth_of(target.last_touch, now),
            )
        ]
    # Dijkstra from the target outwards (links are symmetric) over (node, people so far) states,
    # ordered by label, so a fewer-people way round is kept when a better-ranked one is longer
    # (the max_hops limit would otherwise cut it off).
    start: _Label = (0, 0, 1, 0)
    labels: dict[tuple[int, int], _Label] = {(target_id, 1): start}
    towards: dict[tuple[int, int], tuple[tuple[int, int], Link]] = {}
    settled: dict[int, tuple[int, _Label]] = {}  # node -> (people so far, label) of its best way
    fewest: dict[int, int] = {}  # node -> fewest people on any way expanded so far
    heap: list[tuple[_Label, int]] = [(start, target_id)]
    while heap:
        label, node = heapq.heappop(heap)
        hops = label[2]
        if labels.get((node, hops)) != label:
            continue
        if fewest.get(node, max_hops + 1) <= hops:
            continue  # a better-ranked way with no more people exists already
        fewest[node] = hops
        settled.setdefault(node, (hops, label))
        if hops >= max_hops:
            continue
        # A known person is where a path starts: don't walk past them, asking them is shorter.
        if node != target_id and graph.people[node].known:
            continue
        # Colleagues only as the whole way: someone you know who works beside the target can
        # introduce them; sharing an employer in the middle of a chain says little.
        for other, link, extra in _edges(graph, node, colleagues=node == target_id):
            tier = _TIER[link.kind]
            candidate = (
                label[0] + (tier == 2),
                label[1] + (tier == 1),
                hops + 1,
                label[3] + extra,
            )
            key = (other, hops + 1)
            if key not in labels or candidate < labels[key]:
                labels[key] = candidate
                towards[key] = ((node, hops), link)
                heapq.heappush(heap, (candidate, other))
    found = []
    for node, (hops, label) in settled.items():
        person = graph.people[node]
        if node == target_id or not person.known:
            continue
        chain = [node]
        links: list[Link] = []
        state = (node, hops)
        while state[0] != target_id:
            state, link = towards[state]
            chain.append(state[0])
            links.append(link)
        found.append(
            IntroPath(
                target_id=target_id,
                path=tuple(chain),
                links=tuple(links),
                cost=label[3] + coldness(person.last_touch, now),
                first_warmth=warmth_of(person.last_touch, now),
            )
        )
    found.sort(key=lambda p: (*p.sort_key()[1:5], graph.people[p.path[0]].name.casefold(), p.path[0]))
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
    out.sort(key=lambda p: (*p.sort_key()[:5], names.get(p.target_id, ""), p.target_id))
    return out
