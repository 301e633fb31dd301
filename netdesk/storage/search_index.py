"""Keeps the FTS5 contact index in step with every flush, so no code path can forget it.

The index holds the folded words of ``netdesk.domain.search.index_text``; queries are built by
``netdesk.domain.search.fts_query``. Both sides fold the same way, so search is accent- and
case-insensitive whatever SQLite's tokenizer would do.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from netdesk.domain.search import index_text
from netdesk.storage.models import (
    FTS_TABLE,
    ContactEmailRow,
    ContactPhoneRow,
    ContactRow,
    ContactTagRow,
    ContactUrlRow,
)

_CHILDREN = (ContactEmailRow, ContactPhoneRow, ContactTagRow, ContactUrlRow)


def contact_body(row: ContactRow) -> str:
    return body_text(
        row.display_name,
        row.given_name,
        row.family_name,
        row.organization,
        row.title,
        row.department,
        row.field,
        row.notes,
        [e.address for e in row.emails],
        [(p.raw, p.e164) for p in row.phones],
        [t.tag for t in row.tags],
    )


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
) -> str:
    """The indexed text of a contact: one rule for the ORM hook and the bulk import path."""
    parts: list[str] = [display_name, given_name, family_name, organization, title, department, field, notes]
    parts.extend(emails)
    for raw, e164 in phones:
        parts.append(raw)
        if e164:
            parts.append(e164)
    parts.extend(tags)
    return index_text(*parts)


def _after_flush(session: Session, _context: Any) -> None:
    touched: dict[int, ContactRow] = {}
    removed: set[int] = set()
    with session.no_autoflush:
        for obj in list(session.new) + list(session.dirty):
            if isinstance(obj, ContactRow):
                touched[obj.id] = obj
            elif isinstance(obj, _CHILDREN) and obj.contact_id is not None:
                parent = session.get(ContactRow, obj.contact_id)
                if parent is not None:
                    touched[parent.id] = parent
        for obj in session.deleted:
            if isinstance(obj, ContactRow):
                removed.add(obj.id)
            elif isinstance(obj, _CHILDREN) and obj.contact_id is not None:
                parent = session.get(ContactRow, obj.contact_id)
                if parent is not None and parent not in session.deleted:
                    touched[parent.id] = parent
        conn = session.connection()
        for contact_id in removed:
            touched.pop(contact_id, None)
        if removed:
            conn.execute(
                text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"),
                [{"id": i} for i in removed],
            )
        if touched:
            rows = [{"id": cid, "body": contact_body(row)} for cid, row in touched.items()]
            conn.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), rows)
            conn.execute(text(f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (:id, :body)"), rows)


def install(session_factory: Any) -> None:
    """Attach the index maintenance to sessions made by ``session_factory``.

    The guard against a second install is a mark on the factory itself, not
    ``event.contains``: SQLAlchemy keys its registry by ``id(target)``, and a new sessionmaker
    at the address of a freed one (a database reopened after a restore) was taken for it, so
    its sessions silently left the search index behind.
    """
    if getattr(session_factory, _MARK, False):
        return
    event.listen(session_factory, "after_flush", _after_flush)
    setattr(session_factory, _MARK, True)


_MARK = "_netdesk_search_index"


def search_ids(session: Session, fts_match: str) -> list[int]:
    result = session.execute(
        text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q"), {"q": fts_match}
    )
    return [int(r[0]) for r in result]


def rebuild(session: Session) -> int:
    """Re-index every contact (after a restore or to repair). Returns the number indexed."""
    session.execute(text(f"DELETE FROM {FTS_TABLE}"))
    count = 0
    for row in session.query(ContactRow).yield_per(500):
        session.execute(
            text(f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (:id, :body)"),
            {"id": row.id, "body": contact_body(row)},
        )
        count += 1
    return count


def reindex(session: Session, contact_ids: list[int]) -> None:
    """Re-index contacts written with plain SQL (restores, merges), which the flush hook cannot see."""
    session.expire_all()
    for contact_id in contact_ids:
        session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), {"id": contact_id})
        row = session.get(ContactRow, contact_id)
        if row is not None:
            session.execute(
                text(f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (:id, :body)"),
                {"id": contact_id, "body": contact_body(row)},
            )
