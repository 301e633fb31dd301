"""Is this file a sound netdesk database? The one check behind restore, backups and start-up.

A file is accepted only when it is exactly what netdesk's own migrations make at its revision:
the same tables, columns, indexes and full-text table, and nothing else — no trigger, no view, no
extra table. A backup is someone's whole network, and a restored file runs inside the app: a
trigger smuggled into a "backup" would fire on the next write and could wipe the contacts. The
expected shape is not written down by hand: it is measured from a scratch database migrated to
the same revision, so it can never drift from the migrations.

Files are opened read-only by path (an escaped ``file:`` URI, so ``#``, ``?`` and ``%`` in a
name are part of the name) with ``trusted_schema`` off, and nothing here raises for a bad file:
every problem comes back as a sentence without personal data.
"""

from __future__ import annotations

import sqlite3
import struct
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

HEADER = b"SQLite format 3\x00"
# Tables SQLite itself may add to any database (ANALYZE, `PRAGMA optimize`): not part of the shape.
_SQLITE_OWN = ("sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4")


@dataclass(frozen=True)
class Verdict:
    """What a check found. ``problem`` is a sentence fragment safe to show (no personal data)."""

    ok: bool
    problem: str | None = None
    revision: str | None = None
    contacts: int = 0


def readonly_uri(path: Path) -> str:
    """A read-only SQLite URI for ``path`` with every special character escaped.

    A file with no ``-wal`` beside it (a backup, a copy) is opened ``immutable``: SQLite then
    takes no locks and leaves no ``-wal``/``-shm`` files next to it.
    """
    path = Path(path).absolute()
    wal = path.with_name(path.name + "-wal")
    immutable = "" if wal.exists() else "&immutable=1"
    return f"file:{quote(str(path))}?mode=ro{immutable}"


def connect_readonly(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(readonly_uri(path), uri=True, isolation_level=None)
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("PRAGMA query_only=ON")
    conn.execute("PRAGMA cell_size_check=ON")
    return conn


def _safe_name(name: object) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in str(name))
    return text if len(text) <= 40 else text[:39] + "…"


def header_problem(path: Path) -> str | None:
    """Cheap checks on the file itself: exists, not empty, a SQLite file, not cut short."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(100)
    except OSError as exc:
        return f"it cannot be read ({exc.strerror or exc.__class__.__name__})"
    if size == 0:
        return "it is empty (0 bytes)"
    if len(head) < 100 or not head.startswith(HEADER):
        return "it is not a SQLite database"
    page_size = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "its header is damaged (impossible page size)"
    change_counter, header_pages, valid_for = (
        struct.unpack(">I", head[24:28])[0],
        struct.unpack(">I", head[28:32])[0],
        struct.unpack(">I", head[92:96])[0],
    )
    wal = path.with_name(path.name + "-wal")
    has_wal = wal.exists() and wal.stat().st_size > 0
    if change_counter == valid_for and header_pages and not has_wal and size < header_pages * page_size:
        return f"it is cut short ({size} of {header_pages * page_size} bytes)"
    if size % page_size:
        return "its size is not a whole number of pages (cut short or padded)"
    return None


def _virtual_sql(sql: object) -> str:
    """A virtual table's definition (its module and options matter), whitespace and case folded."""
    text = " ".join(str(sql or "").split()).lower()
    return text if text.startswith("create virtual table") else ""


def schema_of(conn: sqlite3.Connection) -> dict[str, Any]:
    """The shape of a database: objects, columns, foreign keys and index columns, by name."""
    objects = sorted(
        (str(kind), str(name), str(table), _virtual_sql(sql))
        for kind, name, table, sql in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
        if name not in _SQLITE_OWN
    )
    tables: dict[str, Any] = {}
    for kind, name, _tbl, virtual_sql in objects:
        if kind != "table" or virtual_sql:
            continue
        qn = '"' + name.replace('"', '""') + '"'
        columns = [tuple(r) for r in conn.execute(f"PRAGMA table_xinfo({qn})")]
        fks = sorted(tuple(r[2:]) for r in conn.execute(f"PRAGMA foreign_key_list({qn})"))
        indexes = {}
        for row in conn.execute(f"PRAGMA index_list({qn})"):
            iname = str(row[1])
            qi = '"' + iname.replace('"', '""') + '"'
            indexes[iname] = (
                row[2],
                row[3],
                row[4],
                [tuple(c) for c in conn.execute(f"PRAGMA index_xinfo({qi})")],
            )
        tables[name] = {"columns": columns, "foreign_keys": fks, "indexes": indexes}
    return {"objects": objects, "tables": tables}


def _difference(found: dict[str, Any], expected: dict[str, Any]) -> str | None:
    """The first way ``found`` differs from ``expected``, as a sentence fragment."""
    f_objects = {(o[0], o[1]): o for o in found["objects"]}
    e_objects = {(o[0], o[1]): o for o in expected["objects"]}
    for key in sorted(f_objects.keys() - e_objects.keys()):
        kind, name = key
        what = {"trigger": "a trigger", "view": "a view", "index": "an extra index"}.get(
            kind, f"an extra {kind}"
        )
        return f"it has {what} named “{_safe_name(name)}”, which netdesk never makes"
    for key in sorted(e_objects.keys() - f_objects.keys()):
        return f"its {key[0]} “{_safe_name(key[1])}” is missing"
    for key, obj in e_objects.items():
        if f_objects[key] != obj:
            return f"its {key[0]} “{_safe_name(key[1])}” is not defined as netdesk defines it"
    for name, shape in expected["tables"].items():
        got = found["tables"].get(name)
        if got is None:
            return f"its table “{_safe_name(name)}” is missing"
        if got["columns"] != shape["columns"]:
            return f"the columns of its table “{_safe_name(name)}” differ from netdesk's"
        if got["foreign_keys"] != shape["foreign_keys"]:
            return f"the links of its table “{_safe_name(name)}” differ from netdesk's"
        if got["indexes"] != shape["indexes"]:
            return f"the indexes of its table “{_safe_name(name)}” differ from netdesk's"
    return None


_expected_cache: dict[str, dict[str, Any]] = {}
_expected_lock = threading.Lock()


def expected_schema(revision: str) -> dict[str, Any]:
    """The shape netdesk's migrations give a database at ``revision`` (measured once per process)."""
    with _expected_lock:
        cached = _expected_cache.get(revision)
        if cached is not None:
            return cached
        from netdesk.storage.engine import create_db_engine
        from netdesk.storage.migrate import run_alembic_upgrade

        with tempfile.TemporaryDirectory(prefix="netdesk-schema-") as scratch:
            path = Path(scratch) / "reference.sqlite3"
            engine = create_db_engine(path)
            try:
                run_alembic_upgrade(engine, revision)
            finally:
                engine.dispose()
            conn = connect_readonly(path)
            try:
                shape = schema_of(conn)
            finally:
                conn.close()
        _expected_cache[revision] = shape
        return shape


def verify_file(path: Path, *, full: bool = False) -> Verdict:
    """Check that ``path`` is an intact netdesk database this version can read.

    ``full`` runs ``PRAGMA integrity_check`` (every page and index entry) instead of the quicker
    ``quick_check``. Never raises for a bad file.
    """
    from netdesk.storage.migrate import known_revisions

    path = Path(path)
    problem = header_problem(path)
    if problem:
        return Verdict(False, problem)
    try:
        conn = connect_readonly(path)
    except sqlite3.Error as exc:
        return Verdict(False, f"it cannot be opened ({_sqlite_reason(exc)})")
    try:
        try:
            result = [
                str(r[0]) for r in conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check")
            ]
        except sqlite3.Error as exc:
            return Verdict(False, f"it is damaged ({_sqlite_reason(exc)})")
        if result != ["ok"]:
            return Verdict(False, f"it is damaged ({_damage_summary(result)})")
        try:
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.Error:
            return Verdict(False, "it is not a netdesk database (no schema version)")
        if len(rows) != 1:
            return Verdict(False, "it is not a netdesk database (no single schema version)")
        revision = str(rows[0][0])
        if revision not in known_revisions():
            return Verdict(
                False,
                "it was written by a newer version of netdesk; install that version to open it",
                revision,
            )
        try:
            found = schema_of(conn)
        except sqlite3.Error as exc:
            return Verdict(False, f"its schema cannot be read ({_sqlite_reason(exc)})", revision)
        difference = _difference(found, expected_schema(revision))
        if difference:
            return Verdict(False, difference, revision)
        try:
            contacts = int(conn.execute("SELECT count(*) FROM contact").fetchone()[0])
        except sqlite3.Error as exc:
            return Verdict(False, f"its contacts cannot be read ({_sqlite_reason(exc)})", revision)
        return Verdict(True, None, revision, contacts)
    finally:
        conn.close()


def quick_check(conn: sqlite3.Connection) -> str | None:
    """``None`` when a live connection's database passes quick_check, else the problem."""
    try:
        result = [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
    except sqlite3.Error as exc:
        return f"it is damaged ({_sqlite_reason(exc)})"
    return None if result == ["ok"] else f"it is damaged ({_damage_summary(result)})"


def _damage_summary(lines: list[str]) -> str:
    """SQLite's own words on the first problem; its messages name pages and tables, not data."""
    first = _safe_name(lines[0]) if lines else "no answer"
    more = f", and {len(lines) - 1} more problems" if len(lines) > 1 else ""
    return first + more


def _sqlite_reason(exc: BaseException) -> str:
    return _safe_name(str(exc) or exc.__class__.__name__)


def is_damage_error(exc: BaseException) -> bool:
    """True for errors that mean the database file itself is damaged or not a database."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    return any(
        marker in text
        for marker in (
            "malformed",
            "file is not a database",
            "file is encrypted or is not a database",
            "disk i/o error",
        )
    )
