"""vCard files (one or many cards) -> import records, on top of the capture engine's normaliser.

``netdesk.capture.vcard`` already turns card text into drafts (byte-level unfolding, quoted-
printable, CHARSET, 2.1 bare parameters); this module adds what only a *file* needs:

* streaming: the file is cut into cards as it is read, so a 10,000-card file or a 50 MB line
  never sits in memory whole, and each card is handed to ``parse_vcards`` on its own;
* nesting (``vcard_split``): a card nested in another (AOSP, 2.1 AGENT) is a contact of its own;
  cards nested thousands deep, a missing END:VCARD or an oversized card end in one error naming
  the line, and the cards around them still import;
* what a contact needs beyond the draft: CATEGORIES become tags, and properties netdesk has no
  field for (X-*, BDAY, NICKNAME, structured ADR, ...) are kept so an export gives them back
  (``vcard_kept``); whatever is left out or changed is a warning naming its line.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from netdesk.capture.vcard import ContentLine, parse_vcards
from netdesk.domain.file_names import shown_path
from netdesk.domain.models import Circle, ContactDraft, HowMet
from netdesk.interchange import vcard_fields
from netdesk.interchange.records import VCARD, ImportFileError, ImportRecord, ParsedFile, RecordError
from netdesk.interchange.textio import open_lines, utf16_encoding
from netdesk.interchange.vcard_export import (
    X_CIRCLE,
    X_EVENT,
    X_FIELD,
    X_HOW_MET,
    X_INTRODUCED_BY,
    X_MET_AT,
)
from netdesk.interchange.vcard_kept import kept_lines
from netdesk.interchange.vcard_split import Chunk, split_cards
from netdesk.normalize.text import clean_text

__all__ = ["read_vcards", "split_cards"]

_OWN = frozenset({X_CIRCLE, X_HOW_MET, X_FIELD, X_MET_AT, X_EVENT, X_INTRODUCED_BY})
#: Groups every contact of a client is in: not tags a person chose.
_SYSTEM_GROUPS = frozenset({"my contacts", "mycontacts", "starred in android"})


def _categories(props: Sequence[ContentLine]) -> list[str]:
    tags: dict[str, str] = {}
    for prop in props:
        if prop.name != "CATEGORIES":
            continue
        # Split on every comma, escaped or not: Thunderbird writes "a\\, b\\, c" for three
        # categories, and a tag containing a comma is rarer than that exporter.
        for part in re.sub(r"\\(.)", r"\1", prop.text()).split(","):
            tag = clean_text(part, limit=100)
            if tag and tag.casefold() not in _SYSTEM_GROUPS:
                tags.setdefault(tag.casefold(), tag)
    return list(tags.values())


def _netdesk_fields(draft: ContactDraft, props: Sequence[ContentLine]) -> tuple[ContactDraft, dict[str, str]]:
    """Read back the X-NETDESK-* properties our own export writes."""
    own = {p.name: clean_text(re.sub(r"\\(.)", r"\1", p.text()), limit=300) for p in props if p.name in _OWN}
    changes: dict[str, object] = {}
    with contextlib.suppress(ValueError):
        if own.get(X_CIRCLE):
            changes["circle"] = Circle(own[X_CIRCLE])
    with contextlib.suppress(ValueError):
        if own.get(X_HOW_MET):
            changes["how_met"] = HowMet(own[X_HOW_MET])
    if own.get(X_FIELD):
        changes["field"] = own[X_FIELD]
    with contextlib.suppress(ValueError):
        if own.get(X_MET_AT):
            met_at = datetime.fromisoformat(own[X_MET_AT])
            if met_at.tzinfo is not None:
                changes["met_at"] = met_at
    return (replace(draft, **changes) if changes else draft), own  # type: ignore[arg-type]


def _records(chunk: Chunk) -> tuple[list[ImportRecord], list[RecordError]]:
    data = b"\n".join(chunk.lines)
    offset = chunk.start - 1
    result = parse_vcards(data)  # one pass: each card comes with its properties
    errors = [RecordError(p.line + offset, _shift(p.message, offset)) for p in result.errors]
    records: list[ImportRecord] = []
    for card in result.cards:
        props = card.properties
        tags = _categories(props)
        draft = card.draft
        if tags:
            draft = replace(draft, tags=tuple(dict.fromkeys([*draft.tags, *tags])))
        draft, own = _netdesk_fields(draft, props)
        draft, used = vcard_fields.read_fields(draft, props)
        extras, left_out = kept_lines(props, draft, card.version, _OWN | used)
        warnings = [f"Line {card.line + offset}: {w}." for w in card.warnings]
        changed = sorted([*card.line_warnings, *left_out])
        warnings += [f"Line {line + offset}: {message}." for line, message in changed]
        warnings += [
            f"Line {child}: the card nested here was imported as a contact of its own."
            for child in chunk.children
        ]
        uid = next((p.text().strip() for p in props if p.name == "UID" and p.text().strip()), None)
        records.append(
            ImportRecord(
                draft=draft,
                line=card.line + offset,
                source=VCARD,
                extras=extras,
                warnings=tuple(warnings),
                event_name=own.get(X_EVENT),
                introduced_by_name=own.get(X_INTRODUCED_BY),
                uid=uid,
                introduced_by_label=_introducer_label(props),
            )
        )
    return records, errors


def _introducer_label(props: Sequence[ContentLine]) -> str | None:
    """The name in ``X-NETDESK-INTRODUCED-BY;X-NAME=...``, for people and for a UID found nowhere."""
    for prop in props:
        if prop.name == X_INTRODUCED_BY and prop.params.get("X-NAME"):
            return clean_text(prop.params["X-NAME"][0], limit=300) or None
    return None


def _shift(message: str, offset: int) -> str:
    """Line numbers in capture's messages count from the card; make them count from the file."""
    return re.sub(r"\bline (\d+)", lambda m: f"line {int(m.group(1)) + offset}", message)


def read_vcards(path: Path, *, cancelled: Callable[[], bool] | None = None) -> ParsedFile:
    """Every card of a .vcf file; bad cards become errors with their line, good ones records."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as exc:
        raise ImportFileError(f"{shown_path(path)} cannot be read: {exc.strerror or exc}.") from None
    encoding = utf16_encoding(head) or "utf-8"
    records: list[ImportRecord] = []
    errors: list[RecordError] = []
    found = False
    for item in split_cards(open_lines(path, encoding)):
        if isinstance(item, RecordError):
            errors.append(item)
            found = found or "Card" in item.message
            continue
        found = True
        good, bad = _records(item)
        records.extend(good)
        errors.extend(bad)
        if cancelled is not None and len(records) % 500 == 0 and cancelled():
            break
    # Nested cards are handed out before the card around them: back into file order.
    records.sort(key=lambda r: r.line)
    errors.sort(key=lambda e: e.line)
    if not found:
        raise ImportFileError(
            f"{shown_path(path)} holds no BEGIN:VCARD … END:VCARD card; is it a vCard file?"
        )
    return ParsedFile(path, VCARD, tuple(records), tuple(errors), encoding)


def read_card_bytes(data: bytes) -> ImportRecord | None:
    """The card of one CardDAV resource (bytes as the server sent them), or None when it holds no
    card netdesk can read; nested cards are not contacts of their own here."""
    from netdesk.interchange.textio import Line

    lines = (Line(n, raw.rstrip(b"\r")) for n, raw in enumerate(data.split(b"\n"), 1))
    for item in split_cards(lines):
        if isinstance(item, Chunk):
            records, _errors = _records(item)
            if records:
                return records[0]
    return None
