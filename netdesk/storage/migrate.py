"""Schema migrations: a fresh database is created by migrating; an older one is backed up first;
a newer one (written by a later netdesk) is refused rather than damaged."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from netdesk.storage.backup_file import UnverifiedBackupError, write_backup
from netdesk.storage.models import FTS_TABLE

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Autogenerate and drift checks skip the FTS5 index: a virtual table managed by hand."""
    return not (type_ == "table" and name is not None and name.startswith(FTS_TABLE))


class DatabaseTooNewError(RuntimeError):
    """The database was written by a newer netdesk than this one."""


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revisions() -> set[str]:
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

    Raises DatabaseTooNewError for a revision this code does not know.
    """
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return False
    if current is not None and current not in known_revisions():
        raise DatabaseTooNewError(
            f"This database was written by a newer version of netdesk (schema {current}). "
            "Install the newer netdesk, or restore an older backup."
        )
    if current is not None and db_path is not None and backup_dir is not None:
        backup_copy(db_path, backup_dir, f"before-migration-{current}")
    command.upgrade(alembic_config(engine), "head")
    return True
