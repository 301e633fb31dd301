"""Edit › Undo after a sync from the window (issue 17): what the server's changes did here is put
back (a backup first), the command leaves the stack (no Redo), and a contact changed since
stops it with a sentence."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from netdesk.services.backup import BackupService
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database
from netdesk.services.demo import load_demo
from tests.dav_server import RadicaleServer
from tests.gui.test_sync_dialog import fill, open_sync, sync_and_wait
from tests.sync.conftest import contact_state
from tests.sync.test_sync_undo import _changes_there


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RadicaleServer]:
    srv = RadicaleServer(tmp_path / "radicale").start()
    yield srv
    srv.stop()


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


def _synced_changes(qtbot: Any, window: Any, db: Database, server: RadicaleServer) -> tuple[Any, str]:
    load_demo(db)
    dialog = open_sync(window)
    fill(dialog, server)
    sync_and_wait(qtbot, dialog)
    assert not window.undo_stack.canUndo()  # a sync that only sent changes nothing here
    before = contact_state(db)
    changed_uid, _deleted = _changes_there(db, server)
    sync_and_wait(qtbot, dialog)
    assert window.undo_stack.canUndo()
    assert window.undo_stack.undoText() == "Sync (2 received, 1 deleted here)"
    assert dialog.result_label.text().endswith("Edit › Undo takes back what it changed here.")
    return before, changed_uid


def test_edit_undo_takes_back_the_last_sync(
    qtbot: Any, main_window: Any, db: Database, server: RadicaleServer
) -> None:
    before, _uid = _synced_changes(qtbot, main_window, db, server)
    main_window.undo_stack.undo()  # Edit › Undo / Ctrl+Z
    assert contact_state(db) == before
    assert "before-undo-sync" in [b.reason for b in BackupService(db).backups()]
    assert not main_window.undo_stack.canUndo() and not main_window.undo_stack.canRedo()
    assert main_window.statusBar().currentMessage().startswith("Sync undone here: removed 1 contact")
    main_window.changes.flush()
    panel = main_window.contacts_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == len(before), timeout=10_000)


def test_a_contact_edited_since_stops_the_undo_with_a_sentence(
    qtbot: Any, main_window: Any, db: Database, server: RadicaleServer
) -> None:
    _before, changed_uid = _synced_changes(qtbot, main_window, db, server)
    contacts = ContactService(db)
    person = next(c for c in contacts.search_full() if c.draft.uid == changed_uid)
    contacts.update(person.id, replace(person.draft, organization="Edited after the sync"))
    state = contact_state(db)
    main_window.undo_stack.undo()
    QApplication.processEvents()
    assert contact_state(db) == state
    message = main_window.statusBar().currentMessage()
    assert f"{person.name} changed again after that sync" in message and "nothing was undone" in message
    assert not main_window.undo_stack.canUndo() and not main_window.undo_stack.canRedo()
