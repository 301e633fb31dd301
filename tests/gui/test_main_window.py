"""The window's menus reach every tool: import, export, duplicates, backup and restore."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from netdesk.services.demo import load_demo


def _menu_action(window: Any, menu_title: str, text: str) -> Any:
    for menu_action in window.menuBar().actions():
        if menu_action.text().replace("&", "") == menu_title:
            for action in menu_action.menu().actions():
                if action.text().replace("&", "").startswith(text):
                    return action
    raise AssertionError(f"no {menu_title} › {text} action")


@pytest.mark.parametrize(
    ("menu", "text", "dialog_class"),
    [
        ("File", "Import contacts", "ImportDialog"),
        ("File", "Export contacts", "ExportDialog"),
        ("Edit", "Find duplicates", "DuplicatesDialog"),
        ("File", "Restore from a backup", "RestoreDialog"),
    ],
)
def test_menu_opens_the_dialog(
    main_window: Any, qtbot: Any, db: Any, menu: str, text: str, dialog_class: str
) -> None:
    load_demo(db)
    main_window.reload_all()
    _menu_action(main_window, menu, text).trigger()
    dialogs = [w for w in main_window.findChildren(QDialog) if type(w).__name__ == dialog_class]
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    dialogs[0].close()


def test_back_up_now_writes_a_backup(main_window: Any, db: Any) -> None:
    _menu_action(main_window, "File", "Back up now").trigger()
    assert list(db.backup_dir.glob("*.sqlite3"))
    assert "Backed up" in main_window.statusBar().currentMessage()


def test_shortcuts_are_unique(main_window: Any) -> None:
    seen: dict[str, str] = {}
    for menu_action in main_window.menuBar().actions():
        for action in menu_action.menu().actions():
            key = action.shortcut().toString()
            if key:
                assert key not in seen, f"{key} is used by {seen[key]} and {action.text()}"
                seen[key] = action.text()


def test_dropping_contact_files_opens_the_import_with_them(main_window: Any, corpus: Any) -> None:
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtCore import Qt as QtNs
    from PySide6.QtGui import QDropEvent

    vcard = corpus / "vcards" / "ez-vcard" / "John_Doe_IPHONE.vcf"
    mime = QMimeData()
    mime.setUrls(
        [QUrl.fromLocalFile(str(vcard)), QUrl.fromLocalFile(str(corpus / "cards" / "qr_two_00.jpg"))]
    )
    drop = QDropEvent(
        QPoint(400, 300),
        QtNs.DropAction.CopyAction,
        mime,
        QtNs.MouseButton.NoButton,
        QtNs.KeyboardModifier.NoModifier,
    )
    main_window.dropEvent(drop)
    dialogs = [w for w in main_window.findChildren(QDialog) if type(w).__name__ == "ImportDialog"]
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    assert dialogs[0].paths == [vcard]  # the photo is not a contact file
    dialogs[0].close()
