"""Writing one backup file so that no failure, full disk or ``kill -9`` leaves a false backup.

A backup is only worth anything if the file that *looks* like a backup is one. So the copy is
made under a hidden name the backup listing ignores (``.netdesk-….partial``, created 0600 with
``O_EXCL``), through SQLite's backup API (consistent even while the app writes in WAL mode, where
a file copy could catch half a transaction), fsynced, checked with ``integrity.verify_file``, and
only then renamed to its final name with ``os.replace`` (atomic) and the folder fsynced, so the
name survives a power cut. A process killed before the rename leaves only a partial file, which
the next backup removes; partials of a backup still running in another process are recognised by
the ``flock`` their writer holds and left alone.

A full disk (ENOSPC, or EFBIG from a file size limit) is told apart from other I/O errors, so the
user gets "not enough free space in <folder>" rather than SQLite's "disk I/O error".
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType

from netdesk.storage.backup_names import BACKUP_NAME as BACKUP_NAME  # re-exported
from netdesk.storage.faults import fault_point
from netdesk.storage.integrity import Verdict, verify_file

try:  # POSIX: a partial whose writer still runs is locked; Windows falls back to the file's age
    import fcntl
except ImportError:  # pragma: no cover - not on Linux
    fcntl = None  # type: ignore[assignment]

PARTIAL_GLOB = ".netdesk-*.partial"
DAMAGED_DIR = "damaged"
# Pages copied per backup step; between steps a fault-injection test can kill the process.
STEP_PAGES = 4096
_SPACE_ERRNOS = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_STALE_WITHOUT_LOCKS = timedelta(hours=6)
_SIDE_SUFFIXES = ("-journal", "-wal", "-shm")


class NoSpaceError(OSError):
    """The disk (or a file size limit) has no room for the copy; the message says where."""

    def __init__(self, folder: Path, needed: int) -> None:
        mb = max(needed / 1_048_576, 0.1)
        super().__init__(
            errno.ENOSPC, f"there is not enough free space in {folder} (about {mb:.1f} MB is needed)"
        )
        self.folder = folder
        self.needed = needed

    def __str__(self) -> str:
        return str(self.strerror)


class UnverifiedBackupError(RuntimeError):
    """The copy was made but fails its check: the database itself is damaged or not netdesk's.

    ``kept`` is where the copy was put aside (the ``damaged`` folder, never listed as a backup
    nor rotated), so whatever can be salvaged from it is not lost.
    """

    def __init__(self, kept: Path, problem: str) -> None:
        super().__init__(problem)
        self.kept = kept
        self.problem = problem


@dataclass(frozen=True)
class WrittenBackup:
    path: Path
    verdict: Verdict | None  # None when written without a check


def safe_reason(reason: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-") or "manual"


def backup_name(reason: str, when: datetime) -> str:
    return f"netdesk-{when.astimezone(UTC).strftime('%Y%m%dT%H%M%S%fZ')}-{safe_reason(reason)}.sqlite3"


def side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in _SIDE_SUFFIXES]


class PrivateFile:
    """A new 0600 file created with O_EXCL and locked (flock) for as long as it is open.

    ``close()`` removes the file (and SQLite's side files) unless ``keep()`` was called after it
    was renamed away.
    """

    def __init__(self, path: Path, fd: int) -> None:
        self.path: Path | None = path
        self.fd = fd

    @classmethod
    def create(cls, folder: Path, stem: str) -> PrivateFile:
        path = folder / f".{stem}.{secrets.token_hex(4)}.partial"
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return cls(path, fd)

    def keep(self) -> None:
        self.path = None

    def close(self) -> None:
        if self.path is not None:
            for leftover in (self.path, *side_files(self.path)):
                leftover.unlink(missing_ok=True)
            self.path = None
        if self.fd >= 0:
            os.close(self.fd)  # releases the flock
            self.fd = -1

    def __enter__(self) -> PrivateFile:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def remove_stale_partials(folder: Path) -> list[Path]:
    """Delete partial files left by a killed process; those a live writer holds stay."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for partial in folder.glob(PARTIAL_GLOB):
        if _in_use(partial):
            continue
        for leftover in (partial, *side_files(partial)):
            if leftover.exists():
                leftover.unlink(missing_ok=True)
                removed.append(leftover)
    for orphan in folder.glob(PARTIAL_GLOB + "-*"):
        base = orphan.with_name(orphan.name.rsplit("-", 1)[0])
        if not base.exists():
            orphan.unlink(missing_ok=True)
            removed.append(orphan)
    return removed


def _in_use(partial: Path) -> bool:
    if fcntl is None:  # pragma: no cover - not on Linux
        try:
            age = datetime.now(UTC).timestamp() - partial.stat().st_mtime
        except OSError:
            return False
        return age < _STALE_WITHOUT_LOCKS.total_seconds()
    try:
        fd = os.open(partial, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows cannot open a folder for this)."""
    if os.name == "nt":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def bytes_needed(db_path: Path) -> int:
    """An upper bound of a copy's size: the database plus what its WAL may still hold."""
    total = 0
    for path in (db_path, db_path.with_name(db_path.name + "-wal")):
        with contextlib.suppress(OSError):
            total += path.stat().st_size
    return total


def is_out_of_space(exc: BaseException, folder: Path, needed: int) -> bool:
    """Whether a failed write was a full disk or file size limit, not some other I/O error.

    SQLite reports ENOSPC as SQLITE_FULL but EFBIG (a size limit) only as "disk I/O error", so
    after an unexplained failure a probe tries to allocate the space the copy needs.
    """
    if isinstance(exc, OSError) and exc.errno in _SPACE_ERRNOS:
        return True
    if isinstance(exc, sqlite3.Error) and getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL":
        return True
    try:
        if shutil.disk_usage(folder).free < needed:
            return True
    except OSError:
        pass
    if not hasattr(os, "posix_fallocate"):  # pragma: no cover - macOS, Windows
        return False
    try:
        probe = PrivateFile.create(folder, "netdesk-space-probe")
    except OSError as probe_error:
        return probe_error.errno in _SPACE_ERRNOS
    with probe:
        try:
            os.posix_fallocate(probe.fd, 0, max(needed, 1))
        except OSError as alloc_error:
            return alloc_error.errno in _SPACE_ERRNOS
    return False


def _copy_database(db_path: Path, target: Path) -> None:
    """SQLite backup API, in steps (between which a fault test may kill us), into ``target``.

    The copy is switched to rollback-journal mode so the backup is one self-contained file:
    opened later, it needs no -wal/-shm beside it.
    """
    source = sqlite3.connect(str(db_path), isolation_level=None)
    try:
        source.execute("PRAGMA busy_timeout=5000")
        dest = sqlite3.connect(str(target), isolation_level=None)
        try:
            source.backup(dest, pages=STEP_PAGES, progress=lambda *_: fault_point("backup-copying"))
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
    finally:
        source.close()


def _free_final_name(backup_dir: Path, reason: str) -> Path:
    when = datetime.now(UTC)
    final = backup_dir / backup_name(reason, when)
    while final.exists():  # two backups in one microsecond: never replace one with the other
        when += timedelta(microseconds=1)
        final = backup_dir / backup_name(reason, when)
    return final


def ensure_backup_dir(backup_dir: Path) -> None:
    if not backup_dir.exists():
        backup_dir.mkdir(parents=True, mode=0o700)
        backup_dir.chmod(0o700)


def write_backup(db_path: Path, backup_dir: Path, reason: str, *, verify: bool = True) -> WrittenBackup:
    """A consistent, verified backup of ``db_path`` in ``backup_dir``, or nothing that looks like one.

    Raises NoSpaceError on a full disk, UnverifiedBackupError when the copy fails its check
    (the copy is kept in ``damaged/``), sqlite3.Error / OSError otherwise. The database itself is
    only read.
    """
    ensure_backup_dir(backup_dir)
    remove_stale_partials(backup_dir)
    needed = bytes_needed(db_path)
    final = _free_final_name(backup_dir, reason)
    try:
        partial = PrivateFile.create(backup_dir, final.name)
    except OSError as exc:
        if is_out_of_space(exc, backup_dir, needed):
            raise NoSpaceError(backup_dir, needed) from None
        raise
    with partial:
        assert partial.path is not None
        try:
            _copy_database(db_path, partial.path)
            os.fsync(partial.fd)
        except (sqlite3.Error, OSError) as exc:
            partial.close()  # free the space before probing for it
            if is_out_of_space(exc, backup_dir, needed):
                raise NoSpaceError(backup_dir, needed) from None
            raise
        fault_point("backup-synced")
        verdict = verify_file(partial.path) if verify else None
        if verdict is not None and not verdict.ok:
            damaged = backup_dir / DAMAGED_DIR
            ensure_backup_dir(damaged)
            kept = damaged / final.name
            os.replace(partial.path, kept)
            partial.keep()
            raise UnverifiedBackupError(kept, verdict.problem or "it fails its check")
        os.replace(partial.path, final)
        partial.keep()
        fault_point("backup-renamed")
        fsync_dir(backup_dir)
    return WrittenBackup(final, verdict)
