"""Contacts -> a vCard 3.0 (default) or 4.0 file, written atomically.

The cards themselves come from ``vcard_writer``, the one writer File > Export and
``netdesk export`` share; this module keeps the names other modules import (``escape``,
``fold``, the ``X-NETDESK-*`` property names) and the file handling.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

from netdesk.domain.models import Contact
from netdesk.interchange.textio import atomic_write
from netdesk.interchange.vcard_writer import (
    VERSIONS,
    X_CIRCLE,
    X_EVENT,
    X_FIELD,
    X_HOW_MET,
    X_INTRODUCED_BY,
    X_MET_AT,
    Introducer,
    VcardExport,
    escape,
    fold,
    write_vcards,
)

__all__ = [
    "VERSIONS",
    "X_CIRCLE",
    "X_EVENT",
    "X_FIELD",
    "X_HOW_MET",
    "X_INTRODUCED_BY",
    "X_MET_AT",
    "Introducer",
    "VcardExport",
    "escape",
    "export_vcard_file",
    "export_vcards",
    "fold",
]


def export_vcard_file(
    contacts: Iterable[Contact],
    path: Path | str,
    version: str = "3.0",
    extras: Mapping[int, Sequence[str]] | None = None,
    introducers: Mapping[int, Introducer] | None = None,
) -> VcardExport:
    """Write ``contacts`` to ``path`` atomically; the count and the summary's notes.

    ``extras`` (contact id -> kept property lines, from ``ImportService.vcard_extras``) makes
    the round trip lossless for properties netdesk has no field for; they are converted to
    ``version`` or left out with a note, and references to the sender's local files
    (``file:``, ``cid:``, bare paths) are left out.
    """
    if version not in VERSIONS:
        raise ValueError(f"vCard version {version!r} is not supported; use 3.0 or 4.0.")
    written: list[VcardExport] = []

    def write(handle: BinaryIO) -> None:
        written.append(write_vcards(handle, contacts, version, extras, introducers))

    atomic_write(Path(path), write)
    return written[0]


def export_vcards(
    contacts: Iterable[Contact],
    path: Path | str,
    version: str = "3.0",
    extras: Mapping[int, Sequence[str]] | None = None,
    introducers: Mapping[int, Introducer] | None = None,
) -> int:
    """``export_vcard_file`` for callers that need only the count."""
    return export_vcard_file(contacts, path, version, extras, introducers).count
