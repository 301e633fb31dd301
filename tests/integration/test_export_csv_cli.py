"""``netdesk export --format csv --csv-style google|outlook`` writes that client's columns."""

from __future__ import annotations

from pathlib import Path

from tests.integration.cli_runner import ok_json


def test_csv_style_picks_the_columns(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ok_json(data, "contacts", "add", "--name", "Ann Lee", "--email", "ann@example.org", "--json")
    google, outlook = tmp_path / "g.csv", tmp_path / "o.csv"
    first = ok_json(data, "export", "--format", "csv", "-o", str(google), "--json")
    second = ok_json(
        data, "export", "--format", "csv", "--csv-style", "outlook", "-o", str(outlook), "--json"
    )
    assert (first["csv_style"], second["csv_style"]) == ("google", "outlook")
    assert first["count"] == second["count"] == 1 and isinstance(second["notes"], list)
    assert "E-mail 1 - Value" in google.read_text("utf-8-sig").splitlines()[0]
    assert outlook.read_text("utf-8-sig").splitlines()[0].startswith("Title,First Name,Middle Name,Last Name")
