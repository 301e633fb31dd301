"""``netdesk import [--dry-run] FILE...``: vCard and CSV files in, duplicates reported, undoable.

Exit status 1 when any file or record failed — the good records of the same files are still
imported (or, with ``--dry-run``, reported) and every problem is printed with its file and line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netdesk.commands.common import UsageError, open_db_or_exit
from netdesk.commands.output import error, print_json
from netdesk.domain.file_names import shown_path
from netdesk.domain.jsonshape import contact_json
from netdesk.interchange.csv_formats import FIELDS, ColumnMapping

if TYPE_CHECKING:
    from netdesk.services.importer import ImportOutcome, ImportPreview


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "import",
        help="import vCard (.vcf) and CSV (LinkedIn, Google, Outlook, other) files",
        description="Imports contacts. Known people are reported as duplicates (or updated when a "
        "LinkedIn re-import shows a new job) instead of being added twice. Every import can be undone.",
    )
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE")
    parser.add_argument("--dry-run", action="store_true", help="parse and report; store nothing")
    parser.add_argument("--json", action="store_true", help="print the report as one JSON document")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help=f"for other CSVs: what a column holds; FIELD is one of {', '.join(FIELDS)}",
    )
    parser.add_argument("--history", action="store_true", help="list earlier imports")
    parser.add_argument("--undo", type=int, default=None, metavar="ID", help="undo the import with this id")
    parser.set_defaults(func=run)


def _parse_map(overrides: list[str]) -> list[tuple[str, str, str]]:
    parsed = []
    for item in overrides:
        column, sep, target = item.partition("=")
        if not sep or target.strip() not in FIELDS:
            raise UsageError(f"--map {item!r}: write COLUMN=FIELD with FIELD one of {', '.join(FIELDS)}.")
        parsed.append((item, column, target))
    return parsed


def _mapping(path: Path, overrides: list[str]) -> ColumnMapping | None:
    if not overrides or path.suffix.lower() in (".vcf", ".vcard"):
        return None
    from netdesk.interchange.csv_import import inspect_csv

    layout = inspect_csv(path)
    mapping = dict(layout.mapping)
    wanted = {h.casefold(): i for i, h in enumerate(layout.headers)}
    for item, column, target in _parse_map(overrides):
        index = wanted.get(column.strip().casefold())
        if index is None:
            raise UsageError(
                f"--map {item!r}: {shown_path(path)} has no column {column!r}; its columns are {list(layout.headers)}."
            )
        mapping[index] = target.strip()
    return mapping


def _report(preview: ImportPreview, outcome: ImportOutcome | None, dry_run: bool) -> dict[str, Any]:
    from netdesk.services.importer import Status

    created = iter(outcome.created_ids if outcome else ())
    files: list[dict[str, Any]] = []
    for parsed in preview.files:
        contacts = []
        for item in preview.items_of(parsed.name):
            contact_id = None
            if outcome is not None and item.status is Status.NEW:
                contact_id = next(created, None)
            elif outcome is not None and item.status is Status.UPDATE:
                contact_id = item.match_id
            data = contact_json(item.record.draft, contact_id=contact_id, event=item.record.event_name)
            data.update(
                status=item.status.value,
                line=item.record.line,
                match_id=item.match_id,
                reason=item.reason or None,
            )
            contacts.append(data)
        files.append(
            {
                "file": parsed.name,
                "format": parsed.format,
                "encoding": parsed.encoding,
                "contacts": contacts,
                "errors": [{"line": e.line, "message": e.message} for e in parsed.errors],
                "warnings": [w.as_json() for w in parsed.all_warnings()],
                "new": preview.count(Status.NEW, parsed.name),
                "duplicates": preview.count(Status.DUPLICATE, parsed.name),
                "updates": preview.count(Status.UPDATE, parsed.name),
            }
        )
    for failure in preview.failures:
        files.append(
            {
                "file": shown_path(failure.file),
                "format": None,
                "contacts": [],
                "errors": [{"line": None, "message": failure.message}],
                "warnings": [],
                "new": 0,
                "duplicates": 0,
                "updates": 0,
            }
        )
    return {
        "files": files,
        "dry_run": dry_run,
        "batch": outcome.batch_id if outcome else None,
        "created": outcome.created if outcome else 0,
        "updated": outcome.updated if outcome else 0,
        "skipped": outcome.skipped if outcome else 0,
    }


def _print_errors(preview: ImportPreview) -> None:
    for failure in preview.failures:
        error(failure.message)
    for parsed in preview.files:
        for problem in parsed.errors:
            error(f"{parsed.name}:{problem.line}: {problem.message}")


def run(args: argparse.Namespace) -> int:
    if args.undo is not None or args.history:
        if args.files or args.dry_run:
            raise UsageError("--undo and --history take no files and no --dry-run.")
        return _history_or_undo(args)
    if not args.files:
        raise UsageError("give at least one file to import, e.g. netdesk import Connections.csv")
    from netdesk.interchange.records import ImportFileError
    from netdesk.services.importer import ImportCancelledError, ImportService

    _parse_map(args.map)
    mappings: dict[Path, ColumnMapping | None] = {}
    for path in args.files:
        try:
            mappings[path] = _mapping(path, args.map)
        except ImportFileError:
            mappings[path] = None  # reading the file below reports the problem
    db = open_db_or_exit(args)
    try:
        service = ImportService(db)
        parsed, failures = [], []
        for path in args.files:
            got, failed = service.read([path], mappings[path])
            parsed += got
            failures += failed
        preview = service.preview(parsed, failures)
        outcome = None
        if not args.dry_run:
            try:
                outcome = service.commit(preview)
            except ImportCancelledError as exc:
                error(str(exc))
                return 1
            preview = outcome.preview or preview  # as re-checked inside the write transaction
        _print_errors(preview)
        report = _report(preview, outcome, args.dry_run)
        if args.json:
            print_json(report)
        else:
            for entry in report["files"]:
                print(
                    f"{entry['file']}: {entry['format'] or 'not imported'}, {entry['new']} new, "
                    f"{entry['duplicates']} duplicates, {entry['updates']} updates, {len(entry['errors'])} errors, "
                    f"{len(entry['warnings'])} warnings"
                )
            if outcome is not None and outcome.batch_id is not None:
                print(
                    f"Imported {outcome.created} new and updated {outcome.updated} contacts "
                    f"(import {outcome.batch_id}; undo with `netdesk import --undo {outcome.batch_id}`)."
                )
            elif args.dry_run:
                print("Dry run: nothing was stored.")
        return 1 if preview.has_errors else 0
    finally:
        db.close()


def _history_or_undo(args: argparse.Namespace) -> int:
    from netdesk.services.importer import ImportService, UndoError

    db = open_db_or_exit(args)
    try:
        service = ImportService(db)
        if args.undo is not None:
            try:
                removed, restored = service.undo(args.undo)
            except UndoError as exc:
                error(str(exc))
                return 1
            summary = {"batch": args.undo, "removed": removed, "restored": restored}
            if args.json:
                print_json(summary)
            else:
                print(f"Undid import {args.undo}: removed {removed} contacts, restored {restored}.")
            return 0
        batches = [
            {
                "id": b.id,
                "created_at": b.created_at.isoformat(),
                "files": list(b.files),
                "created": b.created,
                "updated": b.updated,
                "undone_at": b.undone_at.isoformat() if b.undone_at else None,
            }
            for b in service.batches()
        ]
        if args.json:
            print_json(batches)
        else:
            for b in service.batches():
                state = " (undone)" if b.undone_at else ""
                sys.stdout.write(
                    f"{b.id}: {b.created_at.isoformat()} {', '.join(b.files)}: "
                    f"{b.created} new, {b.updated} updated{state}\n"
                )
        return 0
    finally:
        db.close()
