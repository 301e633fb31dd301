"""The export dialog offers vCard 3.0/4.0 and CSV in Google's or Outlook's columns, and after
writing shows what the format converted or left out instead of closing silently."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from netdesk.domain.models import ContactDraft, Email, Url, UrlKind
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database
from netdesk.services.exchange import ExportFormat
from netdesk.ui.export_dialog import ExportDialog


def _people(db: Database) -> None:
    contacts = ContactService(db)
    contacts.create(
        ContactDraft(
            display_name="Dr. José Núñez",
            given_name="José",
            family_name="Núñez",
            name_prefix="Dr.",
            birthday="--02-03",
            emails=tuple(Email(f"jose{n}@globex.com") for n in range(4)),
            urls=(Url("https://globex.com/", UrlKind.WEBSITE), Url("https://jose.example/", UrlKind.WEBSITE)),
        )
    )
    contacts.create(ContactDraft(display_name="Grace Hopper", given_name="Grace", family_name="Hopper"))


def test_outlook_csv_lists_what_its_columns_cannot_hold(qtbot: Any, db: Database, tmp_path: Path) -> None:
    _people(db)
    dialog = ExportDialog(db, None, folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.resize(720, 520)
    dialog.open()
    labels = [b.text() for b in dialog.format_group.buttons()]
    assert any("vCard 3.0" in t for t in labels) and any("vCard 4.0" in t for t in labels)
    assert any("Google" in t for t in labels) and any("Outlook" in t for t in labels)
    dialog.set_format(ExportFormat.CSV_OUTLOOK)
    assert dialog.path_edit.text() == str(tmp_path / "netdesk-contacts.csv")
    with qtbot.waitSignal(dialog.exported, timeout=10_000) as exported:
        dialog.export_button.click()
    assert exported.args == [str(tmp_path / "netdesk-contacts.csv"), 2]
    qtbot.waitUntil(dialog.notes_label.isVisible)
    notes = dialog.notes_label.text()
    assert "e-mails after the third left out" in notes and "date without a year left out" in notes
    assert "globex" not in notes  # kinds and counts, never values
    assert dialog.isVisible() and dialog.close_button.isVisible() and not dialog.export_button.isVisible()
    header = (tmp_path / "netdesk-contacts.csv").read_text("utf-8-sig").splitlines()[0]
    assert header.startswith("Title,First Name")
    if os.environ.get("NETDESK_SCREENSHOT"):
        dialog.grab().save(os.environ["NETDESK_SCREENSHOT"])
    dialog.close_button.click()
    assert not dialog.isVisible()


def test_vcard_without_notes_closes_as_before(qtbot: Any, db: Database, tmp_path: Path) -> None:
    ContactService(db).create(
        ContactDraft(display_name="Ada Lovelace", given_name="Ada", family_name="Lovelace")
    )
    dialog = ExportDialog(db, None, folder=tmp_path, fmt=ExportFormat.VCARD4)
    qtbot.addWidget(dialog)
    dialog.open()
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.export_button.click()
    assert "VERSION:4.0" in (tmp_path / "netdesk-contacts.vcf").read_text("utf-8")
    assert not dialog.notes_label.isVisible()
