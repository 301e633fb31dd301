"""``netdesk FILE...`` is told apart from ``netdesk COMMAND ...`` without touching the commands."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netdesk.cli import _command_names, build_parser
from netdesk.commands.open_files import absolute_files, file_problem, split_files

COMMANDS = _command_names(build_parser())


def test_the_commands_are_known() -> None:
    assert {"contacts", "import", "demo", "scan", "export", "backup", "restore"} <= COMMANDS


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], None),
        (["--data-dir", "D"], None),
        (["--data-dir", "demo", "demo"], None),  # the value of --data-dir is not the command
        (["import", "a.vcf"], None),
        (["--data-dir", "D", "contacts", "list"], None),
        (["contatcs"], None),  # a mistyped command: argparse names the commands
        (["a.vcf"], ([], ["a.vcf"])),
        (["--data-dir", "D", "a.vcf", "card.JPG"], (["--data-dir", "D"], ["a.vcf", "card.JPG"])),
        (["--data=D", "a.csv"], (["--data=D"], ["a.csv"])),
        (["--data", "D", "a.csv"], (["--data", "D"], ["a.csv"])),
        (["a.vcf", "--data-dir", "D"], (["--data-dir", "D"], ["a.vcf"])),
        (["--", "demo", "-odd.vcf"], ([], ["demo", "-odd.vcf"])),
        (["./demo"], ([], ["./demo"])),
        (["cards/front"], ([], ["cards/front"])),
    ],
)
def test_split_files(argv: list[str], expected: object) -> None:
    assert split_files(argv, COMMANDS) == expected


def test_an_existing_file_without_a_suffix_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Connections").write_text("x", encoding="utf-8")
    assert split_files(["Connections"], COMMANDS) == ([], ["Connections"])


def test_file_problems_name_the_file(tmp_path: Path) -> None:
    good = tmp_path / "ada.vcf"
    good.write_text("BEGIN:VCARD\r\nEND:VCARD\r\n", encoding="utf-8")
    assert file_problem(str(good)) is None
    missing = file_problem(str(tmp_path / "nobody.vcf"))
    assert missing is not None and "nobody.vcf" in missing and "no file" in missing
    folder = file_problem(str(tmp_path))
    assert folder is not None and "folder" in folder
    if os.geteuid() != 0:  # root reads everything
        good.chmod(0)
        unreadable = file_problem(str(good))
        assert unreadable is not None and "permission" in unreadable


def test_files_become_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert absolute_files(["a.vcf", "/x/b.csv"]) == [str(tmp_path / "a.vcf"), "/x/b.csv"]
