"""``netdesk recover``: the way out when the database is damaged, empty or missing.

By default it salvages: SQLite reads what it still can into a fresh, checked database, and the
damaged file is kept beside it. ``--newest-backup`` puts the newest backup that passes its check
in place instead (``restore FILE`` does the same for a chosen one).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from netdesk.commands.output import configure_stdout, error, print_json

if TYPE_CHECKING:
    from netdesk.services.recovery import RecoverySummary


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "recover",
        help="rebuild a damaged database from what can still be read (or put the newest good backup back)",
    )
    parser.add_argument(
        "--newest-backup",
        action="store_true",
        help="restore the newest backup that passes its check instead of salvaging",
    )
    parser.add_argument(
        "--force", action="store_true", help="salvage even when the database passes its check"
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(func=run_recover)


def run_recover(args: argparse.Namespace) -> int:
    from netdesk.services.health import DB_FILENAME, passes_full_check
    from netdesk.services.paths import data_dir
    from netdesk.services.recovery import (
        RecoveryError,
        diagnose,
        newest_good_backup,
        restore_backup,
        salvage,
    )

    configure_stdout()
    folder = data_dir(getattr(args, "data_dir", None))
    path = folder / DB_FILENAME
    try:
        if args.newest_backup:
            good = newest_good_backup(folder)
            if good is None:
                error(
                    f"No backup in {folder / 'backups'} passes its check; try `netdesk recover` to salvage."
                )
                return 1
            summary = restore_backup(folder, good.path)
        else:
            need = diagnose(folder)
            if need is not None and need.kind in ("missing", "empty"):
                error(need.sentence())
                return 1
            if need is None and not args.force and passes_full_check(folder):
                print(
                    f"The database {path} passes its full check; nothing to recover (--force salvages anyway)."
                )
                return 0
            summary = salvage(folder)
    except RecoveryError as exc:
        error(str(exc))
        return 1
    _report(summary, args.json)
    return 0


def _report(summary: RecoverySummary, as_json: bool) -> None:
    document = {
        "contacts": summary.contacts,
        "restored_from": str(summary.source) if summary.source else None,
        "kept_aside": str(summary.kept_aside) if summary.kept_aside else None,
        "dropped_rows": summary.dropped_rows,
        "lost_and_found": summary.lost_and_found,
    }
    if as_json:
        print_json(document)
        return
    how = f"Restored {summary.source}" if summary.source else "Salvaged the database"
    print(f"{how}: {summary.contacts} contacts.")
    if summary.kept_aside:
        print(f"The previous file was kept as {summary.kept_aside}.")
    if summary.dropped_rows:
        print(
            f"{summary.dropped_rows} damaged records could not be kept in the new database; "
            "they stay in the kept file."
        )
