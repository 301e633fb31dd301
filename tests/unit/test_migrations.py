"""Schema safety: migrating from empty gives exactly the models, every revision upgrades and
downgrades, an older database is backed up before migrating, a newer one is refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from netdesk.services.database import DatabaseTooNewError, open_database
from netdesk.storage.engine import create_db_engine
from netdesk.storage.migrate import alembic_config, current_revision, head_revision, include_name
from netdesk.storage.schema import Base


def _diff(db_path: Path) -> list[object]:
    engine = create_db_engine(db_path)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"include_name": include_name, "compare_type": True, "render_as_batch": True}
            )
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def test_upgrade_from_empty_equals_the_models(tmp_path: Path) -> None:
    db = open_database(tmp_path)
    db.close()
    assert _diff(db.path) == []


def test_every_revision_downgrades_and_upgrades_again(tmp_path: Path) -> None:
    engine = create_db_engine(tmp_path / "walk.sqlite3")
    config = alembic_config(engine)
    script = ScriptDirectory.from_config(config)
    revisions = [r.revision for r in script.walk_revisions()]
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    assert current_revision(engine) is None
    for revision in reversed(revisions):
        command.upgrade(config, revision)
        assert current_revision(engine) == revision
    engine.dispose()
    assert _diff(tmp_path / "walk.sqlite3") == []


def test_fts_index_exists_after_migration(db: object) -> None:
    with sqlite3.connect(db.path) as conn:  # type: ignore[attr-defined]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "contact_fts" in tables


def test_database_newer_than_the_code_is_refused_and_left_untouched(tmp_path: Path) -> None:
    db = open_database(tmp_path)
    db.close()
    with sqlite3.connect(db.path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    before = db.path.read_bytes()
    with pytest.raises(DatabaseTooNewError, match="newer version of netdesk"):
        open_database(tmp_path)
    assert db.path.read_bytes() == before


def test_older_database_is_backed_up_before_migrating(tmp_path: Path) -> None:
    script = ScriptDirectory.from_config(alembic_config())
    first = next(r.revision for r in script.walk_revisions() if r.down_revision is None)
    if first == head_revision():
        pytest.skip("only one revision exists; nothing older to migrate from")
    engine = create_db_engine(tmp_path / "netdesk.sqlite3")
    command.upgrade(alembic_config(engine), first)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO contact (display_name, given_name, family_name, title, organization, department, field,"
            " address, notes, raw_source, created_at, updated_at) VALUES ('Ada Lovelace', '', '', '', '', '',"
            " '', '', '', '', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')"
        )
    engine.dispose()
    db = open_database(tmp_path)
    try:
        assert current_revision(db.engine) == head_revision()
        backups = list((tmp_path / "backups").glob("*before-migration*"))
        assert len(backups) == 1
        with sqlite3.connect(backups[0]) as conn:
            assert conn.execute("SELECT display_name FROM contact").fetchall() == [("Ada Lovelace",)]
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (first,)
        assert oct(backups[0].stat().st_mode & 0o777) == oct(0o600)
    finally:
        db.close()
