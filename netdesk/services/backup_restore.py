"""Restore: replace the whole database with a backup, without ever losing the one or the other.

The order is the point: (1) copy the chosen file to a private temporary file and work only on
that copy (rotation or another program can then do what they like to the original); (2) check
the copy in full — intact pages and *exactly* netdesk's schema for its revision, because a
"backup" carrying a trigger or a view would run inside the app and could wipe the contacts
later; a refusal names the file and the problem, and nothing has changed yet; (3) back up the
current database (verified; a damaged one is kept aside instead, since restoring is the way out
of that state); (4) replace the live content in one SQLite transaction (``restore_file``), so a
``kill -9`` at any moment leaves either the old or the new database, each intact; (5) migrate and
rebuild the search index if it does not match; (6) only now rotate, never pruning the file just
restored nor the safety copy; (7) delete the temporary copy.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text

from netdesk.services.changes import Changes
from netdesk.storage import search_index
from netdesk.storage.backup_file import NoSpaceError, PrivateFile, is_out_of_space, remove_stale_partials
from netdesk.storage.engine import make_private
from netdesk.storage.faults import fault_point
from netdesk.storage.integrity import verify_file
from netdesk.storage.migrate import DatabaseTooNewError, known_revisions, upgrade
from netdesk.storage.models import FTS_TABLE
from netdesk.storage.restore_file import private_copy, replace_content

if TYPE_CHECKING:
    from netdesk.services.backup import BackupService, RestoreSummary


def _checked_copy(service: BackupService, source: Path) -> PrivateFile:
    """A private copy of ``source`` that passed the full check; BackupError (or
    DatabaseTooNewError) with a sentence naming the file and the problem otherwise."""
    from netdesk.services.backup import BackupError

    db = service.db
    if not source.is_file():
        raise BackupError(f"{source} does not exist; pick a backup file (netdesk backup --list).")
    remove_stale_partials(db.folder)
    try:
        copy = private_copy(source, db.folder)
    except NoSpaceError as exc:
        raise BackupError(f"{source} was not restored: {exc}. Nothing was changed.") from None
    except OSError as exc:
        raise BackupError(
            f"{source} cannot be read ({exc.strerror or exc.__class__.__name__}); nothing was changed."
        ) from None
    assert copy.path is not None
    verdict = verify_file(copy.path, full=True)
    if verdict.ok:
        return copy
    copy.close()
    if verdict.revision is not None and verdict.revision not in known_revisions():
        raise DatabaseTooNewError(
            f"{source} was written by a newer version of netdesk; install it to restore "
            "this backup. Nothing was changed."
        )
    raise BackupError(
        f"{source} cannot be restored because {verdict.problem}. Nothing was changed; choose another backup."
    )


def refusal(service: BackupService, source: Path) -> str | None:
    """Why ``source`` would be refused (checked on a private copy, as restore does), or None."""
    from netdesk.services.backup import BackupError

    try:
        _checked_copy(service, source).close()
    except (BackupError, DatabaseTooNewError) as exc:
        return str(exc)
    return None


def restore_backup(service: BackupService, source: Path) -> RestoreSummary:
    from netdesk.services.backup import BackupError, RestoreSummary

    db = service.db
    with _checked_copy(service, source) as copy:
        assert copy.path is not None
        fault_point("restore-verified")
        safety = service.safety_backup()
        fault_point("restore-safety-written")
        db.engine.dispose()
        try:
            replace_content(copy.path, db.path)
        except (sqlite3.Error, OSError) as exc:
            reason = (
                f"not enough free space in {db.folder}"
                if is_out_of_space(exc, db.folder, copy.path.stat().st_size)
                else exc.__class__.__name__ + ": " + str(getattr(exc, "strerror", None) or exc)
            )
            raise BackupError(
                f"Restoring {source} failed ({reason}); your data is unchanged and was also saved "
                f"to {safety}."
            ) from None
        fault_point("restore-replaced")
        make_private(db.path)
        db.engine.dispose()
        migrated = upgrade(db.engine, db.path, db.backup_dir)
        contacts = _reindex_if_needed(service)
        fault_point("restore-migrated")
    service.prune(protect={source, safety}, current_ok=True)
    db.changes.publish(Changes.all())  # a whole other database now: every view rereads
    return RestoreSummary(source, safety, contacts, migrated)


def _reindex_if_needed(service: BackupService) -> int:
    """The search index travels inside the backup; rebuild it only when it does not match."""
    with service.db.writes.begin() as session:
        contacts = int(session.execute(text("SELECT count(*) FROM contact")).scalar() or 0)
        indexed = int(session.execute(text(f"SELECT count(*) FROM {FTS_TABLE}")).scalar() or 0)
        if indexed != contacts:
            search_index.rebuild(session)
    return contacts
