"""Automatic and manual backups, retention, and restore.

Backups go through SQLite's backup API (``storage.migrate.backup_copy``), so they are consistent
even while the app has the database open in WAL mode — a file copy could catch a half-applied
transaction. One is made daily (on the first start of the day), before every import, before a
restore and before a schema migration; retention keeps the newest per day for 7 days, per week
for 4 weeks and per month for 6 months, plus always the last few, so a backup made minutes ago
for a risky action is never the one pruned.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from netdesk.services.database import Database
from netdesk.storage.migrate import DatabaseTooNewError, backup_copy, known_revisions, upgrade

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 6
KEEP_LAST = 3
_NAME = re.compile(r"^netdesk-(\d{8}T\d{6})(\d{6})Z-(.+)\.sqlite3$")


class BackupError(RuntimeError):
    """A backup could not be made or restored; the message says what to do."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: datetime
    reason: str
    size: int


@dataclass(frozen=True)
class RestoreSummary:
    restored_from: Path
    safety_backup: Path
    contacts: int
    migrated: bool


def parse_backup_name(path: Path) -> BackupInfo | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    stamp = datetime.strptime(match.group(1) + match.group(2), "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return BackupInfo(path, stamp, match.group(3), size)


def to_keep(backups: list[BackupInfo]) -> set[Path]:
    """Grandfather-father-son retention over every backup, whatever its reason."""
    newest_first = sorted(backups, key=lambda b: b.created_at, reverse=True)
    keep = {b.path for b in newest_first[:KEEP_LAST]}
    buckets: tuple[tuple[int, str], ...] = (
        (KEEP_DAILY, "%Y-%m-%d"),
        (KEEP_WEEKLY, "%G-W%V"),
        (KEEP_MONTHLY, "%Y-%m"),
    )
    for limit, pattern in buckets:
        seen: list[str] = []
        for backup in newest_first:
            key = backup.created_at.strftime(pattern)
            if key in seen:
                continue
            if len(seen) >= limit:
                break
            seen.append(key)
            keep.add(backup.path)
    return keep


class BackupService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def backups(self) -> list[BackupInfo]:
        """Backups, newest first."""
        folder = self.db.backup_dir
        if not folder.is_dir():
            return []
        found = [info for p in folder.glob("netdesk-*.sqlite3") if (info := parse_backup_name(p))]
        return sorted(found, key=lambda b: b.created_at, reverse=True)

    def backup_now(self, reason: str = "manual") -> Path:
        """A consistent copy of the database now; old backups are pruned afterwards."""
        reason = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-") or "manual"
        try:
            path = backup_copy(self.db.path, self.db.backup_dir, reason)
        except (OSError, sqlite3.Error) as exc:
            raise BackupError(
                f"The backup could not be written to {self.db.backup_dir} ({exc}); "
                "check free disk space and folder permissions."
            ) from exc
        self.prune()
        return path

    def ensure_daily(self, now: datetime | None = None) -> Path | None:
        """Make today's backup unless one exists; called at start-up by the app and the CLI."""
        today = (now or datetime.now(UTC)).astimezone(UTC).date()
        if any(b.created_at.date() == today for b in self.backups()):
            return None
        return self.backup_now("daily")

    def prune(self) -> list[Path]:
        backups = self.backups()
        keep = to_keep(backups)
        removed = []
        for backup in backups:
            if backup.path not in keep:
                backup.path.unlink(missing_ok=True)
                removed.append(backup.path)
        return removed

    def restore(self, source: Path) -> RestoreSummary:
        """Replace the database with ``source`` after backing up the current one.

        The search index travels inside the backup, so it needs no rebuild. Open windows must
        reload their lists afterwards. The file is checked first (a SQLite database, intact, written by a netdesk this version
        can read), so a wrong file never replaces good data.
        """
        source = Path(source)
        self._check(source)
        safety = self.backup_now("before-restore")
        self.db.engine.dispose()
        try:
            src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            try:
                dest = sqlite3.connect(self.db.path)
                try:
                    src.backup(dest)
                finally:
                    dest.close()
            finally:
                src.close()
        except sqlite3.Error as exc:
            raise BackupError(
                f"Restoring {source} failed ({exc}); your data is unchanged and was also saved to {safety}."
            ) from exc
        self.db.engine.dispose()
        migrated = upgrade(self.db.engine, self.db.path, self.db.backup_dir)
        with self.db.engine.connect() as conn:
            contacts = int(conn.exec_driver_sql("SELECT count(*) FROM contact").scalar() or 0)
        return RestoreSummary(source, safety, contacts, migrated)

    def _check(self, source: Path) -> None:
        if not source.is_file():
            raise BackupError(f"{source} does not exist; pick a backup file (netdesk backup --list).")
        try:
            conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            try:
                ok = conn.execute("PRAGMA quick_check").fetchone()
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                conn.execute("SELECT count(*) FROM contact").fetchone()
            finally:
                conn.close()
        except sqlite3.Error as exc:
            raise BackupError(
                f"{source} is not a netdesk database ({exc}); nothing was changed. "
                "Pick a file from the backups folder."
            ) from None
        if not ok or ok[0] != "ok":
            raise BackupError(f"{source} is damaged ({ok[0] if ok else 'no answer'}); nothing was changed.")
        if row is None or row[0] not in known_revisions():
            raise DatabaseTooNewError(
                f"{source} was written by a newer version of netdesk; install it to restore this "
                "backup. Nothing was changed."
            )
