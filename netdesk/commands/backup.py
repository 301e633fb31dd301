"""``netdesk backup`` and ``netdesk restore FILE``: consistent copies through SQLite's backup API."""

from __future__ import annotations

import argparse
from pathlib import Path

from netdesk.commands.common import open_db_or_exit
from netdesk.commands.output import error, print_json
from netdesk.services.backup import BackupError, BackupService
from netdesk.services.database import DatabaseTooNewError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = sub.add_parser("backup", help="write a consistent backup of the database now")
    backup.add_argument("--list", action="store_true", help="list existing backups instead, newest first")
    backup.add_argument("--json", action="store_true", help="print JSON")
    backup.set_defaults(func=run_backup)

    restore = sub.add_parser("restore", help="restore a backup (the current database is backed up first)")
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--json", action="store_true", help="print the summary as JSON")
    restore.set_defaults(func=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    db = open_db_or_exit(args)
    try:
        service = BackupService(db)
        if args.list:
            items = [
                {
                    "path": str(b.path),
                    "created_at": b.created_at.isoformat(),
                    "reason": b.reason,
                    "bytes": b.size,
                }
                for b in service.backups()
            ]
            if args.json:
                print_json(items)
            else:
                for item in items:
                    print(f"{item['created_at']}  {item['reason']:<24} {item['path']}")
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
    if (unusable := _restore_over_unusable(args)) is not None:
        return unusable
    db = open_db_or_exit(args)
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
    from netdesk.services.paths import data_dir
    from netdesk.services.recovery import RecoveryError, diagnose, restore_backup
    from netdesk.storage.engine import DB_FILENAME
    from netdesk.storage.integrity import verify_file

    folder = data_dir(getattr(args, "data_dir", None))
    live = folder / DB_FILENAME
    need = diagnose(folder)
    if need is None and (not live.exists() or live.stat().st_size == 0 or verify_file(live).ok):
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
