"""Whole contacts straight from SQLite with the standard library, for ``netdesk contacts list``.

A script that lists contacts should start about as fast as one that merely imports SQLAlchemy
(issue 15). The ORM path imports SQLAlchemy, the mapped models and the start-up machinery;
this reader needs ``sqlite3`` and the domain only. It reads exactly what the ORM path reads
(the same columns, children in their stored order, the same FTS5 match for the search), so the
output is the same; tests/unit/test_plain_contacts.py compares the two on generated networks.
It is used only when nothing else is due (no migration, no daily backup, no recovery), which
the command line decides (commands/contacts_fast.py).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from datetime import UTC, datetime
from enum import Enum
from typing import TypeVar

from netdesk.domain.models import Circle, ContactDraft, Email, HowMet, Phone, Url
from netdesk.domain.search import fts_query, query_terms
from netdesk.storage.names import FTS_TABLE

E = TypeVar("E", bound=Enum)


class PlainContact:
    """What ``netdesk contacts list`` prints of one stored contact."""

    __slots__ = ("draft", "event_name", "id", "introduced_by_name")

    def __init__(
        self, contact_id: int, draft: ContactDraft, event_name: str | None, introduced_by: str | None
    ):
        self.id = contact_id
        self.draft = draft
        self.event_name = event_name
        self.introduced_by_name = introduced_by

    @property
    def name(self) -> str:
        return self.draft.name


_CONTACTS = """
SELECT c.id, c.display_name, c.given_name, c.family_name, c.organization, c.title, c.department,
       c.field, c.address, c.notes, c.circle, c.how_met, c.met_at, e.name, intro.display_name
FROM contact AS c
LEFT JOIN event AS e ON e.id = c.event_id
LEFT JOIN contact AS intro ON intro.id = c.introduced_by_id
WHERE {where}
"""
_CHILDREN = {
    "emails": "SELECT contact_id, address FROM contact_email {where} ORDER BY contact_id, position, id",
    "phones": "SELECT contact_id, raw, e164 FROM contact_phone {where} ORDER BY contact_id, position, id",
    "urls": "SELECT contact_id, url FROM contact_url {where} ORDER BY contact_id, position, id",
    "tags": "SELECT contact_id, tag FROM contact_tag {where} ORDER BY contact_id, position, id",
}


def read_contacts(conn: sqlite3.Connection, search: str = "") -> list[PlainContact]:
    """Every contact matching every word of ``search`` (all when blank), sorted by name."""
    terms = query_terms(search)
    params: dict[str, object] = {}
    where, child_where = "1", ""
    if terms:
        params["match"] = fts_query(terms)
        matching = f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match)"
        where, child_where = f"c.id IN {matching}", f"WHERE contact_id IN {matching}"
    children: dict[str, dict[int, list[tuple[object, ...]]]] = {}
    for name, sql in _CHILDREN.items():
        grouped: dict[int, list[tuple[object, ...]]] = defaultdict(list)
        for cid, *values in conn.execute(sql.format(where=child_where), params):
            grouped[cid].append(tuple(values))
        children[name] = grouped
    out = []
    for row in conn.execute(_CONTACTS.format(where=where), params):
        (
            cid,
            display,
            given,
            family,
            org,
            title,
            dept,
            field,
            address,
            notes,
            circle,
            how_met,
            met_at,
            event,
            intro,
        ) = row
        draft = ContactDraft(
            display_name=display,
            given_name=given,
            family_name=family,
            title=title,
            organization=org,
            department=dept,
            field=field,
            emails=tuple(Email(str(v[0])) for v in children["emails"].get(cid, ())),
            phones=tuple(Phone(str(v[0]), _text_or_none(v[1])) for v in children["phones"].get(cid, ())),
            urls=tuple(Url(str(v[0])) for v in children["urls"].get(cid, ())),
            address=address,
            notes=notes,
            tags=tuple(str(v[0]) for v in children["tags"].get(cid, ())),
            circle=enum_or_none(Circle, circle),
            how_met=enum_or_none(HowMet, how_met),
            met_at=_time(met_at),
        )
        out.append(PlainContact(cid, draft, event, intro or None))
    return sorted(out, key=lambda c: (c.name.casefold(), c.id))


def _text_or_none(value: object) -> str | None:
    return None if value is None else str(value)


def enum_or_none(enum_type: type[E], value: str | None) -> E | None:
    """The member of ``enum_type`` stored as ``value``; None for none or a value it does not know."""
    if value is None:
        return None
    try:
        return enum_type(value)
    except ValueError:
        return None


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
