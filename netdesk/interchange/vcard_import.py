"""vCard files (one or many cards) -> import records, on top of the capture engine's normaliser.

``netdesk.capture.vcard`` already turns card text into drafts (byte-level unfolding, quoted-
printable, CHARSET, 2.1 bare parameters); this module adds what only a *file* needs:

* streaming: the file is cut into cards as it is read, so a 10,000-card file or a 50 MB line
  never sits in memory whole, and each card is handed to ``parse_vcards`` on its own;
* hostile structure: cards nested thousands deep, a missing END:VCARD or an oversized card end
  in one error naming the line, and the cards around them still import;
* what a contact needs beyond the draft: CATEGORIES become tags, and properties netdesk has no
  field for (X-*, BDAY, NICKNAME, structured ADR, ...) are kept so an export gives them back.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from netdesk.capture.vcard import ContentLine, parse_vcards
from netdesk.domain.file_names import shown_path
from netdesk.domain.models import Circle, ContactDraft, HowMet
from netdesk.interchange.records import VCARD, ImportFileError, ImportRecord, ParsedFile, RecordError
from netdesk.interchange.textio import MAX_LINE, Line, open_lines, utf16_encoding
from netdesk.interchange.vcard_export import (
    X_CIRCLE,
    X_EVENT,
    X_FIELD,
    X_HOW_MET,
    X_INTRODUCED_BY,
    X_MET_AT,
)
from netdesk.normalize.text import clean_text

#: Cards deeper than this (2.1 AGENT cards nest once or twice) are hostile.
MAX_DEPTH = 10
#: A card with photos is rarely above 1 MB; beyond this it is skipped rather than held.
MAX_CARD = 16 << 20
#: A preserved property longer than this is not kept (it still lives in the raw vCard).
MAX_EXTRA = 8_000
#: Properties that become draft fields (or are regenerated on export) and so are not kept raw.
_CONSUMED = frozenset(
    {"VERSION", "PRODID", "FN", "N", "ORG", "TITLE", "EMAIL", "TEL", "URL", "NOTE", "CATEGORIES", "REV"}
)
_OWN = frozenset({X_CIRCLE, X_HOW_MET, X_FIELD, X_MET_AT, X_EVENT, X_INTRODUCED_BY, "KIND"})
#: Groups every contact of a client is in: not tags a person chose.
_SYSTEM_GROUPS = frozenset({"my contacts", "mycontacts", "starred in android"})
_BEGIN = b"BEGIN:VCARD"
_END = b"END:VCARD"


@dataclass
class _Chunk:
    start: int
    lines: list[bytes] = field(default_factory=list)
    size: int = 0
    depth: int = 1
    broken: str = ""
    last_head: bytes = _BEGIN


def _is_empty_agent(head: bytes) -> bool:
    """``AGENT:`` with nothing after it: a 2.1 agent whose card follows on the next lines."""
    return re.match(rb"AGENT[;:]", head) is not None and head.endswith(b":")


def _problem(chunk: _Chunk, reason: str) -> RecordError:
    return RecordError(chunk.start, f"Card starting at line {chunk.start} {reason}; it was not imported.")


def split_cards(lines: Iterator[Line]) -> Iterator[_Chunk | RecordError]:
    """Cards as chunks of physical lines, or an error per card that cannot be trusted."""
    chunk: _Chunk | None = None
    for line in lines:
        if line.overlong:
            yield RecordError(
                line.number,
                f"Line {line.number} is longer than {MAX_LINE >> 20} MB; it was skipped.",
            )
            if chunk is not None:
                chunk.lines.append(b"")
            continue
        data = line.data
        head = data.strip()  # compared case-insensitively below; most lines are never upper-cased
        if len(head) == len(_BEGIN) and head.upper() == _BEGIN:
            if chunk is None:
                chunk = _Chunk(line.number)
            elif chunk.last_head.upper() == _BEGIN or _is_empty_agent(chunk.last_head.upper()):
                chunk.depth += 1
                if chunk.depth > MAX_DEPTH and not chunk.broken:
                    chunk.broken = f"nests cards more than {MAX_DEPTH} deep (line {line.number})"
            else:
                yield _problem(chunk, "has no END:VCARD before the next card")
                chunk = _Chunk(line.number)
        elif chunk is None:
            continue  # comments, blank lines, junk between cards
        elif len(head) == len(_END) and head.upper() == _END:
            chunk.depth -= 1
        elif data[:1] not in (b" ", b"\t"):
            chunk.last_head = head
        if chunk.broken:
            chunk.lines.clear()
        else:
            chunk.lines.append(data)
            chunk.size += len(data) + 1
            if chunk.size > MAX_CARD:
                chunk.broken = f"is larger than {MAX_CARD >> 20} MB"
        if chunk.depth == 0:
            yield _problem(chunk, chunk.broken) if chunk.broken else chunk
            chunk = None
    if chunk is not None:
        reason = chunk.broken or "has no END:VCARD (the file may be cut short)"
        yield _problem(chunk, reason)


def _extra_line(prop: ContentLine) -> str | None:
    """A property netdesk has no field for, as one unfolded line with its value decoded."""
    if prop.name in _CONSUMED or prop.name in _OWN or not prop.name:
        return None
    if "ENCODING" in prop.params and {e.upper() for e in prop.params["ENCODING"]} & {"B", "BASE64"}:
        return None
    if prop.name == "ADR" and sum(1 for part in re.split(r"(?<!\\);", prop.text()) if part.strip()) <= 1:
        return None  # a one-part address is fully kept in the address field (our own export's form)
    params = "".join(
        f";{key}={','.join(_quote(v) for v in values)}"
        for key, values in prop.params.items()
        if key not in ("ENCODING", "CHARSET")
    )
    text = prop.text().replace("\r\n", "\n").replace("\n", "\\n")
    line = f"{prop.name}{params}:{text}"
    if len(line) > MAX_EXTRA or "\ufffd" in line or _has_control(line):
        return None  # binary junk (e.g. Outlook 2003's FBURL) is not worth keeping
    return line


def _has_control(text: str) -> bool:
    if text.isascii():  # an ASCII character is unprintable exactly when it is a control (Cc)
        return not text.isprintable()
    return any(unicodedata.category(ch) == "Cc" for ch in text)


def _quote(value: str) -> str:
    """A parameter value written back safely: RFC 6868 caret escapes, quotes when needed."""
    value = value.replace("^", "^^").replace("\n", "^n").replace('"', "^'")
    return f'"{value}"' if any(ch in value for ch in ",;:") else value


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


def _records(chunk: _Chunk) -> tuple[list[ImportRecord], list[RecordError]]:
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
        extras = tuple(e for e in (_extra_line(p) for p in props) if e)
        records.append(
            ImportRecord(
                draft=draft,
                line=card.line + offset,
                source=VCARD,
                extras=extras,
                warnings=tuple(f"Line {card.line + offset}: {w}." for w in card.warnings),
                event_name=own.get(X_EVENT),
                introduced_by_name=own.get(X_INTRODUCED_BY),
            )
        )
    return records, errors


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
    if not found:
        raise ImportFileError(
            f"{shown_path(path)} holds no BEGIN:VCARD … END:VCARD card; is it a vCard file?"
        )
    return ParsedFile(path, VCARD, tuple(records), tuple(errors), encoding)
