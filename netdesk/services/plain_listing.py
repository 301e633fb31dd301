"""The contacts list without SQLAlchemy when nothing else is due (issue 15).

The usual path opens the database through the services: migrations checked, the first command
of the day's backup, recovery when the file is damaged, waiting on another program's lock. When
the database is at the newest schema and today's backup exists, listing needs none of that, so
it reads with ``sqlite3`` alone (``storage/plain_contacts.py``), read-only. Anything unusual —
no database yet, an older or newer schema, no backup today, a file SQLite cannot read, a lock —
gives None, and the caller takes the usual path with its sentences and its recovery. Standard
library and domain only: importing this module must stay cheap.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from netdesk.services.paths import data_dir
from netdesk.storage.backup_names import has_backup_on
from netdesk.storage.names import BACKUPS_DIRNAME, DB_FILENAME, HEAD_REVISION
from netdesk.storage.plain_contacts import PlainContact, read_contacts

__all__ = ["PlainContact", "plain_contacts"]


def plain_contacts(folder: Path | str | None, search: str = "") -> list[PlainContact] | None:
    """The contacts matching ``search``, sorted by name; None when the usual path must run."""
    root = data_dir(folder)
    path = root / DB_FILENAME
    try:
        if path.stat().st_size == 0:
            return None
    except OSError:
        return None
    if not has_backup_on(root / BACKUPS_DIRNAME, datetime.now().astimezone().date()):
        return None  # the first command of the day makes the daily backup
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=0.5)
        try:
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if revision is None or revision[0] != HEAD_REVISION:
                return None  # a migration (or a newer netdesk's database): the usual path says
            return read_contacts(conn, search)
        finally:
            conn.close()
    except (sqlite3.Error, ValueError):
        return None  # damaged, locked, not a database: the usual path explains and recovers
