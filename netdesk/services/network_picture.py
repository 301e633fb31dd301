"""The network picture at any size: what is drawn, read with SQL (the geometry is in
``network_layout``, the drawing in ``ui/network_scene``).

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
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from netdesk.domain.models import Circle, InteractionKind
from netdesk.services.network_layout import (
    EGO_CAPTION,
    EGO_RING,
    EGO_SPACING,
    WARMTH_ORDER,
    CircleHub,
    Dot,
    NetworkPicture,
    PictureNode,
    circle_of,
    display_name,
    hub_caption,
    layout,
    place_node,
    ring_nodes,
    warmth_rank,
)

__all__ = [
    "DETAIL_LIMIT",
    "WARMTH_ORDER",
    "CircleHub",
    "NetworkPicture",
    "PictureNode",
    "circle_of",
    "display_name",
    "hub_caption",
    "read_picture",
]

#: People drawn as dots when the network is larger than this; the rest are counted in the hubs.
DETAIL_LIMIT = 400
#: At most this many people of each kind of link around the person in focus.
NEIGHBOURS_PER_LINK = 24


@dataclass
class _Tally:
    count: int = 0
    warmth: list[int] = field(default_factory=lambda: [0, 0, 0, 0])


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
    nodes = [place_node(dots[focus], None, 0.0, 0.0, now)]
    captions: list[tuple[str, float, float, int]] = []
    start = -math.pi / 2
    weights = [max(len(members), 3) for members in groups.values()]
    ring = max(EGO_RING, len(links) * EGO_SPACING / (2 * math.pi))  # names side by side do not overlap
    for (why, members), weight in zip(groups.items(), weights, strict=True):
        width = 2 * math.pi * weight / sum(weights)
        middle = start + width / 2
        captions.append((why, EGO_CAPTION * math.cos(middle), EGO_CAPTION * math.sin(middle), len(members)))
        members.sort(key=lambda p: (warmth_rank(p, now), p.name.casefold(), p.id))
        nodes.extend(ring_nodes(members, None, start, width, now, ring, keep_circle=True))
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
