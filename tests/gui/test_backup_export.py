"""File › Back up now / Restore… (confirmed, then ``restored``) and File › Export (atomic write)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from netdesk.domain.models import ContactDraft, Email
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database
from netdesk.services.exchange import ExportFormat
from netdesk.ui.backup_actions import BackupActions
from netdesk.ui.export_dialog import ExportDialog

# QMessageBox on the offscreen platform: a plugin limitation, not a problem of ours.
pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints")


def test_back_up_then_restore_after_confirmation(qtbot: Any, db: Database) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    contacts = ContactService(db)
    contacts.create(ContactDraft(display_name="Ada Lovelace"))
    actions = BackupActions(db, window)
    with qtbot.waitSignal(actions.status_message):
        actions.back_up_action.trigger()
    contacts.create(ContactDraft(display_name="Grace Hopper"))

    dialog = actions.open_restore()
    assert dialog.list.count() == 1 and "Made by you" in dialog.list.item(0).text()
    box = dialog.confirm()
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert contacts.count() == 2  # cancelled: nothing changed

    box = dialog.confirm()
    assert box is not None
    restore = next(b for b in box.buttons() if b.text() == "Restore")
    with qtbot.waitSignal(actions.restored):
        restore.click()
    assert [c.name for c in contacts.list()] == ["Ada Lovelace"]


def test_restore_refuses_a_file_that_is_not_a_backup(qtbot: Any, db: Database, tmp_path: Path) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    actions = BackupActions(db, window)
    dialog = actions.open_restore()
    bogus = tmp_path / "notes.sqlite3"
    bogus.write_text("hello", encoding="utf-8")
    assert dialog.restore(bogus) is None
    assert "cannot be restored because it is not a SQLite database" in dialog.error_label.text()
    dialog.reject()


def test_export_search_to_csv_and_vcard(qtbot: Any, db: Database, tmp_path: Path) -> None:
    contacts = ContactService(db)
    contacts.create(
        ContactDraft(display_name="José Núñez", organization="Globex", emails=(Email("jose@globex.com"),))
    )
    contacts.create(ContactDraft(display_name="Grace Hopper", organization="Navy"))
    out = tmp_path / "out"
    out.mkdir()
    dialog = ExportDialog(db, None, search="globex", folder=out)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.count_label.text() == "1 contact will be exported."
    dialog.set_format(ExportFormat.CSV)
    assert dialog.path_edit.text() == str(out / "netdesk-contacts.csv")
    with qtbot.waitSignal(dialog.exported, timeout=10_000) as exported:
        dialog.export_button.click()
    assert exported.args == [str(out / "netdesk-contacts.csv"), 1]
    text = (out / "netdesk-contacts.csv").read_text(encoding="utf-8-sig")
    assert "José" in text and "Grace" not in text

    dialog = ExportDialog(db, None, folder=out)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.count_label.text() == "2 contacts will be exported."
    with qtbot.waitSignal(dialog.exported, timeout=10_000):
        dialog.export_button.click()
    cards = (out / "netdesk-contacts.vcf").read_text(encoding="utf-8")
    assert cards.count("BEGIN:VCARD") == 2
    assert sorted(
        p.name for p in out.iterdir()
    )  # no temporary file left behind == ["netdesk-contacts.csv", "netdesk-contacts.vcf"]


def test_export_into_a_missing_folder_says_so(qtbot: Any, db: Database, tmp_path: Path) -> None:
    ContactService(db).create(ContactDraft(display_name="Ada"))
    dialog = ExportDialog(db, None, folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.path_edit.setText(str(tmp_path / "nope" / "x.vcf"))
    dialog.export_button.click()
    assert "does not exist" in dialog.error_label.text()
    dialog.reject()
