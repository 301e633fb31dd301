"""``netdesk backup`` and ``netdesk restore FILE``: verified copies through SQLite's backup API.

``backup --list`` shows what the backups cost (each file's size, the total against the budget)
so the user can see why old ones go; ``--budget-mb`` changes that budget.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from netdesk.commands.common import open_db_or_exit
from netdesk.commands.output import error, print_json

if TYPE_CHECKING:
    from netdesk.services.backup import BackupInfo, BackupService, BackupUsage

_BUDGET_SOURCES = {
    "default": "the default: 500 MB or 20 times the database, whichever is larger",
    "setting": "set with netdesk backup --budget-mb",
    "environment": "from NETDESK_BACKUP_BUDGET_MB",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = sub.add_parser("backup", help="write a consistent backup of the database now")
    backup.add_argument("--list", action="store_true", help="list existing backups instead, newest first")
    backup.add_argument(
        "--budget-mb",
        type=float,
        metavar="MB",
        help="set the space old backups may use (0: back to the default), then list them",
    )
    backup.add_argument("--json", action="store_true", help="print JSON")
    backup.set_defaults(func=run_backup)

    restore = sub.add_parser("restore", help="restore a backup (the current database is backed up first)")
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--json", action="store_true", help="print the summary as JSON")
    restore.set_defaults(func=run_restore)


def size_text(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 104_858 else f"{max(n // 1024, 1)} KB"


def _item(b: BackupInfo, usage: BackupUsage) -> dict[str, object]:
    return {
        "path": str(b.path),
        "created_at": b.created_at.isoformat(),
        "reason": b.reason,
        "bytes": b.size,
        "verified": b.verified,
        "contacts": b.contacts,
        "revision": b.revision,
        "problem": b.problem,
        "total_bytes": usage.total,
        "budget_bytes": usage.budget.bytes,
        "budget_source": usage.budget.source,
    }


def _print_list(service: BackupService, as_json: bool) -> None:
    backups = service.backups()
    usage = service.usage(backups)
    if as_json:
        print_json([_item(b, usage) for b in backups])
        return
    for b in backups:
        when = b.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        what = (
            f"{b.contacts} contact{'' if b.contacts == 1 else 's'}"
            if b.verified
            else f"fails its check: {b.problem}"
        )
        print(f"{when}  {b.reason:<28} {size_text(b.size):>9}  {what}  {b.path}")
    count = f"{usage.count} backup{'s' if usage.count != 1 else ''}"
    print(
        f"{count} use {size_text(usage.total)} of the {size_text(usage.budget.bytes)} budget "
        f"({_BUDGET_SOURCES.get(usage.budget.source, usage.budget.source)})."
    )


def run_backup(args: argparse.Namespace) -> int:
    from netdesk.services.backup import BackupError, BackupService

    db = open_db_or_exit(args, daily_backup=False)
    try:
        service = BackupService(db)
        if args.budget_mb is not None:
            if args.budget_mb < 0:
                error("--budget-mb takes a number of megabytes, or 0 for the default.")
                return 2
            service.set_budget(args.budget_mb or None)
            args.list = True
        if args.list:
            _print_list(service, args.json)
            return 0
        try:
            path = service.backup_now("manual")
        except BackupError as exc:
            error(str(exc))
            return 1
        if args.json:
            print_json({"path": str(path)})
        else:
            print(path)
        return 0
    finally:
        db.close()


def run_restore(args: argparse.Namespace) -> int:
    from netdesk.services.backup import BackupError, BackupService
    from netdesk.services.database import DatabaseTooNewError

    if (unusable := _restore_over_unusable(args)) is not None:
        return unusable
    db = open_db_or_exit(args, daily_backup=False)
    try:
        try:
            summary = BackupService(db).restore(args.file.expanduser())
        except (BackupError, DatabaseTooNewError) as exc:
            error(str(exc))
            return 1
        document = {
            "restored_from": str(summary.restored_from),
            "safety_backup": str(summary.safety_backup),
            "contacts": summary.contacts,
            "migrated": summary.migrated,
        }
        if args.json:
            print_json(document)
        else:
            print(
                f"Restored {summary.restored_from} ({summary.contacts} contacts). "
                f"The previous database was saved to {summary.safety_backup}."
            )
        return 0
    finally:
        db.close()


def _restore_over_unusable(args: argparse.Namespace) -> int | None:
    """A missing, empty, foreign or damaged database is not backed up first (there is nothing
    sound to back up): it is moved aside and the backup put in place. None: the database is
    sound, so the ordinary restore (with its safety backup) runs."""
    from netdesk.services.backup import live_database_sound
    from netdesk.services.paths import data_dir
    from netdesk.services.recovery import RecoveryError, restore_backup

    folder = data_dir(getattr(args, "data_dir", None))
    if live_database_sound(folder):
        return None
    try:
        summary = restore_backup(folder, args.file.expanduser())
    except RecoveryError as exc:
        error(str(exc))
        return 1
    document = {
        "restored_from": str(summary.source),
        "safety_backup": None,
        "kept_aside": str(summary.kept_aside) if summary.kept_aside else None,
        "contacts": summary.contacts,
        "migrated": False,
    }
    if args.json:
        print_json(document)
    else:
        kept = f" The unusable file was kept as {summary.kept_aside}." if summary.kept_aside else ""
        print(f"Restored {summary.source} ({summary.contacts} contacts).{kept}")
    return 0
