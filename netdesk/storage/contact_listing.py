"""The contacts table as the window reads it at any size: ordered ids first, rows by the page.

Why two queries instead of one list of rows: a network of 100,000 people is ordered and searched
in SQL (FTS5 for the words, ``ORDER BY`` for the column), which returns only ids (cheap ints);
the table then reads the few dozen rows it shows, by id, as it scrolls. Nothing is made per
contact for the rows nobody looks at, and no Python sort runs over the network.

Name-like columns sort with ``COLLATE NOCASE`` (what the table's case-insensitive sort did);
times sort by ``julianday`` (they are ISO text with offsets), people never met or never in
touch first, as before; ties go by id, so the order is stable between reads.

Both read on a DB-API (``sqlite3``) connection and import no SQLAlchemy: the services pass their
session's connection, and the window's first paint reads through a plain read-only one
(``services/early_listing.py``) before SQLAlchemy is imported.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Mapping
from datetime import UTC, datetime

from netdesk.domain.contact_order import ContactSort
from netdesk.domain.models import ContactSummary
from netdesk.domain.search import fts_query, query_terms
from netdesk.storage.names import FTS_TABLE

_NAME = "c.display_name COLLATE NOCASE"
_KEYS: dict[ContactSort, tuple[str, ...]] = {
    ContactSort.NAME: (_NAME,),
    ContactSort.ORGANIZATION: ("c.organization COLLATE NOCASE", _NAME),
    ContactSort.TITLE: ("c.title COLLATE NOCASE", _NAME),
    ContactSort.MET: ("julianday(c.met_at)",),
    ContactSort.LAST: ("last.jd",),
}
_LAST_JOIN = (
    " LEFT JOIN (SELECT contact_id AS cid, MAX(julianday(occurred_at)) AS jd FROM interaction"
    " GROUP BY contact_id) AS last ON last.cid = c.id"
)
_MATCH = f"c.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match)"


def ordered_ids(
    conn: sqlite3.Connection,
    search: str = "",
    sort: ContactSort = ContactSort.NAME,
    descending: bool = False,
    event_id: int | None = None,
) -> list[int]:
    """Ids of the contacts matching every word of ``search`` (and ``event_id``), in table order."""
    where: list[str] = []
    params: dict[str, object] = {}
    terms = query_terms(search)
    if terms:
        where.append(_MATCH)
        params["match"] = fts_query(terms)
    if event_id is not None:
        where.append("c.event_id = :event_id")
        params["event_id"] = event_id
    way = " DESC" if descending else ""
    order = ", ".join(f"{key}{way}" for key in (*_KEYS[sort], "c.id"))
    sql = "SELECT c.id FROM contact AS c" + (_LAST_JOIN if sort is ContactSort.LAST else "")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {order}"
    # On the DB-API cursor: 100,000 ids through SQLAlchemy's result rows cost ~80 ms more.
    return [row[0] for row in conn.execute(sql, params).fetchall()]


def order_stamp(conn: sqlite3.Connection) -> int | None:
    """The contact order's stamp (migration 0018): it changes whenever someone is added,
    deleted or renamed, so a name order read under the same stamp is still the order."""
    row = conn.execute("SELECT stamp FROM contact_order_stamp WHERE id = 1").fetchone()
    return None if row is None else int(row[0])


def matching_in_name_order(
    conn: sqlite3.Connection, search: str, rank: Mapping[int, int], descending: bool = False
) -> list[int]:
    """``ordered_ids(conn, search)`` by name, from ``rank`` (everyone's place in name order,
    read under the current ``order_stamp``): the FTS5 match alone, then a sort of ints — no
    row of the contact table is read (those reads were most of a keystroke at 100,000)."""
    terms = query_terms(search)
    if not terms:
        found = list(rank)
    else:
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?"
        found = [row[0] for row in conn.execute(sql, (fts_query(terms),)).fetchall()]
    ids = sorted((i for i in found if i in rank), key=rank.__getitem__)
    if descending:
        ids.reverse()  # name DESC, id DESC: the ascending order backwards
    return ids


_ROWS = """
SELECT c.id, c.display_name, c.organization, c.title, e.name, c.met_at, last.occurred_at
FROM contact AS c
LEFT JOIN event AS e ON e.id = c.event_id
LEFT JOIN (
    SELECT contact_id AS cid, occurred_at, MAX(julianday(occurred_at)) AS jd
    FROM interaction WHERE contact_id IN (SELECT value FROM json_each(:ids)) GROUP BY contact_id
) AS last ON last.cid = c.id
WHERE c.id IN (SELECT value FROM json_each(:ids))
"""


def summaries_of(conn: sqlite3.Connection, contact_ids: Collection[int]) -> dict[int, ContactSummary]:
    """The table rows of ``contact_ids`` (a page of them), by id; deleted ones are left out."""
    if not contact_ids:
        return {}
    params = {"ids": json.dumps(sorted({int(i) for i in contact_ids}))}
    out: dict[int, ContactSummary] = {}
    for row in conn.execute(_ROWS, params):
        out[row[0]] = ContactSummary(
            id=row[0],
            name=row[1],
            organization=row[2],
            title=row[3],
            event_name=row[4],
            met_at=_time(row[5]),
            last_interaction_at=_time(row[6]),
        )
    return out


def _time(value: str | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
