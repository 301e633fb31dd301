"""The restore dialog shows what backups cost, checks a chosen file (on a copy) before asking,
and says why a file is refused; the daily backup never fails loudly."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from netdesk.domain.models import ContactDraft
from netdesk.services.backup import BackupError, BackupService
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database
from netdesk.storage.backup_file import backup_name
from netdesk.ui.backup_actions import BackupActions

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints")


def test_the_dialog_shows_total_and_budget_and_marks_a_file_that_fails(qtbot: Any, db: Database) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    ContactService(db).create(ContactDraft(display_name="Ada Lovelace"))
    good = BackupService(db).backup_now()
    fake = db.backup_dir / backup_name("daily", datetime.now(UTC) + timedelta(minutes=1))
    fake.write_bytes(b"not a database at all")
    dialog = BackupActions(db, window).open_restore()
    assert dialog.list.count() == 2
    refused, usable = dialog.list.item(0), dialog.list.item(1)
    assert "cannot be restored" in refused.text() and not refused.flags() & Qt.ItemFlag.ItemIsEnabled
    assert "1 contact" in usable.text()
    assert dialog.selected_path() == good  # the first one that can be restored
    text = dialog.usage_label.text()
    assert text.startswith("2 backups use ") and "of the 500.0 MB set aside for backups" in text
    dialog.reject()


def test_a_chosen_file_with_a_trigger_is_refused_before_any_question(
    qtbot: Any, db: Database, tmp_path: Path
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    contacts = ContactService(db)
    contacts.create(ContactDraft(display_name="Ada Lovelace"))
    hostile = tmp_path / "from a friend.sqlite3"
    shutil.copyfile(BackupService(db).backup_now(), hostile)
    with sqlite3.connect(hostile) as conn:
        conn.execute("CREATE TRIGGER t AFTER INSERT ON interaction BEGIN DELETE FROM contact; END")
    conn.close()
    dialog = BackupActions(db, window).open_restore()
    assert dialog.consider(hostile) is None
    assert dialog.confirm_box is None
    message = dialog.error_label.text()
    assert str(hostile) in message and "trigger named “t”" in message and "Nothing was changed" in message
    assert [p.name for p in db.folder.iterdir() if p.name.startswith(".")] == []  # the copy is gone

    fine = tmp_path / "fine.sqlite3"
    shutil.copyfile(BackupService(db).backup_now(), fine)
    box = dialog.consider(fine)
    assert box is not None and box.isVisible() and dialog.error_label.text() == ""
    box.button(QMessageBox.StandardButton.Cancel).click()
    dialog.reject()
    assert contacts.count() == 1


def test_a_failing_daily_backup_is_a_status_message(
    qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    actions = BackupActions(db, window)

    def full(*_args: object, **_kwargs: object) -> None:
        raise BackupError("there is not enough free space in /nowhere")

    monkeypatch.setattr(actions.service, "backup_now", full)
    with qtbot.waitSignal(actions.daily_done) as done, qtbot.waitSignal(actions.status_message) as shown:
        actions.daily_backup()
    assert done.args[0] is None
    assert "not enough free space" in shown.args[0]
