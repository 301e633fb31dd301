""" "database is locked": recognising it, and finding which program holds the database.

Both the command line (``netdesk.commands.locking``) and the window (``netdesk.ui.busy``) turn
a lock that outlasts SQLite's busy timeout into a sentence that names the other program, so the
user knows what to close. No stored value and no command line of another process is ever shown:
only its program name and pid.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from netdesk.services.paths import data_dir
from netdesk.storage.names import DB_FILENAME

#: In WAL mode the writer holds an exclusive lock on this byte of the -shm file (WAL_WRITE_LOCK).
_WAL_WRITE_BYTE = 120
#: In rollback-journal mode a writer holds this byte of the database file (RESERVED_BYTE).
_RESERVED_BYTE = 0x40000001


@dataclass(frozen=True, slots=True)
class Holder:
    pid: int
    program: str

    def __str__(self) -> str:
        return f"{self.program} (pid {self.pid})"


def is_lock_error(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" (or "... table is locked"), however wrapped."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        orig = getattr(current, "orig", None)  # SQLAlchemy's DBAPIError (not imported: cheap)
        if isinstance(orig, BaseException) and id(orig) not in seen:
            current = orig
            continue
        if isinstance(current, sqlite3.OperationalError) and "is locked" in str(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def database_path(folder: Path | str | None = None) -> Path:
    """The database file of the data folder ``folder`` (or the default one)."""
    return data_dir(folder) / DB_FILENAME


def _side_files(db_path: Path) -> list[Path]:
    return [db_path, db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")]


def _program(pid: int) -> str:
    """ "netdesk" for a netdesk process (however started), else the kernel's program name."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        argv = []
    names = [os.path.basename(a.decode(errors="replace")) for a in argv[:3]]
    if names and (names[0] == "netdesk" or "netdesk" in names[1:3] or names[0].startswith("netdesk")):
        return "netdesk"
    try:
        return Path(f"/proc/{pid}/comm").read_text(errors="replace").strip() or "a program"
    except OSError:
        return "a program"


def _lock_owners(db_path: Path) -> list[int]:
    """Pids holding the write lock, from /proc/locks (Linux): exact when it can be read."""
    wanted: set[tuple[str, int, int]] = set()
    for path, byte in ((_side_files(db_path)[2], _WAL_WRITE_BYTE), (db_path, _RESERVED_BYTE)):
        try:
            st = path.stat()
        except OSError:
            continue
        wanted.add((f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}", byte, byte))
    try:
        lines = Path("/proc/locks").read_text().splitlines()
    except OSError:
        return []
    owners: list[int] = []
    for line in lines:
        fields = line.split()
        if "->" in fields or len(fields) < 8 or fields[3] != "WRITE":
            continue  # a blocked waiter, or a read lock
        try:
            pid, start = int(fields[4]), int(fields[6])
            end = int(fields[7]) if fields[7] != "EOF" else 1 << 62
        except ValueError:
            continue
        ours = pid <= 0 or pid == os.getpid() or pid in owners
        if not ours and any(fields[5] == key and start <= lo and hi <= end for key, lo, hi in wanted):
            owners.append(pid)
    return owners


def _openers(db_path: Path) -> list[int]:
    """Pids with the database, its -wal or its -shm open, by scanning /proc/*/fd."""
    targets = {os.path.realpath(p) for p in _side_files(db_path)}
    found: list[int] = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            fds = os.listdir(f"/proc/{entry}/fd")
        except OSError:
            continue  # gone, or another user's
        for fd in fds:
            try:
                if os.readlink(f"/proc/{entry}/fd/{fd}") in targets:
                    found.append(int(entry))
                    break
            except OSError:
                continue
    return sorted(found)


def holders(db_path: Path) -> list[Holder]:
    """Who holds the database: the write lock's owner when the kernel says, else every other
    process that has it open (readers included: on Linux the scan cannot tell them apart)."""
    pids = _lock_owners(db_path) or _openers(db_path)
    return [Holder(pid, _program(pid)) for pid in pids]


def describe(found: list[Holder]) -> str:
    """ "netdesk (pid 4242)", "netdesk (pid 1) or python3 (pid 2)", or "another program"."""
    if not found:
        return "another program"
    return " or ".join(str(h) for h in found[:4])


def write_lock_free(db_path: Path) -> bool:
    """True unless another connection holds the write lock right now: a cheap probe (a plain
    connection, no busy timeout, ``BEGIN IMMEDIATE`` then ``ROLLBACK``) that lets a worker wait
    for the lock without re-running work that has side effects. Any other error counts as free,
    so the real operation runs and reports it."""
    try:
        conn = sqlite3.connect(str(db_path), timeout=0, isolation_level=None)
    except sqlite3.Error:
        return True
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as exc:
        return not is_lock_error(exc)
    finally:
        conn.close()
