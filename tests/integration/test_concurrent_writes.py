"""Two netdesk processes writing the same things at once: no duplicates, no UNIQUE errors.

Each round starts real ``netdesk`` processes together on one initialised data folder (the CLI is
what a script after an event runs, possibly twice by accident, or while the window is open).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from netdesk.services.database import open_database
from netdesk.storage.engine import DB_FILENAME

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
ROUNDS = 3


def _start(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "LC_ALL": "C"}
    env.pop("NETDESK_DATA_DIR", None)
    return subprocess.Popen(
        [sys.executable, "-m", "netdesk", "--data-dir", str(data_dir), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )


def _finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    return process.returncode, out, err


def _initialised(folder: Path) -> Path:
    open_database(folder).close()  # the schema exists before the racers start
    return folder


def _query(folder: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(folder / DB_FILENAME)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_the_same_file_imported_twice_at_once_adds_each_person_once(tmp_path: Path) -> None:
    rows = "".join(
        f"P{n},Tester,https://www.linkedin.com/in/p{n},p{n}@example.org,Org {n % 7},Analyst,01 Mar 2024\n"
        for n in range(300)
    )
    csv_path = tmp_path / "Connections.csv"
    csv_path.write_text(HEADER + rows, encoding="utf-8")
    for round_ in range(ROUNDS):
        folder = _initialised(tmp_path / f"data-{round_}")
        racers = [_start(folder, "import", str(csv_path), "--json") for _ in range(2)]
        results = [_finish(p) for p in racers]
        for code, _out, err in results:
            assert code == 0, err
            assert "Traceback" not in err
        reports = [json.loads(out) for _code, out, _err in results]
        assert sorted(r["created"] for r in reports) == [0, 300], [r["created"] for r in reports]
        loser = min(reports, key=lambda r: r["created"])
        assert loser["files"][0]["new"] == 0 and loser["files"][0]["duplicates"] == 300
        assert _query(folder, "SELECT count(*) FROM contact") == [(300,)]


def test_the_same_new_event_from_several_processes_is_created_once(tmp_path: Path) -> None:
    for round_ in range(ROUNDS):
        folder = _initialised(tmp_path / f"data-{round_}")
        adders = [
            _start(folder, "contacts", "add", "--name", f"Person {n}", "--event", "New Fair", "--json")
            for n in range(2)
        ]
        creator = _start(folder, "events", "add", "--name", "New Fair", "--json")
        for code, _out, err in [_finish(p) for p in adders]:
            assert code == 0 and err == "", err
        code, _out, err = _finish(creator)
        # Sequentially, "events add" after "contacts add --event" says the event exists: so here.
        assert (code, err) == (0, "") or (code == 1 and "already exists" in err), err
        events = _query(folder, "SELECT id, name FROM event")
        assert [name for _id, name in events] == ["New Fair"]
        assert _query(folder, "SELECT DISTINCT event_id FROM contact") == [(events[0][0],)]
