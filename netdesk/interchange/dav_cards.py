"""Contacts as CardDAV resources: the card netdesk sends for a contact, what a card on the server
says, and a fingerprint of a card's content that ignores what changes without the content
changing (REV, PRODID, line folding and line ends).

The card is the one File › Export writes (``vcard_writer``, vCard 3.0: what every server and
phone reads), netdesk's own fields in X-NETDESK-* properties so a second computer gets them back.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields

from netdesk.domain.models import Contact, ContactDraft
from netdesk.interchange.records import ImportRecord
from netdesk.interchange.vcard_export import Introducer
from netdesk.interchange.vcard_import import read_card_bytes
from netdesk.interchange.vcard_writer import card_lines, fold

__all__ = ["CardFields", "card_bytes", "card_fields", "content_hash", "read_card_bytes"]

VERSION = "3.0"
_VOLATILE = re.compile(rb"^(REV|PRODID)[;:]", re.IGNORECASE)


def card_bytes(contact: Contact, extras: Sequence[str] = (), introducer: Introducer | None = None) -> bytes:
    return b"".join(fold(line) for line in card_lines(contact, VERSION, extras, introducer))


def content_hash(data: bytes) -> str:
    """Equal for two cards with the same content, whatever their REV, PRODID and folding."""
    unfolded = re.sub(rb"\r?\n[ \t]", b"", data.replace(b"\r\n", b"\n"))
    kept = [line for line in unfolded.split(b"\n") if line.strip() and not _VOLATILE.match(line)]
    return hashlib.sha256(b"\n".join(kept)).hexdigest()


#: Draft fields a card carries; the rest are local only (ids, the raw text a card was read from).
_LOCAL_ONLY = frozenset({"uid", "raw_source", "event_id", "introduced_by_id"})
CARD_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ContactDraft) if f.name not in _LOCAL_ONLY)


@dataclass(frozen=True)
class CardFields:
    """A card read back as comparable values, one per field: what a field-by-field merge compares.
    ``event`` and ``introducer`` are names/UIDs (ids differ between computers)."""

    values: dict[str, object]

    def __getitem__(self, name: str) -> object:
        return self.values[name]


def card_fields(record: ImportRecord) -> CardFields:
    draft = record.draft
    values: dict[str, object] = {name: getattr(draft, name) for name in CARD_FIELDS}
    values["event"] = record.event_name or ""
    values["introducer"] = record.introduced_by_name or ""
    values["extras"] = tuple(sorted(record.extras))
    return CardFields(values)
