"""The command line against a database another program is writing to: wait, retry, then a sentence."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from netdesk.commands.locking import run_with_retries
from netdesk.services.database import open_database
from netdesk.storage.engine import DB_FILENAME
from tests.integration.cli_runner import run

HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("LOCKED", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
conn.close()
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    open_database(data).close()
    return data


def _hold(folder: Path, seconds: float) -> subprocess.Popen[str]:
    """A plain sqlite3 process holding the write lock (BEGIN IMMEDIATE) for ``seconds``."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder / DB_FILENAME), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "LOCKED"
    return holder


@pytest.fixture
def holders() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        process.kill()
        process.wait(timeout=10)


def _count(folder: Path) -> int:
    conn = sqlite3.connect(folder / DB_FILENAME)
    try:
        return int(conn.execute("SELECT count(*) FROM contact").fetchone()[0])
    finally:
        conn.close()


def test_a_lock_held_too_long_names_the_holder(folder: Path, holders: list[subprocess.Popen[str]]) -> None:
    holder = _hold(folder, 120)
    holders.append(holder)
    started = time.monotonic()
    result = run(folder, "contacts", "add", "--name", "Lock Test", env={"NETDESK_LOCK_TIMEOUT": "2"})
    elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "OperationalError" not in result.stderr
    assert f"(pid {holder.pid})" in result.stderr
    assert "Close that program or wait" in result.stderr
    assert "Lock Test" not in result.stderr
    assert elapsed < 20
    assert _count(folder) == 0


def test_a_lock_released_within_the_window_lets_the_command_through(
    folder: Path, holders: list[subprocess.Popen[str]]
) -> None:
    holders.append(_hold(folder, 4))
    result = run(
        folder, "contacts", "add", "--name", "Lock Test", "--json", env={"NETDESK_LOCK_TIMEOUT": "8"}
    )
    assert result.returncode == 0, result.stderr
    assert _count(folder) == 1


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.pauses: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds


def _locked() -> Exception:
    try:
        raise sqlite3.OperationalError("database is locked")
    except sqlite3.OperationalError as inner:
        try:
            raise RuntimeError("the unit of work failed") from inner
        except RuntimeError as outer:
            return outer


def test_retries_with_growing_pauses_then_succeeds(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NETDESK_LOCK_TIMEOUT", "30")
    clock = _Clock()
    attempts = {"n": 0}

    def command() -> int:
        attempts["n"] += 1
        if attempts["n"] < 4:
            raise _locked()
        return 0

    assert run_with_retries(command, tmp_path, sleep=clock.sleep, clock=lambda: clock.now) == 0
    assert clock.pauses == [0.25, 0.5, 1.0]


def test_gives_up_after_the_window_with_a_sentence(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NETDESK_LOCK_TIMEOUT", "10")
    clock = _Clock()

    def command() -> int:
        raise _locked()

    assert run_with_retries(command, tmp_path, sleep=clock.sleep, clock=lambda: clock.now) == 1
    assert sum(clock.pauses) == pytest.approx(10)
    assert "locked by another program" in capsys.readouterr().err


def test_other_errors_are_not_retried(tmp_path: Path) -> None:
    def command() -> int:
        raise sqlite3.OperationalError("no such table: contact")

    with pytest.raises(sqlite3.OperationalError):
        run_with_retries(command, tmp_path, sleep=lambda _s: pytest.fail("retried"))
