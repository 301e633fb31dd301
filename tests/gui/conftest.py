"""GUI fixtures: the real main window over a fresh database, themed as users see it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def settings(tmp_path: Path) -> Any:
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def main_window(qtbot: Any, qapp: Any, db: Any, settings: Any) -> Iterator[Any]:
    from netdesk.ui.main_window import MainWindow
    from netdesk.ui.theme import apply_theme

    apply_theme(qapp)
    window = MainWindow(db, settings)
    qtbot.addWidget(window, before_close_func=discard_unsaved_work)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window
    from PySide6.QtCore import QThreadPool

    for pool in window.findChildren(QThreadPool):  # as ui/application.py does when the window closes
        pool.waitForDone(10_000)


def discard_unsaved_work(window: Any) -> None:
    """Text a test left typed is dropped before pytest-qt closes the window: no question then."""
    from netdesk.ui.unsaved import unsaved_work

    for index in range(window.pages.count()):
        work = unsaved_work(window.pages.widget(index))
        if work is not None and work.has_unsaved_changes():
            work.discard_unsaved()


def type_text(widget: Any, text: str) -> None:
    """Type like a keyboard, including characters QTest.keyClicks cannot (é, ñ, ü)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def start_window(script: str, *args: str) -> tuple[subprocess.CompletedProcess[str], list[dict[str, Any]]]:
    """Run ``script`` (which starts the app with ``run_gui``) in a fresh offscreen process, as a
    start does; with the JSON lines it printed."""
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        cwd=root,
        timeout=120,
    )
    return done, [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
