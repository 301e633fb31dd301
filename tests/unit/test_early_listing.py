"""The window's first paint reads the list with plain sqlite3 (services/early_listing.py): the
same ids and rows as the services, and None — the usual path with its checks and sentences —
whenever anything is unusual."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from netdesk.domain.models import ContactDraft
from netdesk.services.contacts import ContactService
from netdesk.services.early_listing import open_early
from netdesk.storage.names import DB_FILENAME


def _people(db: Any) -> ContactService:
    service = ContactService(db)
    for name, org in [
        ("zoë Quinn", "Acme"),
        ("Ana Ruiz", "Globex"),
        ("bo Chen", ""),
        ("Ana Ruiz", "Initech"),
    ]:
        service.create(ContactDraft(display_name=name, organization=org))
    return service


def test_the_early_list_is_the_services_list(db: Any, data_dir: Path) -> None:
    service = _people(db)
    listing = open_early(data_dir)
    assert listing is not None
    try:
        assert listing.ids == service.ordered_ids()
        assert listing.summaries_of(listing.ids) == service.summaries_of(listing.ids)
    finally:
        listing.close()
    assert listing.closed and listing.summaries_of(service.ordered_ids()) == {}


def test_the_early_read_changes_nothing(db: Any, data_dir: Path) -> None:
    _people(db)
    db.close()
    path = data_dir / DB_FILENAME
    before = path.read_bytes()
    listing = open_early(data_dir)
    assert listing is not None
    listing.summaries_of(listing.ids)
    listing.close()
    assert path.read_bytes() == before


def test_no_database_means_the_usual_path(tmp_path: Path) -> None:
    assert open_early(tmp_path / "nowhere") is None
    (tmp_path / DB_FILENAME).write_bytes(b"")
    assert open_early(tmp_path) is None
    (tmp_path / DB_FILENAME).write_bytes(b"not a database at all " * 400)
    assert open_early(tmp_path) is None


def test_a_migration_due_or_a_newer_schema_means_the_usual_path(db: Any, data_dir: Path) -> None:
    _people(db)
    db.close()
    for revision in ("0016", "9999"):
        conn = sqlite3.connect(data_dir / DB_FILENAME)
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        conn.commit()
        conn.close()
        assert open_early(data_dir) is None


def test_a_list_that_cannot_be_read_means_the_usual_path(db: Any, data_dir: Path) -> None:
    """Damage under the name index: no list is painted (not even an empty one)."""
    _people(db)
    db.close()
    path = data_dir / DB_FILENAME
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ix_contact_name_order'").fetchone()[
        0
    ]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    raw = bytearray(path.read_bytes())
    raw[(root - 1) * page_size : root * page_size] = b"\xa5" * page_size
    path.write_bytes(bytes(raw))
    assert open_early(data_dir) is None
