"""Schema migrations: a fresh database is created by migrating; an older one is backed up first;
a newer one (written by a later netdesk) is refused rather than damaged.

Alembic costs about a quarter of a second to import, and almost every start finds the database
already at the newest schema. So the check "is it at head?" reads ``alembic_version`` with one
query and compares it with ``HEAD_REVISION``, a constant; Alembic is imported only when a migration
(or the list of known revisions) is really needed. A unit test keeps ``HEAD_REVISION`` equal to
the head Alembic computes from ``migrations/versions`` (tests/unit/test_cli_start.py): a new
migration must bump it.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

from netdesk.storage.backup_file import UnverifiedBackupError, write_backup
from netdesk.storage.models import FTS_TABLE
from netdesk.storage.names import HEAD_REVISION as HEAD_REVISION  # bump it there

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# Alembic's ``context`` and ``op`` are module-level proxies set for the length of one command:
# two upgrades at once in one process (a backup checked in a worker while the window migrates
# or salvages) would tear each other's down mid-migration.
_ALEMBIC_LOCK = threading.RLock()


def run_alembic_upgrade(engine: Engine, revision: str) -> None:
    """``alembic upgrade revision`` on ``engine``, one at a time in this process."""
    from alembic import command

    with _ALEMBIC_LOCK:
        command.upgrade(alembic_config(engine), revision)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Autogenerate and drift checks skip the FTS5 index: a virtual table managed by hand."""
    return not (type_ == "table" and name is not None and name.startswith(FTS_TABLE))


class DatabaseTooNewError(RuntimeError):
    """The database was written by a newer netdesk than this one."""


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    """The schema revision this code writes (without importing Alembic)."""
    return HEAD_REVISION


def script_head_revision() -> str:
    """The head revision as Alembic computes it from the migration scripts (imports Alembic)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _stored_revision(conn: Connection) -> str | None:
    """``alembic_version``'s one row read directly, as Alembic's ``get_current_revision`` would."""
    present = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).first()
    if present is None:
        return None
    rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
    if len(rows) > 1:
        from alembic.runtime.migration import MigrationContext

        return MigrationContext.configure(conn).get_current_revision()  # raises: several heads
    return str(rows[0][0]) if rows else None


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _stored_revision(conn)


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def backup_copy(db_path: Path, backup_dir: Path, reason: str) -> Path:
    """A consistent, verified copy of the database (see ``backup_file.write_backup``).

    Before a migration the copy is made even when the database fails its check: it then goes to
    ``backups/damaged/`` (not a backup that rotation counts), and the migration goes ahead as it
    always did, so opening the app does not change behaviour here; the copy is the safety net.
    """
    try:
        return write_backup(db_path, backup_dir, reason).path
    except UnverifiedBackupError as exc:
        return exc.kept


def upgrade(engine: Engine, db_path: Path | None = None, backup_dir: Path | None = None) -> bool:
    """Bring the schema to head. Returns True when a migration ran.

    Raises DatabaseTooNewError for a revision this code does not know. A database already at
    head costs one query and no Alembic import.
    """
    current = current_revision(engine)
    if current == HEAD_REVISION:
        return False
    if current is not None and current not in known_revisions():
        raise DatabaseTooNewError(
            f"This database was written by a newer version of netdesk (schema {current}). "
            "Install the newer netdesk, or restore an older backup."
        )
    if current is not None and db_path is not None and backup_dir is not None:
        backup_copy(db_path, backup_dir, f"before-migration-{current}")
    run_alembic_upgrade(engine, "head")
    # A migration may rebuild tables, which drops the TEMP triggers on them, and connections
    # opened before the follow-up stamp table existed have none: the next ones are set up anew.
    engine.dispose()
    return True
