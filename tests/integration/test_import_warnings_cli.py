"""``import --json`` lists every value left out, changed or doubtful as {"line", "message", "field"}."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.cli_runner import run


def test_import_json_reports_warnings_with_lines_and_fields(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "Name,Email,Birthday\nAda Lovelace,ada@localhost,\nBob Roe,bob@@example..org,1990-01-02\n",
        encoding="utf-8",
    )
    result = run(tmp_path / "data", "import", "--dry-run", "--json", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # warnings hold addresses: JSON only, never stderr
    [entry] = json.loads(result.stdout)["files"]
    assert {"file", "format", "contacts", "errors", "new", "duplicates", "warnings"} <= entry.keys()
    assert entry["contacts"][0]["emails"] == ["ada@localhost"]
    got = [(w["line"], w.get("field"), w["message"]) for w in entry["warnings"]]
    assert [(line, field) for line, field, _ in got] == [(2, "Email"), (3, "Birthday"), (3, "Email")]
    assert "does not look deliverable" in got[0][2]
    assert "bob@@example..org" in got[2][2] and "left out" in got[2][2]
    assert "Birthday" in got[1][2] and "not imported" in got[1][2]
