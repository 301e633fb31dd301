"""kill -9 during a backup or a restore, and a really full disk: the safety net loses nothing.

A child process runs ``BackupService.backup_now`` or ``restore`` and pauses at a named step
(``netdesk.storage.faults.fault_point``, chosen with ``NETDESK_FAULT_POINT``), where this test
SIGKILLs it. Afterwards the database passes ``integrity_check`` and holds either the old or the
new contacts (never a mix, never fewer), every file named like a backup passes its check, the
backup being restored is still there byte for byte, and the next backup sweeps the leftovers.
The full disk is real too: a child with ``RLIMIT_FSIZE`` below the database's size (SIGXFSZ
ignored, so writes fail with EFBIG).
"""

from __future__ import annotations

import hashlib
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netdesk.domain.models import ContactDraft
from netdesk.services.backup import BackupService
from netdesk.services.contacts import ContactService
from netdesk.services.database import open_database
from netdesk.storage.faults import ANNOUNCE, FAULT_ENV
from netdesk.storage.integrity import verify_file

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and RLIMIT_FSIZE are POSIX")

ROOT = Path(__file__).resolve().parents[2]
OLD = [f"Old Friend {n:03d}" for n in range(150)]
ADDED = [f"New Friend {n:03d}" for n in range(150)]
NEW = sorted(OLD + ADDED)

CHILD = """
import sys
from pathlib import Path
from netdesk.storage import backup_file
backup_file.STEP_PAGES = 2  # many small steps, so "during the copy" really is mid-copy
from netdesk.services.backup import BackupError, BackupService
from netdesk.services.database import open_database
action, folder = sys.argv[1], Path(sys.argv[2])
db = open_database(folder)
if len(sys.argv) > 4:  # a file size limit below the database's size: a full disk, for real
    import resource, signal
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    limit = int(sys.argv[4])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    if action == "backup":
        BackupService(db).backup_now("manual")
    else:
        BackupService(db).restore(Path(sys.argv[3]))
except BackupError as exc:
    print(exc)
    sys.exit(3)
finally:
    db.close()
print("finished")
"""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A data folder whose backup holds OLD and whose database holds NEW."""
    folder = tmp_path_factory.mktemp("faults") / "data"
    db = open_database(folder)
    try:
        contacts = ContactService(db)
        for name in OLD:
            contacts.create(ContactDraft(display_name=name, notes="met at the fair " * 20))
        old_backup = BackupService(db).backup_now("manual")
        for name in ADDED:
            contacts.create(ContactDraft(display_name=name, notes="met at the fair " * 20))
    finally:
        db.close()
    return folder, old_backup


def _child(args: list[str], point: str | None) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop(FAULT_ENV, None)
    if point:
        env[FAULT_ENV] = point
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill_at(args: list[str], point: str) -> None:
    """Run the child until it announces ``point``, then SIGKILL it."""
    child = _child(args, point)
    assert child.stderr is not None
    deadline = time.monotonic() + 30
    seen = ""
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([child.stderr], [], [], 0.5)
            if ready:
                line = child.stderr.readline()
                if not line:
                    break  # the child ended without reaching the point
                seen += line
                if line.strip() == f"{ANNOUNCE} {point}":
                    child.send_signal(signal.SIGKILL)
                    child.wait(timeout=10)
                    return
        pytest.fail(f"the child never reached {point}: {seen[-2000:]}")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=10)
        for stream in (child.stdout, child.stderr):
            if stream:
                stream.close()


def _names_and_integrity(folder: Path) -> list[str]:
    db = open_database(folder)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            return sorted(r[0] for r in conn.exec_driver_sql("SELECT display_name FROM contact"))
    finally:
        db.close()


def _check_backups_folder(folder: Path) -> None:
    """Every file named like a backup passes its check; a new backup sweeps every partial."""
    db = open_database(folder)
    try:
        service = BackupService(db)
        for info in service.backups():
            assert info.verified and verify_file(info.path).ok, info.path.name
        service.backup_now("after-kill")
        hidden = [p.name for p in (*db.folder.iterdir(), *db.backup_dir.iterdir()) if "partial" in p.name]
        assert hidden == []
    finally:
        db.close()


BACKUP_POINTS = ["backup-copying", "backup-synced", "backup-renamed"]
RESTORE_POINTS = [
    "restore-copying",
    "restore-verified",
    "backup-synced",  # inside the safety backup of the current database
    "restore-safety-written",
    "restore-replacing",  # mid-way through the one transaction that replaces the content
    "restore-replaced",
    "restore-migrated",
]


@pytest.mark.parametrize("point", BACKUP_POINTS)
def test_backup_killed_anywhere_leaves_the_database_and_no_false_backup(
    base: tuple[Path, Path], tmp_path: Path, point: str
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(base[0], folder)
    backups_before = {p.name for p in (folder / "backups").glob("netdesk-*.sqlite3")}
    _kill_at(["backup", str(folder)], point)
    after = {p.name for p in (folder / "backups").glob("netdesk-*.sqlite3")}
    assert len(after - backups_before) == (1 if point == "backup-renamed" else 0)
    assert _names_and_integrity(folder) == NEW
    _check_backups_folder(folder)


@pytest.mark.parametrize("point", RESTORE_POINTS)
def test_restore_killed_anywhere_leaves_old_or_new_and_keeps_the_backup(
    base: tuple[Path, Path], tmp_path: Path, point: str
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(base[0], folder)
    chosen = folder / "backups" / base[1].name
    digest = _sha(chosen)
    _kill_at(["restore", str(folder), str(chosen)], point)
    names = _names_and_integrity(folder)
    expected = OLD if point in ("restore-replaced", "restore-migrated") else NEW
    assert names == expected
    assert chosen.exists() and _sha(chosen) == digest
    _check_backups_folder(folder)


def test_a_full_disk_says_so_leaves_nothing_and_does_not_touch_the_database(
    base: tuple[Path, Path], tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(base[0], folder)
    live = folder / "netdesk.sqlite3"
    limit = live.stat().st_size // 4
    before = {p.name: _sha(p) for p in folder.rglob("*") if p.is_file()}

    for args in (
        ["backup", str(folder), "-"],
        ["restore", str(folder), str(folder / "backups" / base[1].name)],
    ):
        child = _child([*args, str(limit)], None)
        out, err = child.communicate(timeout=60)
        assert child.returncode == 3, err
        assert f"not enough free space in {folder}" in out
        assert "Traceback" not in err and "Old Friend" not in out + err
        after = {p.name: _sha(p) for p in folder.rglob("*") if p.is_file()}
        assert after == before  # no partial, no temp copy, no safety backup, the database untouched
    assert _names_and_integrity(folder) == NEW
