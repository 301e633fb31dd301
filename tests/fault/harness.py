"""Shared by the kill -9 tests: run the child, copy data folders, read a database as stored."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from netdesk.storage.engine import DB_FILENAME

PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: Columns stamped with the wall clock: two runs of the same unit of work differ only there.
CLOCK_COLUMNS = frozenset({"created_at", "updated_at"})
Dump = dict[str, list[str]]


def run_child(mode: str, data_dir: Path, kill_at: int, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.fault.child", mode, str(data_dir), str(kill_at), *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def statement_count(mode: str, data_dir: Path, *args: str) -> int:
    """How many statements the unit of work sends when it runs to the end."""
    done = run_child(mode, data_dir, 0, *args)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split("STATEMENTS", 1)[1])


def kill_points(total: int, wanted: int) -> list[int]:
    """``wanted`` statement numbers spread over 1..total, always with the first two and last two."""
    step = max(1, total // max(1, wanted - 4))
    points = {1, 2, max(1, total - 1), total, *range(3, total, step)}
    return sorted(p for p in points if 1 <= p <= total)


def copy_data(source: Path, target: Path) -> Path:
    """A private copy of a closed data folder (its WAL checkpointed away by the close)."""
    shutil.copytree(source, target)
    return target


def killed(result: subprocess.CompletedProcess[str]) -> bool:
    return result.returncode == -signal.SIGKILL


def dump(data_dir: Path) -> Dump:
    """Every table as stored (the search index through its virtual table), clock columns left out.

    Opened with plain sqlite3 so nothing of netdesk — migrations, pragmas — runs first: this is
    what the next start would find.
    """
    conn = sqlite3.connect(data_dir / DB_FILENAME)
    try:
        names = [
            n
            for (n,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE 'contact_fts%'"
            )
        ]
        out: Dump = {}
        for name in names:
            cursor = conn.execute(f'SELECT * FROM "{name}"')
            columns = [d[0] for d in cursor.description]
            out[name] = sorted(
                repr([(c, v) for c, v in zip(columns, row, strict=True) if c not in CLOCK_COLUMNS])
                for row in cursor
            )
        out["contact_fts"] = sorted(repr(r) for r in conn.execute("SELECT rowid, * FROM contact_fts"))
        return out
    finally:
        conn.close()


def check_sound(data_dir: Path) -> None:
    """integrity_check says ok and no row points at a missing one."""
    conn = sqlite3.connect(data_dir / DB_FILENAME)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


def differences(a: Dump, b: Dump) -> dict[str, Any]:
    """Per table, the rows only in one side: what an assertion message shows of a half state."""
    out: dict[str, Any] = {}
    for table in sorted(set(a) | set(b)):
        left, right = set(a.get(table, ())), set(b.get(table, ()))
        if left != right:
            out[table] = {"only_here": len(left - right), "only_there": len(right - left)}
    return out
