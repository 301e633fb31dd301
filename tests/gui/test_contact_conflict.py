"""The editor does not save its stale copy over a change made elsewhere: the conflict dialog shows
what changed and each answer does what it says."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from netdesk.domain.models import Contact, ContactDraft, Email
from netdesk.services.contacts import ContactService
from netdesk.services.database import open_database
from netdesk.ui.conflict_dialog import ConflictDialog

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ADA = ContactDraft(
    display_name="Ada Lovelace",
    organization="Analytical Engines",
    emails=(Email("ada@a.org"),),
    notes="Met at the fair",
)


def _change_elsewhere(folder: Path, contact_id: int, **changes: Any) -> Contact:
    """Save through a second, independent open of the same data folder (like the command line)."""
    other = open_database(folder)
    try:
        service = ContactService(other)
        current = service.get(contact_id)
        return service.update(contact_id, replace(current.draft, **changes))
    finally:
        other.close()


def _open(main_window: Any, db: Any, qtbot: Any) -> tuple[Any, Contact]:
    ada = ContactService(db).create(ADA)
    panel = main_window.contacts_panel
    panel.refresh()
    panel.show_contact(ada.id)
    editor = panel.editor
    assert editor.contact_id() == ada.id
    qtbot.keyClicks(editor.title, "Countess")
    assert editor.is_dirty()
    return editor, ada


def _save_into_conflict(editor: Any, qtbot: Any) -> ConflictDialog:
    assert editor.save() is False
    dialog = editor.conflict_dialog
    assert isinstance(dialog, ConflictDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_the_dialog_lists_what_changed_meanwhile_as_plain_text(main_window: Any, db: Any, qtbot: Any) -> None:
    editor, ada = _open(main_window, db, qtbot)
    _change_elsewhere(
        db.folder, ada.id, organization="<b>Babbage</b> & Co", notes="Met at the fair\nCall in May"
    )
    dialog = _save_into_conflict(editor, qtbot)

    rows = [(c.label, c.theirs, c.yours) for c in dialog.changes]
    assert rows == [
        ("Organisation", "<b>Babbage</b> & Co", "Analytical Engines"),
        ("Notes", "Met at the fair\nCall in May", "Met at the fair"),
    ]  # the title is only changed in the form: not in conflict, not listed
    shown = [label.text() for pair in dialog.value_labels for label in pair]
    assert "<b>Babbage</b> & Co" in shown
    for label in dialog.findChildren(QLabel):
        if label.text() and label.objectName() != "pageTitle":
            assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    assert dialog.cancel_button.isDefault()
    assert "changed elsewhere" in editor.status.text()
    assert ContactService(db).get(ada.id).draft.title == ""  # nothing saved yet

    assert main_window.close() is False  # quitting waits for the answer instead of asking twice
    assert editor.asking_about_conflict()
    editor.conflict_dialog.reject()
    editor.revert()


def test_keep_my_changes_saves_the_form_over_the_new_version(main_window: Any, db: Any, qtbot: Any) -> None:
    editor, ada = _open(main_window, db, qtbot)
    _change_elsewhere(db.folder, ada.id, organization="Babbage & Co")
    dialog = _save_into_conflict(editor, qtbot)
    with qtbot.waitSignal(editor.contact_saved) as saved:
        dialog.mine_button.click()
    assert saved.args == [ada.id, False]
    stored = ContactService(db).get(ada.id)
    assert (stored.draft.organization, stored.draft.title, stored.version) == (
        "Analytical Engines",
        "Countess",
        3,
    )
    assert not editor.is_dirty()
    assert editor.save() is True  # the editor now holds version 3: no second conflict
    assert editor.conflict_dialog is dialog and not dialog.isVisible()


def test_take_theirs_shows_the_stored_contact_and_saves_nothing(
    main_window: Any, db: Any, qtbot: Any
) -> None:
    editor, ada = _open(main_window, db, qtbot)
    # A separate process, as the command line or a second window would be.
    script = (
        "import sys\n"
        "from dataclasses import replace\n"
        "from netdesk.services.contacts import ContactService\n"
        "from netdesk.services.database import open_database\n"
        "db = open_database(sys.argv[1])\n"
        "service = ContactService(db)\n"
        "c = service.get(int(sys.argv[2]))\n"
        "service.update(c.id, replace(c.draft, organization='Babbage & Co'))\n"
        "db.close()\n"
    )
    subprocess.run(
        [sys.executable, "-c", script, str(db.folder), str(ada.id)], cwd=PROJECT_ROOT, check=True, timeout=60
    )
    dialog = _save_into_conflict(editor, qtbot)
    dialog.theirs_button.click()
    assert not dialog.isVisible()
    assert editor.organization.text() == "Babbage & Co"
    assert editor.title.text() == ""
    assert not editor.is_dirty()
    stored = ContactService(db).get(ada.id)
    assert (stored.draft.organization, stored.draft.title, stored.version) == ("Babbage & Co", "", 2)
    names = [main_window.contacts_panel.model.index(r, 1).data() for r in range(1)]
    assert names == ["Babbage & Co"]  # the list shows it too


def test_keep_editing_saves_nothing_and_asks_again(main_window: Any, db: Any, qtbot: Any) -> None:
    editor, ada = _open(main_window, db, qtbot)
    _change_elsewhere(db.folder, ada.id, organization="Babbage & Co")
    dialog = _save_into_conflict(editor, qtbot)
    dialog.cancel_button.click()
    assert not dialog.isVisible()
    assert editor.is_dirty() and editor.title.text() == "Countess"
    assert "Save again" in editor.status.text()
    stored = ContactService(db).get(ada.id)
    assert (stored.draft.organization, stored.draft.title, stored.version) == ("Babbage & Co", "", 2)
    again = _save_into_conflict(editor, qtbot)
    assert again is not dialog
    again.reject()
    editor.revert()


def test_a_save_elsewhere_that_changed_nothing_shown_does_not_ask(
    main_window: Any, db: Any, qtbot: Any
) -> None:
    editor, ada = _open(main_window, db, qtbot)
    _change_elsewhere(db.folder, ada.id)  # same values saved again: only the counter moved
    assert editor.save() is True
    assert editor.conflict_dialog is None
    stored = ContactService(db).get(ada.id)
    assert (stored.draft.title, stored.version) == ("Countess", 3)


@pytest.mark.parametrize("menu", ["30", "never"])
def test_an_untouched_cadence_does_not_overwrite_one_set_elsewhere(
    main_window: Any, db: Any, qtbot: Any, menu: str
) -> None:
    from netdesk.services.followups import FollowUpService

    editor, ada = _open(main_window, db, qtbot)
    FollowUpService(db).set_cadence(ada.id, 90)  # e.g. by the follow-ups panel meanwhile
    assert editor.save() is True
    assert FollowUpService(db).cadence(ada.id) == 90
    editor.cadence.setCurrentIndex(editor.cadence.findData(menu))
    assert editor.save() is True
    assert FollowUpService(db).cadence(ada.id) == (30 if menu == "30" else None)
