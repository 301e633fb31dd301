"""What most commands need: the database opened with a clear message when that fails."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from netdesk.commands.output import configure_stdout, error

if TYPE_CHECKING:
    from netdesk.services.database import Database

# Every command module imports this one to register its parser, and ``netdesk --version`` builds
# that parser: so nothing here imports SQLAlchemy or a service at module level (issue 15).


class UsageError(Exception):
    """A wrong option value or combination; the command line exits with status 2."""


def open_db_or_exit(
    args: argparse.Namespace, *, recovering: bool = False, daily_backup: bool = True
) -> Database:
    """The database, or a sentence and exit 1: never a new, empty network in place of a lost one.

    The first command of the day that opens the database also makes the daily backup (a folder
    listing when today's exists); ``backup`` and ``restore`` make their own instead.
    """
    import sqlite3

    from sqlalchemy.exc import DatabaseError, OperationalError

    from netdesk.commands import locking
    from netdesk.services.backup import daily_backup_quietly
    from netdesk.services.database import (
        DatabaseTooNewError,
        ReadOnlyDataError,
        RecoveryNeeded,
        open_database,
    )
    from netdesk.services.locks import is_lock_error

    configure_stdout()
    try:
        db = open_database(
            getattr(args, "data_dir", None), recovering=recovering, busy_timeout_ms=locking.busy_timeout_ms()
        )
        if daily_backup and not recovering and (problem := daily_backup_quietly(db)):
            error(problem)
        return db
    except RecoveryNeeded as need:
        error(need.sentence())
    except (DatabaseTooNewError, ReadOnlyDataError) as exc:
        error(str(exc))
    except (OperationalError, DatabaseError, sqlite3.DatabaseError, OSError) as exc:
        if is_lock_error(exc):
            raise  # another program is writing: cli.main waits and retries (commands.locking)
        error(f"Cannot open the netdesk database: {exc}. Check the --data-dir folder and its permissions.")
    sys.exit(1)


def parse_when(text: str, option: str) -> datetime:
    """An aware datetime from ISO 8601; a date alone means midnight; no offset means local time."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"{option} “{text}” is not an ISO 8601 date or time; write e.g. 2026-11-20T10:15:00-05:00."
        ) from None
    if value.tzinfo is None:
        value = value.astimezone()
    return value
