"""Salvage: rebuild a damaged database from whatever SQLite can still read of it.

SQLite's own recovery (the ``sqlite3`` shell's ``.recover``, built on its recovery API) reads
every page it can and writes SQL for the rows it finds, even when the b-trees that lead to them
are broken. That output goes into a scratch database; the rows are then copied, table by table,
into a *fresh* database made by netdesk's own migrations at the damaged file's revision — so the
result has exactly netdesk's schema, whatever the damage did to the old one — then migrated to
the current revision and given a new search index. Rows that no longer fit (a required value
lost, a link to a record that did not survive and cannot be left empty) are counted, never
silently dropped: the caller reports the count, and the damaged file itself is kept.

When the ``sqlite3`` shell is not installed, a slower reader copies each table row by row and
skips the rows on pages it cannot read.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from netdesk.storage.integrity import connect_readonly

_SKIP = ("alembic_version", "sqlite_", "contact_fts")
_WINDOW = 64  # rowids looked up one by one around a damaged page
_BARREN_WINDOWS = 256  # give up on a table after this many windows (16,384 rowids) yield nothing


class SalvageError(RuntimeError):
    """Nothing could be salvaged; the message says why (no personal data)."""


@dataclass(frozen=True)
class SalvageReport:
    contacts: int
    rows: int
    dropped_rows: int
    lost_and_found: int


def _recover_with_shell(source: Path, scratch: Path, shell: str) -> None:
    """``sqlite3 SOURCE .recover | sqlite3 SCRATCH``, streamed: memory stays flat at any size."""
    reader = subprocess.Popen(
        [shell, "-readonly", str(source), ".recover --ignore-freelist"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert reader.stdout is not None
    try:
        writer = subprocess.run(
            [shell, str(scratch)],
            stdin=reader.stdout,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=3600,
        )
    finally:
        reader.stdout.close()
        reader.wait(timeout=60)
    if reader.returncode or writer.returncode or not scratch.exists() or scratch.stat().st_size == 0:
        raise SalvageError(
            f"SQLite's recovery found nothing readable (exit {reader.returncode}/{writer.returncode})"
        )


def _schema_readable(path: Path) -> bool:
    try:
        conn = connect_readonly(path)
        try:
            conn.execute("SELECT name, sql FROM sqlite_master").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return True


def _same_schema_somewhere(raw: bytes, donor: bytes, pages: list[int], page: int) -> bool:
    """At least one schema page survived and is byte for byte the backup's: same schema, same
    table locations (page 1 is compared without the 100-byte file header, which the backup API
    rewrites)."""
    for number in pages:
        start = (number - 1) * page
        skip = 100 if number == 1 else 0
        ours, theirs = raw[start + skip : start + page], donor[start + skip : start + page]
        if len(ours) == page - skip and ours == theirs:
            return True
    return False


def _borrow_schema(source: Path, donors: list[Path], patched: Path) -> bool:
    """Mend a damaged schema (the table of tables) with the same pages of a backup.

    Backups of the same database keep their schema on the same pages as long as the schema did
    not change, so when one surviving schema page is identical in the backup, the backup's
    schema pages can stand in for the damaged ones, and the tables' own pages are read from the
    damaged file as they are.
    """
    raw = source.read_bytes()
    for donor in donors:
        try:
            donor_bytes = donor.read_bytes()
            conn = connect_readonly(donor)
            try:
                pages = [
                    int(r[0]) for r in conn.execute("SELECT pageno FROM dbstat WHERE name='sqlite_schema'")
                ]
            finally:
                conn.close()
        except (OSError, sqlite3.Error):
            continue
        page = int.from_bytes(donor_bytes[16:18], "big")
        page = 65536 if page == 1 else page
        if donor_bytes[16:18] != raw[16:18] or not _same_schema_somewhere(raw, donor_bytes, pages, page):
            continue  # another page size, or another schema: its pages would mean something else
        mended = bytearray(raw)
        for number in pages:
            start = (number - 1) * page
            if start + page <= len(mended):
                mended[start : start + page] = donor_bytes[start : start + page]
        patched.write_bytes(bytes(mended))
        if _schema_readable(patched):
            return True
    patched.unlink(missing_ok=True)
    return False


def _recover_in_python(source: Path, scratch: Path, donors: list[Path] | None = None) -> None:
    """Copy each table of ``source`` row by row, skipping runs of rows that cannot be read."""
    if not _schema_readable(source):
        patched = scratch.with_name(scratch.name + ".mended")
        if not _borrow_schema(source, donors or [], patched):
            raise SalvageError("the list of tables is damaged and no backup has the same schema to mend it")
        try:
            _recover_in_python(patched, scratch)
        finally:
            patched.unlink(missing_ok=True)
        return
    src = connect_readonly(source)
    dst = sqlite3.connect(scratch, isolation_level=None)
    try:
        dst.execute("BEGIN")
        try:
            tables = src.execute("SELECT name, sql FROM sqlite_master WHERE type='table'").fetchall()
        except sqlite3.Error as exc:
            raise SalvageError(f"the list of tables cannot be read ({exc})") from None
        for name, sql in tables:
            if not sql or str(name).startswith(("sqlite_", "contact_fts")):
                continue
            quoted = '"' + str(name).replace('"', '""') + '"'
            try:
                dst.execute(str(sql))
                columns = [r[1] for r in src.execute(f"PRAGMA table_info({quoted})")]
            except sqlite3.Error:
                continue
            placeholders = ", ".join("?" * len(columns))
            insert = f"INSERT OR IGNORE INTO {quoted} VALUES ({placeholders})"
            for row in _readable_rows(src, quoted):
                dst.execute(insert, row)
        dst.execute("COMMIT")
    finally:
        src.close()
        dst.close()


def _readable_rows(src: sqlite3.Connection, quoted: str) -> Iterator[tuple[object, ...]]:
    """Every row of a table that can still be read, in rowid order.

    Rows are read in runs of 500 through the table's own b-tree; a run that touches a damaged
    page is read again one rowid at a time, so one bad page costs only the rows on it.
    """
    try:
        high = int(src.execute(f"SELECT max(rowid) FROM {quoted}").fetchone()[0] or 0)
    except sqlite3.Error:
        high = 2**62  # the right edge is damaged: probe until nothing more turns up
    nxt, barren = 0, 0
    while nxt <= high and barren < _BARREN_WINDOWS:
        try:
            rows = src.execute(
                f"SELECT rowid, * FROM {quoted} WHERE rowid >= ? ORDER BY rowid LIMIT 500", (nxt,)
            ).fetchall()
        except sqlite3.Error:
            found = False
            for rowid in range(nxt, nxt + _WINDOW):
                try:
                    row = src.execute(f"SELECT rowid, * FROM {quoted} WHERE rowid = ?", (rowid,)).fetchone()
                except sqlite3.Error:
                    continue
                if row is not None:
                    found = True
                    yield tuple(row[1:])
            barren = 0 if found else barren + 1
            nxt += _WINDOW
            continue
        if not rows:
            return
        barren = 0
        for row in rows:
            yield tuple(row[1:])
        nxt = int(rows[-1][0]) + 1


def _revision(scratch: sqlite3.Connection) -> str:
    from netdesk.storage.migrate import head_revision, known_revisions

    try:
        row = scratch.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        row = None
    revision = str(row[0]) if row else ""
    return revision if revision in known_revisions() else head_revision()


def _copy_rows(target: sqlite3.Connection) -> tuple[int, int]:
    """Copy every netdesk table from the attached scratch ``rec`` into ``target``; (kept, dropped)."""
    kept = dropped = 0
    tables = [r[0] for r in target.execute("SELECT name FROM main.sqlite_master WHERE type='table'")]
    recovered = {r[0] for r in target.execute("SELECT name FROM rec.sqlite_master WHERE type='table'")}
    for table in tables:
        if table.startswith(_SKIP) or table not in recovered:
            continue
        quoted = '"' + table.replace('"', '""') + '"'
        mine = [r[1] for r in target.execute(f"PRAGMA main.table_info({quoted})")]
        theirs = {r[1] for r in target.execute(f"PRAGMA rec.table_info({quoted})")}
        columns = ", ".join('"' + c + '"' for c in mine if c in theirs)
        if not columns:
            continue
        before = target.total_changes
        target.execute(f"INSERT OR IGNORE INTO main.{quoted} ({columns}) SELECT {columns} FROM rec.{quoted}")
        inserted = target.total_changes - before
        offered = int(target.execute(f"SELECT count(*) FROM rec.{quoted}").fetchone()[0])
        kept += inserted
        dropped += offered - inserted
    return kept, dropped


def _repair_links(target: sqlite3.Connection) -> int:
    """Links to records that did not survive: emptied where allowed, else the row goes (counted)."""
    dropped = 0
    for _ in range(10):  # a removed row can orphan others; a few passes settle it
        problems = target.execute("PRAGMA main.foreign_key_check").fetchall()
        if not problems:
            break
        for table, rowid, _parent, fk_id in problems:
            quoted = '"' + str(table).replace('"', '""') + '"'
            fk = [r for r in target.execute(f"PRAGMA main.foreign_key_list({quoted})") if r[0] == fk_id]
            column = fk[0][3] if fk else None
            info = {r[1]: r for r in target.execute(f"PRAGMA main.table_info({quoted})")}
            if rowid is not None and column in info and not info[column][3]:
                target.execute(f'UPDATE main.{quoted} SET "{column}" = NULL WHERE rowid = ?', (rowid,))
            elif rowid is not None:
                target.execute(f"DELETE FROM main.{quoted} WHERE rowid = ?", (rowid,))
                dropped += 1
    return dropped


def salvage_into(source: Path, target: Path, donors: list[Path] | None = None) -> SalvageReport:
    """Write a fresh, migrated, re-indexed database at ``target`` from what ``source`` still holds."""
    from sqlalchemy.orm import Session

    from netdesk.storage import followup_stamps, search_index
    from netdesk.storage.engine import create_db_engine
    from netdesk.storage.migrate import run_alembic_upgrade

    scratch = target.with_name(target.name + ".recovered")
    scratch.unlink(missing_ok=True)
    try:
        shell = shutil.which("sqlite3")
        try:
            if shell is None:
                raise SalvageError("the sqlite3 shell is not installed")
            _recover_with_shell(source, scratch, shell)
        except (SalvageError, OSError, subprocess.SubprocessError):
            # Some builds of the shell lack the page reader .recover needs (Debian's 3.40 answers
            # "SQL logic error" even for an intact file): read the tables ourselves instead.
            scratch.unlink(missing_ok=True)
            _recover_in_python(source, scratch, donors)
        probe = sqlite3.connect(scratch)
        try:
            revision = _revision(probe)
            lost = 0
            if probe.execute("SELECT 1 FROM sqlite_master WHERE name='lost_and_found'").fetchone():
                lost = int(probe.execute("SELECT count(*) FROM lost_and_found").fetchone()[0])
        finally:
            probe.close()
        engine = create_db_engine(target)
        try:
            run_alembic_upgrade(engine, revision)
        finally:
            engine.dispose()
        conn = sqlite3.connect(target, isolation_level=None)
        try:
            conn.execute("PRAGMA foreign_keys=OFF")
            conn.execute("ATTACH DATABASE ? AS rec", (str(scratch),))
            conn.execute("BEGIN")
            kept, dropped = _copy_rows(conn)
            dropped += _repair_links(conn)
            conn.execute("COMMIT")
            conn.execute("DETACH DATABASE rec")
        finally:
            conn.close()
    finally:
        scratch.unlink(missing_ok=True)
    engine = create_db_engine(target)
    try:
        run_alembic_upgrade(engine, "head")
        with Session(engine) as session, session.begin():
            contacts = search_index.rebuild(session)
            followup_stamps.mark_everyone(session)  # rows may be lost: every follow-up is redone
        with engine.connect() as conn2:
            conn2.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    return SalvageReport(contacts, kept, dropped, lost)
