"""What a parsed import file is: records with their source line, and errors with theirs."""

from __future__ import annotations

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
GENERIC_CSV = "csv"


class ImportFileError(Exception):
    """A whole file could not be read (missing, unreadable, not a contacts file)."""


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
    warnings: tuple[str, ...] = ()
    event_name: str | None = None
    introduced_by_name: str | None = None
    # The card's UID: an "introduced by" naming it links to this record within the same import.
    uid: str | None = None


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

    @property
    def name(self) -> str:
        """The path for messages, reports and the import history: printable whatever its bytes."""
        return shown_path(self.path)
