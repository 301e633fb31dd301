"""What the import and export dialogs need from ``interchange``, behind the services layer.

The UI may import only services and domain (DESIGN.md), so the column-mapping step gets the
CSV layout and the mappable fields here, and File > Export gets one call that picks the
contacts (all, a search, or a selection) and writes the file atomically.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from netdesk.domain.models import Contact
from netdesk.interchange.csv_export import export_csv
from netdesk.interchange.csv_formats import FIELDS, ColumnMapping
from netdesk.interchange.csv_import import CsvLayout
from netdesk.interchange.csv_import import inspect_csv as _inspect_csv
from netdesk.interchange.csv_outlook import export_outlook_csv
from netdesk.interchange.files import is_vcard, refuse_cardless_vcard
from netdesk.interchange.records import GENERIC_CSV, ImportFileError
from netdesk.interchange.vcard_export import Introducer, export_vcard_file
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database
from netdesk.services.importer import ImportService

__all__ = [
    "FIELD_LABELS",
    "GENERIC_CSV",
    "ColumnMapping",
    "CsvLayout",
    "ExportFormat",
    "ExportService",
    "ImportFileError",
    "file_kind",
    "inspect_csv",
    "mapping_fields",
]

FIELD_LABELS: dict[str, str] = {
    "display_name": "Full name",
    "given_name": "Given name",
    "middle_name": "Middle name",
    "family_name": "Family name",
    "organization": "Organisation",
    "title": "Title",
    "department": "Department",
    "email": "E-mail",
    "email_work": "E-mail (work)",
    "email_home": "E-mail (home)",
    "phone": "Phone",
    "phone_mobile": "Phone (mobile)",
    "phone_work": "Phone (work)",
    "phone_home": "Phone (home)",
    "phone_fax": "Fax",
    "url": "Link / LinkedIn",
    "notes": "Notes",
    "tags": "Tags",
    "address": "Address",
    "connected_on": "Connected on (date)",
    "ignore": "Do not import",
}


def mapping_fields() -> list[tuple[str, str]]:
    """(field, label) a CSV column can be mapped to, in the order the mapping dialog lists them."""
    return [(name, FIELD_LABELS.get(name, name.replace("_", " ").capitalize())) for name in FIELDS]


def inspect_csv(path: Path | str) -> CsvLayout:
    """Encoding, separator, header and guessed mapping of a CSV; raises ImportFileError."""
    return _inspect_csv(Path(path))


def file_kind(path: Path | str) -> str:
    """ "vcard", or the CSV format ("linkedin", "google", "outlook", "csv" for any other)."""
    path = Path(path)
    if is_vcard(path):
        return "vcard"
    refuse_cardless_vcard(path)  # as the import itself would
    return inspect_csv(path).format


class ExportFormat(enum.StrEnum):
    VCARD3 = "vcf3"
    VCARD4 = "vcf4"
    CSV = "csv"  # Google's columns
    CSV_OUTLOOK = "csv-outlook"

    @property
    def suffix(self) -> str:
        return ".csv" if self in (ExportFormat.CSV, ExportFormat.CSV_OUTLOOK) else ".vcf"


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote, and what had to be converted or left out (kinds and counts only)."""

    count: int
    notes: list[str] = field(default_factory=list)


class ExportService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.contacts = ContactService(db)

    def select(self, search: str = "", ids: Sequence[int] | None = None) -> list[Contact]:
        """The contacts to export: ``ids`` when given, else those matching ``search`` (all if empty)."""
        if ids is not None:
            wanted = set(ids)
            found = self.contacts.get_many(sorted(wanted))
            return sorted(found, key=lambda c: (c.name.casefold(), c.id))
        return self.contacts.search_full(search)

    def count(self, search: str = "", ids: Sequence[int] | None = None) -> int:
        if ids is not None:
            return len(set(ids))
        return len(self.contacts.list(search))

    def export(
        self,
        path: Path | str,
        fmt: ExportFormat,
        *,
        search: str = "",
        ids: Sequence[int] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> int:
        """Write the chosen contacts to ``path`` (temp file + rename); returns how many.

        Raises OSError with the reason when the file cannot be written; the old file, if any,
        is then untouched.
        """
        return self.export_summary(path, fmt, search=search, ids=ids, cancelled=cancelled).count

    def export_summary(
        self,
        path: Path | str,
        fmt: ExportFormat,
        *,
        search: str = "",
        ids: Sequence[int] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ExportSummary:
        """``export`` with the notes of what a format could not carry as it was (the one path
        the window and ``netdesk export`` share, so both write the same file)."""
        contacts = self.select(search, ids)
        if cancelled is not None and cancelled():
            return ExportSummary(0)
        extras = ImportService(self.db).vcard_extras(c.id for c in contacts)
        if fmt is ExportFormat.CSV:
            links = {k: (v.uid, v.name) for k, v in self._introducers(contacts).items()}
            return ExportSummary(export_csv(contacts, path, extras, links))
        if fmt is ExportFormat.CSV_OUTLOOK:
            return ExportSummary(*export_outlook_csv(contacts, path, extras))
        version = "4.0" if fmt is ExportFormat.VCARD4 else "3.0"
        result = export_vcard_file(contacts, path, version, extras, self._introducers(contacts))
        return ExportSummary(result.count, result.note_list())

    def _introducers(self, contacts: Sequence[Contact]) -> dict[int, Introducer]:
        """contact id -> their introducer's UID and name, wherever the introducer is."""
        wanted = sorted({c.draft.introduced_by_id for c in contacts if c.draft.introduced_by_id})
        found = {c.id: c for c in self.contacts.get_many(wanted)} if wanted else {}
        out: dict[int, Introducer] = {}
        for c in contacts:
            intro = found.get(c.draft.introduced_by_id or 0)
            if intro is not None and intro.draft.uid:
                out[c.id] = Introducer(intro.draft.uid, intro.name)
        return out
