"""What kind of database error is this, and is the file sound? For the CLI and the window,
which may not touch storage or SQLAlchemy themselves (see tests/unit/test_layers.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from netdesk.storage.engine import DB_FILENAME
from netdesk.storage.integrity import connect_readonly, is_damage_error, verify_file

__all__ = [
    "DB_FILENAME",
    "full_check",
    "is_damage_error",
    "is_database_error",
    "is_read_only_error",
    "passes_full_check",
]


def is_database_error(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.DatabaseError | DBAPIError)


def is_read_only_error(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", None) or exc).lower()
    return is_database_error(exc) and ("readonly database" in text or "query_only" in text)


def full_check(db_path: Path) -> str | None:
    """``PRAGMA integrity_check`` on a separate read-only connection (safe from any thread).

    None when sound; "damaged" when not; raises sqlite3.Error when the check itself could not
    run for another reason (e.g. busy), so the caller can try again later.
    """
    try:
        conn = connect_readonly(db_path)
        try:
            lines = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if is_damage_error(exc):
            return "damaged"
        raise
    return None if lines == ["ok"] else "damaged"


def passes_full_check(folder: Path) -> bool:
    return verify_file(folder / DB_FILENAME, full=True).ok
