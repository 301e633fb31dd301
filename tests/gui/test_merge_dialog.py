"""Side-by-side merge: chosen fields survive, the log moves over, Ctrl+Z brings both back."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from PySide6.QtGui import QUndoStack

from netdesk.domain.models import ContactDraft, Email, InteractionDraft, InteractionKind, Phone
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database
from netdesk.services.duplicates import Choice
from netdesk.ui.duplicates_dialog import DuplicatesDialog
from netdesk.ui.merge_dialog import MergeDialog, undo_notifier

WHEN = datetime(2024, 5, 2, 10, 15, tzinfo=UTC)


def _pair(db: Database) -> tuple[int, int]:
    contacts = ContactService(db)
    keep = contacts.create(
        ContactDraft(
            display_name="José Núñez",
            organization="Globex",
            title="Engineer",
            emails=(Email("jose@globex.com"),),
            notes="Loves sailing.",
        )
    )
    other = contacts.create(
        ContactDraft(
            display_name="Jose Nunez",
            organization="Globex Corporation",
            title="Senior Engineer",
            emails=(Email("jose@globex.com"), Email("jnunez@gmail.com")),
            phones=(Phone("+1 415 555 0101", "+14155550101"),),
        )
    )
    contacts.log_interaction(InteractionDraft(other.id, InteractionKind.COFFEE, WHEN, "Coffee"))
    return keep.id, other.id


def test_merge_keeps_chosen_fields_and_undo_restores(qtbot: Any, main_window: Any, db: Database) -> None:
    keep_id, other_id = _pair(db)
    contacts = ContactService(db)
    before = (contacts.get(keep_id), contacts.get(other_id))
    stack: QUndoStack = main_window.undo_stack
    dialog = MergeDialog(db, keep_id, other_id, stack, main_window)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.merge_button.text() == "&Merge into José Núñez"
    assert "1 interaction" in dialog.hint.text()
    dialog.choose("title", Choice.OTHER)
    dialog.choose("emails", Choice.BOTH)
    dialog.choose("notes", Choice.KEEP)
    assert dialog.choices()["organization"] is Choice.KEEP  # default: the kept contact's value

    with qtbot.waitSignal(dialog.merged) as signal, qtbot.waitSignal(dialog.contacts_changed):
        dialog.merge_button.click()
    assert signal.args == [keep_id, other_id]
    assert not dialog.isVisible()
    merged = contacts.get(keep_id).draft
    assert (merged.display_name, merged.organization, merged.title) == (
        "José Núñez",
        "Globex",
        "Senior Engineer",
    )
    assert [e.address for e in merged.emails] == ["jose@globex.com", "jnunez@gmail.com"]
    assert [p.e164 for p in merged.phones] == ["+14155550101"]
    assert merged.notes == "Loves sailing."
    assert [i.draft.summary for i in contacts.interactions(keep_id)] == ["Coffee"]
    assert contacts.count() == 1
    assert stack.undoText() == "Merge Jose Nunez"

    with qtbot.waitSignal(undo_notifier(stack).contacts_changed):
        stack.undo()
    back = (contacts.get(keep_id), contacts.get(other_id))
    assert [c.version for c in back] == [before[0].version + 2, before[1].version + 1]  # moved on, never back
    assert tuple(replace(c, version=0) for c in back) == tuple(replace(c, version=0) for c in before)
    assert contacts.interactions(keep_id) == []
    assert [i.draft.summary for i in contacts.interactions(other_id)] == ["Coffee"]

    with qtbot.waitSignal(undo_notifier(stack).contacts_changed):
        stack.redo()
    assert contacts.count() == 1
    assert contacts.get(keep_id).draft.title == "Senior Engineer"


def test_swap_keeps_the_other_record(qtbot: Any, db: Database) -> None:
    keep_id, other_id = _pair(db)
    dialog = MergeDialog(db, keep_id, other_id)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.swap()
    assert dialog.merge_button.text() == "&Merge into Jose Nunez"
    with qtbot.waitSignal(dialog.merged) as merged:
        dialog.merge_button.click()
    assert merged.args == [other_id, keep_id]
    survivor = ContactService(db).get(other_id).draft
    assert survivor.notes == "Loves sailing."  # lists and notes are united by default
    assert len(survivor.emails) == 2


def test_duplicates_dialog_lists_pairs_with_reason_and_opens_merge(qtbot: Any, db: Database) -> None:
    _pair(db)
    ContactService(db).create(ContactDraft(display_name="Grace Hopper", organization="Navy"))
    stack = QUndoStack()
    dialog = DuplicatesDialog(db, stack)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    assert [dialog.table.item(0, c).text() for c in range(3)] == [
        "José Núñez — Globex",
        "Jose Nunez — Globex Corporation",
        "same e-mail jose@globex.com",
    ]
    dialog.table.selectRow(0)
    merge = dialog.open_merge()
    assert merge is not None
    with qtbot.waitSignal(dialog.contacts_changed):
        merge.merge_button.click()
    assert dialog.table.rowCount() == 0
    assert dialog.empty_title.isVisibleTo(dialog)
    assert ContactService(db).count() == 2
    stack.undo()
    assert ContactService(db).count() == 3
    dialog.accept()
