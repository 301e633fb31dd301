"""Opening the database: private folder, migrated schema, search index hooked up."""

from __future__ import annotations

import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from netdesk.services.changes import ChangeHub
from netdesk.services.changes import install as install_changes
from netdesk.services.paths import data_dir as resolve_data_dir
from netdesk.services.recovery import RecoveryNeeded, damaged, diagnose
from netdesk.services.startup_check import EarlyCheck
from netdesk.storage import schema, search_index, versioning  # noqa: F401  (schema registers every table)
from netdesk.storage.engine import (
    DB_FILENAME,
    DEFAULT_BUSY_TIMEOUT_MS,
    create_db_engine,
    create_readonly_engine,
    ensure_private_dir,
    make_private,
    make_sessionmaker,
)
from netdesk.storage.integrity import is_damage_error, quick_check
from netdesk.storage.migrate import DatabaseTooNewError, current_revision, head_revision, upgrade

__all__ = ["Database", "DatabaseTooNewError", "ReadOnlyDataError", "RecoveryNeeded", "open_database"]


@dataclass
class Database:
    """One open database: its folder, engine and session factory."""

    folder: Path
    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    # Sessions that begin with BEGIN IMMEDIATE: for units of work that decide from what they read
    # (duplicates before an import, a merge, get-or-create of an event) and then write.
    writes: sessionmaker[Session]
    # The data folder or file cannot be written (a read-only disk, a copy from someone else):
    # browse and export only, said plainly in the window; writes fail with a sentence.
    read_only: bool = False
    # Every committed unit of work is announced here (what it changed), for the window's views.
    changes: ChangeHub = field(default_factory=ChangeHub)
    # One follow-up regeneration at a time in this process (the badge's worker and the
    # Follow-ups page's would otherwise both take the same stamped contacts).
    followup_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def backup_dir(self) -> Path:
        return self.folder / "backups"

    @property
    def images_dir(self) -> Path:
        return self.folder / "cards"

    def close(self) -> None:
        self.engine.dispose()


class ReadOnlyDataError(RuntimeError):
    """The database cannot be used read-only as it is (it needs creating or upgrading)."""


def _writable(root: Path, path: Path) -> bool:
    if not os.access(root, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return False
    try:
        with tempfile.TemporaryFile(dir=root, prefix=".netdesk-probe-"):
            return True
    except OSError:
        return False


def open_database(
    folder: Path | str | None = None,
    *,
    check: bool = False,
    recovering: bool = False,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    early: EarlyCheck | None = None,
) -> Database:
    """Open (creating or migrating as needed) the database in ``folder``.

    Raises ``RecoveryNeeded`` when the file is missing or empty next to backups, is not a SQLite
    file, or (with ``check``: a quick_check, which the app runs at start) is damaged — never a
    new, empty network in place of a lost one. ``recovering`` skips those checks, for restore and
    salvage themselves. Raises DatabaseTooNewError when the file was written by a newer netdesk,
    and ReadOnlyDataError when a read-only folder holds no usable database. ``busy_timeout_ms``
    is how long a statement waits for another process's write lock: the window passes a short
    one and retries on a timer, so a lock never freezes it. ``early`` is the window's quick_check
    started before the imports (``startup_check``); its answer stands for ``check`` when it has one.
    """
    root = ensure_private_dir(resolve_data_dir(folder))
    path = root / DB_FILENAME
    if not recovering and (need := diagnose(root)) is not None:
        raise need
    if not _writable(root, path):
        return _open_read_only(root, path, check)
    engine = create_db_engine(path, busy_timeout_ms=busy_timeout_ms)
    try:
        if check and not recovering:
            settled, problem = early.answer() if early is not None else (False, None)
            if not settled:
                _quick_check(engine, root)
            elif problem is not None:
                raise damaged(root, problem)
        upgrade(engine, db_path=path, backup_dir=root / "backups")
    except RecoveryNeeded:
        engine.dispose()
        raise
    except DBAPIError as exc:
        engine.dispose()
        if is_damage_error(exc) and not recovering:
            raise damaged(root, "it is damaged (database disk image is malformed)") from None
        raise
    except Exception:
        engine.dispose()
        raise
    make_private(path)
    return _database(root, path, engine)


def _database(root: Path, path: Path, engine: Engine, read_only: bool = False) -> Database:
    sessions = make_sessionmaker(engine)
    writes = make_sessionmaker(engine, write=True)
    search_index.install(sessions)
    search_index.install(writes)
    versioning.install(sessions)
    versioning.install(writes)
    hub = ChangeHub()
    install_changes(engine, (sessions, writes), hub)
    return Database(
        folder=root,
        path=path,
        engine=engine,
        sessions=sessions,
        writes=writes,
        read_only=read_only,
        changes=hub,
    )


def _quick_check(engine: Engine, root: Path) -> None:
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        problem = quick_check(raw)  # type: ignore[arg-type]
    if problem is not None:
        raise damaged(root, problem)


def _open_read_only(root: Path, path: Path, check: bool) -> Database:
    if not path.exists() or path.stat().st_size == 0:
        raise ReadOnlyDataError(
            f"The data folder {root} cannot be written to and holds no netdesk database yet; "
            "choose another folder with --data-dir."
        )
    engine = create_readonly_engine(path)
    try:
        if check:
            _quick_check(engine, root)
        if current_revision(engine) != head_revision():
            raise ReadOnlyDataError(
                f"The netdesk database in {root} needs an upgrade for this version, but its folder "
                "cannot be written to; make it writable, or open it with the netdesk that wrote it."
            )
    except Exception:
        engine.dispose()
        raise
    return _database(root, path, engine, read_only=True)
