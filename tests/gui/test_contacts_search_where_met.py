"""Contacts page search finds people by where they were met and what was talked about, and the
details pane never shows someone the filtered list does not (issue 14)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netdesk.services.contacts import ContactService
from netdesk.services.demo import load_demo


def _names(panel: Any) -> list[str]:
    model = panel.model
    return sorted(model.index(r, 0).data() for r in range(model.rowCount()))


def _listed_ids(panel: Any) -> set[int]:
    return {panel.model.row_at(r).id for r in range(panel.model.rowCount())}


def _assert_details_follow_the_list(panel: Any) -> None:
    shown = panel.editor.contact_id()
    if shown is not None:
        assert shown in _listed_ids(panel), "the details pane shows someone the list leaves out"
        assert panel.detail_stack.currentWidget() is panel.detail_tabs
    if panel.model.rowCount() == 0:
        assert shown is None
        assert panel.detail_stack.currentWidget() is panel.detail_empty
        assert panel.log.list.count() == 0


def _search(panel: Any, qtbot: Any, text: str) -> None:
    """Type ``text`` into the search box as a person does, checking the pane after each refresh."""
    panel.search.clear()
    panel.refresh()
    panel.search.setFocus()
    for ch in text:
        qtbot.keyClicks(panel.search, ch)
        panel.refresh()  # what the search timer does; checked after every keystroke
        _assert_details_follow_the_list(panel)
        assert panel.search.hasFocus(), "typing in the search box must not move the focus"
    assert panel.search.text() == text


def _open(panel: Any, name: str) -> int:
    contact_id = next(c.id for c in panel.contacts.list() if c.name == name)
    panel.show_contact(contact_id)
    assert panel.editor.contact_id() == contact_id
    return contact_id


def test_fall_career_lists_exactly_the_people_met_at_the_fair(main_window: Any, qtbot: Any, db: Any) -> None:
    load_demo(db)
    panel = main_window.contacts_panel
    panel.refresh()
    at_fair = sorted(c.name for c in ContactService(db).list() if c.event_name == "Fall Career Fair")
    assert len(at_fair) == 8
    _open(panel, "Ben Carter")  # not at the fair: must leave the pane once the search hides him
    _search(panel, qtbot, "fall career")
    assert _names(panel) == at_fair
    assert panel.count_label.text().startswith("8 of ")
    assert panel.editor.heading.text() in at_fair
    _search(panel, qtbot, "Career FAIR")
    assert _names(panel) == at_fair


def test_a_talked_about_word_finds_that_person(main_window: Any, qtbot: Any, db: Any) -> None:
    load_demo(db)
    panel = main_window.contacts_panel
    panel.refresh()
    contact_id = _open(panel, "Tom Brennan")
    panel.detail_tabs.setCurrentWidget(panel.log)
    qtbot.keyClicks(panel.log.summary, "Talked about kelp aquaculture permits")
    panel.log.add_button.click()
    _search(panel, qtbot, "kelp aqua")
    assert _names(panel) == ["Tom Brennan"]
    assert panel.editor.contact_id() == contact_id
    # the demo's own "talked about" lines, written when the fair's people were captured
    _search(panel, qtbot, "cell culture")
    assert _names(panel) == ["Zoë Kowalski"]


def test_the_details_pane_never_shows_a_filtered_out_contact(main_window: Any, qtbot: Any, db: Any) -> None:
    load_demo(db)
    panel = main_window.contacts_panel
    panel.refresh()
    ben = _open(panel, "Ben Carter")
    _search(panel, qtbot, "scallop")  # Ben's note: he stays
    assert panel.editor.contact_id() == ben
    _search(panel, qtbot, "networking social")  # Ben is left out: the first listed person shows
    assert panel.editor.contact_id() in _listed_ids(panel)
    assert panel.editor.contact_id() != ben
    _search(panel, qtbot, "qqzx")  # nobody: the pane is empty, and says why
    assert panel.detail_stack.currentWidget() is panel.detail_empty
    assert "No one to show" in panel.detail_empty_title.text()
    panel.search.clear()
    panel.refresh()
    _assert_details_follow_the_list(panel)
    assert panel.model.rowCount() >= 30


def test_unsaved_edits_are_saved_before_the_search_hides_the_person(
    main_window: Any, qtbot: Any, db: Any
) -> None:
    load_demo(db)
    panel = main_window.contacts_panel
    panel.refresh()
    ben = _open(panel, "Ben Carter")
    panel.editor.title.clear()
    qtbot.keyClicks(panel.editor.title, "Shellfish biologist")
    assert panel.editor.is_dirty()
    _search(panel, qtbot, "fall career")
    assert ContactService(db).get(ben).draft.title == "Shellfish biologist"
    assert panel.editor.contact_id() != ben


def test_a_new_contact_the_search_hides_stays_in_view(main_window: Any, qtbot: Any, db: Any) -> None:
    load_demo(db)
    panel = main_window.contacts_panel
    _search(panel, qtbot, "fall career")
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert panel.detail_stack.currentWidget() is panel.detail_tabs
    qtbot.keyClicks(panel.editor.display_name, "Priya Raman")
    assert panel.editor.save()
    assert panel.search.text() == ""
    assert panel.editor.heading.text() == "Priya Raman"
    _assert_details_follow_the_list(panel)
    assert "search was cleared" in main_window.statusBar().currentMessage()


def test_an_empty_network_shows_an_empty_details_pane(main_window: Any) -> None:
    panel = main_window.contacts_panel
    assert panel.detail_stack.currentWidget() is panel.detail_empty
    assert panel.editor.contact_id() is None
    main_window.new_contact()
    assert panel.detail_stack.currentWidget() is panel.detail_tabs
    assert QApplication.focusWidget() is panel.editor.display_name
