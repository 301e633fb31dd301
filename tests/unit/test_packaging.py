"""Packaging metadata agrees with the project: the launcher runs the installed command, the
AppStream file names the launcher, and the spec ships what the app reads at run time."""

from __future__ import annotations

import configparser
import re
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
DESKTOP = ROOT / "netdesk" / "resources" / "desktop"


def test_desktop_entry_runs_the_gui_script() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(DESKTOP / "io.github.netdesk.netdesk.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["gui-scripts"]
    assert section["Exec"] == "netdesk %F" and "netdesk" in scripts
    assert section["Type"] == "Application"
    assert section["Icon"] == "io.github.netdesk.netdesk"  # installed from resources/icons/netdesk.svg


def test_metainfo_names_the_desktop_file_and_version() -> None:
    """The file names follow the AppStream id; the launchable is the installed desktop file."""
    tree = ET.parse(DESKTOP / "io.github.netdesk.netdesk.metainfo.xml")
    root = tree.getroot()
    assert root.findtext("id") == "io.github.netdesk.netdesk"
    assert root.findtext("launchable") == "io.github.netdesk.netdesk.desktop"
    from netdesk import __version__

    assert __version__ in [r.get("version") for r in root.iter("release")]


def test_desktop_files_live_once_in_the_package() -> None:
    for name in (
        "netdesk.desktop",
        "io.github.netdesk.netdesk.metainfo.xml",
        "io.github.netdesk.netdesk.svg",
    ):
        assert not (PACKAGING / name).exists(), f"packaging/{name} duplicates netdesk/resources/desktop/"


def test_spec_bundles_resources_migrations_and_ocr_models() -> None:
    spec = (PACKAGING / "netdesk.spec").read_text(encoding="utf-8")
    for needed in ('"netdesk/resources"', '"netdesk/storage/migrations"', 'collect_data_files("rapidocr")'):
        assert needed in spec
    # each folder bundled from the checkout exists there, at the place inside the bundle it is read from
    for source, target in re.findall(r'\(str\(root / ([^)]*)\), "([^"]+)"\)', spec):
        parts = [part.strip().strip('"') for part in source.split("/")]
        assert ROOT.joinpath(*parts).is_dir(), source
        assert "/".join(parts) == target


def test_resources_live_in_the_package_and_are_read_through_importlib() -> None:
    """A wheel carries only the package: no top-level resources/ folder, and no code reaching
    outside netdesk/ for one (tests/integration/test_wheel_install.py checks the installed wheel)."""
    assert not (ROOT / "resources").exists()
    assert (ROOT / "netdesk" / "resources" / "style.qss").is_file()
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["netdesk.resources"]
    shipped = {
        path.relative_to(ROOT / "netdesk" / "resources")
        for path in (ROOT / "netdesk" / "resources").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".py"
    }
    assert shipped and all(any(p.match(glob) for glob in package_data) for p in shipped)
    for source in (ROOT / "netdesk").rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert '/ "resources"' not in text, source


def test_mit_licence_file_is_declared() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n") and "Copyright (c) 2026 the netdesk authors" in text
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert "LICENSE" in (ROOT / "MANIFEST.in").read_text(encoding="utf-8")
