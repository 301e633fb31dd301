"""The look: Fusion style (identical on every desktop) plus the app's stylesheet."""

from __future__ import annotations

import atexit
import re
from contextlib import ExitStack
from importlib.resources import as_file, files
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

# Files Qt reads by path stay on disk until the app exits (extracted only when the package is not
# a plain folder, e.g. zipped).
_on_disk = ExitStack()
atexit.register(_on_disk.close)
_paths: dict[str, Path] = {}
_URL = re.compile(r"url\(@RESOURCES@/([^)]+)\)")


def resource_path(name: str) -> Path:
    """A real file path for ``name`` (e.g. ``icons/netdesk.svg``) in the package's resources."""
    if name not in _paths:
        node = files("netdesk.resources").joinpath(*name.split("/"))
        _paths[name] = _on_disk.enter_context(as_file(node))
    return _paths[name]


def style_sheet() -> str:
    """The app's stylesheet with each ``url(@RESOURCES@/...)`` pointing at the file on disk."""
    text = files("netdesk.resources").joinpath("style.qss").read_text(encoding="utf-8")
    return _URL.sub(lambda m: f'url("{resource_path(m.group(1)).as_posix()}")', text)


def apply_theme(app: QApplication) -> None:
    from netdesk.ui import wheel_guard

    wheel_guard.install(app, "Fusion")  # Fusion; the wheel scrolls forms, not closed combo boxes
    app.setStyleSheet(style_sheet())
    app.setWindowIcon(QIcon(str(resource_path("icons/netdesk.svg"))))
