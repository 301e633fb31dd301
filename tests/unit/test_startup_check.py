"""The window's start-up quick_check runs beside the imports (services/startup_check.py);
``open_database`` takes its answer, and what it could not settle is checked at open as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from netdesk.domain.models import ContactDraft
from netdesk.services.contacts import ContactService
from netdesk.services.database import open_database
from netdesk.services.recovery import RecoveryNeeded
from netdesk.services.startup_check import start_early_check
from netdesk.storage.names import DB_FILENAME


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    db = open_database(data)
    contacts = ContactService(db)
    for i in range(400):
        contacts.create(ContactDraft(display_name=f"Person {i}", organization="Org " * 20, notes="n" * 300))
    db.close()
    return data


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    pages = len(data) // page
    assert pages > 10
    for n in (pages // 3, pages // 2, pages - 2):
        data[n * page : (n + 1) * page] = bytes([0xA5]) * page
    path.write_bytes(bytes(data))


def test_a_sound_file_is_settled_and_opens(folder: Path) -> None:
    early = start_early_check(folder)
    assert early.answer() == (True, None)
    db = open_database(folder, check=True, early=early)
    try:
        assert ContactService(db).count() == 400
    finally:
        db.close()


def test_damage_found_early_stops_the_open(folder: Path) -> None:
    _damage(folder / DB_FILENAME)
    early = start_early_check(folder)
    settled, problem = early.answer()
    assert settled and problem is not None and "damaged" in problem
    with pytest.raises(RecoveryNeeded) as raised:
        open_database(folder, check=True, early=early)
    assert "damaged" in str(raised.value)
    assert "Person" not in str(raised.value)


def test_an_unsettled_answer_is_checked_at_open(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The early thread could not read the file (here: told so); open_database checks itself."""
    _damage(folder / DB_FILENAME)
    early = start_early_check(folder)
    early.answer()
    monkeypatch.setattr(early, "answer", lambda: (False, None))
    with pytest.raises(RecoveryNeeded):
        open_database(folder, check=True, early=early)


def test_no_file_yet_leaves_it_to_the_open(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    folder.mkdir()
    early = start_early_check(folder)
    assert early.answer() == (False, None)
    db = open_database(folder, check=True, early=early)
    db.close()


def test_a_file_that_is_not_a_database_is_left_to_the_open(tmp_path: Path) -> None:
    folder = tmp_path / "junk"
    folder.mkdir()
    (folder / DB_FILENAME).write_bytes(b"not a database at all\n" * 400)
    early = start_early_check(folder)
    assert early.answer() == (False, None)
    with pytest.raises(RecoveryNeeded):
        open_database(folder, check=True, early=early)


def test_the_early_answer_stands_for_the_check(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """open_database does not read every page a second time: the early thread's verdict is it."""
    early = start_early_check(folder)
    early.answer()
    monkeypatch.setattr(early, "answer", lambda: (True, "it is damaged (page 7 is wrong)"))
    with pytest.raises(RecoveryNeeded) as raised:
        open_database(folder, check=True, early=early)
    assert "page 7" in str(raised.value)
