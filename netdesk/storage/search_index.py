"""Keeps the FTS5 contact index in step with every flush, so no code path can forget it.

The index holds the folded words of ``netdesk.domain.search.index_text``; queries are built by
``netdesk.domain.search.fts_query``. Both sides fold the same way, so search is accent- and
case-insensitive whatever SQLite's tokenizer would do.

A contact is found by what people remember of them: their own fields, the name of the event
where they were met (``contact.event_id`` and the events of their logged meetings), and what was
talked about (every interaction's summary, including the line event mode logs on capture). So an
interaction, or an event's new name, changes the indexed text of its contacts.

Bodies are read from the database as it stands after the flush, column by column for a whole
batch of contacts (``bodies``): an interaction note re-indexes its contact with two small queries
instead of loading the contact and its collections through the ORM.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import event, inspect, text
from sqlalchemy.orm import InstanceState, Session

from netdesk.domain.search import index_text
from netdesk.storage.models import (
    FTS_TABLE,
    ContactEmailRow,
    ContactPhoneRow,
    ContactRow,
    ContactTagRow,
    ContactUrlRow,
    EventRow,
    InteractionRow,
)

_CHILDREN = (ContactEmailRow, ContactPhoneRow, ContactTagRow, ContactUrlRow, InteractionRow)
_CHUNK = 500


def body_text(
    display_name: str,
    given_name: str,
    family_name: str,
    organization: str,
    title: str,
    department: str,
    field: str,
    notes: str,
    emails: Iterable[str],
    phones: Iterable[tuple[str, str | None]],
    tags: Iterable[str],
    *,
    events: Iterable[str] = (),
    talk: Iterable[str] = (),
) -> str:
    """The indexed text of a contact: one rule for the flush hook, rebuilds and the bulk import
    path. ``events`` are the names of the events where they were met, ``talk`` the summaries of
    their interactions (what was talked about)."""
    parts: list[str] = [display_name, given_name, family_name, organization, title, department, field, notes]
    parts.extend(emails)
    for raw, e164 in phones:
        parts.append(raw)
        if e164:
            parts.append(e164)
    parts.extend(tags)
    parts.extend(dict.fromkeys(n for n in events if n))  # an event met at twice counts once
    parts.extend(talk)
    return index_text(*parts)


# The ids are passed as one JSON array (json_each), so a batch needs one parameter whatever its size.
_IDS = "(SELECT value FROM json_each(:ids))"
_CONTACTS_SQL = f"""
SELECT c.id, c.display_name, c.given_name, c.family_name, c.organization, c.title, c.department,
       c.field, c.notes, e.name
FROM contact AS c LEFT JOIN event AS e ON e.id = c.event_id
WHERE c.id IN {_IDS}
"""
# One pass for everything a contact owns: 0 e-mails, 1 phones, 2 tags, 3 interactions (with
# the name of the event they happened at), each in its own order.
_OWNED_SQL = f"""
SELECT contact_id, 0, position, id, address, NULL FROM contact_email WHERE contact_id IN {_IDS}
UNION ALL
SELECT contact_id, 1, position, id, raw, e164 FROM contact_phone WHERE contact_id IN {_IDS}
UNION ALL
SELECT contact_id, 2, position, id, tag, NULL FROM contact_tag WHERE contact_id IN {_IDS}
UNION ALL
SELECT i.contact_id, 3, 0, i.id, i.summary, ev.name
FROM interaction AS i LEFT JOIN event AS ev ON ev.id = i.event_id
WHERE i.contact_id IN {_IDS}
ORDER BY 1, 2, 3, 4
"""


def bodies(session: Session, contact_ids: Collection[int]) -> dict[int, str]:
    """The indexed text of each of ``contact_ids`` that exists, read from the database (flushed
    state) in a few queries per 500 contacts."""
    out: dict[int, str] = {}
    wanted = sorted(set(contact_ids))
    conn = session.connection()
    for start in range(0, len(wanted), _CHUNK):
        params = {"ids": json.dumps(wanted[start : start + _CHUNK])}
        emails: dict[int, list[str]] = {}
        phones: dict[int, list[tuple[str, str | None]]] = {}
        tags: dict[int, list[str]] = {}
        events: dict[int, list[str]] = {}
        talk: dict[int, list[str]] = {}
        for cid, kind, _pos, _id, value, extra in conn.execute(text(_OWNED_SQL), params):
            if kind == 0:
                emails.setdefault(cid, []).append(value)
            elif kind == 1:
                phones.setdefault(cid, []).append((value, extra))
            elif kind == 2:
                tags.setdefault(cid, []).append(value)
            else:
                talk.setdefault(cid, []).append(value or "")
                if extra:
                    events.setdefault(cid, []).append(extra)
        for row in conn.execute(text(_CONTACTS_SQL), params):
            cid, event_name = int(row[0]), row[9]
            display, given, family, org, title, department, field, notes = (v or "" for v in row[1:9])
            out[cid] = body_text(
                display,
                given,
                family,
                org,
                title,
                department,
                field,
                notes,
                emails.get(cid, ()),
                phones.get(cid, ()),
                tags.get(cid, ()),
                events=[event_name or "", *events.get(cid, ())],
                talk=talk.get(cid, ()),
            )
    return out


def write(session: Session, contact_ids: Collection[int], *, fresh: bool = False) -> None:
    """Replace the index rows of ``contact_ids`` with their current text (none for a deleted
    one); ``fresh``: the index holds no row for them yet."""
    if not contact_ids:
        return
    found = bodies(session, contact_ids)
    conn = session.connection()
    if not fresh:
        conn.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), [{"id": i} for i in contact_ids])
    if found:
        conn.execute(
            text(f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (:id, :body)"),
            [{"id": cid, "body": body} for cid, body in found.items()],
        )


def contacts_of_events(session: Session, event_ids: Collection[int]) -> set[int]:
    """Contacts whose indexed text names one of ``event_ids``: met there, or a meeting logged there."""
    if not event_ids:
        return set()
    rows = session.connection().execute(
        text(
            f"SELECT id FROM contact WHERE event_id IN {_IDS} "
            f"UNION SELECT contact_id FROM interaction WHERE event_id IN {_IDS}"
        ),
        {"ids": json.dumps(sorted(event_ids))},
    )
    return {int(r[0]) for r in rows}


_PENDING_KEY = "netdesk_search_events_deleted"


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    # A deleted event sets its contacts' event_id to NULL in the database (ON DELETE SET NULL):
    # after the flush they can no longer be found by it, so note them now.
    gone = [obj.id for obj in session.deleted if isinstance(obj, EventRow) and obj.id is not None]
    if gone:
        with session.no_autoflush:
            session.info.setdefault(_PENDING_KEY, set()).update(contacts_of_events(session, gone))


def _history(obj: object, attribute: str) -> Any:
    state: InstanceState[Any] = inspect(obj)
    return state.attrs[attribute].history


def _renamed(obj: EventRow) -> bool:
    return bool(_history(obj, "name").has_changes())


def _after_flush(session: Session, _context: Any) -> None:
    touched: set[int] = set(session.info.pop(_PENDING_KEY, ()))
    removed: set[int] = set()
    renamed: set[int] = set()
    with session.no_autoflush:
        for obj in list(session.new) + list(session.dirty):
            if isinstance(obj, ContactRow):
                touched.add(obj.id)
            elif isinstance(obj, _CHILDREN):
                if obj.contact_id is not None:
                    touched.add(obj.contact_id)
                old = _history(obj, "contact_id").deleted  # moved to another contact
                touched.update(i for i in old or () if i is not None)
            elif isinstance(obj, EventRow) and _renamed(obj) and obj.id is not None:
                renamed.add(obj.id)
        for obj in session.deleted:
            if isinstance(obj, ContactRow):
                removed.add(obj.id)
            elif isinstance(obj, _CHILDREN) and obj.contact_id is not None:
                touched.add(obj.contact_id)
        touched |= contacts_of_events(session, renamed)
        touched -= removed
        if removed:
            session.connection().execute(
                text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), [{"id": i} for i in removed]
            )
        write(session, touched)


def install(session_factory: Any) -> None:
    """Attach the index maintenance to sessions made by ``session_factory``.

    The guard against a second install is a mark on the factory itself, not
    ``event.contains``: SQLAlchemy keys its registry by ``id(target)``, and a new sessionmaker
    at the address of a freed one (a database reopened after a restore) was taken for it, so
    its sessions silently left the search index behind.
    """
    if getattr(session_factory, _MARK, False):
        return
    event.listen(session_factory, "before_flush", _before_flush)
    event.listen(session_factory, "after_flush", _after_flush)
    setattr(session_factory, _MARK, True)


_MARK = "_netdesk_search_index"


def search_ids(session: Session, fts_match: str) -> list[int]:
    result = session.execute(
        text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q"), {"q": fts_match}
    )
    return [int(r[0]) for r in result]


def rebuild(session: Session) -> int:
    """Re-index every contact (after a restore, a salvage, or to repair). Returns the number indexed."""
    session.flush()
    conn = session.connection()
    conn.execute(text(f"DELETE FROM {FTS_TABLE}"))
    ids = [int(r[0]) for r in conn.execute(text("SELECT id FROM contact ORDER BY id"))]
    for start in range(0, len(ids), _CHUNK):
        write(session, ids[start : start + _CHUNK], fresh=True)
    return len(ids)


def reindex(session: Session, contact_ids: list[int]) -> None:
    """Re-index contacts written with plain SQL (restores, merges), which the flush hook cannot see."""
    session.flush()
    session.expire_all()
    write(session, contact_ids)
