"""The one check behind restore, backups and start-up: only netdesk's own, intact databases pass."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from netdesk.domain.models import ContactDraft
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database, open_database
from netdesk.storage.integrity import is_damage_error, verify_file


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed netdesk database with a few hundred contacts (several pages of each table)."""
    db: Database = open_database(tmp_path_factory.mktemp("template") / "data")
    service = ContactService(db)
    for i in range(300):
        service.create(ContactDraft(display_name=f"Person {i}", organization=f"Org {i % 7}", notes="n" * 200))
    db.close()
    return db.path


@pytest.fixture
def sample(template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "sample" / "netdesk.sqlite3"
    target.parent.mkdir()
    shutil.copyfile(template, target)
    return target


def _copy(sample: Path, tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(sample, target)
    return target


def test_a_fresh_database_passes_quick_and_full(sample: Path) -> None:
    assert verify_file(sample) == verify_file(sample, full=True)
    verdict = verify_file(sample, full=True)
    assert verdict.ok and verdict.problem is None and verdict.contacts == 300 and verdict.revision


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("CREATE TRIGGER wipe AFTER INSERT ON interaction BEGIN DELETE FROM contact; END", "trigger"),
        ("CREATE VIEW everyone AS SELECT * FROM contact", "view"),
        ("CREATE TABLE extra (x)", "extra table"),
        ("CREATE INDEX ix_more ON contact (notes)", "extra index"),
        ("ALTER TABLE contact ADD COLUMN evil TEXT", "columns"),
        ("ALTER TABLE contact RENAME COLUMN notes TO remarks", "columns"),
    ],
)
def test_anything_netdesk_never_makes_is_refused(sample: Path, tmp_path: Path, sql: str, words: str) -> None:
    hostile = _copy(sample, tmp_path, "hostile.sqlite3")
    conn = sqlite3.connect(hostile)
    conn.execute(sql)
    conn.commit()
    conn.close()
    verdict = verify_file(hostile)
    assert not verdict.ok
    assert verdict.problem is not None and words in verdict.problem


def test_a_renamed_index_and_a_dropped_table_are_refused(sample: Path, tmp_path: Path) -> None:
    hostile = _copy(sample, tmp_path, "renamed.sqlite3")
    conn = sqlite3.connect(hostile)
    name = conn.execute("SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL").fetchone()[0]
    columns = conn.execute(f'PRAGMA index_info("{name}")').fetchall()
    table = conn.execute("SELECT tbl_name FROM sqlite_master WHERE name=?", (name,)).fetchone()[0]
    conn.execute(f'DROP INDEX "{name}"')
    conn.execute(f'CREATE INDEX renamed ON "{table}" ({", ".join(c[2] for c in columns)})')
    conn.commit()
    conn.close()
    assert not verify_file(hostile).ok
    dropped = _copy(sample, tmp_path, "dropped.sqlite3")
    conn = sqlite3.connect(dropped)
    conn.execute("DROP TABLE interaction")
    conn.commit()
    conn.close()
    verdict = verify_file(dropped)
    assert not verdict.ok and verdict.problem is not None and "missing" in verdict.problem


def test_not_a_netdesk_database(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    verdict = verify_file(other)
    assert not verdict.ok and verdict.problem is not None and "not a netdesk database" in verdict.problem


def test_a_newer_revision_is_refused_with_the_reason(sample: Path, tmp_path: Path) -> None:
    newer = _copy(sample, tmp_path, "newer.sqlite3")
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num='9999_future'")
    conn.commit()
    conn.close()
    verdict = verify_file(newer)
    assert not verdict.ok and verdict.problem is not None and "newer version" in verdict.problem


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"", "empty"), (b"BEGIN:VCARD\r\nFN:Someone\r\nEND:VCARD\r\n" * 50, "not a SQLite database")],
)
def test_empty_and_foreign_files(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "f.sqlite3"
    path.write_bytes(content)
    verdict = verify_file(path)
    assert not verdict.ok and verdict.problem is not None and words in verdict.problem


def test_a_truncated_file_is_refused(sample: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.sqlite3"
    data = sample.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    verdict = verify_file(cut)
    assert not verdict.ok and verdict.problem is not None and "cut short" in verdict.problem


def test_damaged_pages_are_found(sample: Path, tmp_path: Path) -> None:
    """Overwrite a few pages in the middle with garbage, as a failing disk would."""
    damaged = _copy(sample, tmp_path, "damaged.sqlite3")
    data = bytearray(damaged.read_bytes())
    page = 4096
    pages = len(data) // page
    assert pages > 10
    for n in (pages // 3, pages // 2, pages - 2):
        data[n * page : (n + 1) * page] = bytes([0xA5]) * page
    damaged.write_bytes(bytes(data))
    verdict = verify_file(damaged, full=True)
    assert not verdict.ok and verdict.problem is not None and "damaged" in verdict.problem
    assert "Person" not in verdict.problem  # SQLite's words name pages, never the data


@pytest.mark.parametrize("name", ["with#hash.sqlite3", "what?.sqlite3", "100%.sqlite3", "a b ü.sqlite3"])
def test_odd_file_names_are_opened_as_themselves(sample: Path, tmp_path: Path, name: str) -> None:
    odd = _copy(sample, tmp_path, name)
    verdict = verify_file(odd)
    assert verdict.ok and verdict.contacts == 300
    # and nothing was created next to it under a truncated name
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [name]


def test_verify_never_writes(sample: Path, tmp_path: Path) -> None:
    copy = _copy(sample, tmp_path, "ro.sqlite3")
    before = copy.read_bytes()
    copy.chmod(0o400)
    assert verify_file(copy, full=True).ok
    assert copy.read_bytes() == before


def test_damage_errors_are_recognised() -> None:
    assert is_damage_error(sqlite3.DatabaseError("database disk image is malformed"))
    assert is_damage_error(sqlite3.DatabaseError("file is not a database"))
    assert not is_damage_error(sqlite3.OperationalError("database is locked"))
