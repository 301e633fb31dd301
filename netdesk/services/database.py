"""Opening the database: private folder, migrated schema, search index hooked up."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from netdesk.services.paths import data_dir as resolve_data_dir
from netdesk.storage import schema, search_index  # noqa: F401  (schema registers every table)
from netdesk.storage.engine import (
    DB_FILENAME,
    create_db_engine,
    ensure_private_dir,
    make_private,
    make_sessionmaker,
)
from netdesk.storage.migrate import DatabaseTooNewError, upgrade

__all__ = ["Database", "DatabaseTooNewError", "open_database"]


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

    @property
    def backup_dir(self) -> Path:
        return self.folder / "backups"

    @property
    def images_dir(self) -> Path:
        return self.folder / "cards"

    def close(self) -> None:
        self.engine.dispose()


def open_database(folder: Path | str | None = None) -> Database:
    """Open (creating or migrating as needed) the database in ``folder``.

    Raises DatabaseTooNewError when the file was written by a newer netdesk.
    """
    root = ensure_private_dir(resolve_data_dir(folder))
    path = root / DB_FILENAME
    engine = create_db_engine(path)
    try:
        upgrade(engine, db_path=path, backup_dir=root / "backups")
    except Exception:
        engine.dispose()
        raise
    make_private(path)
    sessions = make_sessionmaker(engine)
    writes = make_sessionmaker(engine, write=True)
    search_index.install(sessions)
    search_index.install(writes)
    return Database(folder=root, path=path, engine=engine, sessions=sessions, writes=writes)
