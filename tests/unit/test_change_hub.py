"""Every service write announces what it changed once, after its commit; a rolled-back write
announces nothing; another program's commit is noticed through PRAGMA data_version."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from netdesk.domain.interviews import InterviewDraft
from netdesk.domain.leads import LeadDraft
from netdesk.domain.models import ContactDraft, Email, EventDraft
from netdesk.services.backup import BackupService
from netdesk.services.changes import CONTACTS, EVENTS, INTERVIEWS, LEADS, Changes, DataVersionWatch
from netdesk.services.contacts import ContactInputError, ContactService
from netdesk.services.database import Database
from netdesk.services.duplicates import DuplicateService
from netdesk.services.event_capture import EventCaptureService
from netdesk.services.events import EventService
from netdesk.services.importer import ImportService
from netdesk.services.interviews import InterviewService
from netdesk.services.leads import LeadService
from netdesk.storage.models import ContactRow


class Heard:
    """Records announcements with how many contacts a fresh session saw at that moment."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.seen: list[tuple[Changes, int]] = []
        db.changes.subscribe(self._heard)

    def _heard(self, changes: Changes) -> None:
        with self.db.sessions() as s:
            self.seen.append((changes, int(s.scalar(select(func.count()).select_from(ContactRow)) or 0)))

    def once(self, fn: Callable[[], Any]) -> tuple[Changes, Any]:
        self.seen.clear()
        result = fn()
        assert len(self.seen) == 1, [c for c, _ in self.seen]
        return self.seen[0][0], result


def _ana(**kw: Any) -> ContactDraft:
    return ContactDraft(display_name="Ana Lima", given_name="Ana", emails=(Email("ana@lima.org"),), **kw)


def test_contact_writes_announce_once_after_commit(db: Database) -> None:
    heard = Heard(db)
    contacts = ContactService(db)
    changes, ana = heard.once(lambda: contacts.create(_ana()))
    assert changes.kinds == {CONTACTS}
    assert heard.seen[0][1] == 1  # the new person was already committed when it was announced
    changes, _ = heard.once(lambda: contacts.update(ana.id, _ana(organization="Globex")))
    assert changes.touches(CONTACTS)
    changes, deleted = heard.once(lambda: contacts.delete(ana.id))
    assert changes.touches(CONTACTS, LEADS, INTERVIEWS)  # what deleting cascades to is said too
    assert heard.seen[0][1] == 0
    changes, _ = heard.once(lambda: contacts.undelete(deleted))
    assert changes.touches(CONTACTS)


def test_event_lead_interview_and_capture_writes_announce_their_kinds(db: Database) -> None:
    heard = Heard(db)
    ana = ContactService(db).create(_ana())
    changes, event = heard.once(lambda: EventService(db).create(EventDraft(name="Fall Career Fair")))
    assert changes.kinds == {EVENTS}
    changes, _ = heard.once(
        lambda: EventCaptureService(db).add(
            event.id, ContactDraft(display_name="Bo Chen"), lead=True, conversation="Data internship"
        )
    )
    assert changes.touches(CONTACTS) and changes.touches(LEADS)
    changes, _ = heard.once(
        lambda: LeadService(db).create(LeadDraft(organization="Acme", contact_ids=(ana.id,)))
    )
    assert changes.touches(LEADS)
    changes, _ = heard.once(
        lambda: InterviewService(db).create(InterviewDraft(field="biology", contact_id=ana.id))
    )
    assert changes.kinds == {INTERVIEWS}


def test_merge_undo_import_and_restore_announce_once(db: Database, tmp_path: Path) -> None:
    heard = Heard(db)
    contacts = ContactService(db)
    keep = contacts.create(_ana())
    other = contacts.create(ContactDraft(display_name="Ana  Lima", emails=(Email("ana@lima.org"),)))
    merges = DuplicateService(db)
    draft = merges.candidate(keep.id, other.id).merged
    changes, result = heard.once(lambda: merges.merge(keep.id, other.id, draft))
    assert changes.touches(CONTACTS)
    changes, _ = heard.once(lambda: merges.undo(result))
    assert changes.touches(CONTACTS)

    card = tmp_path / "bo.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Chen\r\nEND:VCARD\r\n", encoding="utf-8")
    importer = ImportService(db)
    preview = importer.preview_paths([card])
    changes, _ = heard.once(lambda: importer.commit(preview, backup=False))
    assert changes.touches(CONTACTS)

    backup = BackupService(db).backup_now()
    changes, _ = heard.once(lambda: BackupService(db).restore(backup))
    assert changes.everything


def test_a_failed_write_announces_nothing(db: Database) -> None:
    heard = Heard(db)
    contacts = ContactService(db)
    ana = contacts.create(_ana())
    heard.seen.clear()
    with pytest.raises(ContactInputError):
        contacts.update(ana.id, ContactDraft(display_name=""))
    with pytest.raises(RuntimeError), db.sessions.begin() as s:
        s.execute(text("UPDATE contact SET notes = 'x' WHERE id = :id"), {"id": ana.id})
        raise RuntimeError("rolled back after writing")
    assert heard.seen == []
    # reads and writes that touched no row say nothing either
    contacts.list()
    with db.sessions.begin() as s:
        s.execute(text("UPDATE contact SET notes = 'x' WHERE id = -1"))
    assert heard.seen == []


def test_an_operation_of_several_transactions_announces_once(db: Database) -> None:
    heard = Heard(db)
    contacts = ContactService(db)

    def two() -> None:
        with db.changes.operation():
            contacts.create(_ana())
            EventService(db).create(EventDraft(name="Social"))

    changes, _ = heard.once(two)
    assert changes.kinds == {CONTACTS, EVENTS}


def test_a_savepoint_rolled_back_inside_a_commit_still_announces_the_commit(db: Database) -> None:
    heard = Heard(db)
    with db.sessions.begin() as s:
        s.add(ContactRow(display_name="Bo Chen"))
        s.flush()
        nested = s.begin_nested()
        s.execute(text("UPDATE contact SET notes = 'draft'"))
        nested.rollback()
    assert [c.kinds for c, _ in heard.seen] == [{CONTACTS}]


def test_another_programs_commit_is_noticed_and_ours_are_not(db: Database) -> None:
    heard = Heard(db)
    watch = DataVersionWatch(db.path, db.changes)
    try:
        assert not watch.check()
        ContactService(db).create(_ana())  # our own write: announced as contacts, not "everything"
        assert not watch.check()
        other = sqlite3.connect(str(db.path))
        with other:
            other.execute("UPDATE contact SET notes = 'from the command line'")
        other.close()
        heard.seen.clear()
        assert watch.check()
        assert [c.everything and c.external for c, _ in heard.seen] == [True]
        assert not watch.check()
    finally:
        watch.close()
