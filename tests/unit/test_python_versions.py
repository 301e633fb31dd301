"""The Pythons netdesk says it supports are the ones it is tested on: pyproject's requires-python
and classifiers, the Makefile's OTHER_PYTHONS (unit tests on each, make py-versions) and the
main environment (the whole suite), and the oldest one is what ruff and mypy check against."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _classified() -> list[str]:
    prefix = "Programming Language :: Python :: 3."
    return [
        c.removeprefix("Programming Language :: Python :: ")
        for c in PYPROJECT["project"]["classifiers"]
        if c.startswith(prefix)
    ]


def _other_pythons() -> list[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^OTHER_PYTHONS\s*:?=\s*(.+)$", makefile, re.MULTILINE)
    assert match, "the Makefile names no OTHER_PYTHONS"
    return match.group(1).split()


def test_classifiers_are_what_requires_python_admits() -> None:
    supported = SpecifierSet(PYPROJECT["project"]["requires-python"])
    classified = _classified()
    assert classified == sorted(classified, key=lambda v: tuple(map(int, v.split("."))))
    assert all(f"{v}.0" in supported for v in classified)
    lowest, highest = (tuple(map(int, v.split("."))) for v in (classified[0], classified[-1]))
    assert f"{lowest[0]}.{lowest[1] - 1}.0" not in supported
    assert f"{highest[0]}.{highest[1] + 1}.0" not in supported  # an untested Python is refused


def test_every_supported_python_is_tested() -> None:
    tested = {*_other_pythons(), "3.11"}
    assert tested == set(_classified())
    assert f"{sys.version_info.major}.{sys.version_info.minor}" in tested


def test_linters_check_against_the_oldest() -> None:
    oldest = _classified()[0]
    assert PYPROJECT["tool"]["ruff"]["target-version"] == "py" + oldest.replace(".", "")
    assert PYPROJECT["tool"]["mypy"]["python_version"] == oldest
