"""The network picture at any size: the data and the geometry, no Qt.

You are in the middle, one hub per circle on an inner ring, each circle's people in its own
slice further out, warmest nearest the middle. A network of a few hundred people is drawn whole.
A large one (a LinkedIn export alone can hold 30,000 connections) is drawn as its circles: each
hub says how many people it holds and how warm they are, and only the ``limit`` people most in
touch (shared among the circles by size) are dots — plus the neighbourhood of the person in
focus (who introduced them, whom they introduced, who works with them), so the picture stays a
few hundred items whatever the size. Counting and choosing happen in SQL (one pass over the
contacts and the interaction log, aggregated), so memory does not grow with the network.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from netdesk.domain.intro_paths import Warmth, days_since, warmth_of
from netdesk.domain.models import Circle, InteractionKind

#: People drawn as dots when the network is larger than this; the rest are counted in the hubs.
DETAIL_LIMIT = 400
#: At most this many people of each kind of link around the person in focus.
NEIGHBOURS_PER_LINK = 24
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


@dataclass
class _Tally:
    count: int = 0
    warmth: list[int] = field(default_factory=lambda: [0, 0, 0, 0])


def circle_of(value: str | None) -> Circle | None:
    try:
        return Circle(value) if value else None
    except ValueError:
        return Circle.OTHER


def display_name(display: str, given: str, family: str, org: str) -> str:
    return display.strip() or " ".join(p for p in (given.strip(), family.strip()) if p) or org.strip()


# Last touch = the later of the last non-note interaction and the meeting, as a Julian day
# (SQLite reads the stored ISO texts with their offsets); 0 = never in touch.
_TOUCH = """
WITH t AS (
    SELECT contact_id, MAX(julianday(occurred_at)) AS jd FROM interaction
    WHERE kind != :note GROUP BY contact_id
)
SELECT c.id AS id, c.circle AS circle,
       MAX(COALESCE(t.jd, 0), COALESCE(julianday(c.met_at), 0)) AS jd,
       c.display_name AS display_name
FROM contact c LEFT JOIN t ON t.contact_id = c.id
"""

# One pass: each circle's people ranked by last touch (most recent first) with the circle's
# warmth counts on every row; only the first ``limit`` of each circle come back.
_RANKED = text(
    f"""
SELECT id, circle, jd, h, w, c, k FROM (
    SELECT id, circle, jd,
        ROW_NUMBER() OVER (PARTITION BY circle ORDER BY jd DESC, display_name COLLATE NOCASE, id) AS rn,
        SUM(bucket = 0) OVER byc AS h, SUM(bucket = 1) OVER byc AS w,
        SUM(bucket = 2) OVER byc AS c, SUM(bucket = 3) OVER byc AS k
    FROM (
        SELECT id, circle, jd, display_name, CASE
            WHEN jd = 0 OR :now - jd >= 181 THEN 3
            WHEN :now - jd >= 91 THEN 2
            WHEN :now - jd >= 31 THEN 1
            ELSE 0 END AS bucket
        FROM ({_TOUCH})
    )
    WINDOW byc AS (PARTITION BY circle)
) WHERE rn <= :limit
"""
)


def _julian(moment: datetime) -> float:
    return moment.astimezone(UTC).timestamp() / 86400.0 + 2440587.5


def _from_julian(jd: float | None) -> datetime | None:
    if not jd:
        return None
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(days=jd - 2440587.5)


def read_picture(
    s: Session, now: datetime, *, limit: int = DETAIL_LIMIT, focus: int | None = None
) -> NetworkPicture:
    """Count everyone by circle and warmth; choose and lay out who is drawn (see the module)."""
    params = {"note": InteractionKind.NOTE.value, "now": _julian(now)}
    if focus is not None:
        picture = _read_neighbourhood(s, focus, now, params)
        if picture is not None:
            return picture  # else deleted meanwhile: the whole picture
    tallies: dict[Circle | None, _Tally] = defaultdict(_Tally)
    ranked: dict[Circle | None, list[tuple[float, int]]] = defaultdict(list)
    counted: set[str | None] = set()
    for cid, raw, jd, *warmth in s.execute(_RANKED, {**params, "limit": max(limit, 1)}):
        circle = circle_of(raw)
        ranked[circle].append((-jd, cid))  # several stored values can mean one circle (unknown = Other)
        if raw not in counted:
            counted.add(raw)
            tallies[circle].count += sum(warmth)
            tallies[circle].warmth = [a + b for a, b in zip(tallies[circle].warmth, warmth, strict=True)]
    total = sum(t.count for t in tallies.values())
    if total == 0:
        return NetworkPicture((), (), ())
    quota = _quotas({c: t.count for c, t in tallies.items()}, limit)
    chosen = {cid for circle, rows in ranked.items() for _t, cid in sorted(rows)[: quota[circle]]}
    dots = _dots(s, chosen, params)
    hubs_seed = {c: (t.count, tuple(t.warmth)) for c, t in tallies.items()}
    picture = layout(list(dots.values()), now, hubs_seed)
    whole = tuple(sum(t.warmth[i] for t in tallies.values()) for i in range(4))
    return NetworkPicture(
        picture.nodes,
        picture.hubs,
        picture.introductions,
        total=total,
        warmth_counts=(whole[0], whole[1], whole[2], whole[3]),
    )


def _read_neighbourhood(
    s: Session, focus: int, now: datetime, params: dict[str, object]
) -> NetworkPicture | None:
    """The person in focus in the middle, the people linked to them around, grouped by link."""
    links = _neighbourhood(s, focus)
    dots = _dots(s, {focus, *(cid for cid, _why in links)}, params)
    if focus not in dots:
        return None
    links = tuple((cid, why) for cid, why in links if cid in dots)
    total = int(s.execute(text("SELECT COUNT(*) FROM contact")).scalar_one())
    groups: dict[str, list[Dot]] = defaultdict(list)
    for cid, why in links:
        groups[why].append(dots[cid])
    nodes = [_node(dots[focus], None, 0.0, 0.0, now)]
    captions: list[tuple[str, float, float, int]] = []
    start = -math.pi / 2
    weights = [max(len(members), 3) for members in groups.values()]
    ring = max(EGO_RING, len(links) * EGO_SPACING / (2 * math.pi))  # names side by side do not overlap
    for (why, members), weight in zip(groups.items(), weights, strict=True):
        width = 2 * math.pi * weight / sum(weights)
        middle = start + width / 2
        captions.append((why, EGO_CAPTION * math.cos(middle), EGO_CAPTION * math.sin(middle), len(members)))
        members.sort(key=lambda p: (_rank(p, now), p.name.casefold(), p.id))
        nodes.extend(_ring_nodes(members, None, start, width, now, ring, keep_circle=True))
        start += width
    ids = set(dots)
    intros = tuple(
        (p.introduced_by_id, p.id) for p in dots.values() if p.introduced_by_id in ids and p.id != focus
    )
    return NetworkPicture(
        tuple(nodes), (), intros, total=total, focus=focus, focus_links=links, captions=tuple(captions)
    )


def _quotas(counts: dict[Circle | None, int], limit: int) -> dict[Circle | None, int]:
    """Dots per circle: everyone when the network fits, else shares of ``limit`` by size, at
    least a few per circle so a small circle never disappears beside a large one."""
    total = sum(counts.values())
    if total <= limit:
        return dict(counts)
    floor = max(1, limit // (4 * max(len(counts), 1)))
    return {c: min(n, max(floor, round(limit * n / total))) for c, n in counts.items()}


def _neighbourhood(s: Session, focus: int) -> tuple[tuple[int, str], ...]:
    """Who introduced the person in focus, whom they introduced, who works at their organisation."""
    row = s.execute(
        text("SELECT introduced_by_id, organization FROM contact WHERE id = :id"), {"id": focus}
    ).first()
    if row is None:
        return ()
    introducer, organization = row
    out: list[tuple[int, str]] = []
    if introducer is not None:
        out.append((introducer, "introduced them"))
    introduced = s.execute(
        text("SELECT id FROM contact WHERE introduced_by_id = :id ORDER BY id LIMIT :n"),
        {"id": focus, "n": NEIGHBOURS_PER_LINK},
    )
    out.extend((cid, "introduced by them") for (cid,) in introduced)
    if organization and organization.strip():
        colleagues = s.execute(
            text(
                "SELECT id FROM contact WHERE organization = :org COLLATE NOCASE AND id != :id "
                "ORDER BY id LIMIT :n"
            ),
            {"org": organization.strip(), "id": focus, "n": NEIGHBOURS_PER_LINK},
        )
        seen = {cid for cid, _ in out}
        out.extend((cid, "works there too") for (cid,) in colleagues if cid not in seen)
    return tuple(out)


def _dots(s: Session, ids: set[int], params: dict[str, object]) -> dict[int, Dot]:
    if not ids:
        return {}
    query = text(
        "SELECT c.id, c.display_name, c.given_name, c.family_name, c.organization, c.circle, "
        "c.introduced_by_id, c.met_at, (SELECT MAX(julianday(i.occurred_at)) FROM interaction i "
        "WHERE i.contact_id = c.id AND i.kind != :note) FROM contact c WHERE c.id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    out: dict[int, Dot] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 900):  # SQLite's bound-parameter limit
        chunk = ordered[start : start + 900]
        for cid, display, given, family, org, circle, intro, met_at, jd in s.execute(
            query, {"note": params["note"], "ids": chunk}
        ):
            touch = _from_julian(jd)
            met = _parse(met_at)
            if met is not None and (touch is None or met > touch):
                touch = met
            out[cid] = Dot(
                cid, display_name(display, given, family, org), org, circle_of(circle), intro, touch
            )
    return out


def _parse(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        return datetime.fromisoformat(value)
    return None


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
        members = sorted(groups[circle], key=lambda p: (_rank(p, now), p.name.casefold(), p.id))
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
        nodes.extend(_ring_nodes(members, circle, start, width, now, first_ring))
        start += width
    ids = {p.id for p in people}
    intros = tuple(
        (p.introduced_by_id, p.id)
        for p in people
        if p.introduced_by_id is not None and p.introduced_by_id in ids
    )
    return NetworkPicture(tuple(nodes), tuple(hubs), intros, total=sum(sizes.values()))


def _node(person: Dot, circle: Circle | None, x: float, y: float, now: datetime) -> PictureNode:
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


def _ring_nodes(
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
            out.append(_node(person, where, radius * math.cos(angle), radius * math.sin(angle), now))
        index += len(batch)
        radius += RING_STEP
    return out


def _warmth_counts(members: Sequence[Dot], now: datetime) -> tuple[int, int, int, int]:
    counts = [0, 0, 0, 0]
    for p in members:
        counts[WARMTH_ORDER.index(warmth_of(p.last_touch, now))] += 1
    return (counts[0], counts[1], counts[2], counts[3])


def _rank(person: Dot, now: datetime) -> int:
    days = days_since(person.last_touch, now)
    return 10**6 if days is None else days
