"""The import dialog end to end: files, column mapping, preview with an error line, commit, undo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netdesk.services.contacts import ContactService
from netdesk.services.database import Database
from netdesk.services.importer import Action
from netdesk.ui.import_dialog import DONE, MAPPING, PREVIEW, ImportDialog
from netdesk.ui.import_preview_model import ACTION, DETAILS, LINE, NAME, STATUS

LINKEDIN = (
    'Notes:\n"When exporting your connection data, some emails may be missing."\n\n'
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ada,Lovelace,https://www.linkedin.com/in/ada,,Analytical Engines,Engineer,01 Jan 2024\n"
    "José,Núñez,https://www.linkedin.com/in/jose,,Globex,PM,02 Feb 2024\n"
    "Broken,Row,https://www.linkedin.com/in/broken,,Initech,CEO,03 Mar 2024,extra,cells\n"
    "Grace,Hopper,https://www.linkedin.com/in/grace,,Navy,Admiral,04 Apr 2024\n"
)


def _open(qtbot: Any, db: Database, paths: list[Path]) -> ImportDialog:
    dialog = ImportDialog(db, None, paths)
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


def _rows(dialog: ImportDialog) -> list[dict[str, str]]:
    model = dialog.model
    return [
        {
            "line": model.index(r, LINE).data(),
            "name": model.index(r, NAME).data(),
            "status": model.index(r, STATUS).data(),
            "action": model.index(r, ACTION).data(),
            "details": model.index(r, DETAILS).data(),
        }
        for r in range(model.rowCount())
    ]


def test_preview_counts_error_line_commit_and_undo(
    qtbot: Any, qtmodeltester: Any, db: Database, tmp_path: Path
) -> None:
    contacts = ContactService(db)
    path = tmp_path / "Connections.csv"
    path.write_text(LINKEDIN, encoding="utf-8")
    dialog = _open(qtbot, db, [path])
    assert dialog.file_list.count() == 1 and "LinkedIn" in dialog.file_list.item(0).text()

    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == PREVIEW, timeout=10_000)
    qtmodeltester.check(dialog.model)
    assert dialog.summary_label.text() == "3 new contacts  ·  0 updates  ·  0 duplicates  ·  1 error"
    rows = _rows(dialog)
    assert [(r["line"], r["name"], r["status"]) for r in rows] == [
        ("5", "Ada Lovelace", "New"),
        ("6", "José Núñez", "New"),
        ("7", "", "Error"),
        ("8", "Grace Hopper", "New"),
    ]
    assert "line 7" in rows[2]["details"] and rows[2]["action"] == "Not imported"
    assert dialog.import_button.text() == "&Import 3 contacts"

    # the user skips Grace
    assert dialog.model.set_action(3, Action.SKIP)
    assert not dialog.model.set_action(3, Action.UPDATE)  # no one to update
    assert dialog.import_button.text() == "&Import 2 contacts"

    with qtbot.waitSignal(dialog.imported, timeout=10_000) as imported:
        dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == DONE)
    assert "Added 2 new contacts" in dialog.done_summary.text()
    assert sorted(c.name for c in contacts.list()) == ["Ada Lovelace", "José Núñez"]
    assert dialog.undo_button.isVisible()

    with qtbot.waitSignals([dialog.undone, dialog.contacts_changed], timeout=10_000):
        dialog.undo_button.click()
    assert dialog.undo_result.text() == "Import undone: removed 2 contacts, restored 0 contacts."
    assert contacts.count() == 0
    assert not dialog.undo_button.isEnabled()
    assert imported.args == [dialog.outcome.batch_id if dialog.outcome else None]
    dialog.accept()


def test_duplicate_is_skipped_by_default_and_filter_shows_errors(
    qtbot: Any, db: Database, tmp_path: Path
) -> None:
    from netdesk.domain.models import ContactDraft, Url, UrlKind

    ContactService(db).create(
        ContactDraft(
            display_name="Ada Lovelace", urls=(Url("https://www.linkedin.com/in/ada", UrlKind.LINKEDIN),)
        )
    )
    path = tmp_path / "Connections.csv"
    path.write_text(LINKEDIN, encoding="utf-8")
    dialog = _open(qtbot, db, [path])
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == PREVIEW, timeout=10_000)
    first = _rows(dialog)[0]
    assert (first["status"], first["action"]) == ("Update", "Update existing")
    assert first["details"] == "Matches Ada Lovelace: same LinkedIn profile"
    dialog.filter_box.setCurrentIndex(dialog.filter_box.findData("error"))
    assert dialog.proxy.rowCount() == 1
    assert dialog.proxy.index(0, LINE).data() == "7"
    dialog.reject()


def test_generic_csv_goes_through_column_mapping(qtbot: Any, db: Database, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Wer;Wo;Kontakt\nZoë Müller;Initech;zoe@initech.example\n", encoding="utf-8")
    dialog = _open(qtbot, db, [path])
    dialog.next_button.click()
    assert dialog.pages.currentIndex() == MAPPING
    assert [dialog.mapping_table.item(r, 0).text() for r in range(3)] == ["Wer", "Wo", "Kontakt"]
    assert "Zoë Müller" in dialog.mapping_table.item(0, 1).text()
    for column, target in enumerate(("ignore", "ignore", "ignore")):
        box = dialog.mapping_box(column)
        box.setCurrentIndex(box.findData(target))
    dialog.mapping_next.click()
    assert "at least one column" in dialog.mapping_error.text()
    for column, target in enumerate(("display_name", "organization", "email")):
        box = dialog.mapping_box(column)
        box.setCurrentIndex(box.findData(target))
    dialog.mapping_next.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == PREVIEW, timeout=10_000)
    assert _rows(dialog)[0]["name"] == "Zoë Müller"
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.import_button.click()
    contact = ContactService(db).search_full("zoe")[0]
    assert (contact.draft.organization, contact.draft.emails[0].address) == ("Initech", "zoe@initech.example")
    dialog.accept()


def test_a_file_that_is_not_contacts_is_named(qtbot: Any, db: Database, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    dialog = _open(qtbot, db, [empty, tmp_path / "missing.vcf"])
    assert dialog.file_list.count() == 0
    assert "empty.csv is empty" in dialog.files_error.text()
    assert "missing.vcf" in dialog.files_error.text()
    assert not dialog.next_button.isEnabled()
    dialog.reject()
