"""What a parsed import file is: records with their source line, and errors with theirs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from netdesk.domain.file_names import shown_path
from netdesk.domain.models import ContactDraft

# Formats, as printed in ``netdesk import --json`` ("format" key).
VCARD = "vcard"
LINKEDIN = "linkedin"
GOOGLE = "google"
OUTLOOK = "outlook"
THUNDERBIRD = "thunderbird"
GENERIC_CSV = "csv"


class ImportFileError(Exception):
    """A whole file could not be read (missing, unreadable, not a contacts file)."""


@dataclass(frozen=True, slots=True)
class ImportWarning:
    """A value that was left out or changed, or a guess the user should check; never fatal.

    ``field`` names the column (CSV) or property (vCard) when one is known.
    """

    line: int
    message: str
    field: str | None = None

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message.rstrip('.')}."

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {"line": self.line, "message": self.message}
        if self.field:
            data["field"] = self.field
        return data


_LINE_PREFIX = re.compile(r"Line (\d+): (.*?)\.?", re.DOTALL)


def as_warning(item: str | ImportWarning, line: int) -> ImportWarning:
    """A structured warning from either form; the "Line N: ..." text older readers write is parsed."""
    if isinstance(item, ImportWarning):
        return item
    match = _LINE_PREFIX.fullmatch(item)
    if match:
        return ImportWarning(int(match.group(1)), match.group(2))
    return ImportWarning(line, item)


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One person found in a file.

    ``connected_at`` is the LinkedIn "Connected On" date: it becomes the first interaction.
    ``extras`` are vCard property lines netdesk has no field for (X-*, BDAY, structured ADR, ...),
    kept verbatim so that an export gives them back. ``event_name`` / ``introduced_by_name``
    come back from netdesk's own vCard export and are linked by name when stored.
    """

    draft: ContactDraft
    line: int
    source: str
    connected_at: datetime | None = None
    extras: tuple[str, ...] = ()
    warnings: tuple[str | ImportWarning, ...] = ()
    event_name: str | None = None
    introduced_by_name: str | None = None
    # The card's UID: an "introduced by" naming it links to this record within the same import.
    uid: str | None = None
    # The introducer's name our export writes beside their UID (``X-NAME``): found by name when
    # the UID is nowhere, and kept with the UID when neither is found.
    introduced_by_label: str | None = None

    def warning_list(self) -> list[ImportWarning]:
        """This record's warnings as structured values, whichever form the reader wrote them in."""
        return [as_warning(w, self.line) for w in self.warnings]


@dataclass(frozen=True, slots=True)
class RecordError:
    """A record or line that could not be imported; ``line`` is 1-based in the file."""

    line: int
    message: str


@dataclass(frozen=True, slots=True)
class ParsedFile:
    path: Path
    format: str
    records: tuple[ImportRecord, ...]
    errors: tuple[RecordError, ...] = field(default=())
    encoding: str = ""
    #: Whole-file notes: columns not imported, rows read with another separator, guessed header.
    warnings: tuple[ImportWarning, ...] = field(default=())

    @property
    def name(self) -> str:
        """The path for messages, reports and the import history: printable whatever its bytes."""
        return shown_path(self.path)

    def all_warnings(self) -> list[ImportWarning]:
        """File and record warnings in line order, for the preview and ``import --json``."""
        found = list(self.warnings)
        found += [w for r in self.records for w in r.warning_list()]
        return sorted(found, key=lambda w: w.line)
