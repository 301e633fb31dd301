"""The contact form's "Introduced by" asks the search index as you type, never a list of everyone:
"ramirez" finds Elena Ramírez, the pick is saved, a name that matches nobody is never saved as
"introduced by no one", and a person added elsewhere can be picked at once."""

from __future__ import annotations

from typing import Any

import pytest

from netdesk.domain.models import ContactDraft
from netdesk.services.contacts import ContactService
from tests.gui.conftest import type_text

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support grabbing the keyboard")  # the popup


def _editor_for(main_window: Any, qtbot: Any, contact_id: int) -> Any:
    panel = main_window.contacts_panel
    panel.refresh()
    panel.select_contact(contact_id)
    editor = panel.editor
    qtbot.waitUntil(lambda: editor.contact_id() == contact_id)
    return editor


def test_type_part_of_a_name_pick_it_and_save(main_window: Any, qtbot: Any, db: Any) -> None:
    contacts = ContactService(db)
    elena = contacts.create(ContactDraft(display_name="Elena Ramírez", organization="Globex"))
    sam = contacts.create(ContactDraft(display_name="Sam Ortiz"))
    editor = _editor_for(main_window, qtbot, sam.id)
    picker = editor.introduced_by
    assert picker.contact_id() is None and picker.text() == ""

    assert picker.choices.rowCount() == 0  # nobody listed before anything is typed
    type_text(picker, "ramirez")  # no accent, lower case, family name first
    popup = picker.completer_popup()
    qtbot.waitUntil(lambda: popup is not None and popup.isVisible(), timeout=5000)
    assert popup is not None and popup.model().rowCount() == 1
    assert popup.model().index(0, 0).data() == "Elena Ramírez — Globex"
    picker.pick(elena.id)
    assert editor.is_dirty()
    assert editor.save()
    assert contacts.get(sam.id).draft.introduced_by_id == elena.id

    # reloading the form shows the introducer by name
    editor.set_contact(contacts.get(sam.id))
    assert picker.text() == "Elena Ramírez — Globex" and picker.contact_id() == elena.id


def test_a_name_that_matches_nobody_is_not_saved_as_no_introducer(
    main_window: Any, qtbot: Any, db: Any
) -> None:
    contacts = ContactService(db)
    elena = contacts.create(ContactDraft(display_name="Elena Ramírez"))
    sam = contacts.create(ContactDraft(display_name="Sam Ortiz", introduced_by_id=elena.id))
    editor = _editor_for(main_window, qtbot, sam.id)
    picker = editor.introduced_by
    picker.selectAll()
    type_text(picker, "Someone Unknown")
    assert picker.contact_id() is None
    assert editor.save() is False
    assert "choose a person from the list" in editor.status.text()
    assert contacts.get(sam.id).draft.introduced_by_id == elena.id  # unchanged

    picker.clear()  # clearing the field is how to say "nobody"
    assert editor.save()
    assert contacts.get(sam.id).draft.introduced_by_id is None


def test_someone_added_elsewhere_can_be_picked_at_once(main_window: Any, qtbot: Any, db: Any) -> None:
    contacts = ContactService(db)
    sam = contacts.create(ContactDraft(display_name="Sam Ortiz"))
    editor = _editor_for(main_window, qtbot, sam.id)
    priya = contacts.create(ContactDraft(display_name="Priya Natarajan"))  # e.g. event mode, the CLI
    type_text(editor.introduced_by, "priya")
    qtbot.waitUntil(lambda: editor.introduced_by.choices.label_of(priya.id) is not None, timeout=5000)
    assert editor.introduced_by.choices.rowCount() == 1  # the matches of what was typed, no more
