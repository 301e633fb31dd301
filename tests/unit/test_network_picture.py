"""The network picture at any size (issue 15): counts of everyone in SQL, at most about
``limit`` dots shared among the circles, warmth as the intro search computes it (with offsets in
the stored times), and the neighbourhood of the person in focus always drawn."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from netdesk.domain.intro_paths import warmth_of
from netdesk.domain.models import Circle, ContactDraft, InteractionDraft, InteractionKind
from netdesk.services.contacts import ContactService
from netdesk.services.demo import load_demo
from netdesk.services.network import NetworkService
from netdesk.services.network_picture import WARMTH_ORDER

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def _network(db: Any, n: int, seed: int = 7) -> list[int]:
    rnd = random.Random(seed)
    contacts = ContactService(db)
    ids: list[int] = []
    zones = [timezone(timedelta(hours=h)) for h in (-8, -5, 0, 1, 5.5, 9)]
    circles = [*Circle, None]
    for i in range(n):
        met = None
        if rnd.random() < 0.6:  # around the warmth boundaries, in several offsets
            days = rnd.choice([0, 1, 29, 30, 31, 89, 90, 91, 179, 180, 181, 182, 400])
            met = (NOW - timedelta(days=days, hours=rnd.random() * 2 - 1)).astimezone(rnd.choice(zones))
        circle = rnd.choice(circles)
        draft = ContactDraft(
            display_name=f"Person {i}",
            organization=rnd.choice(["Globex", "Initech", "", "Umbrella"]),
            circle=circle,
            met_at=met,
            introduced_by_id=rnd.choice(ids) if ids and rnd.random() < 0.2 else None,
        )
        cid = contacts.create(draft).id
        ids.append(cid)
        if rnd.random() < 0.4:
            kind = rnd.choice([InteractionKind.NOTE, InteractionKind.EMAIL, InteractionKind.CALL])
            when = (
                NOW - timedelta(days=rnd.choice([2, 30, 31, 95, 200]), minutes=rnd.randint(0, 900))
            ).astimezone(rnd.choice(zones))
            contacts.log_interaction(InteractionDraft(cid, kind, when, summary="x"))
    return ids


def test_a_small_network_is_drawn_whole_with_the_warmth_the_intro_search_sees(db: Any) -> None:
    _network(db, 120)
    service = NetworkService(db, clock=lambda: NOW)
    people = {p.id: p for p in service.people()}
    picture = service.picture()
    assert picture.total == 120 and len(picture.nodes) == 120 and picture.complete
    for node in picture.nodes:
        assert node.warmth is warmth_of(people[node.contact_id].last_touch, NOW), node
    expected = Counter(warmth_of(p.last_touch, NOW) for p in people.values())
    assert picture.warmth_counts == tuple(expected[w] for w in WARMTH_ORDER)
    assert sum(h.count for h in picture.hubs) == 120


def test_a_large_network_draws_its_circles_and_a_bounded_number_of_people(db: Any) -> None:
    _network(db, 600, seed=11)
    service = NetworkService(db, clock=lambda: NOW)
    people = {p.id: p for p in service.people()}
    picture = service.picture(limit=80)
    assert picture.total == 600 and not picture.complete
    assert 40 <= len(picture.nodes) <= 100  # about the limit, a few per small circle
    assert sum(h.count for h in picture.hubs) == 600
    assert sum(h.shown for h in picture.hubs) == len(picture.nodes)
    by_circle = Counter(n.circle for n in picture.nodes)
    for hub in picture.hubs:
        assert hub.shown == by_circle[hub.circle] and 1 <= hub.shown <= hub.count
        members = [
            p for p in people.values() if (p.circle or None) == (hub.circle.value if hub.circle else None)
        ]
        assert hub.warmth_counts == tuple(
            Counter(warmth_of(p.last_touch, NOW) for p in members)[w] for w in WARMTH_ORDER
        )
    # the dots of a circle are its people most in touch
    for hub in picture.hubs:
        shown = [n for n in picture.nodes if n.circle == hub.circle]
        worst_shown = max(n.days if n.days is not None else 10**6 for n in shown)
        hidden = [
            p
            for p in people.values()
            if (p.circle or None) == (hub.circle.value if hub.circle else None)
            and p.id not in {n.contact_id for n in shown}
        ]
        for p in hidden:
            days = (NOW - p.last_touch).days if p.last_touch else 10**6
            assert days >= worst_shown


def test_the_neighbourhood_of_the_person_in_focus_is_always_drawn(db: Any) -> None:
    ids = _network(db, 400, seed=3)
    contacts = ContactService(db)
    focus = contacts.create(
        ContactDraft(display_name="Focus Person", organization="Rare Org", introduced_by_id=ids[5])
    ).id
    introduced = [
        contacts.create(ContactDraft(display_name=f"Intro {i}", introduced_by_id=focus)).id for i in range(3)
    ]
    colleague = contacts.create(ContactDraft(display_name="Colleague", organization="rare org")).id
    picture = NetworkService(db, clock=lambda: NOW).picture(limit=20, focus=focus)
    drawn = {n.contact_id for n in picture.nodes}
    assert {focus, ids[5], colleague, *introduced} <= drawn
    assert dict(picture.focus_links) == {
        ids[5]: "introduced them",
        **{i: "introduced by them" for i in introduced},
        colleague: "works there too",
    }
    assert picture.focus == focus


def test_a_deleted_focus_gives_the_picture_without_one(db: Any) -> None:
    load_demo(db)
    picture = NetworkService(db).picture(focus=10**9)
    assert picture.focus is None and picture.focus_links == () and picture.total == len(picture.nodes)
