"""Data safety of every connection and file, and exact round-trips of what people enter."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, StatementError

from netdesk.domain.models import ContactDraft, Email, EmailKind, Phone, PhoneKind, Url, UrlKind
from netdesk.services.contacts import ContactService
from netdesk.services.database import open_database
from netdesk.storage.models import ContactRow, InteractionRow


def test_every_connection_has_wal_full_sync_and_foreign_keys(db: object) -> None:
    with db.engine.connect() as conn:  # type: ignore[attr-defined]
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_database_and_new_folder_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "fresh" / "netdesk"
    old = os.umask(0o022)
    try:
        db = open_database(folder)
    finally:
        os.umask(old)
    db.close()
    assert folder.stat().st_mode & 0o777 == 0o700
    assert db.path.stat().st_mode & 0o777 == 0o600


def test_existing_shared_folder_is_not_tightened(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    open_database(shared).close()
    assert shared.stat().st_mode & 0o777 == 0o755
    assert (shared / "netdesk.sqlite3").stat().st_mode & 0o777 == 0o600


def test_data_dir_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETDESK_DATA_DIR", str(tmp_path / "env-dir"))
    db = open_database()
    db.close()
    assert db.folder == tmp_path / "env-dir"


def test_a_contact_round_trips_exactly(db: object) -> None:
    service = ContactService(db)  # type: ignore[arg-type]
    met = datetime(2026, 11, 20, 10, 15, tzinfo=timezone(timedelta(hours=-5)))
    draft = ContactDraft(
        display_name="Zoë O'Brien-Müller",
        given_name="Zoë",
        family_name="O'Brien-Müller",
        title="Research Associate",
        organization="Vertex",
        department="Cell Biology",
        field="Pharma",
        emails=(Email("zoe@vertex.example", EmailKind.WORK), Email("zoe@home.example", EmailKind.HOME)),
        phones=(Phone("+1 617 555 0456", "+16175550456", PhoneKind.MOBILE),),
        urls=(Url("https://www.linkedin.com/in/zoe", UrlKind.LINKEDIN),),
        address="1 Main St\nBoston",
        notes="Line one\nLine two",
        tags=("pharma", "lab"),
        met_at=met,
        raw_source="BEGIN:VCARD\r\nEND:VCARD",
    )
    stored = service.create(draft)
    assert stored.draft == draft
    assert stored.draft.met_at is not None and stored.draft.met_at.isoformat() == "2026-11-20T10:15:00-05:00"


def test_naive_datetimes_are_refused(db: object) -> None:
    with db.sessions.begin() as s, pytest.raises(StatementError, match="naive datetime"):  # type: ignore[attr-defined]
        s.add(ContactRow(display_name="X", met_at=datetime(2026, 1, 1)))
        s.flush()


def test_foreign_keys_are_enforced(db: object) -> None:
    with pytest.raises(IntegrityError), db.sessions.begin() as s:  # type: ignore[attr-defined]
        s.add(InteractionRow(contact_id=424242, kind="note", occurred_at=datetime.now().astimezone()))
