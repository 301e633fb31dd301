"""The contacts table's name order is kept between searches while the contact order's stamp
(migration 0018, set by each netdesk connection's TEMP triggers: storage/order_stamp.py) stays
the same; every add, delete or rename — here or in another netdesk process — changes it, and
the next search reads the order again. The file itself holds no trigger."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from netdesk.domain.contact_order import ContactSort
from netdesk.domain.models import ContactDraft
from netdesk.services.contacts import ContactService
from netdesk.storage import contact_listing
from netdesk.storage.names import DB_FILENAME

NAMES = ["zoë Quinn", "Ana Ruiz", "ana ruiz", "bo Chen", "Émile Zola", "Bo chen", "_x", "Ana Rui"]


def _sql_order(db: Any, search: str, descending: bool = False) -> list[int]:
    with db.sessions() as s:
        raw = s.connection().connection.dbapi_connection
        return contact_listing.ordered_ids(raw, search, ContactSort.NAME, descending)


def _stamp(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT stamp FROM contact_order_stamp").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def people(db: Any) -> ContactService:
    service = ContactService(db)
    for i, name in enumerate(NAMES * 3):
        service.create(ContactDraft(display_name=name, organization=f"Org {i % 4}", notes=f"note {i}"))
    return service


@pytest.mark.parametrize("search", ["", "ana", "bo", "org 2", "ruiz", "note 1", "nobody", "  "])
@pytest.mark.parametrize("descending", [False, True])
def test_the_kept_order_is_the_sql_order(
    db: Any, people: ContactService, search: str, descending: bool
) -> None:
    ids, total = people.listed(search, ContactSort.NAME, descending)
    assert ids == _sql_order(db, search, descending)
    assert total == people.count() == len(NAMES) * 3


def test_adds_deletes_and_renames_change_the_stamp_and_the_order(
    db: Any, people: ContactService, data_dir: Path
) -> None:
    path = data_dir / DB_FILENAME
    people.listed("ana")  # the order is kept from here
    before = _stamp(path)
    first = people.get(people.ordered_ids()[0])
    people.update(first.id, ContactDraft(display_name=first.name, organization="Elsewhere"))
    assert _stamp(path) == before  # not a rename: the order is the same
    people.update(first.id, ContactDraft(display_name="Zz Last"))
    assert _stamp(path) != before
    listed = people.listed("")[0]
    assert listed == _sql_order(db, "") and listed.index(first.id) > 0  # moved from the top
    added = people.create(ContactDraft(display_name="Aaron Ana"))
    assert people.listed("ana")[0] == _sql_order(db, "ana") and people.listed("ana")[0][0] == added.id
    people.delete(added.id)
    assert added.id not in people.listed("ana")[0]
    assert people.listed("ana")[0] == _sql_order(db, "ana")


def test_a_rename_by_another_netdesk_is_seen(db: Any, people: ContactService, data_dir: Path) -> None:
    """E.g. the command line, or a merge's plain SQL: any connection netdesk's engine makes."""
    from netdesk.storage.engine import create_db_engine

    people.listed("bo")
    last = people.ordered_ids()[-1]
    engine = create_db_engine(data_dir / DB_FILENAME)  # as another netdesk process opens it
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE contact SET display_name = 'Aaa First' WHERE id = ?", (last,))
    engine.dispose()
    listed = people.listed("")[0]
    assert listed == _sql_order(db, "") and listed.index(last) < len(listed) - 1  # moved up


def test_a_rolled_back_rename_leaves_the_stamp(db: Any, people: ContactService, data_dir: Path) -> None:
    path = data_dir / DB_FILENAME
    before = _stamp(path)
    with db.sessions() as s:
        s.connection().exec_driver_sql("UPDATE contact SET display_name = 'Rolled Back'")
        s.rollback()
    assert _stamp(path) == before
    with db.sessions.begin() as s:
        s.connection().exec_driver_sql("UPDATE contact SET display_name = 'Kept' WHERE id = 1")
    assert _stamp(path) != before


def test_the_file_holds_no_trigger(people: ContactService, data_dir: Path) -> None:
    conn = sqlite3.connect(data_dir / DB_FILENAME)
    try:
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone() == (0,)
    finally:
        conn.close()
