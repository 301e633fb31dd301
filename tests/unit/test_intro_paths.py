"""Introduction paths on a small known network: shortest first, warmer first, cycles, strangers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from netdesk.domain.intro_paths import (
    Link,
    LinkKind,
    Person,
    Warmth,
    build_graph,
    intro_paths,
    paths_to,
    warmth_of,
)

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def network() -> list[Person]:
    """
    me knows: Ana (5 days), Ben (200 days), Cy (40 days)
    Ana introduced Dee; Ben introduced Dee too? no: Dee introduced_by Ana.
    Dee introduced Eve (target at Harbor Lab). Ben introduced Fay (target at Harbor Lab).
    Gus and Hal introduce each other in a cycle and nobody known leads there (Hal at Harbor Lab).
    Ivy (Harbor Lab) was at event 7 with Cy.
    """
    return [
        Person(1, "Ana", last_touch=ago(5)),
        Person(2, "Ben", last_touch=ago(200)),
        Person(3, "Cy", last_touch=ago(40), event_ids=frozenset({7})),
        Person(4, "Dee", introduced_by_id=1, known=False),
        Person(5, "Eve", organization="Harbor Lab", introduced_by_id=4, known=False),
        Person(6, "Fay", organization="Harbor Lab", introduced_by_id=2, known=False),
        Person(7, "Gus", introduced_by_id=8, known=False),
        Person(8, "Hal", organization="Harbor Lab", field="marine biology", introduced_by_id=7, known=False),
        Person(9, "Ivy", organization="Harbor Lab", event_ids=frozenset({7}), known=False),
        # Jo matches "harbor lab" but works elsewhere, so Jo is no colleague of the Harbor Lab people.
        Person(10, "Jo", organization="Harbor Labs Foundation", title="Director", last_touch=ago(400)),
    ]


def by_target(results: list) -> dict[int, object]:
    return {r.target_id: r for r in results}


def test_known_target_is_a_path_of_one() -> None:
    results = by_target(intro_paths(network(), "harbor lab", NOW))
    assert results[10].path == (10,)
    assert results[10].direct


def test_real_relationships_first_then_shortest() -> None:
    results = intro_paths(network(), "Harbor Lab", NOW)
    order = [r.target_id for r in results]
    # Jo direct (1 person); then paths of introductions only: Fay via Ben (2 people, 200 days
    # cold) and Eve via Ana and Dee (3); Ivy via Cy comes after them although Cy is warmer and
    # the path shorter: Cy and Ivy were only both at event 7.
    assert order[:4] == [10, 6, 5, 9]
    assert by_target(results)[5].path == (1, 4, 5)
    assert by_target(results)[9].links[0].kind is LinkKind.SAME_EVENT
    assert by_target(results)[6].links[0].kind is LinkKind.INTRODUCED


def test_cycle_without_a_known_entry_is_unreachable_and_listed_last() -> None:
    results = intro_paths(network(), "harbor", NOW)
    assert results[-1].target_id == 8
    assert results[-1].path == ()
    assert not results[-1].reachable


def test_field_words_match_in_any_order() -> None:
    results = intro_paths(network(), "biology marine", NOW)
    assert [r.target_id for r in results] == [8]
    assert intro_paths(network(), "   ", NOW) == []


def test_introduction_beats_a_warmer_same_event_link() -> None:
    people = [
        Person(1, "Cold", last_touch=ago(300)),
        Person(2, "Warm", last_touch=ago(3), event_ids=frozenset({1})),
        Person(3, "Target", organization="Acme", introduced_by_id=1, known=False, event_ids=frozenset({1})),
    ]
    paths = paths_to(build_graph(people), 3, NOW, alternatives=3)
    # Cold introduced Target (a real relationship); Warm only shared a room with them.
    assert [p.path for p in paths] == [(1, 3), (2, 3)]
    assert paths[0].first_warmth is Warmth.COLD
    assert paths_to(build_graph(people), 3, NOW, alternatives=1)[0].path == (1, 3)


def test_warmer_start_wins_between_equal_links() -> None:
    people = [
        Person(1, "Cold", organization="Acme", last_touch=ago(300)),
        Person(2, "Warm", organization="ACME", last_touch=ago(3)),
        Person(3, "Target", organization="acme", known=False),
    ]
    paths = paths_to(build_graph(people), 3, NOW, alternatives=3)
    assert [p.path for p in paths] == [(2, 3), (1, 3)]
    assert all(p.links == (Link(LinkKind.COLLEAGUES),) for p in paths)
    assert paths[0].first_warmth is Warmth.HOT


def test_colleague_of_the_target_ranks_above_a_shared_event() -> None:
    people = [
        Person(1, "Fairgoer", last_touch=ago(2), event_ids=frozenset({5})),
        Person(2, "Colleague", organization="Harbor Lab", last_touch=ago(250)),
        Person(3, "Target", organization="Harbor Lab", known=False, event_ids=frozenset({5})),
    ]
    (best,) = intro_paths(people, "harbor lab", NOW)[1:]  # Colleague is known: a direct entry
    assert best.path == (2, 3)
    assert best.links[0].kind is LinkKind.COLLEAGUES
    assert [p.path for p in paths_to(build_graph(people), 3, NOW)] == [(2, 3), (1, 3)]


def test_colleagues_count_only_beside_the_target() -> None:
    # Ana knows Bo; Bo's colleague Cy introduced the target: no chain through a shared employer.
    people = [
        Person(1, "Ana", organization="Mill", last_touch=ago(1)),
        Person(2, "Bo", organization="Mill", known=False),
        Person(3, "Target", organization="Quay", introduced_by_id=2, known=False),
    ]
    assert intro_paths(people, "quay", NOW)[0].path == ()


def test_someone_you_know_is_never_a_target_of_an_introduction() -> None:
    people = [
        Person(1, "Ana", last_touch=ago(1)),
        Person(2, "Ben", organization="Acme", last_touch=ago(20)),
        Person(3, "Cy", organization="Acme", introduced_by_id=1, last_touch=ago(400)),
    ]
    for target in (2, 3):
        paths = paths_to(build_graph(people), target, NOW, alternatives=3)
        assert [p.path for p in paths] == [(target,)]
        assert paths[0].direct and paths[0].links == ()
    results = intro_paths(people, "acme", NOW, alternatives=3)
    assert [(r.target_id, r.path) for r in results] == [(2, (2,)), (3, (3,))]
    assert results[1].first_warmth is Warmth.COLD  # in touch 400 days ago: known, but cold


def test_self_introduction_and_unknown_introducer_are_ignored() -> None:
    people = [
        Person(1, "Loop", organization="Acme", introduced_by_id=1, known=False),
        Person(2, "Orphan", organization="Acme", introduced_by_id=99, known=False),
    ]
    results = intro_paths(people, "acme", NOW)
    assert all(not r.reachable for r in results)


def test_max_hops_limits_the_search() -> None:
    people = [Person(1, "Start", last_touch=ago(1))]
    for i in range(2, 10):
        people.append(Person(i, f"P{i}", introduced_by_id=i - 1, known=False))
    people[-1] = Person(9, "End", organization="Far Away", introduced_by_id=8, known=False)
    assert intro_paths(people, "far away", NOW, max_hops=5)[0].path == ()
    assert len(intro_paths(people, "far away", NOW, max_hops=9)[0].path) == 9


def test_known_intermediate_shortens_the_path() -> None:
    people = [
        Person(1, "Ana", last_touch=ago(1)),
        Person(2, "Ben", introduced_by_id=1, last_touch=ago(100)),
        Person(3, "Target", organization="Acme", introduced_by_id=2, known=False),
    ]
    # Ben is known himself: ask Ben, not Ana -> Ben -> Target.
    assert intro_paths(people, "acme", NOW)[0].path == (2, 3)


def test_warmth_bands() -> None:
    assert warmth_of(ago(0), NOW) is Warmth.HOT
    assert warmth_of(ago(60), NOW) is Warmth.WARM
    assert warmth_of(ago(120), NOW) is Warmth.COOL
    assert warmth_of(ago(365), NOW) is Warmth.COLD
    assert warmth_of(None, NOW) is Warmth.COLD
