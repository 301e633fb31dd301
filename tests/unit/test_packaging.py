"""Packaging metadata agrees with the project: the launcher runs the installed command, the
AppStream file names the launcher, and the spec ships what the app reads at run time."""

from __future__ import annotations

import configparser
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def test_desktop_entry_runs_the_gui_script() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(PACKAGING / "netdesk.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["gui-scripts"]
    assert section["Exec"].split()[0] in scripts
    assert section["Type"] == "Application"
    assert (PACKAGING / f"{section['Icon']}.svg").exists()


def test_metainfo_names_the_desktop_file_and_version() -> None:
    tree = ET.parse(PACKAGING / "io.github.netdesk.netdesk.metainfo.xml")
    root = tree.getroot()
    assert root.findtext("id") == "io.github.netdesk.netdesk"
    assert root.findtext("launchable") == "netdesk.desktop"
    from netdesk import __version__

    assert __version__ in [r.get("version") for r in root.iter("release")]


def test_spec_bundles_resources_migrations_and_ocr_models() -> None:
    spec = (PACKAGING / "netdesk.spec").read_text(encoding="utf-8")
    for needed in ('"resources"', '"migrations"', 'collect_data_files("rapidocr")'):
        assert needed in spec
