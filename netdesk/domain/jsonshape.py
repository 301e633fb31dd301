"""The JSON shapes of ../shared/CLI.md: a contract for scripts, so keys never change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from netdesk.domain.models import Contact, ContactDraft, Event


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _or_none(value: str) -> str | None:
    value = value.strip()
    return value or None


def contact_json(
    draft: ContactDraft,
    *,
    contact_id: int | None = None,
    event: str | None = None,
    introduced_by: str | None = None,
) -> dict[str, Any]:
    """Contact JSON; parsed-only drafts have ``id: null``. Missing values are null or [], never ""."""
    return {
        "id": contact_id,
        "fn": _or_none(draft.name),
        "given": _or_none(draft.given_name),
        "family": _or_none(draft.family_name),
        "org": _or_none(draft.organization),
        "title": _or_none(draft.title),
        "emails": [e.address for e in draft.emails],
        "phones": [p.display for p in draft.phones],
        "urls": [u.url for u in draft.urls],
        "notes": _or_none(draft.notes),
        "tags": list(draft.tags),
        "event": event,
        "met_at": iso(draft.met_at),
        "introduced_by": introduced_by,
        "department": _or_none(draft.department),
        "field": _or_none(draft.field),
        "address": _or_none(draft.address),
        "circle": draft.circle.value if draft.circle else None,
        "how_met": draft.how_met.value if draft.how_met else None,
    }


def stored_contact_json(contact: Contact) -> dict[str, Any]:
    return contact_json(
        contact.draft,
        contact_id=contact.id,
        event=contact.event_name,
        introduced_by=contact.introduced_by_name,
    )


def event_json(event: Event) -> dict[str, Any]:
    d = event.draft
    return {
        "id": event.id,
        "name": d.name,
        "kind": d.kind.value,
        "date": iso(d.starts_at),
        "ends_at": iso(d.ends_at),
        "location": _or_none(d.location),
        "goals": _or_none(d.goals),
        "notes": _or_none(d.notes),
        "cards_given": d.cards_given,
        "contacts": event.contact_count,
    }
