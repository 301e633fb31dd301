"""Installed from its own wheel, netdesk works like the checkout: the demo loads and the window starts
themed. The wheel goes into a fresh virtual environment; the dependencies come from this one through a
.pth file (no network), and the checkout is never on sys.path, so a resource read from outside the
package fails here as it would for a user."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import textwrap
from pathlib import Path

import pytest

from netdesk import __version__

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
# What a build needs from the checkout; copied, so that building leaves no build/ or egg-info behind
# in a tree others work in.
_IGNORE = shutil.ignore_patterns(
    ".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", ".*_cache", ".hypothesis"
)

WINDOW_CHECK = textwrap.dedent(
    """
    import re, sys
    from pathlib import Path
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    import netdesk
    from netdesk.services.database import open_database
    from netdesk.ui.main_window import MainWindow
    from netdesk.ui.theme import apply_theme

    app = QApplication(sys.argv)
    apply_theme(app)
    data = Path(sys.argv[1])
    db = open_database(data)
    window = MainWindow(db, QSettings(str(data / "window.ini"), QSettings.Format.IniFormat))
    window.show()
    app.processEvents()
    sheet = app.styleSheet()
    assert sheet.strip(), "no style sheet"
    assert "@RESOURCES@" not in sheet
    urls = re.findall(r"url\\(([^)]+)\\)", sheet)
    assert urls and all(Path(u.strip("'\\"")).is_file() for u in urls), urls
    assert not app.windowIcon().isNull(), "no window icon"
    print(netdesk.__file__)
    window.close()
    db.close()
    """
)


def _site_packages(python: Path) -> Path:
    out = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    )
    return Path(out.stdout.strip())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The wheel and sdist built from a copy of the checkout, exactly as pip would build them."""
    base = tmp_path_factory.mktemp("build")
    src = base / "src"
    shutil.copytree(ROOT, src, ignore=_IGNORE)
    out = base / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            ".",
        ],
        cwd=src,
        check=True,
    )
    subprocess.run(
        [
            sys.executable,
            "-c",
            f"from setuptools import build_meta; build_meta.build_sdist({str(out)!r})",
        ],
        cwd=src,
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("netdesk-*.whl")
    (sdist,) = out.glob("netdesk-*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


@pytest.fixture(scope="module")
def installed(built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the wheel; the dependencies are borrowed from this venv."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(built["wheel"])],
        check=True,
    )
    ours = Path(sysconfig.get_paths()["purelib"])
    # A path line in a .pth file adds the folder but does not run the .pth files inside it, so the
    # editable install's finder (which maps netdesk to the checkout) stays out.
    (_site_packages(python) / "netdesk_test_deps.pth").write_text(f"{ours}\n", encoding="utf-8")
    return venv


def _run(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "NETDESK_DATA_DIR", "VIRTUAL_ENV"}}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["HOME"] = str(cwd)  # QSettings and platformdirs stay out of the user's home
    env["XDG_CONFIG_HOME"] = str(cwd / "config")
    env["XDG_DATA_HOME"] = str(cwd / "data")
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_wheel_carries_the_resources(built: dict[str, Path]) -> None:
    import zipfile

    names = set(zipfile.ZipFile(built["wheel"]).namelist())
    for needed in (
        "netdesk/resources/style.qss",
        "netdesk/resources/icons/netdesk.svg",
        "netdesk/resources/icons/chevron-down.svg",
        "netdesk/resources/demo_network.json",
        "netdesk/resources/interview_questions.json",
        "netdesk/resources/templates/pitch.txt",
        "netdesk/resources/templates/thank_you_event.txt",
        "netdesk/resources/desktop/io.github.netdesk.netdesk.desktop",
        "netdesk/resources/desktop/io.github.netdesk.netdesk.metainfo.xml",
        "netdesk/storage/migrations/env.py",
    ):
        assert needed in names, needed
    assert not any(n.startswith(("resources/", "tests/")) for n in names)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not any("__pycache__" in n for n in names)


def test_sdist_carries_resources_tests_and_spdx_license(built: dict[str, Path]) -> None:
    with tarfile.open(built["sdist"]) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
        top = tar.getnames()[0].split("/", 1)[0]
        pkg_info = tar.extractfile(f"{top}/PKG-INFO")
        assert pkg_info is not None
        metadata = pkg_info.read().decode("utf-8")
    for needed in (
        "pyproject.toml",
        "netdesk/resources/style.qss",
        "netdesk/resources/templates/pitch.txt",
        "tests/integration/test_wheel_install.py",
        "tests/unit/test_packaging.py",
        "packaging/netdesk.spec",
    ):
        assert needed in names, needed
    assert "LICENSE" in names  # MIT: the text travels with the source
    assert "License-Expression: MIT" in metadata


def test_installed_wheel_runs_demo_and_themed_window(installed: Path, tmp_path: Path) -> None:
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    netdesk = str(installed / "bin" / "netdesk")
    python = str(installed / "bin" / "python")

    where = _run(installed, python, "-c", "import netdesk; print(netdesk.__file__)", cwd=cwd)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(installed), where.stdout
    assert not Path(where.stdout.strip()).is_relative_to(ROOT)

    version = _run(installed, netdesk, "--version", cwd=cwd)
    assert version.returncode == 0, version.stderr
    assert __version__ in version.stdout + version.stderr

    data = tmp_path / "data dir"
    demo = _run(installed, netdesk, "--data-dir", str(data), "demo", "--json", cwd=cwd)
    assert demo.returncode == 0, demo.stderr
    counts = json.loads(demo.stdout)
    assert counts["contacts"] > 0 and counts["interviews"] > 0 and counts["followups"] > 0

    window = _run(installed, python, "-c", WINDOW_CHECK, str(data), cwd=cwd)
    assert window.returncode == 0, window.stderr
    assert Path(window.stdout.strip().splitlines()[-1]).is_relative_to(installed)


def test_installed_wheel_puts_itself_in_the_menu(installed: Path, tmp_path: Path) -> None:
    """--install-desktop from the wheel: its files are package data, and the launcher names this
    venv's netdesk (not on PATH here) so the menu entry starts it."""
    cwd = tmp_path / "home"
    cwd.mkdir()
    netdesk = installed / "bin" / "netdesk"
    done = _run(installed, str(netdesk), "--install-desktop", cwd=cwd)
    assert done.returncode == 0, done.stderr
    share = cwd / "data"
    desktop = share / "applications" / "io.github.netdesk.netdesk.desktop"
    assert (share / "metainfo" / "io.github.netdesk.netdesk.metainfo.xml").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / "io.github.netdesk.netdesk.svg").is_file()
    assert f"Exec={netdesk} %F\n" in desktop.read_text(encoding="utf-8")
    removed = _run(installed, str(netdesk), "--uninstall-desktop", cwd=cwd)
    assert removed.returncode == 0 and not desktop.exists(), removed.stderr
