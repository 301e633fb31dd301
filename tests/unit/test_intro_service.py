"""NetworkService.intro on a stored network: someone you talked to is never a target of an
introduction, a colleague you know beats a shared event, and the reasons read as sentences."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from netdesk.domain.models import ContactDraft, EventDraft, InteractionDraft, InteractionKind
from netdesk.services.contacts import ContactService
from netdesk.services.events import EventService
from netdesk.services.network import NetworkService

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def test_a_person_you_talked_to_is_not_a_target_of_an_introduction(db: Any) -> None:
    contacts = ContactService(db)
    ana = contacts.create(ContactDraft(display_name="Ana Lima", met_at=NOW - timedelta(days=3))).id
    eve = contacts.create(
        ContactDraft(display_name="Eve Ståhl", organization="Harbor Lab", introduced_by_id=ana)
    ).id
    network = NetworkService(db, clock=lambda: NOW)
    (before,) = network.intro("harbor lab", alternatives=3)
    assert [c.id for c in before.path] == [ana, eve]
    assert before.links == ("Ana Lima introduced Eve Ståhl",)

    # Once you have called Eve yourself, you know her: no "ask Ana" any more.
    contacts.log_interaction(InteractionDraft(eve, InteractionKind.CALL, NOW - timedelta(days=1)))
    (after,) = network.intro("harbor lab", alternatives=3)
    assert [c.id for c in after.path] == [eve]
    assert after.describe().startswith("You already know them")


def test_colleague_you_know_ranks_above_someone_from_the_same_event(db: Any) -> None:
    fair = EventService(db).create(EventDraft(name="Fall Career Fair")).id
    contacts = ContactService(db)
    cy = contacts.create(ContactDraft(display_name="Cy Wu", event_id=fair, met_at=NOW - timedelta(days=2))).id
    jo = contacts.create(
        ContactDraft(display_name="Jo Park", organization="Harbor Lab", met_at=NOW - timedelta(days=300))
    ).id
    # Ivy and Dee only know each other (each introduced the other): nobody you know introduced them.
    dee = contacts.create(ContactDraft(display_name="Dee Núñez", introduced_by_id=cy)).id
    ivy = contacts.create(
        ContactDraft(display_name="Ivy Ross", organization="Harbor Lab", event_id=fair, introduced_by_id=dee)
    ).id
    contacts.update(dee, ContactDraft(display_name="Dee Núñez", introduced_by_id=ivy))
    results = NetworkService(db, clock=lambda: NOW).intro("harbor lab", alternatives=3)
    assert [r.target.id for r in results] == [jo, ivy, ivy]  # Jo you know: a direct entry first
    ways = [r for r in results if r.target.id == ivy]
    # Cy is far warmer (2 days against 300) but only shared the fair with Ivy.
    assert [[c.id for c in r.path] for r in ways] == [[jo, ivy], [cy, ivy]]
    assert ways[0].links == ("Jo Park works at Harbor Lab too",)
    assert ways[1].links == ("Cy Wu and Ivy Ross were both at Fall Career Fair",)
