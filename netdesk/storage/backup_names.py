"""Backup file names: ``netdesk-<UTC time to the microsecond>Z-<reason>.sqlite3``.

Standard library only, so the command line's fast paths can ask "is there a backup from today?"
without importing the backup machinery.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime
from pathlib import Path

BACKUP_NAME = re.compile(r"^netdesk-(\d{8}T\d{6})(\d{6})Z-([a-z0-9-]+)\.sqlite3$")


def stamp(name: str) -> tuple[datetime, str] | None:
    """(when, reason) of a backup file name, or None for any other file."""
    match = BACKUP_NAME.match(name)
    if match is None:
        return None
    when = datetime.strptime(match.group(1) + match.group(2), "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
    return when, match.group(3)


def has_backup_on(folder: Path, day: date) -> bool:
    """A name listing only (no file is opened): cheap enough for every command-line call."""
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    return any((parsed := stamp(n)) and parsed[0].astimezone().date() == day for n in names)
