"""A ContactDraft as plain JSON and back: what import undo stores for a contact it changed.

Stored in the database (``import_item.before``), so it must outlive a restart and read back
exactly, enums and aware datetimes included.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from netdesk.domain.models import (
    Circle,
    ContactDraft,
    Email,
    EmailKind,
    HowMet,
    Phone,
    PhoneKind,
    Url,
    UrlKind,
)

_TEXT = (
    "display_name",
    "given_name",
    "family_name",
    "title",
    "organization",
    "department",
    "field",
    "address",
    "notes",
    "raw_source",
    "name_prefix",
    "middle_name",
    "name_suffix",
    "nickname",
    "birthday",
    "anniversary",
    "uid",
)


def draft_to_json(draft: ContactDraft, extras: tuple[str, ...] = ()) -> str:
    data: dict[str, Any] = {name: getattr(draft, name) for name in _TEXT}
    data["emails"] = [[e.address, e.kind.value] for e in draft.emails]
    data["phones"] = [[p.raw, p.e164, p.kind.value] for p in draft.phones]
    data["urls"] = [[u.url, u.kind.value] for u in draft.urls]
    data["tags"] = list(draft.tags)
    data["circle"] = draft.circle.value if draft.circle else None
    data["how_met"] = draft.how_met.value if draft.how_met else None
    data["met_at"] = draft.met_at.isoformat() if draft.met_at else None
    data["event_id"] = draft.event_id
    data["introduced_by_id"] = draft.introduced_by_id
    data["extras"] = list(extras)
    return json.dumps(data, ensure_ascii=False)


def draft_from_json(text: str) -> tuple[ContactDraft, tuple[str, ...]]:
    data = json.loads(text)
    draft = ContactDraft(
        **{name: str(data.get(name) or "") for name in _TEXT},
        emails=tuple(Email(a, EmailKind(k)) for a, k in data.get("emails", [])),
        phones=tuple(Phone(r, e, PhoneKind(k)) for r, e, k in data.get("phones", [])),
        urls=tuple(Url(u, UrlKind(k)) for u, k in data.get("urls", [])),
        tags=tuple(data.get("tags", [])),
        circle=Circle(data["circle"]) if data.get("circle") else None,
        how_met=HowMet(data["how_met"]) if data.get("how_met") else None,
        met_at=datetime.fromisoformat(data["met_at"]) if data.get("met_at") else None,
        event_id=data.get("event_id"),
        introduced_by_id=data.get("introduced_by_id"),
    )
    return draft, tuple(data.get("extras", []))
