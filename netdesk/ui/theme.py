"""The look: Fusion style (identical on every desktop) plus the app's stylesheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def resource_path(name: str) -> Path:
    """A file in resources/: next to the package in a checkout, bundled beside it when packaged."""
    for base in (RESOURCES, Path(__file__).resolve().parents[1] / "resources"):
        candidate = base / name
        if candidate.exists():
            return candidate
    return RESOURCES / name


def apply_theme(app: QApplication) -> None:
    from netdesk.ui import wheel_guard

    app.setStyle("Fusion")
    wheel_guard.install(app)  # the wheel scrolls forms, it does not change closed combo boxes
    qss = resource_path("style.qss")
    if qss.exists():
        root = qss.parent.as_posix()
        app.setStyleSheet(qss.read_text(encoding="utf-8").replace("@RESOURCES@", root))
    icon = resource_path("icons/netdesk.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
