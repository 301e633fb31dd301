"""Keys as on any good desktop app (issue 14): Ctrl+Z reaches Edit › Undo from an empty text
field, and Ctrl+E opens the export from every page, wherever the focus is."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QDialog, QLineEdit, QPlainTextEdit

from netdesk.domain.models import ContactDraft
from netdesk.services.contacts import ContactService

CTRL = Qt.KeyboardModifier.ControlModifier


def _undo_text(window: Any) -> str:
    for menu_action in window.menuBar().actions():
        if menu_action.text().replace("&", "") == "Edit":
            return str(menu_action.menu().actions()[0].text())
    raise AssertionError("no Edit menu")


def _deleted(main_window: Any, db: Any, qtbot: Any, name: str = "Jane <b>Doe</b> & Co") -> int:
    contact_id = ContactService(db).create(ContactDraft(display_name=name)).id
    panel = main_window.contacts_panel
    panel.refresh()
    panel.show_contact(contact_id)
    panel.delete_contact(contact_id, confirm=False)
    assert ContactService(db).list() == []
    return contact_id


def _focus(main_window: Any, qtbot: Any, widget: Any) -> None:
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def test_ctrl_z_in_an_empty_search_field_undoes_the_delete(main_window: Any, db: Any, qtbot: Any) -> None:
    _deleted(main_window, db, qtbot)
    assert _undo_text(main_window).replace("&&", "&") == "&Undo Delete Jane <b>Doe</b> & Co"
    search = main_window.contacts_panel.search
    assert search.text() == ""
    _focus(main_window, qtbot, search)
    qtbot.keyClick(search, Qt.Key.Key_Z, CTRL)
    assert [c.name for c in ContactService(db).list()] == ["Jane <b>Doe</b> & Co"]
    qtbot.keyClick(search, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)  # redo: gone again
    assert ContactService(db).list() == []


def test_ctrl_z_in_an_empty_note_box_of_another_page_undoes_the_delete(
    main_window: Any, db: Any, qtbot: Any
) -> None:
    from netdesk.ui.main_window import LEADS

    _deleted(main_window, db, qtbot)
    main_window.show_page(LEADS)
    notes = main_window.leads_panel.notes
    _focus(main_window, qtbot, notes)
    qtbot.keyClick(notes, Qt.Key.Key_Z, CTRL)
    assert len(ContactService(db).list()) == 1


def test_typing_in_the_field_is_undone_first(main_window: Any, db: Any, qtbot: Any) -> None:
    _deleted(main_window, db, qtbot)
    search = main_window.contacts_panel.search
    _focus(main_window, qtbot, search)
    qtbot.keyClicks(search, "ja")
    qtbot.keyClick(search, Qt.Key.Key_Z, CTRL)
    assert search.text() == ""  # the field's own typing went first
    assert ContactService(db).list() == []
    qtbot.waitUntil(lambda: not search.isUndoAvailable())
    qtbot.keyClick(search, Qt.Key.Key_Z, CTRL)
    assert len(ContactService(db).list()) == 1


def test_ctrl_e_opens_the_export_from_every_page_and_is_not_ambiguous(main_window: Any, qtbot: Any) -> None:
    from PySide6.QtGui import QAction, QKeySequence, QShortcut

    export = QKeySequence("Ctrl+E")
    assert len([a for a in main_window.findChildren(QAction) if export in a.shortcuts()]) == 1
    assert not [s for s in main_window.findChildren(QShortcut) if s.key() == export]
    for page in range(main_window.pages.count()):
        main_window.show_page(page)
        shown = main_window.pages.currentWidget()
        focusable = [
            w
            for kind in (QLineEdit, QPlainTextEdit, QAbstractSpinBox)
            for w in shown.findChildren(kind)
            if w.isVisible() and w.isEnabled()
        ]
        for widget in [main_window.nav, *focusable[:2]]:
            _focus(main_window, qtbot, widget)
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_E, CTRL)
            dialogs = [
                d
                for d in main_window.findChildren(QDialog)
                if type(d).__name__ == "ExportDialog" and d.isVisible()
            ]
            assert len(dialogs) == 1, (page, type(widget).__name__)
            dialog = dialogs[0]
            dialog.close()
            qtbot.waitUntil(lambda d=dialog: not d.isVisible())
