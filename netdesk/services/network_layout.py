"""The network picture's geometry (no Qt, no database): you in the middle, one hub per circle on
an inner ring, each circle's people in its own slice further out, warmest nearest the middle;
or, around one person in focus, the people linked to them grouped by link. The data comes from
``network_picture`` (SQL), the drawing from ``ui/network_scene``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from netdesk.domain.intro_paths import Warmth, days_since, warmth_of
from netdesk.domain.models import Circle

WARMTH_ORDER = (Warmth.HOT, Warmth.WARM, Warmth.COOL, Warmth.COLD)
EGO_RING = 260.0  # the people linked to the person in focus, around them
EGO_CAPTION = 150.0  # the name of each kind of link, between them
EGO_SPACING = 135.0  # room for a name around that ring
RING_HUBS = 200.0
RING_FIRST = 380.0
RING_STEP = 70.0
NODE_SPACING = 46.0
MIN_SLICE = math.radians(24)
MIN_SLICE_COUNTED = math.radians(42)
CAPTION_CHAR = 7.5  # average width of a caption character at the normal size


@dataclass(frozen=True)
class PictureNode:
    contact_id: int
    name: str
    organization: str
    circle: Circle | None
    x: float
    y: float
    warmth: Warmth
    days: int | None


@dataclass(frozen=True)
class CircleHub:
    circle: Circle | None
    label: str
    x: float
    y: float
    count: int  # everyone in the circle
    shown: int = 0  # of whom drawn as dots
    warmth_counts: tuple[int, int, int, int] = (0, 0, 0, 0)  # in WARMTH_ORDER
    radius: float = 16.0  # grows with the circle when it stands for people not drawn


@dataclass(frozen=True)
class NetworkPicture:
    nodes: tuple[PictureNode, ...]
    hubs: tuple[CircleHub, ...]
    introductions: tuple[tuple[int, int], ...]  # (introducer, introduced), both drawn
    total: int = 0
    focus: int | None = None
    focus_links: tuple[tuple[int, str], ...] = ()  # (contact id, "introduced them" …), all drawn
    captions: tuple[tuple[str, float, float, int], ...] = ()  # around the focus: (link, x, y, people)
    warmth_counts: tuple[int, int, int, int] = (0, 0, 0, 0)  # the whole network, in WARMTH_ORDER

    @property
    def is_empty(self) -> bool:
        return self.total == 0 and not self.nodes

    @property
    def complete(self) -> bool:
        """Everyone is a dot (no circle is only counted)."""
        return len(self.nodes) >= self.total


@dataclass(frozen=True)
class Dot:
    """What the picture needs of one person."""

    id: int
    name: str
    organization: str
    circle: Circle | None
    introduced_by_id: int | None
    last_touch: datetime | None


def circle_of(value: str | None) -> Circle | None:
    try:
        return Circle(value) if value else None
    except ValueError:
        return Circle.OTHER


def display_name(display: str, given: str, family: str, org: str) -> str:
    return display.strip() or " ".join(p for p in (given.strip(), family.strip()) if p) or org.strip()


# Last touch = the later of the last non-note interaction and the meeting, as a Julian day
# (SQLite reads the stored ISO texts with their offsets); 0 = never in touch.
def hub_caption(circle: Circle | None, count: int, complete: bool) -> str:
    label = circle.label if circle is not None else "No circle"
    return f"{label} ({count:,})" if complete else f"{label}\n{count:,} people"


def hub_caption_width(circle: Circle | None, count: int, radius: float) -> float:
    """About how wide the hub's name is drawn (scene units): a line of text scaled with the hub."""
    lines = hub_caption(circle, count, radius <= 16.0).splitlines()
    return max(len(line) for line in lines) * CAPTION_CHAR * radius / 16.0


def _circle_order(circle: Circle | None) -> int:
    members = list(Circle)
    return members.index(circle) if circle is not None else len(members)


def layout(
    people: Sequence[Dot],
    now: datetime,
    counts: dict[Circle | None, tuple[int, tuple[int, ...]]] | None = None,
) -> NetworkPicture:
    """Place ``people``; ``counts`` (everyone per circle, with warmth) when they are only some."""
    groups: dict[Circle | None, list[Dot]] = defaultdict(list)
    for p in people:
        groups[p.circle].append(p)
    sizes = {c: n for c, (n, _w) in counts.items()} if counts else {c: len(m) for c, m in groups.items()}
    order = sorted(set(sizes) | set(groups), key=_circle_order)
    if not order:
        return NetworkPicture((), (), ())
    complete = len(people) >= sum(sizes.values())
    # slices share the ring by the people drawn in them; a circle only counted (its hub says how
    # many) gets room for its hub's name beside the others
    basis = {c: len(groups[c]) for c in order} if not complete else {c: sizes.get(c, 0) for c in order}
    total = max(sum(basis.values()), 1)
    least = MIN_SLICE if complete else MIN_SLICE_COUNTED
    raw = [max(least, 2 * math.pi * basis[c] / total) for c in order]
    scale = 2 * math.pi / sum(raw)
    widths = [w * scale for w in raw]
    radii = {c: 16.0 if complete else 16.0 + 9.0 * math.log10(max(sizes.get(c, 1), 1)) for c in order}
    # big hubs (and their names, drawn as large as the hub) move out until neighbours in narrow
    # slices no longer overlap, and the people further out
    hub_ring = RING_HUBS  # a small picture: hubs and names at their usual size, as always
    if not complete:
        room = {c: max(2 * radii[c], hub_caption_width(c, sizes.get(c, 0), radii[c])) for c in order}
        hub_ring = max([RING_HUBS] + [(room[c] + 16) / w for c, w in zip(order, widths, strict=True)])
    first_ring = max(RING_FIRST, hub_ring + max(radii.values()) + 120)
    nodes: list[PictureNode] = []
    hubs: list[CircleHub] = []
    start = -math.pi / 2
    for circle, width in zip(order, widths, strict=True):
        members = sorted(groups[circle], key=lambda p: (warmth_rank(p, now), p.name.casefold(), p.id))
        warmth = counts[circle][1] if counts and circle in counts else _warmth_counts(members, now)
        middle = start + width / 2
        hubs.append(
            CircleHub(
                circle,
                circle.label if circle is not None else "No circle",
                hub_ring * math.cos(middle),
                hub_ring * math.sin(middle),
                sizes.get(circle, len(members)),
                len(members),
                (warmth[0], warmth[1], warmth[2], warmth[3]),
                radii[circle],
            )
        )
        nodes.extend(ring_nodes(members, circle, start, width, now, first_ring))
        start += width
    ids = {p.id for p in people}
    intros = tuple(
        (p.introduced_by_id, p.id)
        for p in people
        if p.introduced_by_id is not None and p.introduced_by_id in ids
    )
    return NetworkPicture(tuple(nodes), tuple(hubs), intros, total=sum(sizes.values()))


def place_node(person: Dot, circle: Circle | None, x: float, y: float, now: datetime) -> PictureNode:
    return PictureNode(
        contact_id=person.id,
        name=person.name,
        organization=person.organization,
        circle=circle,
        x=x,
        y=y,
        warmth=warmth_of(person.last_touch, now),
        days=days_since(person.last_touch, now),
    )


def ring_nodes(
    members: list[Dot],
    circle: Circle | None,
    start: float,
    width: float,
    now: datetime,
    first: float,
    *,
    keep_circle: bool = False,
) -> list[PictureNode]:
    """``members`` on rings from radius ``first`` in the slice from ``start`` of ``width``."""
    out: list[PictureNode] = []
    radius = first
    index = 0
    margin = min(width * 0.08, math.radians(4))
    usable = max(width - 2 * margin, 1e-3)
    while index < len(members):
        capacity = max(1, int(radius * usable / NODE_SPACING))
        batch = members[index : index + capacity]
        for k, person in enumerate(batch):
            angle = start + margin + usable * (k + 0.5) / len(batch)
            where = person.circle if keep_circle else circle
            out.append(place_node(person, where, radius * math.cos(angle), radius * math.sin(angle), now))
        index += len(batch)
        radius += RING_STEP
    return out


def _warmth_counts(members: Sequence[Dot], now: datetime) -> tuple[int, int, int, int]:
    counts = [0, 0, 0, 0]
    for p in members:
        counts[WARMTH_ORDER.index(warmth_of(p.last_touch, now))] += 1
    return (counts[0], counts[1], counts[2], counts[3])


def warmth_rank(person: Dot, now: datetime) -> int:
    days = days_since(person.last_touch, now)
    return 10**6 if days is None else days
