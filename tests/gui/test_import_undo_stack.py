"""An import lands on the window's undo stack: Edit › Undo takes it back after the wizard closed,
with a backup first, never offers a Redo it cannot replay, and the wizard's own Undo button goes
through the same command (one truth: the Edit menu never offers an import already undone)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QDialog

from netdesk.services.backup import BackupService
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database
from netdesk.ui.import_dialog import DONE, PREVIEW, ImportDialog

VCARDS = "".join(
    f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nN:{i};Person;;;\r\nEMAIL:p{i}@example.org\r\nEND:VCARD\r\n"
    for i in range(3)
)


def _import(qtbot: Any, window: Any, tmp_path: Path) -> ImportDialog:
    path = tmp_path / "people.vcf"
    path.write_text(VCARDS, encoding="utf-8")
    window.import_contacts([path])
    dialog = window.findChild(ImportDialog)
    assert dialog is not None
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == PREVIEW, timeout=10_000)
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == DONE)
    return dialog


def _reasons(db: Database) -> list[str]:
    return [b.reason for b in BackupService(db).backups()]


def test_edit_undo_takes_back_an_import_after_the_wizard_closed(
    qtbot: Any, main_window: Any, db: Database, tmp_path: Path
) -> None:
    contacts = ContactService(db)
    dialog = _import(qtbot, main_window, tmp_path)
    assert contacts.count() == 3
    stack = main_window.undo_stack
    assert stack.canUndo() and stack.undoText() == "Import 3 contacts"
    assert "Edit › Undo" in dialog.undo_result.text()
    dialog.done(QDialog.DialogCode.Accepted)
    QApplication.processEvents()

    stack.undo()  # Edit › Undo / Ctrl+Z
    assert contacts.count() == 0
    assert "before-undo-import" in _reasons(db)  # undoing cannot be redone: backed up first
    assert not stack.canRedo()  # an undone import is gone for good; no Redo that could not replay it
    assert not stack.canUndo()
    assert "Import undone: removed 3 contacts" in main_window.statusBar().currentMessage()


def test_the_wizards_undo_button_goes_through_the_stack(
    qtbot: Any, main_window: Any, db: Database, tmp_path: Path
) -> None:
    dialog = _import(qtbot, main_window, tmp_path)
    stack = main_window.undo_stack
    with qtbot.waitSignals([dialog.undone, dialog.contacts_changed], timeout=10_000):
        dialog.undo_button.click()
    assert dialog.undo_result.text() == "Import undone: removed 3 contacts, restored 0 contacts."
    assert ContactService(db).count() == 0
    assert not stack.canUndo() and not stack.canRedo()  # the Edit menu offers nothing already undone
    assert not dialog.undo_button.isEnabled()
    dialog.done(QDialog.DialogCode.Accepted)


def test_an_import_undone_elsewhere_is_reported_not_undone_twice(
    qtbot: Any, main_window: Any, db: Database, tmp_path: Path
) -> None:
    from netdesk.services.importer import ImportService

    dialog = _import(qtbot, main_window, tmp_path)
    assert dialog.outcome is not None and dialog.outcome.batch_id is not None
    dialog.done(QDialog.DialogCode.Accepted)
    ImportService(db).undo(dialog.outcome.batch_id)  # e.g. `netdesk import --undo` from a terminal
    stack = main_window.undo_stack
    stack.undo()
    assert "already undone" in main_window.statusBar().currentMessage()
    assert not stack.canUndo() and not stack.canRedo()
