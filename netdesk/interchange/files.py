"""One entry point for "import this file": vCard or CSV decided from the bytes, not the name.

People rename exports (``contacts.txt``, ``Connections (1).csv``) and some phones save vCards
as ``.txt``; the content is what counts, the extension only breaks ties.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from netdesk.domain.file_names import shown_path
from netdesk.interchange.csv_formats import ColumnMapping
from netdesk.interchange.csv_import import read_csv
from netdesk.interchange.records import ImportFileError, ParsedFile
from netdesk.interchange.textio import utf16_encoding
from netdesk.interchange.vcard_import import read_vcards


def is_vcard(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as exc:
        raise ImportFileError(f"{shown_path(path)} cannot be read: {exc.strerror or exc}.") from None
    encoding = utf16_encoding(head)
    if encoding and encoding != "utf-8-sig":
        text = head.decode(encoding, errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore")
    stripped = text.lstrip("\ufeff \t\r\n").upper()
    return stripped.startswith("BEGIN:VCARD") or (
        path.suffix.lower() in (".vcf", ".vcard") and "BEGIN:VCARD" in stripped
    )


def refuse_cardless_vcard(path: Path) -> None:
    """A file named as a vCard with no card in it is not read as a CSV (it would be gibberish)."""
    if path.suffix.lower() in (".vcf", ".vcard"):
        raise ImportFileError(
            f"{shown_path(path)} holds no BEGIN:VCARD … END:VCARD card; is it a vCard file?"
        )


def read_contacts_file(
    path: Path | str,
    *,
    mapping: ColumnMapping | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ParsedFile:
    """Parse ``path`` as vCard or CSV. Raises ImportFileError when the file cannot be used at all."""
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"{shown_path(path)} does not exist or is not a file; check the path.")
    if is_vcard(path):
        return read_vcards(path, cancelled=cancelled)
    refuse_cardless_vcard(path)
    return read_csv(path, mapping=mapping, cancelled=cancelled)
