"""``netdesk FILE...`` in a real process: a file that is not there (or a folder) is a usage error
with a sentence naming it, before any window; commands and --version are unchanged."""

from __future__ import annotations

from pathlib import Path

from tests.integration.cli_runner import run


def test_a_missing_file_exits_2_naming_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = run(data, str(tmp_path / "Ana Núñez.vcf"))
    assert done.returncode == 2
    assert "Ana Núñez.vcf" in done.stderr and "no file" in done.stderr
    assert "Traceback" not in done.stderr
    assert not data.exists()  # nothing was started or created


def test_a_folder_exits_2(tmp_path: Path) -> None:
    done = run(tmp_path / "data", str(tmp_path))
    assert done.returncode == 2
    assert "is a folder" in done.stderr and "Traceback" not in done.stderr


def test_one_missing_file_among_good_ones_starts_nothing(tmp_path: Path) -> None:
    good = tmp_path / "ada.vcf"
    good.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n", encoding="utf-8")
    done = run(tmp_path / "data", str(good), str(tmp_path / "gone.jpg"))
    assert done.returncode == 2 and "gone.jpg" in done.stderr


def test_commands_and_version_are_unchanged(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run(data, "--version").stdout.startswith("netdesk ")
    mistyped = run(data, "contatcs")
    assert mistyped.returncode == 2 and "invalid choice: 'contatcs'" in mistyped.stderr
    listed = run(data, "contacts", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    helped = run(data, "--help")
    assert "FILE..." in helped.stdout
