"""``netdesk backup --list`` shows sizes and the budget; commands make the daily backup once;
``restore`` keeps the file it restored and refuses a hostile one with a sentence."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from tests.integration.cli_runner import run


def as_json(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _backups(data: Path) -> list[str]:
    return sorted(p.name for p in (data / "backups").glob("netdesk-*.sqlite3"))


def test_commands_make_the_daily_backup_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run(data, "contacts", "add", "--name", "Ada Lovelace").returncode == 0
    daily = _backups(data)
    assert len(daily) == 1 and daily[0].endswith("-daily.sqlite3")
    assert run(data, "contacts", "list", "--json").returncode == 0
    assert _backups(data) == daily


def test_backup_list_shows_sizes_and_the_total_against_the_budget(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run(data, "contacts", "add", "--name", "Ada Lovelace").returncode == 0
    assert run(data, "backup").returncode == 0
    listed = run(data, "backup", "--list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.strip().splitlines()
    assert len(lines) == 3 and " MB  1 contact  " in lines[0]
    assert " MB  0 contacts  " in lines[1]  # the daily backup, made before the contact was added
    assert lines[-1].startswith("2 backups use ") and "of the 500.0 MB budget (the default" in lines[-1]

    items = as_json(run(data, "backup", "--list", "--json"))
    assert {"path", "created_at", "reason", "bytes"} <= set(items[0])
    assert items[0]["verified"] is True and items[0]["contacts"] == 1
    assert items[0]["total_bytes"] == sum(i["bytes"] for i in items)
    assert items[0]["budget_bytes"] == 500 * 1_048_576 and items[0]["budget_source"] == "default"

    changed = as_json(run(data, "backup", "--budget-mb", "50", "--json"))
    assert changed[0]["budget_bytes"] == 50 * 1_048_576 and changed[0]["budget_source"] == "setting"


def test_restore_keeps_its_source_and_refuses_a_trigger(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run(data, "contacts", "add", "--name", "Kept Person").returncode == 0
    path = Path(as_json(run(data, "backup", "--json"))["path"])
    hostile = tmp_path / "hostile #1?.sqlite3"
    shutil.copyfile(path, hostile)
    with sqlite3.connect(hostile) as conn:
        conn.execute("CREATE TRIGGER t AFTER INSERT ON interaction BEGIN DELETE FROM contact; END")
    conn.close()
    assert run(data, "contacts", "add", "--name", "Later Person").returncode == 0

    refused = run(data, "restore", str(hostile))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert f"{hostile} cannot be restored because it has a trigger named “t”" in refused.stderr
    assert len(as_json(run(data, "contacts", "list", "--json"))) == 2

    restored = run(data, "restore", str(path), "--json")
    assert restored.returncode == 0, restored.stderr
    assert as_json(restored)["contacts"] == 1 and path.exists()
