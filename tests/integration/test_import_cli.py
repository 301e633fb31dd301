"""``netdesk import`` / ``backup`` / ``restore`` as scripts use them: a real process, exit codes, JSON."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.integration.cli_runner import CONTACT_KEYS as CLI_CONTACT_KEYS
from tests.integration.cli_runner import run

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
CONTACT_KEYS = set(CLI_CONTACT_KEYS)


def as_json(result: subprocess.CompletedProcess[str]) -> Any:
    return json.loads(result.stdout)


@pytest.fixture
def linkedin() -> Path:
    path = CORPUS / "csv" / "linkedin" / "hirefrank_network-jobs_Connections.csv"
    if not path.is_file():
        pytest.skip(f"corpus file missing: {path}")
    return path


def test_dry_run_stores_nothing_and_prints_the_contract(tmp_path: Path, linkedin: Path) -> None:
    result = run(tmp_path, "import", "--dry-run", "--json", str(linkedin))
    assert result.returncode == 0, result.stderr
    report = as_json(result)
    (entry,) = report["files"]
    assert {"file", "format", "contacts", "errors", "new", "duplicates"} <= entry.keys()
    assert entry["format"] == "linkedin" and entry["new"] == 10 and entry["duplicates"] == 0
    assert all(c.keys() >= CONTACT_KEYS and c["id"] is None for c in entry["contacts"])
    assert entry["contacts"][0]["fn"] == "Ada Lovelace"
    listed = run(tmp_path, "contacts", "list", "--json")
    assert as_json(listed) == []


def test_import_twice_reports_duplicates_and_undo_removes(tmp_path: Path, linkedin: Path) -> None:
    first = as_json(run(tmp_path, "import", "--json", str(linkedin)))
    ids = [c["id"] for c in first["files"][0]["contacts"]]
    assert all(isinstance(i, int) for i in ids) and len(set(ids)) == 10
    second = run(tmp_path, "import", "--json", str(linkedin))
    assert second.returncode == 0
    assert as_json(second)["files"][0]["duplicates"] == 10
    assert len(as_json(run(tmp_path, "contacts", "list", "--json"))) == 10
    undo = run(tmp_path, "import", "--undo", str(first["batch"]), "--json")
    assert undo.returncode == 0 and as_json(undo)["removed"] == 10
    assert as_json(run(tmp_path, "contacts", "list", "--json")) == []


def test_partly_bad_file_exits_1_names_file_and_line_and_keeps_good_records(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text(
        'Name,Email\nAnn,ann@example.org\n"Bob,bob@example.org\nCid,cid@example.org\n', encoding="utf-8"
    )
    missing = tmp_path / "missing.vcf"
    result = run(tmp_path / "data", "import", "--json", str(path), str(missing))
    assert result.returncode == 1
    assert f"{path}:3:" in result.stderr and "missing.vcf" in result.stderr
    report = as_json(result)
    assert [c["fn"] for c in report["files"][0]["contacts"]] == ["Ann", "Cid"]
    assert report["files"][0]["errors"][0]["line"] == 3
    assert report["files"][1]["format"] is None


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run(tmp_path, "import").returncode == 2
    assert run(tmp_path, "import", "--undo", "1", "x.csv").returncode == 2
    assert run(tmp_path, "import", "--map", "nonsense", str(tmp_path / "a.csv")).returncode == 2


def test_generic_csv_with_column_map(tmp_path: Path) -> None:
    path = tmp_path / "fair.csv"
    path.write_text("Who,Reach me at\nMaya Ito,maya@example.org\n", encoding="utf-8")
    result = run(
        tmp_path / "d",
        "import",
        "--dry-run",
        "--json",
        "--map",
        "Who=display_name",
        "--map",
        "Reach me at=email",
        str(path),
    )
    assert result.returncode == 0, result.stderr
    (contact,) = as_json(result)["files"][0]["contacts"]
    assert (contact["fn"], contact["emails"]) == ("Maya Ito", ["maya@example.org"])


def test_backup_and_restore_commands(tmp_path: Path) -> None:
    assert run(tmp_path, "contacts", "add", "--name", "Kept Person").returncode == 0
    backup = run(tmp_path, "backup", "--json")
    assert backup.returncode == 0, backup.stderr
    path = as_json(backup)["path"]
    assert run(tmp_path, "contacts", "add", "--name", "Later Person").returncode == 0
    restored = run(tmp_path, "restore", path, "--json")
    assert restored.returncode == 0, restored.stderr
    assert as_json(restored)["contacts"] == 1
    names = [c["fn"] for c in as_json(run(tmp_path, "contacts", "list", "--json"))]
    assert names == ["Kept Person"]
    listed = as_json(run(tmp_path, "backup", "--list", "--json"))
    assert any(b["reason"] == "before-restore" for b in listed)
    bad = run(tmp_path, "restore", str(tmp_path / "nope.sqlite3"))
    assert bad.returncode == 1 and "does not exist" in bad.stderr
