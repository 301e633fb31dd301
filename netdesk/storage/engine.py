"""Engine set-up: WAL, synchronous=FULL and foreign keys on every connection; private files."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from netdesk.storage.names import DB_FILENAME as DB_FILENAME  # re-exported


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` private to the user (0700) when it does not exist yet.

    An existing folder is left as it is: the user may have chosen a shared one on purpose, and
    tightening e.g. /tmp or a home folder would break other programs. The database file itself
    is always 0600.
    """
    if not path.exists():
        path.mkdir(parents=True, mode=0o700)
        path.chmod(0o700)  # mkdir's mode is filtered by the umask
    return path


def make_private(path: Path) -> None:
    """0600 on the database and its WAL/SHM side files."""
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.exists():
            candidate.chmod(0o600)


WRITE_OPTION = "netdesk_write"
#: How long a statement waits for another process's write lock. The command line waits this
#: long (and retries, see ``netdesk.commands.locking``); the window passes a short one so a lock
#: never freezes it (``netdesk.ui.busy`` retries on a timer instead).
DEFAULT_BUSY_TIMEOUT_MS = 5000


def _set_pragmas(
    dbapi_connection: sqlite3.Connection, _record: Any, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS
) -> None:
    # The driver's own transaction handling is switched off: pysqlite does not BEGIN before a
    # SAVEPOINT, so every nested savepoint committed on its own and a kill mid-merge left the pair
    # half-merged. ``_begin`` below starts every unit of work explicitly instead (SQLAlchemy's
    # documented recipe for pysqlite), so each one is all-or-nothing.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    finally:
        cursor.close()


def _stamp_followups(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    """The follow-up change stamp's and the contact order stamp's TEMP triggers on every writing
    connection (see ``followup_stamps`` and ``order_stamp``). A file that cannot be read is left to the caller's first real query,
    which leads to the usual recovery sentence."""
    from netdesk.storage import followup_stamps, order_stamp

    with contextlib.suppress(sqlite3.DatabaseError):
        followup_stamps.install(dbapi_connection)
    with contextlib.suppress(sqlite3.DatabaseError):
        order_stamp.install(dbapi_connection)  # the contact order's stamp, likewise


def _begin(conn: Connection) -> None:
    """BEGIN, or BEGIN IMMEDIATE for units of work that read and then write (import, merge):
    they take the write lock up front, so a second process waits for it instead of failing
    half-way or deciding from a snapshot that is stale by the time it writes."""
    if conn.get_execution_options().get(WRITE_OPTION):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def _set_readonly_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA foreign_keys=ON")
    dbapi_connection.execute("PRAGMA query_only=ON")
    dbapi_connection.execute("PRAGMA busy_timeout=5000")


def create_readonly_engine(db_path: Path) -> Engine:
    """An engine that can only read ``db_path``: for a data folder the user cannot write to."""
    from netdesk.storage.integrity import readonly_uri

    uri = readonly_uri(db_path)
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
        future=True,
    )
    event.listen(engine, "connect", _set_readonly_pragmas)
    event.listen(engine, "begin", _begin)
    return engine


def create_db_engine(db_path: Path, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> Engine:
    """An engine for the database file at ``db_path``, created 0600 if it does not exist."""
    ensure_private_dir(db_path.parent)
    if not db_path.exists():
        # Create the file with private permissions before SQLite does with the umask's.
        fd = os.open(db_path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    # The path goes through URL.create, never an f-string: '#', '?' and '%' in a folder name
    # must name the file itself, not become URI syntax.
    engine = create_engine(URL.create("sqlite", database=str(db_path)), future=True)
    event.listen(engine, "connect", lambda dbapi, record: _set_pragmas(dbapi, record, busy_timeout_ms))
    event.listen(engine, "connect", _stamp_followups)
    event.listen(engine, "begin", _begin)
    return engine


def make_sessionmaker(engine: Engine, *, write: bool = False) -> sessionmaker[Session]:
    """Sessions on ``engine``; ``write=True`` ones start with BEGIN IMMEDIATE (see ``_begin``)."""
    bind = engine.execution_options(**{WRITE_OPTION: True}) if write else engine
    return sessionmaker(bind, expire_on_commit=False)
