"""The window never opens on an empty network in place of a lost one; damage leads to recovery."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

from netdesk.domain.models import ContactDraft
from netdesk.services.backup import BackupService
from netdesk.services.contacts import ContactService
from netdesk.services.database import open_database


def _network(folder: Path, people: int = 40) -> Path:
    db = open_database(folder)
    service = ContactService(db)
    for i in range(people):
        service.create(ContactDraft(display_name=f"Person {i}", organization="Acme", notes="x" * 400))
    backup = BackupService(db).backup_now("manual")
    db.close()
    return backup


def _damage_contact_pages(db_path: Path) -> None:
    """Overwrite the contact table's pages below its root: the schema and header stay sound."""
    conn = sqlite3.connect(db_path)
    pages = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name='contact' AND pagetype='leaf'")]
    conn.close()
    assert pages
    raw = bytearray(db_path.read_bytes())
    for page in pages:
        raw[(page - 1) * 4096 : page * 4096] = b"\xa5" * 4096
    db_path.write_bytes(bytes(raw))


def _click_when_shown(qapp: Any, button_name: str, seen: list[str]) -> None:
    """Poll for the modal recovery dialog and press one of its buttons (as a user would)."""
    from PySide6.QtCore import QTimer

    from netdesk.ui.recovery_dialog import RecoveryDialog

    def poll() -> None:
        dialog = qapp.activeModalWidget()
        if isinstance(dialog, RecoveryDialog):
            seen.append(dialog.need.kind)
            getattr(dialog, button_name).click()
            return
        QTimer.singleShot(50, poll)

    QTimer.singleShot(50, poll)


@pytest.mark.parametrize("breakage", ["empty", "missing"])
def test_start_with_a_lost_database_offers_the_backup_and_opens_on_it(
    qapp: Any, tmp_path: Path, breakage: str
) -> None:
    from PySide6.QtCore import QTimer

    from netdesk.ui.application import run_gui

    folder = tmp_path / "data"
    backup = _network(folder)
    db_path = folder / "netdesk.sqlite3"
    if breakage == "empty":
        db_path.write_bytes(b"")
    else:
        db_path.unlink()
    seen: list[str] = []
    shown: list[int] = []
    _click_when_shown(qapp, "restore_newest", seen)

    def on_shown(window: Any) -> None:
        shown.append(window.contacts_panel.contacts.count())
        QTimer.singleShot(0, window.close)

    assert run_gui(folder, on_shown=on_shown) == 0
    assert seen == [breakage]
    assert shown == [40]
    assert backup.exists()


def test_quitting_the_recovery_dialog_changes_nothing(qapp: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer

    from netdesk.ui.application import run_gui
    from netdesk.ui.recovery_dialog import RecoveryDialog

    folder = tmp_path / "data"
    _network(folder)
    (folder / "netdesk.sqlite3").write_bytes(b"")
    backups = sorted((folder / "backups").iterdir())

    def poll() -> None:
        dialog = qapp.activeModalWidget()
        if isinstance(dialog, RecoveryDialog):
            dialog.reject()
            return
        QTimer.singleShot(50, poll)

    QTimer.singleShot(50, poll)
    assert run_gui(folder) == 1
    assert (folder / "netdesk.sqlite3").read_bytes() == b""
    assert sorted((folder / "backups").iterdir()) == backups


def test_damage_found_at_start_is_salvaged_from_the_dialog(qapp: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer

    from netdesk.ui.application import run_gui

    folder = tmp_path / "data"
    _network(folder, people=300)
    _damage_contact_pages(folder / "netdesk.sqlite3")
    seen: list[str] = []
    shown: list[int] = []
    _click_when_shown(qapp, "salvage_button", seen)

    def on_shown(window: Any) -> None:
        shown.append(window.contacts_panel.contacts.count())
        QTimer.singleShot(0, window.close)

    assert run_gui(folder, on_shown=on_shown) == 0
    assert seen == ["damaged"]
    assert len(shown) == 1 and shown[0] < 300  # the damaged pages' people are gone from the new file
    assert list(folder.glob("netdesk-damaged-*.sqlite3"))  # … and kept in the old one


def test_a_malformed_error_in_any_slot_leads_to_recovery(qtbot: Any, db: Any) -> None:
    from PySide6.QtCore import QTimer

    from netdesk.ui.db_health import DatabaseHealth

    health = DatabaseHealth(db)
    previous = sys.excepthook
    health.install()
    try:

        def slot() -> None:
            raise sqlite3.DatabaseError("database disk image is malformed")

        with qtbot.waitSignal(health.damage_found, timeout=3000) as blocker:
            QTimer.singleShot(0, slot)
        assert "damaged" in blocker.args[0]
    finally:
        health.uninstall()
    assert sys.excepthook is previous


def test_the_daily_full_check_finds_damage_in_the_background(
    qtbot: Any, tmp_path: Path, settings: Any
) -> None:
    from datetime import date

    from netdesk.ui.db_health import DatabaseHealth

    folder = tmp_path / "data"
    _network(folder, people=300)
    _damage_contact_pages(folder / "netdesk.sqlite3")
    db = open_database(folder)  # no quick_check: as if the damage happened while running
    try:
        health = DatabaseHealth(db)
        with qtbot.waitSignal(health.damage_found, timeout=10000):
            assert health.start_daily_check(settings, today=date(2026, 12, 1))
        assert not health.start_daily_check(settings, today=date(2026, 12, 1))  # once a day
    finally:
        db.close()


def test_the_daily_full_check_is_quiet_on_a_sound_database(qtbot: Any, db: Any, settings: Any) -> None:
    from netdesk.ui.db_health import DatabaseHealth

    health = DatabaseHealth(db)
    reports: list[str] = []
    health.damage_found.connect(reports.append)
    assert health.start_daily_check(settings)
    health.wait(10)
    qtbot.wait(50)
    assert reports == []


def test_a_lock_error_no_guard_caught_is_a_message_not_a_traceback(qtbot: Any, db: Any) -> None:
    from PySide6.QtCore import QTimer

    from netdesk.ui.db_health import DatabaseHealth

    health = DatabaseHealth(db)
    health.install()
    try:

        def slot() -> None:
            raise sqlite3.OperationalError("database is locked")

        with qtbot.waitSignal(health.busy, timeout=3000):
            QTimer.singleShot(0, slot)
    finally:
        health.uninstall()
