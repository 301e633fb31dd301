"""``netdesk --install-desktop`` / ``--uninstall-desktop`` in a real process, into a private
XDG_DATA_HOME: the installed launcher and metainfo pass the freedesktop validators, the launcher's
Exec line starts this netdesk, and uninstalling removes exactly what was installed."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

from netdesk import __version__
from netdesk.services import desktop_integration as di
from tests.integration.cli_runner import run

APP_ID = "io.github.netdesk.netdesk"
OURS = {
    f"applications/{APP_ID}.desktop",
    f"icons/hicolor/scalable/apps/{APP_ID}.svg",
    f"metainfo/{APP_ID}.metainfo.xml",
}
CACHES = {"applications/mimeinfo.cache"}  # written by update-desktop-database


def netdesk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(home / "data", *args, env={"XDG_DATA_HOME": str(home / "share"), "HOME": str(home)})


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def validate(tool: str, *args: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (scripts/system-deps.sh installs it)")
    done = subprocess.run([tool, *args], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def exec_line(desktop: Path) -> list[str]:
    """The Exec arguments as the Desktop Entry spec reads them (string escapes, then quoting)."""
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(desktop, encoding="utf-8")
    value = entry["Desktop Entry"]["Exec"].replace("\\\\", "\\")
    args: list[str] = []
    word, quoted, escaped, started = "", False, False, False
    for ch in value:
        if escaped:
            word, escaped = word + ch, False
        elif quoted and ch == "\\":
            escaped = True
        elif ch == '"':
            quoted, started = not quoted, True
        elif ch == " " and not quoted:
            if word or started:
                args.append(word)
            word, started = "", False
        else:
            word += ch
    return [*args, word] if word or started else args


def test_install_validates_starts_this_netdesk_and_uninstall_removes_exactly_it(tmp_path: Path) -> None:
    share = tmp_path / "share"
    (share / "applications").mkdir(parents=True)
    (share / "applications" / "someone-else.desktop").write_text("[Desktop Entry]\n", encoding="utf-8")
    before = files_under(share)

    done = netdesk(tmp_path, "--install-desktop")
    assert done.returncode == 0, done.stderr
    assert files_under(share) - before - CACHES == OURS
    desktop = share / "applications" / f"{APP_ID}.desktop"
    metainfo = share / "metainfo" / f"{APP_ID}.metainfo.xml"
    for name in OURS:
        assert str(share / name) in done.stdout
    validate("desktop-file-validate", str(desktop))
    validate("appstreamcli", "validate", "--pedantic", "--no-net", str(metainfo))
    assert (
        (share / f"icons/hicolor/scalable/apps/{APP_ID}.svg").read_text(encoding="utf-8").startswith("<svg")
    )

    # The launcher starts the netdesk that installed it (here `python -m netdesk`, not on PATH).
    command = exec_line(desktop)
    assert command[-1] == "%F"
    started = subprocess.run([*command[:-1], "--version"], capture_output=True, text=True, timeout=60)
    assert started.stdout.strip() == f"netdesk {__version__}"
    if shutil.which("update-desktop-database"):
        cache = (share / "applications" / "mimeinfo.cache").read_text(encoding="utf-8")
        assert f"text/vcard={APP_ID}.desktop;" in cache
        assert f"image/jpeg={APP_ID}.desktop;" in cache

    again = netdesk(tmp_path, "--install-desktop")  # installing twice is an update
    assert again.returncode == 0, again.stderr

    removed = netdesk(tmp_path, "--uninstall-desktop")
    assert removed.returncode == 0, removed.stderr
    assert files_under(share) - CACHES == before
    nothing = netdesk(tmp_path, "--uninstall-desktop")
    assert nothing.returncode == 0 and "Nothing to remove" in nothing.stdout


def test_install_desktop_takes_no_command(tmp_path: Path) -> None:
    done = netdesk(tmp_path, "--install-desktop", "contacts", "list")
    assert done.returncode == 2 and "take no command" in done.stderr
    both = netdesk(tmp_path, "--install-desktop", "--uninstall-desktop")
    assert both.returncode == 2


def test_a_folder_that_cannot_be_written_is_named(tmp_path: Path) -> None:
    (tmp_path / "share").write_text("a file where the folder should be", encoding="utf-8")
    done = netdesk(tmp_path, "--install-desktop")
    assert done.returncode == 1
    assert str(tmp_path / "share") in done.stderr and "Traceback" not in done.stderr


def test_exec_is_the_plain_command_when_it_is_the_one_on_path(tmp_path: Path) -> None:
    script = tmp_path / "bin" / "netdesk"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    assert di.launch_command(str(script), on_path=str(script)) == "netdesk"
    other = tmp_path / "venv with space" / "bin" / "netdesk"
    other.parent.mkdir(parents=True)
    other.write_text("#!/bin/sh\n", encoding="utf-8")
    assert di.launch_command(str(other), on_path=str(script)) == f'"{other}"'
    assert di.launch_command("/x/netdesk/__main__.py", on_path="").endswith(" -m netdesk")


def test_an_odd_install_path_still_makes_a_valid_launcher(tmp_path: Path) -> None:
    odd = tmp_path / 'Ana\'s "netdesk" $HOME 100%' / "netdesk"
    odd.parent.mkdir()
    odd.write_text("#!/bin/sh\n", encoding="utf-8")
    files = di.install(tmp_path / "share", command=di.launch_command(str(odd), on_path=""))
    validate("desktop-file-validate", str(files.desktop))
    assert exec_line(files.desktop)[0].replace("%%", "%") == str(odd)
