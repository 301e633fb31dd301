"""The safety net never destroys data: restore keeps its source, backups are whole or absent,
rotation keeps the last good copy, and only netdesk's own databases are restored."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from netdesk.domain.models import ContactDraft
from netdesk.services import backup_rotation
from netdesk.services.backup import BackupError, BackupInfo, BackupService, to_keep
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database, DatabaseTooNewError
from netdesk.storage import backup_file
from netdesk.storage.backup_file import backup_name


def _names(db: Database) -> list[str]:
    return sorted(c.name for c in ContactService(db).list())


def _add(db: Database, *names: str) -> None:
    for name in names:
        ContactService(db).create(ContactDraft(display_name=name))


def _copy_as_backup(db: Database, source: Path, when: datetime, reason: str = "daily") -> Path:
    target = db.backup_dir / backup_name(reason, when)
    shutil.copyfile(source, target)
    return target


def _partials(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# -- 1. restoring a backup never deletes it ------------------------------------------------------


def test_restoring_a_backup_keeps_that_backup_even_when_rotation_would_prune_it(db: Database) -> None:
    _add(db, "Ada Lovelace")
    service = BackupService(db)
    chosen = service.backup_now()
    _add(db, "Grace Hopper")
    # Ten newer backups of the same day: the ladder alone keeps only the newest of a day beyond
    # the last 5, so rotation during the restore would prune the chosen file.
    base = datetime.now(UTC)
    for minute in range(10):
        _copy_as_backup(db, chosen, base + timedelta(minutes=minute + 1))
    summary = service.restore(chosen)
    assert chosen.exists()
    assert summary.contacts == 1 and _names(db) == ["Ada Lovelace"]
    assert summary.safety_backup.exists()
    with sqlite3.connect(summary.safety_backup) as conn:
        assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 2
    assert not _partials(db.folder) and not [p for p in _partials(db.backup_dir) if "partial" in p]


# -- 2. backups are written safely ---------------------------------------------------------------


def test_a_backup_is_private_verified_self_contained_and_leaves_no_partial(db: Database) -> None:
    _add(db, "Ada Lovelace")
    path = BackupService(db).backup_now()
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_bytes()[18:20] == b"\x01\x01"  # rollback journal: one file, no -wal needed
    assert [p for p in _partials(db.backup_dir) if "partial" in p] == []
    assert [p.name for p in db.backup_dir.iterdir() if p.name.endswith((".sqlite3-wal", "-journal"))] == []
    listed = BackupService(db).backups()
    assert listed[0].path == path and listed[0].verified and listed[0].contacts == 1


def test_a_failed_backup_leaves_nothing_that_looks_like_a_backup(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add(db, "Ada Lovelace")

    def broken_fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(backup_file.os, "fsync", broken_fsync)
    with pytest.raises(BackupError, match="could not be written"):
        BackupService(db).backup_now()
    monkeypatch.undo()
    assert list(db.backup_dir.iterdir()) == []
    assert _names(db) == ["Ada Lovelace"]


def test_stale_partials_are_removed_but_a_running_writers_partial_is_not(db: Database) -> None:
    import fcntl

    db.backup_dir.mkdir(exist_ok=True)
    stale = db.backup_dir / ".netdesk-20260101T000000000000Z-daily.sqlite3.ab12.partial"
    stale.write_bytes(b"half a backup")
    stale.with_name(stale.name + "-journal").write_bytes(b"x")
    live = db.backup_dir / ".netdesk-20260101T000000000001Z-daily.sqlite3.cd34.partial"
    live.write_bytes(b"being written")
    fd = os.open(live, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        BackupService(db).backup_now()
        assert not stale.exists() and not stale.with_name(stale.name + "-journal").exists()
        assert live.exists()
    finally:
        os.close(fd)


def test_a_database_failing_its_check_is_copied_aside_and_prunes_nothing(db: Database) -> None:
    _add(db, "Ada Lovelace")
    service = BackupService(db)
    first = service.backup_now()
    for day in range(1, 30):
        _copy_as_backup(db, first, datetime.now(UTC) - timedelta(days=day * 20))
    before = sorted(p.name for p in db.backup_dir.glob("netdesk-*"))
    with sqlite3.connect(db.path) as conn:  # the live database no longer has netdesk's shape
        conn.execute("CREATE TABLE intruder (x)")
    with pytest.raises(BackupError, match="fails its check"):
        service.backup_now()
    assert service.prune() == []
    assert sorted(p.name for p in db.backup_dir.glob("netdesk-*")) == before
    assert len(list((db.backup_dir / "damaged").iterdir())) == 1


# -- 3. rotation ---------------------------------------------------------------------------------


def _info(days_ago: float, *, size: int = 1, verified: bool = True, name: str = "") -> BackupInfo:
    start = datetime(2026, 11, 26, 12, tzinfo=UTC)
    path = Path(name or f"b{days_ago}")
    return BackupInfo(path, start - timedelta(days=days_ago), "daily", size, verified=verified)


def test_unverified_files_never_count_as_the_last_copies_and_are_never_pruned() -> None:
    fakes = [_info(i / 100, verified=False, name=f"fake{i}") for i in range(10)]
    good = [_info(10 + i, name=f"good{i}") for i in range(3)]
    kept = to_keep(fakes + good)
    assert {p.name for p in kept} >= {"good0", "good1", "good2"} | {f"fake{i}" for i in range(10)}


def test_the_budget_never_removes_the_newest_good_copy_nor_the_last_week() -> None:
    backups = [_info(d, size=100) for d in range(60)] + [_info(d + 0.5, size=100) for d in range(7)]
    kept = to_keep(backups, budget=150)
    newest_per_day = {f"b{d}" for d in range(7)}
    assert {p.name for p in kept} == newest_per_day  # over budget: everything else goes
    assert "b0" in {p.name for p in to_keep(backups, budget=0)}


def test_the_budget_removes_the_oldest_first_and_keeps_protected_files() -> None:
    backups = [_info(d * 30, size=10) for d in range(12)]
    # b330 is protected (being restored): b180…b300 go instead, oldest first.
    kept = to_keep(backups, budget=75, protect={Path("b330")})
    assert {p.name for p in kept} == {f"b{d * 30}" for d in range(6)} | {"b330"}
    kept = to_keep(backups, budget=95)
    assert {p.name for p in kept} == {f"b{d * 30}" for d in range(9)}


def test_the_budget_comes_from_the_environment_or_the_settings_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(backup_rotation.BUDGET_ENV, raising=False)
    assert backup_rotation.budget_for(tmp_path, 10 * backup_rotation.MB).bytes == 500 * backup_rotation.MB
    assert backup_rotation.budget_for(tmp_path, 100 * backup_rotation.MB).bytes == 2000 * backup_rotation.MB
    backup_rotation.save_budget(tmp_path, 42)
    assert json.loads((tmp_path / backup_rotation.SETTINGS_FILE).read_text()) == {"budget_mb": 42}
    assert backup_rotation.budget_for(tmp_path, 0) == backup_rotation.Budget(
        42 * backup_rotation.MB, "setting"
    )
    monkeypatch.setenv(backup_rotation.BUDGET_ENV, "7")
    assert backup_rotation.budget_for(tmp_path, 0).source == "environment"
    monkeypatch.setenv(backup_rotation.BUDGET_ENV, "lots")
    assert backup_rotation.budget_for(tmp_path, 0).source == "setting"


def test_backups_over_budget_are_pruned_on_disk(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    _add(db, "Ada Lovelace")
    service = BackupService(db)
    first = service.backup_now()
    old = [_copy_as_backup(db, first, datetime.now(UTC) - timedelta(days=40 * m)) for m in range(1, 6)]
    monkeypatch.setenv(backup_rotation.BUDGET_ENV, str(first.stat().st_size * 3.5 / backup_rotation.MB))
    newest = service.backup_now()
    assert newest.exists() and first.exists()
    assert [p.exists() for p in old] == [True, False, False, False, False]
    usage = service.usage()
    assert usage.total <= usage.budget.bytes and usage.count == 3


# -- 4. restore accepts only netdesk's own databases ---------------------------------------------


def _trigger(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TRIGGER t AFTER INSERT ON interaction BEGIN DELETE FROM contact; END")


def _renamed_index(conn: sqlite3.Connection) -> None:
    conn.execute("DROP INDEX ix_contact_event_id")
    conn.execute("CREATE INDEX ix_contact_event ON contact (event_id)")


def _unknown_revision(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE alembic_version SET version_num = 'f00dfacefeed'")


HOSTILE: dict[str, Callable[[sqlite3.Connection], None]] = {
    "trigger": _trigger,
    "view": lambda c: c.execute("CREATE VIEW everyone AS SELECT * FROM contact"),
    "extra table": lambda c: c.execute("CREATE TABLE notes_of_someone_else (x TEXT)"),
    "missing column": lambda c: c.execute("ALTER TABLE contact DROP COLUMN how_met"),
    "renamed index": _renamed_index,
}


@pytest.fixture
def good_backup(db: Database, tmp_path: Path) -> Path:
    _add(db, "In The Backup")
    source = BackupService(db).backup_now()
    _add(db, "Added Later")
    return source


def _assert_nothing_changed(db: Database, backups_before: list[str]) -> None:
    assert _names(db) == ["Added Later", "In The Backup"]
    assert sorted(p.name for p in db.backup_dir.iterdir()) == backups_before
    assert [p.name for p in db.folder.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_restore_refuses_a_database_that_is_not_exactly_netdesks(
    db: Database, good_backup: Path, tmp_path: Path, kind: str
) -> None:
    hostile = tmp_path / f"{kind}.sqlite3"
    shutil.copyfile(good_backup, hostile)
    with sqlite3.connect(hostile) as conn:
        HOSTILE[kind](conn)
    conn.close()
    before = sorted(p.name for p in db.backup_dir.iterdir())
    with pytest.raises(BackupError) as refused:
        BackupService(db).restore(hostile)
    message = str(refused.value)
    assert str(hostile) in message and "Nothing was changed" in message
    assert "In The Backup" not in message
    _assert_nothing_changed(db, before)


def test_a_refused_trigger_is_named(db: Database, good_backup: Path, tmp_path: Path) -> None:
    hostile = tmp_path / "trigger.sqlite3"
    shutil.copyfile(good_backup, hostile)
    with sqlite3.connect(hostile) as conn:
        _trigger(conn)
    conn.close()
    with pytest.raises(BackupError, match="trigger named “t”"):
        BackupService(db).restore(hostile)


@pytest.mark.parametrize("kind", ["truncated", "not sqlite", "empty"])
def test_restore_refuses_broken_files(db: Database, good_backup: Path, tmp_path: Path, kind: str) -> None:
    broken = tmp_path / "broken.sqlite3"
    data = good_backup.read_bytes()
    broken.write_bytes(
        {"truncated": data[: len(data) // 2], "not sqlite": b"BEGIN:VCARD\r\n" * 400, "empty": b""}[kind]
    )
    before = sorted(p.name for p in db.backup_dir.iterdir())
    with pytest.raises(BackupError, match="cannot be restored because it"):
        BackupService(db).restore(broken)
    _assert_nothing_changed(db, before)


def test_restore_refuses_a_newer_netdesks_file(db: Database, good_backup: Path, tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite3"
    shutil.copyfile(good_backup, newer)
    with sqlite3.connect(newer) as conn:
        _unknown_revision(conn)
    conn.close()
    before = sorted(p.name for p in db.backup_dir.iterdir())
    with pytest.raises(DatabaseTooNewError, match="newer version of netdesk"):
        BackupService(db).restore(newer)
    _assert_nothing_changed(db, before)


@pytest.mark.parametrize(
    "name", ["a#b.sqlite3", "what?mode=rw.sqlite3", "100%25 sure.sqlite3", "my backup.sqlite3"]
)
def test_file_names_with_uri_characters_are_opened_as_themselves(
    db: Database, good_backup: Path, tmp_path: Path, name: str
) -> None:
    chosen = tmp_path / name
    shutil.copyfile(good_backup, chosen)
    # A decoy where a naive file: URI would look instead ("a", "what", "100%"…): not a database.
    for decoy in ("a", "what", "100% sure.sqlite3", "my"):
        (tmp_path / decoy).write_bytes(b"decoy")
    summary = BackupService(db).restore(chosen)
    assert summary.contacts == 1 and _names(db) == ["In The Backup"]
    assert chosen.exists()


def test_a_restored_database_gets_its_search_index_rebuilt_when_it_does_not_match(
    db: Database, good_backup: Path, tmp_path: Path
) -> None:
    stale = tmp_path / "stale-index.sqlite3"
    shutil.copyfile(good_backup, stale)
    with sqlite3.connect(stale) as conn:
        conn.execute("DELETE FROM contact_fts")
    conn.close()
    BackupService(db).restore(stale)
    assert [c.name for c in ContactService(db).list("backup")] == ["In The Backup"]


# -- 5. the command line makes the daily backup ----------------------------------------------------


def test_the_daily_backup_is_a_name_listing_once_made(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    service = BackupService(db)
    assert service.ensure_daily() is not None

    def no_opening(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the daily check must not open a file")

    monkeypatch.setattr(backup_file, "verify_file", no_opening)
    monkeypatch.setattr(sqlite3, "connect", no_opening)
    assert service.ensure_daily() is None


def test_restoring_over_a_database_that_fails_its_check_keeps_a_copy_of_it_aside(
    db: Database, good_backup: Path
) -> None:
    with sqlite3.connect(db.path) as conn:  # e.g. a trigger smuggled in by an earlier restore
        _trigger(conn)
    conn.close()
    summary = BackupService(db).restore(good_backup)
    assert _names(db) == ["In The Backup"]
    assert summary.safety_backup.parent == db.backup_dir / "damaged"
    with sqlite3.connect(summary.safety_backup) as conn:
        assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 2
    conn.close()
    with sqlite3.connect(db.path) as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0] == 0
    conn.close()
