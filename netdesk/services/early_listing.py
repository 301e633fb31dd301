"""The contacts list before SQLAlchemy is imported: the window's first paint (issue 15).

Importing SQLAlchemy and netdesk's models costs about 0.3 s, more than a bare window takes to
show. So when the database is simply there at the newest schema, the window paints its contacts
table first, read here with ``sqlite3`` alone on a read-only connection, and the services are
made just after (``ui/application.py``). Reading changes nothing: the usual open still runs
its checks, migrations and recovery before anything can be edited.

Anything unusual — no database yet, an older or newer schema (a migration is due, or a newer
netdesk wrote it), a file SQLite cannot read, a lock held longer than a moment — gives None,
and the window opens the usual way, after the database. Standard library and domain only:
importing this module must stay cheap (``tests/gui/test_start_is_light.py``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from netdesk.domain.contact_order import ContactSort
from netdesk.domain.models import ContactSummary
from netdesk.storage import contact_listing
from netdesk.storage.names import DB_FILENAME, HEAD_REVISION


class EarlyListing:
    """Everyone's ids in the table's first order (by name), read at once, and their rows by the
    page as the table shows them, on one read-only connection until ``close()``."""

    def __init__(self, conn: sqlite3.Connection, ids: list[int]) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.ids = ids

    def summaries_of(self, contact_ids: list[int]) -> dict[int, ContactSummary]:
        if self._conn is None:
            return {}  # closed: the services read the rows from now on
        try:
            return contact_listing.summaries_of(self._conn, contact_ids)
        except sqlite3.Error:
            return {}  # shown blank for a moment; the services read them again once open

    @property
    def closed(self) -> bool:
        return self._conn is None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def open_early(folder: Path) -> EarlyListing | None:
    """A listing for the first paint, or None when the window must open the usual way."""
    path = folder / DB_FILENAME
    try:
        if path.stat().st_size == 0:
            return None
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=0.2)
    except (OSError, sqlite3.Error, ValueError):
        return None
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if revision is None or revision[0] != HEAD_REVISION:
            conn.close()
            return None  # a migration is due (or a newer netdesk wrote it): the usual path says
        # Read now, so a file that cannot give the list never paints one (an empty list would
        # say "your network starts here" over a damaged one).
        ids = contact_listing.ordered_ids(conn, "", ContactSort.NAME, False)
    except sqlite3.Error:
        conn.close()
        return None  # damaged, locked, not a database: the usual path explains and recovers
    return EarlyListing(conn, ids)
