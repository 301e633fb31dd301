"""The layer rules of DESIGN.md, checked by walking every import with ``ast``."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "netdesk"

# layer -> our packages it may import (besides itself)
ALLOWED: dict[str, set[str]] = {
    "domain": set(),
    "normalize": {"domain"},
    "storage": {"domain"},
    "capture": {"domain", "normalize"},
    "interchange": {"domain", "normalize", "capture"},
    # DAV requests and their XML (sync, issue 17): no ORM, no Qt
    "remote": {"domain"},
    "services": {"domain", "normalize", "storage", "capture", "interchange", "remote"},
    "ui": {"domain", "services"},
    "commands": {"domain", "services", "commands", "normalize", "capture", "interchange"},
}
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")
STDLIB_ONLY_THIRD_PARTY_FORBIDDEN = ("sqlalchemy", "alembic", "PySide6", "cv2", "numpy", "phonenumbers")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _layer_of(path: Path) -> str | None:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else None


def violations() -> list[str]:
    problems: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        layer = _layer_of(path)
        where = path.relative_to(PACKAGE.parent)
        for line, module in _imports(path):
            top = module.split(".")[0]
            if top in QT_MODULES and layer != "ui":
                problems.append(f"{where}:{line}: Qt ({module}) outside netdesk/ui")
            if layer == "domain" and top in STDLIB_ONLY_THIRD_PARTY_FORBIDDEN:
                problems.append(f"{where}:{line}: domain must use the standard library only, not {module}")
            if layer == "remote" and top in ("sqlalchemy", *QT_MODULES):
                problems.append(f"{where}:{line}: the network layer holds no ORM and no Qt ({module})")
            if layer == "ui" and (top == "sqlalchemy" or module.startswith("netdesk.storage")):
                problems.append(f"{where}:{line}: the UI must not touch storage or a Session ({module})")
            if top != "netdesk" or layer is None or layer not in ALLOWED:
                continue
            parts = module.split(".")
            if len(parts) < 2:
                continue
            target = parts[1]
            if target != layer and target in ALLOWED and target not in ALLOWED[layer]:
                problems.append(f"{where}:{line}: {layer} must not import {module}")
    return problems


def test_no_layer_violations() -> None:
    assert violations() == []


def test_the_checker_catches_a_violation(tmp_path: Path, monkeypatch: object) -> None:
    fake = tmp_path / "netdesk"
    (fake / "domain").mkdir(parents=True)
    (fake / "ui").mkdir()
    (fake / "domain" / "bad.py").write_text("import sqlalchemy\nfrom PySide6 import QtCore\n")
    (fake / "ui" / "bad.py").write_text("from netdesk.storage.models import ContactRow\n")
    import tests.unit.test_layers as me

    monkeypatch.setattr(me, "PACKAGE", fake)  # type: ignore[attr-defined]
    found = me.violations()
    assert any("Qt (PySide6) outside netdesk/ui" in p for p in found)
    assert any("standard library only" in p for p in found)
    assert any("must not touch storage" in p for p in found)
