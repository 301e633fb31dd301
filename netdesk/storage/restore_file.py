"""The file half of a restore: a private copy of the chosen file, then replacing the live content.

Restore works on a copy, never on the chosen file: the file may be pruned by a backup rotation,
changed by another program or sit on a removable disk while we read it, and a check passed by
one file and a restore read from another would prove nothing. The copy is private (0600, hidden
``.netdesk-restore….partial`` name, flock held while in use) and lives in the data folder.

The live database is replaced through SQLite's backup API into the live path, which is one
SQLite write transaction: a process killed at any moment leaves either the old content or the
new one, each intact (the journal or WAL is rolled back or forward on the next open), and other
processes with the database open see the change like any other commit. Only when the live file
is not a readable database at all (its header is gone) is the copy renamed over it instead.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from netdesk.storage import backup_file
from netdesk.storage.backup_file import NoSpaceError, PrivateFile, fsync_dir, is_out_of_space, side_files
from netdesk.storage.faults import fault_point
from netdesk.storage.integrity import header_problem

_CHUNK = 1 << 20


def private_copy(source: Path, folder: Path) -> PrivateFile:
    """Copy ``source`` byte for byte into a private file in ``folder``; the caller closes it.

    Raises NoSpaceError on a full disk and OSError when ``source`` cannot be read.
    """
    needed = source.stat().st_size
    try:
        copy = PrivateFile.create(folder, "netdesk-restore")
    except OSError as exc:
        if is_out_of_space(exc, folder, needed):
            raise NoSpaceError(folder, needed) from None
        raise
    try:
        with source.open("rb") as reader:
            first = True
            while chunk := reader.read(_CHUNK):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(copy.fd, view) :]
                if first:
                    fault_point("restore-copying")
                    first = False
        os.fsync(copy.fd)
    except OSError as exc:
        copy.close()
        if is_out_of_space(exc, folder, needed):
            raise NoSpaceError(folder, needed) from None
        raise
    return copy


def _match_page_size(copy: sqlite3.Connection, page_size: int) -> None:
    """A WAL database only takes a backup of its own page size: rewrite the copy if it differs."""
    if int(copy.execute("PRAGMA page_size").fetchone()[0]) == page_size:
        return
    copy.execute("PRAGMA journal_mode=DELETE")
    copy.execute(f"PRAGMA page_size={int(page_size)}")
    copy.execute("VACUUM")


def replace_content(copy_path: Path, db_path: Path) -> None:
    """Make the live database at ``db_path`` hold what ``copy_path`` holds, atomically.

    Every connection of this process to ``db_path`` must be closed (engine disposed) first.
    """
    if header_problem(db_path) is not None and db_path.exists() and db_path.stat().st_size > 0:
        _rename_over(copy_path, db_path)
        return
    copy = sqlite3.connect(str(copy_path), isolation_level=None)
    try:
        live = sqlite3.connect(str(db_path), isolation_level=None)
        try:
            live.execute("PRAGMA busy_timeout=5000")
            live.execute("PRAGMA synchronous=FULL")
            _match_page_size(copy, int(live.execute("PRAGMA page_size").fetchone()[0]))
            copy.backup(
                live,
                pages=backup_file.STEP_PAGES,
                progress=lambda *_: fault_point("restore-replacing"),
            )
            # Busy when another process reads: the data is committed, the WAL is checkpointed later.
            with contextlib.suppress(sqlite3.Error):
                live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            live.close()
    finally:
        copy.close()


def _rename_over(copy_path: Path, db_path: Path) -> None:
    """The live file is not a database (no valid header): its -wal/-shm belong to nothing."""
    for side in side_files(db_path):
        side.unlink(missing_ok=True)
    os.replace(copy_path, db_path)
    fsync_dir(db_path.parent)


__all__ = ["NoSpaceError", "PrivateFile", "private_copy", "replace_content"]
