"""One recovery path for a database that is missing, empty, foreign or damaged.

netdesk never treats a lost database as a new, empty network while backups of the old one exist:
doing so showed "Your network starts here", and a few daily backups later rotation had pruned
the good copies. Start-up (GUI and command line) and any "malformed" error at run time lead here,
to the same two ways out: put the newest good backup back, or salvage what SQLite can still read
(its ``.recover``) into a fresh, verified database. The damaged file is never deleted: it is
moved aside in the data folder, so even a bad choice can be taken back.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from netdesk.storage.engine import DB_FILENAME
from netdesk.storage.faults import fault_point
from netdesk.storage.integrity import Verdict, header_problem, verify_file

_BACKUP_NAME = re.compile(r"^netdesk-(\d{8}T\d{6}\d{6})Z-(.+)\.sqlite3$")


@dataclass(frozen=True)
class GoodBackup:
    path: Path
    created_at: datetime
    contacts: int


class RecoveryNeeded(RuntimeError):
    """The database cannot be used as it is; ``sentence()`` says what happened and what to do."""

    def __init__(self, kind: str, folder: Path, problem: str, newest_good: GoodBackup | None) -> None:
        super().__init__(problem)
        self.kind = kind  # "missing", "empty", "foreign" or "damaged"
        self.folder = folder
        self.problem = problem
        self.newest_good = newest_good

    @property
    def db_path(self) -> Path:
        return self.folder / DB_FILENAME

    def headline(self) -> str:
        if self.kind in ("missing", "empty"):
            return f"Your netdesk database in {self.folder} is {self.kind}, but backups of it exist."
        return f"Your netdesk database {self.db_path} cannot be used: {self.problem}."

    def sentence(self, program: str = "netdesk") -> str:
        """The command-line version: what happened, the newest good backup, the commands."""
        data_dir = f" --data-dir {_shell_quote(str(self.folder))}"
        lines = [self.headline()]
        if self.newest_good is not None:
            when = self.newest_good.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
            lines.append(
                f"The newest good backup is {self.newest_good.path} ({when}, "
                f"{self.newest_good.contacts} contacts). Restore it with: "
                f"{program}{data_dir} restore {_shell_quote(str(self.newest_good.path))}"
            )
        else:
            lines.append("No backup passes its check.")
        if self.kind in ("damaged", "foreign"):
            lines.append(
                f"Or salvage what can still be read into a new database with: {program}{data_dir} recover "
                "(the damaged file is kept next to it)."
            )
        else:
            lines.append(
                "To start a new, empty network instead, move the backups folder out of the data folder first."
            )
        return "\n".join(lines)


def _shell_quote(text: str) -> str:
    return text if re.fullmatch(r"[\w@%+=:,./-]+", text) else "'" + text.replace("'", "'\"'\"'") + "'"


def backup_files(folder: Path) -> list[tuple[datetime, Path]]:
    """Files in the backups folder named as backups, newest first (partial files never count)."""
    backups = folder / "backups"
    if not backups.is_dir():
        return []
    found: list[tuple[datetime, Path]] = []
    for path in backups.iterdir():
        match = _BACKUP_NAME.match(path.name)
        if match is None or not path.is_file():
            continue
        stamp = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
        found.append((stamp, path))
    return sorted(found, key=lambda item: item[0], reverse=True)


def newest_good_backup(folder: Path) -> GoodBackup | None:
    """The newest backup that passes ``verify_file`` (checking stops at the first good one)."""
    for stamp, path in backup_files(folder):
        verdict = verify_file(path)
        if verdict.ok:
            return GoodBackup(path, stamp, verdict.contacts)
    return None


def diagnose(folder: Path) -> RecoveryNeeded | None:
    """Cheap checks before the database is opened: the file's presence, size and header.

    A missing or 0-byte file with no backups is a first start, not a problem.
    """
    path = folder / DB_FILENAME
    if not path.exists() or path.stat().st_size == 0:
        if not backup_files(folder):
            return None
        kind = "missing" if not path.exists() else "empty"
        return RecoveryNeeded(kind, folder, f"the database file is {kind}", newest_good_backup(folder))
    problem = header_problem(path)
    if problem is None:
        return None
    kind = "foreign" if "not a SQLite database" in problem else "damaged"
    return RecoveryNeeded(kind, folder, problem, newest_good_backup(folder))


def damaged(folder: Path, problem: str) -> RecoveryNeeded:
    """The recovery offer for damage found after opening (quick_check, or an error at run time)."""
    return RecoveryNeeded("damaged", folder, problem, newest_good_backup(folder))


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _move_aside(folder: Path) -> Path | None:
    """Keep the unusable database (and its -wal/-shm) next to it under a dated name."""
    path = folder / DB_FILENAME
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = folder / f"netdesk-damaged-{stamp}.sqlite3"
    moved = None
    for suffix in ("", "-wal", "-shm"):
        source = path.with_name(path.name + suffix)
        if source.exists():
            target = aside.with_name(aside.name + suffix)
            os.replace(source, target)
            if suffix == "":
                moved = target
    return moved


@dataclass(frozen=True)
class RecoverySummary:
    contacts: int
    kept_aside: Path | None
    source: Path | None = None
    dropped_rows: int = 0
    lost_and_found: int = 0


def _put_in_place(folder: Path, prepared: Path) -> Path | None:
    """Swap a verified, fsynced file in as the database; the old one (if any) is moved aside.

    A kill between the two renames leaves no database and every backup untouched: the next start
    says "missing" and offers the same restore again. Nothing is lost at any point.
    """
    fault_point("recovery-before-move-aside")
    kept = _move_aside(folder)
    fault_point("recovery-between-renames")
    os.replace(prepared, folder / DB_FILENAME)
    _fsync_dir(folder)
    return kept


def _remove_stale_work_files(folder: Path) -> None:
    """Copies left by a recovery that was killed half-way (their contents are still elsewhere)."""
    for pattern in (".netdesk-recovering-*", ".netdesk-salvaged-*"):
        for path in folder.glob(pattern):
            path.unlink(missing_ok=True)


def _private_copy(source: Path, folder: Path) -> Path:
    _remove_stale_work_files(folder)
    temp = folder / f".netdesk-recovering-{os.getpid()}.sqlite3"
    fd = os.open(temp, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    try:
        with source.open("rb") as src, os.fdopen(fd, "wb", closefd=False) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(fd)
    finally:
        os.close(fd)
    return temp


def restore_backup(folder: Path, backup: Path) -> RecoverySummary:
    """Put ``backup`` in place of an unusable database (copied first: the backup stays as it is).

    For a working database use ``BackupService.restore``, which also backs up the current data.
    """
    if not backup.is_file():
        raise RecoveryError(f"{backup} does not exist or is not a file; nothing was changed.")
    try:
        temp = _private_copy(backup, folder)
    except OSError as exc:
        raise RecoveryError(
            f"{backup} could not be copied ({exc.strerror or exc.__class__.__name__}); nothing was changed."
        ) from None
    try:
        verdict: Verdict = verify_file(temp, full=True)
        if not verdict.ok:
            raise RecoveryError(
                f"The backup {backup} cannot be restored: {verdict.problem}. Nothing was changed."
            )
        kept = _put_in_place(folder, temp)
    finally:
        temp.unlink(missing_ok=True)
    return RecoverySummary(verdict.contacts, kept, backup)


class RecoveryError(RuntimeError):
    """Recovery could not be done; the message says why, and nothing was changed."""


def salvage(folder: Path) -> RecoverySummary:
    """Rebuild the database from whatever SQLite can still read of it (see ``netdesk.storage.salvage``)."""
    from netdesk.storage.salvage import SalvageError, salvage_into

    source = folder / DB_FILENAME
    if not source.exists():
        raise RecoveryError(f"There is no database in {folder} to salvage; restore a backup instead.")
    _remove_stale_work_files(folder)
    temp = folder / f".netdesk-salvaged-{os.getpid()}.sqlite3"
    try:
        try:
            report = salvage_into(source, temp, [path for _stamp, path in backup_files(folder)])
        except (SalvageError, sqlite3.Error, OSError) as exc:
            raise RecoveryError(f"Salvaging {source} failed ({exc}); nothing was changed.") from None
        verdict = verify_file(temp, full=True)
        if not verdict.ok:
            raise RecoveryError(
                f"The salvaged database did not pass its check ({verdict.problem}); nothing was changed."
            )
        kept = _put_in_place(folder, temp)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            temp.with_name(temp.name + suffix).unlink(missing_ok=True)
    return RecoverySummary(verdict.contacts, kept, None, report.dropped_rows, report.lost_and_found)
