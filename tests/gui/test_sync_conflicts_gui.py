"""Sync conflicts in the window (issue 17): "1 sync conflict" in the status bar and the Sync
dialog, resolved side by side per field; the choice is saved here, sent at the next sync, and
the note goes away."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from netdesk.services.contacts import ContactService
from netdesk.services.database import Database
from netdesk.services.duplicates import Choice
from tests.dav_server import RadicaleServer
from tests.sync.conftest import sync
from tests.sync.test_sync_conflicts import make_conflict


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RadicaleServer]:
    srv = RadicaleServer(tmp_path / "radicale").start()
    yield srv
    srv.stop()


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


def _conflict_in_window(qtbot: Any, window: Any, db: Database, server: RadicaleServer) -> Any:
    person = make_conflict(db, server)  # a sync in this process: the bridge hears its commit
    window.changes.flush()
    button = window.sync.conflicts_button
    qtbot.waitUntil(button.isVisible, timeout=5_000)
    assert button.text() == "1 sync conflict"
    return person


def test_a_conflict_is_resolved_side_by_side_and_sent_next_time(
    qtbot: Any, main_window: Any, db: Database, server: RadicaleServer
) -> None:
    from netdesk.ui.sync_conflicts import SyncConflictDialog

    person = _conflict_in_window(qtbot, main_window, db, server)
    main_window.sync.conflicts_button.click()
    dialog = main_window.findChild(SyncConflictDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.heading.text() == person.name
    assert set(dialog.groups) == {"title", "notes"}  # only the fields that differ
    labels = [b.text() for b in dialog.groups["title"].buttons()]
    assert labels == ["Title here", "Title there"]
    assert dialog.choices() == {"title": Choice.KEEP, "notes": Choice.KEEP}
    dialog.choose("title", Choice.OTHER)
    with qtbot.waitSignal(dialog.resolved, timeout=5_000):
        dialog.save_button.click()
    assert not dialog.isVisible()
    assert ContactService(db).get(person.id).draft.title == "Title there"
    QApplication.processEvents()
    assert not main_window.sync.conflicts_button.isVisible()
    assert "the next sync sends them" in main_window.statusBar().currentMessage()
    result = sync(db, server)
    assert result.contacts.pushed == 1 and result.contacts.conflicts == 0


def test_the_sync_dialog_names_conflicts_and_keeping_this_computers_values_clears_them(
    qtbot: Any, main_window: Any, db: Database, server: RadicaleServer
) -> None:
    from netdesk.ui.sync_conflicts import SyncConflictDialog

    person = _conflict_in_window(qtbot, main_window, db, server)
    sync_dialog = main_window.sync.open_dialog()
    assert sync_dialog.conflicts_label.isVisible()
    assert sync_dialog.conflicts_label.text().startswith("1 contact was changed here and on the server")
    sync_dialog.resolve_button.click()
    dialog = main_window.findChild(SyncConflictDialog)
    assert dialog is not None
    dialog.keep_button.click()
    QApplication.processEvents()
    assert not sync_dialog.conflicts_label.isVisible() and not main_window.sync.conflicts_button.isVisible()
    assert ContactService(db).get(person.id).version == person.version
