"""Automatic and manual backups, rotation, and restore: the safety net must never destroy data.

Backups are written by ``storage.backup_file`` (hidden partial file, SQLite backup API, fsync,
check, atomic rename), so a file named like a backup is always a complete, verified one. One is
made each day (by the app a few seconds after start, and by the first command-line call of the
day that opens the database), before every import, before a restore and before a schema
migration. Rotation (``backup_rotation``) runs only after a verified backup or a successful
restore: a database that fails its check prunes nothing, since its backups may be all that is
left of the data. Which files passed their check is remembered in a small manifest beside them
(``.netdesk-verified.json``, name, size and mtime), so listing and rotating do not re-read every
backup each time; a file the manifest does not know is checked once.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from netdesk.services.backup_rotation import BackupInfo, Budget, budget_for, save_budget, to_keep
from netdesk.services.database import Database
from netdesk.storage.backup_file import (
    DAMAGED_DIR,
    NoSpaceError,
    UnverifiedBackupError,
    WrittenBackup,
    backup_name,
    ensure_backup_dir,
    remove_stale_partials,
    write_backup,
)
from netdesk.storage.backup_names import has_backup_on, stamp
from netdesk.storage.engine import DB_FILENAME
from netdesk.storage.integrity import header_problem, verify_file
from netdesk.storage.restore_file import private_copy

__all__ = [
    "BackupError",
    "BackupInfo",
    "BackupService",
    "BackupUsage",
    "RestoreSummary",
    "daily_backup_quietly",
    "live_database_sound",
    "parse_backup_name",
    "to_keep",
]

MANIFEST = ".netdesk-verified.json"


class BackupError(RuntimeError):
    """A backup could not be made or restored; the message says what to do."""


@dataclass(frozen=True)
class RestoreSummary:
    restored_from: Path
    safety_backup: Path
    contacts: int
    migrated: bool


@dataclass(frozen=True)
class BackupUsage:
    count: int
    total: int
    budget: Budget


def parse_backup_name(path: Path) -> BackupInfo | None:
    """The backup a file name describes (size from the file), or None for any other file."""
    parsed = stamp(path.name)
    if parsed is None:
        return None
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return BackupInfo(path, parsed[0], parsed[1], size)


class BackupService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- listing -------------------------------------------------------------------------

    def backups(self) -> list[BackupInfo]:
        """Backups, newest first, each with whether it passes its check (checked once, then cached)."""
        folder = self.db.backup_dir
        if not folder.is_dir():
            return []
        manifest = self._read_manifest()
        changed = False
        found: list[BackupInfo] = []
        for path in folder.glob("netdesk-*.sqlite3"):
            parsed = stamp(path.name)
            if parsed is None:
                continue
            try:
                stat = path.stat()
            except OSError:
                continue
            entry = manifest.get(path.name)
            if not (isinstance(entry, dict) and entry.get("key") == [stat.st_size, stat.st_mtime_ns]):
                verdict = verify_file(path)
                entry = {
                    "key": [stat.st_size, stat.st_mtime_ns],
                    "ok": verdict.ok,
                    "contacts": verdict.contacts if verdict.ok else None,
                    "revision": verdict.revision,
                    "problem": verdict.problem,
                }
                manifest[path.name] = entry
                changed = True
            found.append(
                BackupInfo(
                    path,
                    parsed[0],
                    parsed[1],
                    stat.st_size,
                    verified=bool(entry.get("ok")),
                    contacts=_int_or_none(entry.get("contacts")),
                    revision=_str_or_none(entry.get("revision")),
                    problem=_str_or_none(entry.get("problem")),
                )
            )
        names = {b.path.name for b in found}
        if changed or set(manifest) - names:
            self._write_manifest({k: v for k, v in manifest.items() if k in names})
        return sorted(found, key=lambda b: b.created_at, reverse=True)

    def budget(self) -> Budget:
        try:
            db_size = self.db.path.stat().st_size
        except OSError:
            db_size = 0
        return budget_for(self.db.folder, db_size)

    def set_budget(self, megabytes: float | None) -> Budget:
        save_budget(self.db.folder, megabytes)
        return self.budget()

    def usage(self, backups: list[BackupInfo] | None = None) -> BackupUsage:
        listed = self.backups() if backups is None else backups
        return BackupUsage(len(listed), sum(b.size for b in listed), self.budget())

    def has_backup_today(self, now: datetime | None = None) -> bool:
        """A name listing only (no file is opened): cheap enough for every command-line call."""
        return has_backup_on(self.db.backup_dir, (now or datetime.now(UTC)).astimezone().date())

    # -- writing -------------------------------------------------------------------------

    def backup_now(self, reason: str = "manual", *, prune: bool = True) -> Path:
        """A verified copy of the database now; with ``prune``, old backups are rotated afterwards."""
        path = self._write(reason)
        if prune:
            self.prune(protect={path}, current_ok=True)
        return path

    def _write(self, reason: str, *, keep_damaged: bool = False) -> Path:
        """Write one backup. With ``keep_damaged`` a database failing its check is still copied
        (to ``damaged/``, not a backup rotation counts) and that copy's path returned."""
        folder = self.db.backup_dir
        remove_stale_partials(self.db.folder)  # restore copies left by a killed process
        try:
            written = write_backup(self.db.path, folder, reason)
        except NoSpaceError as exc:
            raise BackupError(
                f"The backup was not made: {exc}. Free some space or move older backups "
                "elsewhere; your database was not changed."
            ) from None
        except UnverifiedBackupError as exc:
            if keep_damaged:
                return exc.kept
            raise BackupError(
                f"The backup was not made because your database fails its check ({exc.problem}). "
                f"A copy was put aside in {exc.kept.parent} and no older backup was removed; "
                "restore a backup with File › Restore… or netdesk restore."
            ) from None
        except sqlite3.DatabaseError as exc:
            if keep_damaged and header_problem(self.db.path) is not None:
                return self._raw_copy_to_damaged(reason)
            raise BackupError(
                f"The backup was not made: your database cannot be read ({exc}). "
                "Restore a backup with File › Restore… or netdesk restore."
            ) from None
        except (OSError, sqlite3.Error) as exc:
            raise BackupError(
                f"The backup could not be written to {folder} ({exc.__class__.__name__}: "
                f"{getattr(exc, 'strerror', None) or exc}); check the folder's permissions. "
                "Your database was not changed."
            ) from None
        self._remember(written)
        return written.path

    def ensure_daily(self, now: datetime | None = None) -> Path | None:
        """Make today's backup unless one exists; called at start-up by the app and the CLI."""
        if self.has_backup_today(now):
            return None
        return self.backup_now("daily")

    def safety_backup(self) -> Path:
        """The copy made before a restore, not rotated yet. A damaged database is copied too
        (to ``damaged/``): restoring is how the user gets out of that state."""
        return self._write("before-restore", keep_damaged=True)

    def _raw_copy_to_damaged(self, reason: str) -> Path:
        """The bytes of a live file SQLite cannot even open, kept before it is replaced."""
        folder = self.db.backup_dir / DAMAGED_DIR
        ensure_backup_dir(folder)
        try:
            copy = private_copy(self.db.path, folder)
        except NoSpaceError as exc:
            raise BackupError(f"Nothing was changed: {exc}. Free some space and try again.") from None
        with copy:
            assert copy.path is not None
            target = folder / backup_name(reason, datetime.now(UTC))
            os.replace(copy.path, target)
            copy.keep()
        return target

    # -- rotation ------------------------------------------------------------------------

    def prune(self, protect: Collection[Path] = (), *, current_ok: bool = False) -> list[Path]:
        """Delete backups rotation does not keep; nothing at all while the database fails its check.

        ``current_ok`` says the caller has just verified the database (a verified backup of it,
        or a verified restore); otherwise it is checked here first.
        """
        if not current_ok and not verify_file(self.db.path).ok:
            return []
        backups = self.backups()
        protected = {_real(p) for p in protect}
        protect_paths = {b.path for b in backups if _real(b.path) in protected}
        keep = to_keep(backups, budget=self.budget().bytes, protect=protect_paths)
        removed = []
        for backup in backups:
            if backup.path not in keep:
                backup.path.unlink(missing_ok=True)
                removed.append(backup.path)
        return removed

    def restore(self, source: Path) -> RestoreSummary:
        """Replace the database with ``source`` (see ``backup_restore``)."""
        from netdesk.services.backup_restore import restore_backup

        return restore_backup(self, Path(source))

    def refusal(self, source: Path) -> str | None:
        """Why restoring ``source`` would be refused, checked on a private copy; None if it would not."""
        from netdesk.services.backup_restore import refusal

        return refusal(self, Path(source))

    # -- manifest ------------------------------------------------------------------------

    def _read_manifest(self) -> dict[str, dict[str, object]]:
        try:
            data = json.loads((self.db.backup_dir / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write_manifest(self, manifest: dict[str, dict[str, object]]) -> None:
        """Best effort: the manifest is a cache; losing it only means checking files again."""
        folder = self.db.backup_dir
        temp = folder / f"{MANIFEST}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(manifest, handle)
            os.replace(temp, folder / MANIFEST)
        except OSError:
            temp.unlink(missing_ok=True)

    def _remember(self, written: WrittenBackup) -> None:
        if written.verdict is None:
            return
        stat = written.path.stat()
        manifest = self._read_manifest()
        manifest[written.path.name] = {
            "key": [stat.st_size, stat.st_mtime_ns],
            "ok": written.verdict.ok,
            "contacts": written.verdict.contacts,
            "revision": written.verdict.revision,
            "problem": written.verdict.problem,
        }
        self._write_manifest(manifest)


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _real(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except OSError:
        return Path(path).absolute()


def live_database_sound(folder: Path) -> bool:
    """Whether the database in ``folder`` can be restored over the ordinary way (with a safety
    backup first); otherwise the recovery path puts the backup in place of the unusable file."""
    from netdesk.services.recovery import diagnose

    live = folder / DB_FILENAME
    if diagnose(folder) is not None:
        return False
    return not live.exists() or live.stat().st_size == 0 or verify_file(live).ok


def daily_backup_quietly(db: Database) -> str | None:
    """The command line's daily backup: None when fine, else a sentence to show (never raises)."""
    if getattr(db, "read_only", False):
        return None  # a read-only data folder: nothing can be written, and that was said already
    try:
        BackupService(db).ensure_daily()
    except BackupError as exc:
        return f"Today's automatic backup was not made: {exc}"
    except (OSError, sqlite3.Error) as exc:  # e.g. rotation could not delete an old file
        return f"Today's automatic backup was not finished ({exc.__class__.__name__}); run netdesk backup."
    return None
