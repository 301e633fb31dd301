"""`netdesk intro TARGET`: the CLI.md shape, path order, unreachable targets, usage errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from netdesk.cli import main


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def network(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Path:
    def add(*args: str) -> None:
        code, _, err = run(capsys, data_dir, "contacts", "add", *args)
        assert code == 0, err

    add("--name", "Ana Lima", "--event", "Fall Career Fair", "--met-at", "2026-11-20T10:00:00-05:00")
    add("--name", "Dee Núñez", "--introduced-by", "Ana Lima")
    add(
        "--name",
        "Eve Ståhl",
        "--org",
        "Harbor Music Studio",
        "--title",
        "Engineer",
        "--introduced-by",
        "Dee Núñez",
    )
    add("--name", "Jo Park", "--org", "Harbor Music Studio", "--event", "Fall Career Fair")
    return data_dir


def test_intro_json_shape_and_order(capsys: pytest.CaptureFixture[str], network: Path) -> None:
    code, out, err = run(capsys, network, "intro", "harbor music", "--json")
    assert code == 0, err
    results = json.loads(out)
    assert [r["target"]["fn"] for r in results] == ["Jo Park", "Eve Ståhl"]
    direct, via = results
    assert [c["fn"] for c in direct["path"]] == ["Jo Park"]
    assert [c["fn"] for c in via["path"]] == ["Ana Lima", "Dee Núñez", "Eve Ståhl"]
    for key in ("id", "fn", "org", "emails", "event", "met_at", "introduced_by"):
        assert key in via["target"]
    assert via["target"]["introduced_by"] == "Dee Núñez"
    assert via["hops"] == 3
    assert via["links"] == ["Ana Lima introduced Dee Núñez", "Dee Núñez introduced Eve Ståhl"]
    assert "Núñez" in out  # UTF-8, not \\u escapes


def test_unreachable_target_has_an_empty_path(capsys: pytest.CaptureFixture[str], network: Path) -> None:
    # Six people from anyone the user knows: beyond the search's five-person limit.
    run(capsys, network, "contacts", "add", "--name", "Vic", "--introduced-by", "Eve Ståhl")
    run(capsys, network, "contacts", "add", "--name", "Wes", "--introduced-by", "Vic")
    code, _, _ = run(
        capsys, network, "contacts", "add", "--name", "Solo", "--org", "Lonely Labs", "--introduced-by", "Wes"
    )
    assert code == 0
    code, out, _ = run(capsys, network, "intro", "Lonely Labs", "--json")
    assert code == 0
    (item,) = json.loads(out)
    assert item["path"] == [] and item["target"]["fn"] == "Solo"


def test_text_output_and_no_match(capsys: pytest.CaptureFixture[str], network: Path) -> None:
    code, out, _ = run(capsys, network, "intro", "Harbor")
    assert code == 0
    assert "Ask Ana Lima: Ana Lima → Dee Núñez → Eve Ståhl" in out
    code, out, _ = run(capsys, network, "intro", "Nowhere Inc", "--json")
    assert code == 0 and json.loads(out) == []


def test_usage_errors_exit_2(data_dir: Path) -> None:
    for args in (["intro"], ["intro", "x", "--alternatives", "0"]):
        proc = subprocess.run(
            [sys.executable, "-m", "netdesk", "--data-dir", str(data_dir), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        assert proc.returncode == 2
