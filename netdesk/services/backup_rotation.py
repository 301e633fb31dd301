"""Which backups to keep: a ladder in time, within a size budget, never the last good copy.

The ladder keeps the last 5 backups, the newest of each of the 14 most recent days that have
one, and the newest of each of the 12 most recent months that have one. Days and months are
counted among those *with backups* rather than back from today, so someone who does not open
netdesk for a season still finds their older history (and a wrong system clock prunes nothing
by itself). Only verified backups enter the ladder; a file that merely looks like a backup but
fails its check is never counted as one of "the last 5" and never removed by rotation either:
it is not ours to judge, and the listing shows it.

The budget (default: 500 MB or 20× the database, whichever is larger) then drops the oldest
ladder rungs while the backups folder is over it, but it never removes the newest verified
backup, the newest backup of each day of the week before it, or a protected file (the backup
being restored, the safety copy made before a restore).
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

KEEP_LAST = 5
KEEP_DAYS = 14
KEEP_MONTHS = 12
BUDGET_PROTECTED_DAYS = 7
DEFAULT_BUDGET_MB = 500
BUDGET_DB_FACTOR = 20
BUDGET_ENV = "NETDESK_BACKUP_BUDGET_MB"
SETTINGS_FILE = "backup-settings.json"
MB = 1_048_576


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: datetime
    reason: str
    size: int
    verified: bool = True
    contacts: int | None = None
    revision: str | None = None
    problem: str | None = None  # why a file that looks like a backup fails its check


@dataclass(frozen=True)
class Budget:
    bytes: int
    source: str  # "default", "setting" (the settings file) or "environment" (NETDESK_BACKUP_BUDGET_MB)


def _newest_per(backups: Iterable[BackupInfo], pattern: str, limit: int) -> set[Path]:
    """The newest backup of each of the ``limit`` most recent periods (local time) that have one."""
    chosen: dict[str, Path] = {}
    for backup in backups:  # newest first
        key = backup.created_at.astimezone().strftime(pattern)
        if key not in chosen:
            if len(chosen) >= limit:
                break
            chosen[key] = backup.path
    return set(chosen.values())


def to_keep(
    backups: list[BackupInfo], *, budget: int | None = None, protect: Collection[Path] = ()
) -> set[Path]:
    """The paths rotation keeps; everything else in ``backups`` may be deleted."""
    newest_first = sorted(backups, key=lambda b: b.created_at, reverse=True)
    good = [b for b in newest_first if b.verified]
    keep = {b.path for b in newest_first if not b.verified or b.path in protect}
    if not good:
        return keep
    must = {good[0].path} | {b.path for b in good if b.path in protect}
    if budget is not None:
        # Calendar days here, counted back from the newest good backup (not from the clock).
        last_week = good[0].created_at - timedelta(days=BUDGET_PROTECTED_DAYS)
        recent = [b for b in good if b.created_at.astimezone().date() > last_week.astimezone().date()]
        must |= _newest_per(recent, "%Y-%m-%d", BUDGET_PROTECTED_DAYS)
    ladder = {b.path for b in good[:KEEP_LAST]}
    ladder |= _newest_per(good, "%Y-%m-%d", KEEP_DAYS)
    ladder |= _newest_per(good, "%Y-%m", KEEP_MONTHS)
    ladder |= must
    keep |= ladder
    if budget is not None:
        size = {b.path: b.size for b in newest_first}
        total = sum(size[p] for p in keep)
        for backup in reversed(good):  # oldest first
            if total <= budget:
                break
            if backup.path in keep and backup.path not in must:
                keep.discard(backup.path)
                total -= size[backup.path]
    return keep


def _configured_mb(folder: Path) -> tuple[float, str] | None:
    env = os.environ.get(BUDGET_ENV, "").strip()
    if env:
        try:
            value = float(env)
        except ValueError:
            value = -1
        if value > 0:
            return value, "environment"
    try:
        data = json.loads((folder / SETTINGS_FILE).read_text(encoding="utf-8"))
        value = float(data["budget_mb"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return (value, "setting") if value > 0 else None


def budget_for(folder: Path, db_size: int) -> Budget:
    """The size budget of the backups folder: the env var, else the settings file, else the default."""
    configured = _configured_mb(folder)
    if configured is not None:
        return Budget(int(configured[0] * MB), configured[1])
    return Budget(max(DEFAULT_BUDGET_MB * MB, BUDGET_DB_FACTOR * db_size), "default")


def save_budget(folder: Path, megabytes: float | None) -> None:
    """Store the budget in the data folder's settings file (``None`` returns to the default)."""
    path = folder / SETTINGS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    if megabytes is None:
        data.pop("budget_mb", None)
    else:
        data["budget_mb"] = megabytes
    temp = folder / f".{SETTINGS_FILE}.{secrets.token_hex(4)}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
