"""``netdesk export``: contacts as vCard or CSV, open follow-ups as iCalendar; written atomically.

``--calendar-kind`` picks tasks (VTODO: Thunderbird, KOrganizer, Apple Reminders) or events
(VEVENT, the default: every calendar imports events, and Google Calendar imports nothing else).
Follow-ups exported before and since done, skipped or removed are sent again as completed or
cancelled for 90 days (see ``netdesk.domain.calendar``).

vCard and CSV writers live in ``netdesk.interchange.vcard_export`` / ``csv_export``; when this
build does not have them, the command says so and exits 2 instead of writing a wrong file.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netdesk.commands.common import open_db_or_exit
from netdesk.commands.output import error, print_json
from netdesk.domain.calendar import DEFAULT_CALENDAR_KIND, CalendarKind
from netdesk.domain.file_names import shown_path

if TYPE_CHECKING:
    from netdesk.services.calendar_export import CalendarExportResult
    from netdesk.services.database import Database

WRITERS = {
    "vcf": ("netdesk.interchange.vcard_export", "export_vcards"),
    "csv": ("netdesk.interchange.csv_export", "export_csv"),
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("export", help="export contacts (vcf, csv) or open follow-ups (ics)")
    parser.add_argument("--format", required=True, choices=["vcf", "csv", "ics"], dest="format")
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help="the file to write")
    parser.add_argument(
        "--search", default="", help="only contacts (or their follow-ups) matching these words"
    )
    parser.add_argument(
        "--calendar-kind",
        choices=[k.value for k in CalendarKind],
        default=DEFAULT_CALENDAR_KIND.value,
        help="with --format ics: follow-ups as tasks (VTODO) or as events (VEVENT, the default; "
        "use it for Google Calendar)",
    )
    parser.add_argument(
        "--vcard-version",
        choices=["3.0", "4.0"],
        default="3.0",
        help="with --format vcf: vCard 3.0 (the default; every client reads it) or 4.0",
    )
    parser.add_argument(
        "--csv-style",
        choices=["google", "outlook"],
        default="google",
        help="with --format csv: Google Contacts' columns (the default) or Outlook's",
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(func=run)


def contact_writer(fmt: str) -> Callable[..., int] | None:
    module_name, function = WRITERS[fmt]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise
    writer = getattr(module, function, None)
    return writer if callable(writer) else None


def _export_ics(db: Database, path: Path, search: str, kind: str) -> CalendarExportResult:
    from netdesk.services.calendar_export import CalendarExportService

    return CalendarExportService(db).export(path, CalendarKind(kind), search=search)


def run(args: argparse.Namespace) -> int:
    path: Path = args.output.expanduser()
    shown = shown_path(path)  # printable even when the name is not valid UTF-8
    if path.is_dir():
        error(f"{shown} is a folder; give a file name, e.g. {shown_path(path / ('netdesk.' + args.format))}.")
        return 2
    if not path.parent.is_dir():
        error(
            f"The folder {shown_path(path.parent)} does not exist; "
            "create it or choose another place for the export."
        )
        return 1
    writer = contact_writer(args.format) if args.format != "ics" else None
    if args.format != "ics" and writer is None:
        error(
            f"Exporting .{args.format} is not available in this build of netdesk; "
            "export follow-ups with --format ics, or update netdesk."
        )
        return 2
    db = open_db_or_exit(args)
    calendar: CalendarExportResult | None = None
    notes: list[str] = []
    try:
        if writer is not None:
            from netdesk.services.exchange import ExportFormat, ExportService

            fmt = ExportFormat.CSV_OUTLOOK if args.csv_style == "outlook" else ExportFormat.CSV
            if args.format == "vcf":
                fmt = ExportFormat.VCARD4 if args.vcard_version == "4.0" else ExportFormat.VCARD3
            result = ExportService(db).export_summary(path, fmt, search=args.search)
            count, notes = result.count, result.notes
            what = "contacts"
        else:
            calendar = _export_ics(db, path, args.search, args.calendar_kind)
            count = calendar.count
            what = "follow-ups"
    except OSError as exc:
        error(
            f"Could not write {shown}: {exc.strerror or exc}. Check the folder's permissions and free space."
        )
        return 1
    finally:
        db.close()
    summary: dict[str, Any] = {"file": shown, "format": args.format, "count": count, "kind": what}
    if calendar is not None:
        summary.update(calendar_kind=calendar.kind.value, open=calendar.open, closed=calendar.closed)
    else:
        summary["notes"] = notes  # what the format could not carry as it was, by kind, no values
        if args.format == "vcf":
            summary["vcard_version"] = args.vcard_version
        if args.format == "csv":
            summary["csv_style"] = args.csv_style
    if args.json:
        print_json(summary)
    elif calendar is not None and calendar.closed:
        print(
            f"Wrote {calendar.open} open follow-ups as {calendar.kind.value} to {shown}, and "
            f"{calendar.closed} done or removed since an earlier export, so calendars update them."
        )
    else:
        print(f"Wrote {count} {what} to {shown}.")
        for note in notes:
            print(f"  Note: {note}.")
    return 0
