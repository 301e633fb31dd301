"""An upgrade killed (SIGKILL) at any statement leaves the database at its old schema or at the
new one — never in between — with every contact, sound, and upgradable by the next start.

The database starts at revision 0015 (before 0016, sync's follow-up mode, 0017, the index the
contacts table's order walks, and 0018, the contact order's stamp); the child process runs ``migrate.upgrade``
as a start does and kills itself before statement N, counted on the engine's connections.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command

from netdesk.domain.models import ContactDraft
from netdesk.services.contacts import ContactService
from netdesk.services.database import open_database
from netdesk.storage.engine import create_db_engine
from netdesk.storage.migrate import HEAD_REVISION, alembic_config
from netdesk.storage.names import DB_FILENAME

ROOT = Path(__file__).resolve().parents[2]
OLD = "0015"
PEOPLE = 120

CHILD = """
import os, signal, sys
from pathlib import Path
from sqlalchemy import event
from netdesk.storage.engine import create_db_engine
from netdesk.storage.migrate import upgrade

path, kill_at = Path(sys.argv[1]), int(sys.argv[2])
engine = create_db_engine(path)
count = [0]

def trace(_sql):
    count[0] += 1
    if count[0] == kill_at:
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)

@event.listens_for(engine, "connect")
def _connect(dbapi_connection, _record):
    dbapi_connection.set_trace_callback(trace)

upgrade(engine, db_path=path, backup_dir=path.parent / "backups")
engine.dispose()
print("STATEMENTS", count[0], flush=True)
"""


@pytest.fixture(scope="module")
def old_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("old") / "data"
    db = open_database(folder)
    contacts = ContactService(db)
    for i in range(PEOPLE):
        contacts.create(ContactDraft(display_name=f"Person {i:03d}", organization=f"Org {i % 9}"))
    db.close()
    engine = create_db_engine(db.path)
    command.downgrade(alembic_config(engine), OLD)
    engine.dispose()
    return db.path


def _run(path: Path, kill_at: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(kill_at)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def _state(path: Path) -> tuple[str, int, bool, str]:
    conn = sqlite3.connect(path)
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        people = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
        # The newest schema's things: the name index and the contact order's stamp (its row too).
        index = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE (type='index' AND name='ix_contact_name_order')"
            " OR (type='table' AND name='contact_order_stamp')"
        ).fetchone()[0]
        if index == 2:
            index += conn.execute("SELECT count(*) FROM contact_order_stamp").fetchone()[0]
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    if index not in (0, 3):
        return revision, people, None, check  # type: ignore[return-value]  (half a schema)
    return revision, people, index == 3, check


def test_an_upgrade_killed_anywhere_is_all_or_nothing(old_database: Path, tmp_path: Path) -> None:
    whole = tmp_path / "whole" / DB_FILENAME
    whole.parent.mkdir()
    shutil.copyfile(old_database, whole)
    done = _run(whole, 0)
    assert done.returncode == 0, done.stderr[-2000:]
    total = int(done.stdout.split()[-1])
    assert total > 10
    assert _state(whole) == (HEAD_REVISION, PEOPLE, True, "ok")

    seen = set()
    for kill_at in range(1, total + 1):  # every statement of it (a dozen)
        folder = tmp_path / f"kill-{kill_at}"
        folder.mkdir()
        path = folder / DB_FILENAME
        shutil.copyfile(old_database, path)
        killed = _run(path, kill_at)
        assert killed.returncode == -9, (kill_at, killed.stderr[-2000:])
        revision, people, index, check = _state(path)
        assert check == "ok", kill_at
        assert people == PEOPLE, kill_at
        assert (revision, index) in {(OLD, False), (HEAD_REVISION, True)}, (kill_at, revision, index)
        seen.add(revision)
        db = open_database(folder)  # the next start upgrades what was left
        try:
            assert ContactService(db).count() == PEOPLE
        finally:
            db.close()
        assert _state(path) == (HEAD_REVISION, PEOPLE, True, "ok")
    assert OLD in seen  # the kills did land inside the upgrade
