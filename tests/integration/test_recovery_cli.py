"""A lost, emptied, foreign or damaged database is never a new, empty network (command line).

Each case starts from a real network with real backups, breaks the database the way disks,
sync tools and people do, and checks that every command refuses with a sentence naming the
newest good backup, that the commands it names work, and that the backups are all still there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from netdesk.storage.integrity import verify_file
from tests.integration.cli_runner import run

DEMO_CONTACTS_MIN = 10


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo network with two backups (made once; each test works on a copy)."""
    folder = tmp_path_factory.mktemp("recovery") / "data"
    assert run(folder, "demo").returncode == 0
    assert run(folder, "backup").returncode == 0
    assert run(folder, "backup").returncode == 0
    return folder


@pytest.fixture
def data(template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(template, folder)
    return folder


def _backups(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "backups").glob("netdesk-*.sqlite3"))


def _count(folder: Path) -> int:
    result = run(folder, "contacts", "list", "--json")
    assert result.returncode == 0, result.stderr
    return len(json.loads(result.stdout))


def _damage_pages(path: Path, every: int = 1) -> None:
    data = bytearray(path.read_bytes())
    for n in range(2, len(data) // 4096, every):
        data[n * 4096 + 100 : (n + 1) * 4096] = b"\xa5" * 3996
    path.write_bytes(bytes(data))


BREAKS = {
    "missing": lambda db: [p.unlink() for p in db.parent.glob(db.name + "*")],
    "empty": lambda db: db.write_bytes(b""),
    "foreign": lambda db: db.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:x\r\nEND:VCARD\r\n" * 200),
    "damaged": lambda db: _damage_pages(db),
}


@pytest.mark.parametrize("kind", sorted(BREAKS))
def test_every_command_refuses_and_names_the_newest_good_backup(data: Path, kind: str) -> None:
    before = _count(data)
    backups = _backups(data)
    BREAKS[kind](data / "netdesk.sqlite3")
    for command in (
        ["contacts", "list"],
        ["backup"],
        ["backup"],
        ["backup"],
        ["contacts", "add", "--name", "Z"],
    ):
        result = run(data, *command)
        assert result.returncode == 1, (command, result.stdout)
        assert "Traceback" not in result.stderr
        assert backups[-1] in result.stderr, result.stderr  # the newest good backup, by name
        assert "restore" in result.stderr
        assert result.stdout.strip() in ("", "[]") and "[]" not in result.stdout
    assert _backups(data) == backups  # three "backup" calls later, every good backup is still there
    # the command the sentence gives works and brings the network back
    newest = data / "backups" / backups[-1]
    restored = run(data, "restore", str(newest))
    assert restored.returncode == 0, restored.stderr
    assert _count(data) == before
    assert newest.exists()
    if kind in ("foreign", "damaged"):
        kept = list(data.glob("netdesk-damaged-*.sqlite3"))
        assert len(kept) == 1  # the unusable file is kept, never deleted


def test_damaged_database_is_salvaged_with_the_original_kept(data: Path) -> None:
    before = _count(data)
    db = data / "netdesk.sqlite3"
    original = db.read_bytes()
    _damage_pages(db, every=7)
    assert not verify_file(db, full=True).ok
    result = run(data, "recover", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert 0 < summary["contacts"] <= before
    assert verify_file(db, full=True).ok
    kept = Path(summary["kept_aside"])
    assert kept.exists() and kept.read_bytes()[:100] == original[:100]
    # the salvaged database works: search (rebuilt index), add, list
    assert run(data, "contacts", "add", "--name", "New Person").returncode == 0
    assert _count(data) == summary["contacts"] + 1


def test_recover_newest_backup_and_nothing_to_recover(data: Path) -> None:
    result = run(data, "recover")
    assert result.returncode == 0 and "nothing to recover" in result.stdout
    (data / "netdesk.sqlite3").write_bytes(b"")
    result = run(data, "recover", "--newest-backup")
    assert result.returncode == 0, result.stderr
    assert _count(data) >= DEMO_CONTACTS_MIN


def test_a_first_start_without_backups_is_a_new_network(tmp_path: Path) -> None:
    result = run(tmp_path / "fresh", "contacts", "list", "--json")
    assert result.returncode == 0 and json.loads(result.stdout) == []


def test_damage_found_by_a_query_at_run_time_is_a_sentence(data: Path) -> None:
    """The header and schema are fine, but contact pages are not: found mid-command."""
    db = data / "netdesk.sqlite3"
    conn_pages = len(db.read_bytes()) // 4096
    assert conn_pages > 5
    import sqlite3

    conn = sqlite3.connect(db)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='contact'").fetchone()[0]
    conn.close()
    raw = bytearray(db.read_bytes())
    raw[(root - 1) * 4096 : root * 4096] = b"\xff" * 4096
    db.write_bytes(bytes(raw))
    result = run(data, "contacts", "list")
    assert result.returncode == 1
    assert "damaged" in result.stderr and "recover" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX only")
def test_read_only_data_folder_browses_and_exports_only(data: Path, tmp_path: Path) -> None:
    """A real read-only folder: a read-only bind mount as root, permissions otherwise."""
    mount = tmp_path / "ro"
    mount.mkdir()
    if os.geteuid() == 0:
        bound = subprocess.run(["mount", "--bind", str(data), str(mount)], capture_output=True)
        if bound.returncode != 0:
            pytest.skip("cannot bind-mount here")
        remounted = subprocess.run(["mount", "-o", "remount,ro,bind", str(mount)], capture_output=True)
        if remounted.returncode != 0:
            subprocess.run(["umount", str(mount)], check=False)
            pytest.skip("cannot remount read-only here")
        folder = mount
    else:
        folder = data
        for path in [data, *data.iterdir()]:
            path.chmod(0o500 if path.is_dir() else 0o400)
    try:
        before = _count(folder)
        assert before >= DEMO_CONTACTS_MIN
        out = tmp_path / "export.vcf"
        exported = run(folder, "export", "--format", "vcf", "-o", str(out))
        assert exported.returncode == 0, exported.stderr
        assert out.read_text(encoding="utf-8").count("BEGIN:VCARD") == before
        added = run(folder, "contacts", "add", "--name", "Someone New")
        assert added.returncode == 1
        assert "read-only" in added.stderr and "Traceback" not in added.stderr
        assert "Someone New" not in added.stderr
    finally:
        if folder == mount:
            subprocess.run(["umount", str(mount)], check=False)
        else:
            for path in [data, *data.iterdir()]:
                path.chmod(0o700 if path.is_dir() else 0o600)
