"""The Contacts panel as a person uses it: type into the form, save, search, delete, undo."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from netdesk.services.contacts import ContactService
from netdesk.services.demo import load_demo
from netdesk.ui.contact_table_model import ContactTableModel
from tests.gui.conftest import type_text


def _names(panel: Any) -> list[str]:
    model = panel.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_empty_database_says_what_to_do(main_window: Any) -> None:
    panel = main_window.contacts_panel
    assert panel.list_stack.currentWidget() is panel.empty
    assert "starts here" in panel.empty_title.text()
    assert panel.empty_sample.isVisible()


def test_create_find_delete_and_undo(main_window: Any, qtbot: Any, db: Any) -> None:
    panel = main_window.contacts_panel
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = panel.editor
    type_text(editor.display_name, "José Núñez")
    qtbot.keyClicks(editor.organization, "Harbor Music Studio")
    editor.emails.add_button.click()
    qtbot.keyClicks(editor.emails.line_edit(0), "jnunez@harbormusic.net")
    editor.phones.add_button.click()
    qtbot.keyClicks(editor.phones.line_edit(0), "508 555 0142")
    qtbot.keyClicks(editor.tags, "music, fair")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    stored = ContactService(db).search_full()
    assert [c.name for c in stored] == ["José Núñez"]
    assert stored[0].draft.phones[0].e164 == "+15085550142"
    assert stored[0].draft.tags == ("music", "fair")
    assert _names(panel) == ["José Núñez"]

    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert panel.search.hasFocus()
    qtbot.keyClicks(panel.search, "jose nunez")
    qtbot.waitUntil(lambda: panel.count_label.text() == "1 of 1")
    assert _names(panel) == ["José Núñez"]
    panel.search.clear()
    qtbot.keyClicks(panel.search, "smith")
    qtbot.waitUntil(lambda: panel.list_stack.currentWidget() is panel.empty)
    assert "smith" in panel.empty_text.text()
    panel.search.clear()
    qtbot.waitUntil(lambda: _names(panel) == ["José Núñez"])

    contact_id = stored[0].id
    panel.delete_contact(contact_id, confirm=False)
    assert ContactService(db).list() == []
    assert _names(panel) == []
    qtbot.keyClick(main_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    restored = ContactService(db).search_full()
    assert [c.name for c in restored] == ["José Núñez"]
    assert restored[0].draft.emails == stored[0].draft.emails
    assert _names(panel) == ["José Núñez"]


def test_invalid_fields_are_marked_and_nothing_is_saved(main_window: Any, qtbot: Any, db: Any) -> None:
    panel = main_window.contacts_panel
    main_window.new_contact()
    editor = panel.editor
    qtbot.keyClicks(editor.display_name, "Ada")
    editor.emails.add_button.click()
    qtbot.keyClicks(editor.emails.line_edit(0), "ada@")
    editor.phones.add_button.click()
    qtbot.keyClicks(editor.phones.line_edit(0), "12")
    assert editor.save() is False
    assert ContactService(db).list() == []
    messages = [row.message.text() for row in editor.emails._rows + editor.phones._rows]
    assert "“ada@” is not a valid e-mail address" in messages[0]
    assert "not a possible phone number" in messages[1]
    assert "Fix the marked fields" in editor.status.text()
    editor.revert()
    assert not editor.is_dirty()


def test_delete_asks_first(main_window: Any, qtbot: Any, db: Any, monkeypatch: Any) -> None:
    load_demo(db)
    panel = main_window.contacts_panel
    panel.refresh()
    panel.table.selectRow(0)
    before = len(ContactService(db).list())
    opened: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "open", lambda self: opened.append(self))
    panel.editor.delete_button.click()
    assert len(opened) == 1 and "Delete" in opened[0].text()
    assert len(ContactService(db).list()) == before  # nothing happens until the user confirms


def test_interaction_log_newest_first(main_window: Any, qtbot: Any, db: Any) -> None:
    load_demo(db)
    panel = main_window.contacts_panel
    panel.refresh()
    panel.search.setText("helen park")
    panel.refresh()
    panel.table.selectRow(0)
    assert panel.editor.heading.text() == "Dr. Helen Park"
    log = panel.log
    count = log.list.count()
    assert count >= 2
    qtbot.keyClicks(log.summary, "Asked about the summer position")
    log.add_button.click()
    assert log.list.count() == count + 1
    assert "Asked about the summer position" in log.list.item(0).text()


def test_table_model_passes_the_model_tester(qtmodeltester: Any, db: Any) -> None:
    load_demo(db)
    model = ContactTableModel()
    model.set_rows(ContactService(db).list())
    qtmodeltester.check(model)


def test_navigation_shortcuts_and_geometry_are_remembered(
    main_window: Any, qtbot: Any, settings: Any, db: Any
) -> None:
    for key, page in (
        (Qt.Key.Key_2, main_window.events_panel),
        (Qt.Key.Key_3, main_window.followups_panel),
        (Qt.Key.Key_1, main_window.contacts_panel),
    ):
        qtbot.keyClick(main_window, key, Qt.KeyboardModifier.ControlModifier)
        assert main_window.pages.currentWidget() is page
    main_window.resize(790, 580)
    main_window.show_page(1)
    main_window.close()
    from netdesk.ui.main_window import MainWindow

    again = MainWindow(db, settings)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (790, 580)
    assert again.pages.currentIndex() == 1


def test_sample_data_from_the_empty_state(main_window: Any, qtbot: Any) -> None:
    panel = main_window.contacts_panel
    panel.empty_sample.click()
    qtbot.waitUntil(lambda: panel.model.rowCount() >= 30)  # the list is read again in a worker
    assert panel.list_stack.currentWidget() is panel.table
    assert "Loaded" in main_window.statusBar().currentMessage()


def test_keep_in_touch_cadence_is_saved_per_contact(main_window: Any, qtbot: Any, db: Any) -> None:
    from netdesk.domain.followups import UNSET
    from netdesk.services.followups import FollowUpService

    load_demo(db)
    panel = main_window.contacts_panel
    panel.refresh()
    panel.table.selectRow(0)
    editor = panel.editor
    contact_id = editor.contact_id()
    assert contact_id is not None
    assert editor.cadence.currentData() == "circle"
    editor.cadence.setCurrentIndex(editor.cadence.findData("30"))
    assert editor.is_dirty()
    assert editor.save()
    assert FollowUpService(db).cadence(contact_id) == 30
    editor.cadence.setCurrentIndex(editor.cadence.findData("never"))
    assert editor.save()
    assert FollowUpService(db).cadence(contact_id) is None
    editor.cadence.setCurrentIndex(editor.cadence.findData("circle"))
    assert editor.save()
    assert FollowUpService(db).cadence(contact_id) is UNSET


def test_a_scanned_card_photo_is_shown_with_the_contact(main_window: Any, db: Any, corpus: Any) -> None:
    from netdesk.domain.models import EventDraft
    from netdesk.services.card_scanning import scan_photo
    from netdesk.services.event_capture import EventCaptureService
    from netdesk.services.events import EventService

    event = EventService(db).create(EventDraft(name="Fall Career Fair"))
    (card,) = scan_photo(corpus / "cards" / "qr_nominal_00.jpg").cards
    outcome = EventCaptureService(db).add(event.id, card.draft, card=card)
    panel = main_window.contacts_panel
    panel.refresh()
    panel.show_contact(outcome.contact_id)
    editor = panel.editor
    assert editor.heading.text() == "Hannah Müller"
    assert editor.card_image.isVisible()
    pixmap = editor.card_image.pixmap()
    assert not pixmap.isNull() and pixmap.width() <= 260 and pixmap.height() <= 160
    main_window.new_contact()
    assert not editor.card_image.isVisible()


def test_the_list_needs_no_horizontal_scroll_bar_at_1280x720(main_window: Any, qtbot: Any, db: Any) -> None:
    """Every column header is seen whole beside the details pane; long cells end with "…"."""
    load_demo(db)
    main_window.resize(1280, 720)
    panel = main_window.contacts_panel
    panel.refresh()
    qtbot.waitUntil(lambda: panel.model.rowCount() >= 30)
    qtbot.wait(50)
    table = panel.table
    assert table.horizontalScrollBar().maximum() == 0
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    for column in range(header.count()):
        text = str(panel.model.headerData(column, Qt.Orientation.Horizontal))
        assert header.sectionSize(column) >= metrics.horizontalAdvance(text) + 16, text
