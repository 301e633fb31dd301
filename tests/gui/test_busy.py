"""A save while another program holds the database: a visible, responsive wait, then the save lands.

The holder is a separate plain-sqlite3 process in ``BEGIN IMMEDIATE``. The window's connections
use the short GUI busy timeout, so the save fails fast inside and ``netdesk.ui.busy`` retries it
on a timer while the status bar says so, a wait cursor shows, and the event loop keeps running
(a heartbeat QTimer keeps firing).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netdesk.services.database import Database, open_database
from netdesk.storage.engine import DB_FILENAME

HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("LOCKED", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
conn.close()
"""


@pytest.fixture
def db(data_dir: Path) -> Iterator[Database]:
    from netdesk.ui.busy import GUI_BUSY_TIMEOUT_MS

    database = open_database(data_dir, busy_timeout_ms=GUI_BUSY_TIMEOUT_MS)
    yield database
    database.close()


@pytest.fixture
def hold(data_dir: Path) -> Iterator[Any]:
    started: list[subprocess.Popen[str]] = []

    def start(seconds: float) -> subprocess.Popen[str]:
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(data_dir / DB_FILENAME), str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(holder)
        assert holder.stdout is not None and holder.stdout.readline().strip() == "LOCKED"
        return holder

    yield start
    for holder in started:
        holder.kill()
        holder.wait(timeout=10)


def _watch(window: Any) -> tuple[dict[str, Any], Any]:
    """A heartbeat timer and what the window showed while the save waited."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen: dict[str, Any] = {"beats": 0, "messages": set(), "wait_cursor": False}
    heartbeat = QTimer(window)
    heartbeat.setInterval(50)

    def beat() -> None:
        seen["beats"] += 1
        seen["messages"].add(window.statusBar().currentMessage())
        cursor = QApplication.overrideCursor()
        if cursor is not None and cursor.shape() == cursor.shape().WaitCursor:
            seen["wait_cursor"] = True

    heartbeat.timeout.connect(beat)
    heartbeat.start()
    return seen, heartbeat


def test_a_save_waits_visibly_and_lands_when_the_lock_is_released(
    main_window: Any, db: Database, hold: Any
) -> None:
    from netdesk.services.contacts import ContactService
    from netdesk.ui.busy import BUSY_MESSAGE

    editor = main_window.contacts_panel.editor
    main_window.contacts_panel.new_contact()
    editor.display_name.setText("Ada Lovelace")
    hold(2.0)
    seen, heartbeat = _watch(main_window)
    started = time.monotonic()
    assert editor.save()
    waited = time.monotonic() - started
    heartbeat.stop()
    assert waited > 1.0, "the lock was held: the save had to wait"
    assert BUSY_MESSAGE in seen["messages"]
    assert seen["wait_cursor"]
    assert seen["beats"] >= 10, "the event loop kept running while the save waited"
    assert [c.name for c in ContactService(db).list("")] == ["Ada Lovelace"]
    assert main_window.statusBar().currentMessage() != BUSY_MESSAGE
    assert editor.status.text() == "Saved"


def test_a_lock_that_stays_says_which_program_holds_it(main_window: Any, db: Database, hold: Any) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from netdesk.services.contacts import ContactService
    from netdesk.ui import busy

    busy.install(main_window, db.path, give_up_after=1.0)
    editor = main_window.contacts_panel.editor
    main_window.contacts_panel.new_contact()
    editor.display_name.setText("Ada Lovelace")
    holder = hold(60)
    seen, heartbeat = _watch(main_window)
    assert not editor.save()
    heartbeat.stop()
    assert seen["beats"] >= 5
    assert f"(pid {holder.pid})" in editor.status.text()
    assert "Close that program or wait" in editor.status.text()
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert any(f"(pid {holder.pid})" in b.text() for b in boxes)
    for box in boxes:
        box.close()
    assert QApplication.overrideCursor() is None
    holder.kill()
    holder.wait(timeout=10)
    assert ContactService(db).count() == 0
