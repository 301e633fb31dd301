"""Import preview, commit, undo and LinkedIn re-import against a real database."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from netdesk.domain.models import ContactDraft, Email
from netdesk.services.backup import BackupError, BackupInfo, BackupService, to_keep
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database
from netdesk.services.importer import Action, ImportCancelledError, ImportService, Status, UndoError

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def _linkedin(tmp_path: Path, rows: str, name: str = "Connections.csv") -> Path:
    path = tmp_path / name
    path.write_text('Notes:\n"Some emails may be missing."\n\n' + HEADER + rows, encoding="utf-8")
    return path


def test_linkedin_import_then_reimport_updates_changed_jobs(db: Database, tmp_path: Path) -> None:
    service = ImportService(db)
    first = _linkedin(
        tmp_path,
        "Ada,Lovelace,https://www.linkedin.com/in/ada,,Analytical Engines,Engineer,01 Jan 2024\n"
        "Jane,Doe,https://www.linkedin.com/in/jane,,Stripe,PM,02 Feb 2024\n",
    )
    outcome = service.commit(service.preview_paths([first]))
    assert (outcome.created, outcome.updated) == (2, 0)
    contacts = ContactService(db)
    ada_id = contacts.find_by_name("Ada Lovelace")[0]
    log = contacts.interactions(ada_id)
    assert [(i.draft.kind.value, i.draft.occurred_at.date().isoformat()) for i in log] == [
        ("linkedin", "2024-01-01")
    ]

    second = _linkedin(
        tmp_path,
        "Ada,Lovelace,https://www.linkedin.com/in/ada/,,Babbage & Co,CTO,01 Jan 2024\n"
        "Jane,Doe,https://www.linkedin.com/in/jane,,Stripe,PM,02 Feb 2024\n"
        "Grace,Hopper,https://www.linkedin.com/in/grace,,Navy,Admiral,03 Mar 2024\n",
        "Connections2.csv",
    )
    preview = service.preview_paths([second])
    assert [i.status for i in preview.items] == [Status.UPDATE, Status.DUPLICATE, Status.NEW]
    assert preview.items[0].match_id == ada_id
    outcome = service.commit(preview)
    assert (outcome.created, outcome.updated, outcome.skipped) == (1, 1, 1)
    ada = contacts.get(ada_id)
    assert (ada.draft.organization, ada.draft.title) == ("Babbage & Co", "CTO")
    assert "Earlier: Engineer at Analytical Engines." in ada.draft.notes
    assert len(contacts.interactions(ada_id)) == 1  # same connection date: not logged twice
    assert contacts.count() == 3

    backups = BackupService(db)
    assert [b.reason for b in backups.backups()].count("before-undo-import") == 0
    assert service.undo(outcome.batch_id or 0) == (1, 1)
    # undoing cannot be redone and takes what was added since with it: the database is backed up first
    assert [b.reason for b in backups.backups()].count("before-undo-import") == 1
    ada = contacts.get(ada_id)
    assert (ada.draft.organization, ada.draft.title, ada.draft.notes) == (
        "Analytical Engines",
        "Engineer",
        "",
    )
    assert contacts.count() == 2
    with pytest.raises(UndoError, match="already undone"):
        service.undo(outcome.batch_id or 0)
    assert [b.reason for b in backups.backups()].count("before-undo-import") == 1  # no backup for a refusal


def test_duplicates_against_stored_and_within_the_file(db: Database, tmp_path: Path) -> None:
    contacts = ContactService(db)
    stored = contacts.create(
        ContactDraft(
            display_name="Priya Patel", organization="Globex Inc", emails=(Email("priya@globex.com"),)
        )
    )
    path = tmp_path / "people.csv"
    path.write_text(
        "Name,Email,Company\n"
        "Priya Patel,PRIYA@globex.com,Globex\n"  # same e-mail (case differs)
        "Priya Patell,,Globex Inc.\n"  # close name + organisation
        "Sam Ode,sam@uni.edu,State U\n"
        "Samuel Ode,sam@uni.edu,State U\n",  # same e-mail as the row above
        encoding="utf-8",
    )
    preview = ImportService(db).preview_paths([path])
    statuses = [(i.status, i.match_id) for i in preview.items]
    assert statuses == [
        (Status.DUPLICATE, stored.id),
        (Status.DUPLICATE, stored.id),
        (Status.NEW, None),
        (Status.DUPLICATE, None),
    ]
    assert "similar name" in preview.items[1].reason
    assert "line 4" in preview.items[3].reason
    outcome = ImportService(db).commit(preview, {1: Action.CREATE})
    assert (outcome.created, outcome.skipped) == (2, 2)
    assert contacts.count() == 3


def test_bad_records_are_reported_and_good_ones_commit(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "mixed.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nCATEGORIES:friends,fair\r\nX-CUSTOM:kept\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:nobody\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut\r\n",
        encoding="utf-8",
    )
    service = ImportService(db)
    preview = service.preview_paths([path])
    assert preview.has_errors
    assert [e.line for e in preview.files[0].errors] == [7, 11]
    outcome = service.commit(preview)
    assert outcome.created == 1
    contact = ContactService(db).get(outcome.created_ids[0])
    assert contact.draft.tags == ("friends", "fair")
    assert service.vcard_extras([contact.id]) == {contact.id: ("X-CUSTOM:kept",)}


def test_cancel_rolls_back_everything(db: Database, tmp_path: Path) -> None:
    rows = "".join(f"P{i},Q{i},https://www.linkedin.com/in/p{i},,Org{i},T,01 Jan 2024\n" for i in range(50))
    service = ImportService(db)
    preview = service.preview_paths([_linkedin(tmp_path, rows)])
    with pytest.raises(ImportCancelledError):
        service.commit(preview, cancelled=lambda: True)
    assert ContactService(db).count() == 0
    assert service.batches() == []


def test_imported_contacts_are_searchable(db: Database, tmp_path: Path) -> None:
    service = ImportService(db)
    service.commit(
        service.preview_paths([_linkedin(tmp_path, "José,Núñez,,,Harbor Music,Owner,01 Jan 2024\n")])
    )
    assert [c.name for c in ContactService(db).list("jose harb")] == ["José Núñez"]


def test_backup_restore_round_trip(db: Database) -> None:
    contacts = ContactService(db)
    contacts.create(ContactDraft(display_name="Before Backup"))
    backups = BackupService(db)
    path = backups.backup_now()
    assert path.stat().st_mode & 0o777 == 0o600
    contacts.create(ContactDraft(display_name="After Backup"))
    summary = backups.restore(path)
    assert summary.contacts == 1
    assert [c.name for c in contacts.list()] == ["Before Backup"]
    with sqlite3.connect(summary.safety_backup) as conn:
        assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 2
    assert [c.name for c in contacts.list("before")] == ["Before Backup"]


def test_restore_refuses_a_wrong_file(db: Database, tmp_path: Path) -> None:
    bogus = tmp_path / "not-a-db.sqlite3"
    bogus.write_text("hello", encoding="utf-8")
    ContactService(db).create(ContactDraft(display_name="Still Here"))
    with pytest.raises(BackupError, match="cannot be restored because it is not a SQLite database"):
        BackupService(db).restore(bogus)
    assert ContactService(db).count() == 1


def test_retention_keeps_last_5_then_14_days_then_12_months() -> None:
    start = datetime(2026, 11, 26, 12, tzinfo=UTC)
    backups = [BackupInfo(Path(f"b{d}"), start - timedelta(days=d), "daily", 1) for d in range(400)]
    kept = sorted(int(p.name[1:]) for p in to_keep(backups))
    assert kept[:14] == list(range(14))
    assert len(kept) <= 14 + 12
    assert max(kept) < 366  # nothing older than a year


def test_daily_backup_once_per_day(db: Database) -> None:
    service = BackupService(db)
    assert service.ensure_daily() is not None
    assert service.ensure_daily() is None
