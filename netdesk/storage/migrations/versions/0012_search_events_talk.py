"""search covers where you met someone and what you talked about: the contact_fts index is
refilled with the names of the events a contact was met at (their event and the events of their
logged meetings) and the summaries of their interactions, besides their own fields. The FTS table
itself is unchanged; only its rows are rewritten.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from netdesk.domain.search import index_text

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_CHUNK = 500

# Frozen copies of what this revision's schema holds: a later migration may change the tables
# or the indexed text, and must not change what upgrading through 0012 does.
_CONTACTS = (
    "SELECT c.id, c.display_name, c.given_name, c.family_name, c.organization, c.title, "
    "c.department, c.field, c.notes, e.name FROM contact AS c LEFT JOIN event AS e ON e.id = c.event_id "
    "WHERE c.id > ? ORDER BY c.id LIMIT ?"
)
_OWNED = (
    "SELECT contact_id, 0, position, id, address, NULL FROM contact_email WHERE contact_id BETWEEN ? AND ? "
    "UNION ALL SELECT contact_id, 1, position, id, raw, e164 FROM contact_phone WHERE contact_id BETWEEN ? AND ? "
    "UNION ALL SELECT contact_id, 2, position, id, tag, NULL FROM contact_tag WHERE contact_id BETWEEN ? AND ? "
    "UNION ALL SELECT i.contact_id, 3, 0, i.id, i.summary, ev.name FROM interaction AS i "
    "LEFT JOIN event AS ev ON ev.id = i.event_id WHERE i.contact_id BETWEEN ? AND ? "
    "ORDER BY 1, 2, 3, 4"
)


def _body(fields: Sequence[str], owned: list[tuple[int, str, str | None]], with_talk: bool) -> str:
    parts = list(fields[:8])
    events: list[str] = [fields[8]] if fields[8] else []
    talk: list[str] = []
    for kind, value, extra in owned:
        if kind == 0 or kind == 2:
            parts.append(value)
        elif kind == 1:
            parts.append(value)
            if extra:
                parts.append(extra)
        elif with_talk:
            talk.append(value or "")
            if extra:
                events.append(extra)
    if with_talk:
        parts.extend(dict.fromkeys(events))
        parts.extend(talk)
    return index_text(*parts)


def _refill(with_talk: bool) -> None:
    conn = op.get_bind()  # plain SQL: no ORM session, so no flush hooks
    conn.exec_driver_sql("DELETE FROM contact_fts")
    last = 0
    while True:
        contacts = conn.exec_driver_sql(_CONTACTS, (last, _CHUNK)).fetchall()
        if not contacts:
            break
        first, last = contacts[0][0], contacts[-1][0]
        owned: dict[int, list[tuple[int, str, str | None]]] = {}
        for cid, kind, _pos, _id, value, extra in conn.exec_driver_sql(_OWNED, (first, last) * 4):
            owned.setdefault(cid, []).append((kind, value, extra))
        conn.exec_driver_sql(
            "INSERT INTO contact_fts(rowid, body) VALUES (?, ?)",
            [
                (row[0], _body([v or "" for v in row[1:]], owned.get(row[0], []), with_talk))
                for row in contacts
            ],  # type: ignore[arg-type]
        )


def upgrade() -> None:
    _refill(with_talk=True)


def downgrade() -> None:
    # 0011's netdesk indexes a contact's own fields only; a stale extra word would find people
    # its flush hook can no longer keep right.
    _refill(with_talk=False)
