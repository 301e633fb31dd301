"""CSV contacts (LinkedIn, Google, Outlook, anything with a header) -> import records.

Real exports are messy: LinkedIn puts a "Notes:" preamble above the header, Google packs several
values in one cell joined by " ::: ", Outlook writes UTF-16 or cp1252, Europeans use ";", and a
quote left open swallows the rest of the file. The file is streamed; a row that cannot be read is
reported with its line number and reading resumes on the next line, so good rows still import.
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from netdesk.capture.drafts import DraftBuilder
from netdesk.domain.file_names import shown_path
from netdesk.domain.models import EmailKind, HowMet, PhoneKind
from netdesk.interchange import csv_formats
from netdesk.interchange.csv_formats import ColumnMapping
from netdesk.interchange.records import (
    GOOGLE,
    LINKEDIN,
    ImportFileError,
    ImportRecord,
    ParsedFile,
    RecordError,
)
from netdesk.interchange.textio import Line, open_lines, sniff_encoding
from netdesk.normalize.text import MAX_FIELD, clean_text

MAX_CSV_LINE = 1 << 20
SAMPLE_LINES = 60
_DELIMITERS = (",", ";", "\t")
_MULTI = " ::: "
_NEUTRALISED = ("=", "+", "-", "@")
_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%d.%m.%Y", "%b %d, %Y")
_PHONE_FIELDS = {
    "phone": PhoneKind.OTHER,
    "phone_mobile": PhoneKind.MOBILE,
    "phone_work": PhoneKind.WORK,
    "phone_home": PhoneKind.HOME,
    "phone_fax": PhoneKind.FAX,
}
_EMAIL_FIELDS = {"email": EmailKind.OTHER, "email_work": EmailKind.WORK, "email_home": EmailKind.HOME}


@dataclass(frozen=True)
class CsvLayout:
    """What the column-mapping dialog shows: encoding, separator, header and a guessed mapping."""

    encoding: str
    delimiter: str
    header_line: int
    headers: tuple[str, ...]
    format: str
    mapping: ColumnMapping
    sample: tuple[tuple[str, ...], ...] = field(default=())


class _Feeder:
    """Decoded lines for ``csv.reader`` that remembers which lines each row used.

    Lines can be pushed back, so after a broken row the reader restarts on the next line.
    """

    def __init__(self, lines: Iterator[Line], encoding: str, errors: list[RecordError]) -> None:
        self._lines = lines
        self._encoding = "utf-8" if encoding.startswith("utf-16") else encoding
        self._pending: deque[tuple[int, str]] = deque()
        self._errors = errors
        self.consumed: list[tuple[int, str]] = []

    def __iter__(self) -> _Feeder:
        return self

    def __next__(self) -> str:
        while not self._pending:
            line = next(self._lines)
            if line.overlong:
                self._errors.append(
                    RecordError(line.number, f"Line {line.number} is longer than 1 MB; it was skipped.")
                )
                continue
            self._pending.append((line.number, line.data.decode(self._encoding, errors="replace")))
        item = self._pending.popleft()
        self.consumed.append(item)
        return item[1] + "\n"

    def take(self) -> list[tuple[int, str]]:
        taken, self.consumed = self.consumed, []
        return taken

    def push_back(self, items: Sequence[tuple[int, str]]) -> None:
        self._pending.extendleft(reversed(items))


def _opens_unclosed_quote(text: str, delimiter: str) -> bool:
    """True when a quoted field starts on this line and its closing quote is missing.

    A stray quote inside an unquoted field (``5'11"``) is legal for the reader and left alone.
    """
    if text.count('"') % 2 == 0:
        return False
    return text.startswith('"') or f'{delimiter}"' in text


def _rows(
    path: Path, encoding: str, delimiter: str, errors: list[RecordError], width: int | None = None
) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) per row; broken rows become errors and reading resumes after them."""
    feeder = _Feeder(open_lines(path, encoding, MAX_CSV_LINE), encoding, errors)
    reader = csv.reader(feeder, delimiter=delimiter, strict=False)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            consumed = feeder.take()
            errors.append(
                RecordError(
                    consumed[0][0],
                    f"Row at line {consumed[0][0]} has a field larger than 128 kB "
                    "(probably a quote that is never closed); the row was skipped.",
                )
            )
            feeder.push_back(consumed[1:])
            reader = csv.reader(feeder, delimiter=delimiter, strict=False)
            continue
        consumed = feeder.take()
        if not consumed:
            continue
        first = consumed[0][0]
        if len(consumed) == 1 and _opens_unclosed_quote(consumed[0][1], delimiter):
            # The reader reached the end of the file inside a quoted field.
            errors.append(
                RecordError(
                    first,
                    f"Row at line {first} opens a quote that is never closed; the row was skipped. "
                    "Fix the quoting and import the file again.",
                )
            )
            continue
        if len(consumed) > 1:
            quotes = sum(text.count('"') for _, text in consumed)
            if quotes % 2 or (width is not None and len(row) != width):
                errors.append(
                    RecordError(
                        first,
                        f"Row at line {first} has a quote that is not closed where it should be; "
                        "the row was skipped. Fix the quoting and import the file again.",
                    )
                )
                feeder.push_back(consumed[1:])
                reader = csv.reader(feeder, delimiter=delimiter, strict=False)
                continue
        yield first, row


def inspect_csv(path: Path) -> CsvLayout:
    """Encoding, separator and header row of ``path`` (skipping a LinkedIn-style preamble)."""
    try:
        encoding = sniff_encoding(path)
    except OSError as exc:
        raise ImportFileError(f"{shown_path(path)} cannot be read: {exc.strerror or exc}.") from None
    best: tuple[int, int, int] | None = None
    layout: CsvLayout | None = None
    for delimiter in _DELIMITERS:
        sample: list[tuple[int, list[str]]] = []
        for item in _rows(path, encoding, delimiter, []):
            if any(cell.strip() for cell in item[1]):
                sample.append(item)
            if len(sample) >= SAMPLE_LINES:
                break
        if not sample:
            continue
        scored = [(csv_formats.header_score(cells), -i) for i, (_, cells) in enumerate(sample)]
        score, neg_index = max(scored)
        index = -neg_index if score >= 2 else 0
        line, headers = sample[index]
        rank = (min(score, 3), len(headers), -index)
        if best is None or rank > best:
            best = rank
            fmt = csv_formats.detect_format(headers)
            layout = CsvLayout(
                encoding=encoding,
                delimiter=delimiter,
                header_line=line,
                headers=tuple(h.strip().lstrip("\ufeff") for h in headers),
                format=fmt,
                mapping=csv_formats.mapping_for(fmt, headers),
                sample=tuple(tuple(cells) for _, cells in sample[index + 1 : index + 6]),
            )
    if layout is None:
        raise ImportFileError(f"{shown_path(path)} is empty; there is nothing to import.")
    return layout


def read_csv(
    path: Path,
    *,
    mapping: ColumnMapping | None = None,
    layout: CsvLayout | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ParsedFile:
    """Every contact row of ``path``; ``mapping`` overrides the detected columns (mapping dialog)."""
    path = Path(path)
    layout = layout or inspect_csv(path)
    columns = mapping if mapping is not None else layout.mapping
    if not any(target != "ignore" for target in columns.values()):
        raise ImportFileError(
            f"{shown_path(path)}: no column could be recognised (line {layout.header_line} was taken as the "
            "header). Choose what each column holds in the column mapping."
        )
    kinds = csv_formats.google_kind_columns(layout.headers) if layout.format == GOOGLE else {}
    errors: list[RecordError] = []
    records: list[ImportRecord] = []
    width = len(layout.headers)
    for line, cells in _rows(path, layout.encoding, layout.delimiter, errors, width):
        if cancelled is not None and len(records) % 1000 == 0 and cancelled():
            break
        if line <= layout.header_line or not any(c.strip() for c in cells):
            continue
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            errors.append(
                RecordError(
                    line,
                    f"Row at line {line} has {len(cells)} cells but the header has {width}; "
                    "it was skipped. Check the separator and quotes on that line.",
                )
            )
            continue
        result = row_record(cells, line, columns, layout.format, kinds)
        if isinstance(result, RecordError):
            errors.append(result)
        else:
            records.append(result)
    errors.sort(key=lambda e: e.line)
    return ParsedFile(path, layout.format, tuple(records), tuple(errors), layout.encoding)


def _split(value: str, target: str) -> list[str]:
    parts = value.split(_MULTI)
    if target == "tags":
        parts = [p for part in parts for chunk in part.split(";") for p in chunk.split(",")]
    return [p.strip() for p in parts if p.strip()]


def _label_kind(label: str) -> tuple[PhoneKind, EmailKind]:
    text = label.lower()
    if "fax" in text:
        return PhoneKind.FAX, EmailKind.OTHER
    if "mobile" in text or "cell" in text:
        return PhoneKind.MOBILE, EmailKind.OTHER
    if "work" in text or "business" in text:
        return PhoneKind.WORK, EmailKind.WORK
    if "home" in text:
        return PhoneKind.HOME, EmailKind.HOME
    return PhoneKind.OTHER, EmailKind.OTHER


def fast_clean(value: str) -> str:
    """``clean_text`` with a fast path: printable ASCII needs no NFC, bidi or control filtering.

    A 50,000-row LinkedIn export is almost all ASCII; this halves its parse time.
    """
    if value.isascii() and value.isprintable():
        return " ".join(value.split())[:MAX_FIELD].strip()
    return clean_text(value, limit=MAX_FIELD)


def parse_date(value: str) -> datetime | None:
    """A LinkedIn "Connected On" date as noon UTC, so it shows as the same day in every time zone."""
    return _parse_date(value.strip())


@lru_cache(maxsize=8192)
def _parse_date(text: str) -> datetime | None:
    """``strptime`` is slow (~20 µs) and an export holds a few thousand distinct days."""
    for fmt in _DATE_FORMATS:
        try:
            day = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return day.replace(hour=12, tzinfo=UTC)
    return None


def row_record(
    cells: Sequence[str], line: int, columns: ColumnMapping, fmt: str, kinds: dict[int, int]
) -> ImportRecord | RecordError:
    """One CSV row as a record, or an error when it holds nothing to save."""
    builder = DraftBuilder()
    middle = ""
    tags: list[str] = []
    addresses: list[str] = []
    connected: datetime | None = None
    warnings: list[str] = []
    for index, target in columns.items():
        if index >= len(cells):
            continue
        value = cells[index].strip()
        if value[:1] == "'" and value[1:2] in _NEUTRALISED:
            value = value[1:]  # our own (or a careful tool's) formula-injection guard, undone
        if not value or target == "ignore":
            continue
        label = cells[kinds[index]] if index in kinds and kinds[index] < len(cells) else ""
        if target in _EMAIL_FIELDS:
            kind = _label_kind(label)[1] if label else _EMAIL_FIELDS[target]
            for address in _split(value, target):
                builder.add_email(address, kind)
        elif target in _PHONE_FIELDS:
            phone_kind = _label_kind(label)[0] if label else _PHONE_FIELDS[target]
            for number in _split(value, target):
                builder.add_phone(number, phone_kind)
        elif target == "url":
            for url in _split(value, target):
                builder.add_url(url)
        elif target == "tags":
            tags.extend(t.lstrip("* ").strip() for t in _split(value, target) if t != "* myContacts")
        elif target == "notes":
            builder.add_note(value)
        elif target == "address":
            addresses.append(value.split(_MULTI)[0])
        elif target == "middle_name":
            middle = value
        elif target == "connected_on":
            connected = parse_date(value)
            if connected is None:
                warnings.append(f"“{value[:40]}” is not a date; the connection date was left out")
        else:
            if not getattr(builder, target, True):
                setattr(builder, target, fast_clean(value))
    if addresses:
        builder.set_if_empty("address", ", ".join(addresses))
    if not builder.has_content():
        return RecordError(
            line, f"Row at line {line} has no name, organisation, e-mail, phone or link; it was skipped."
        )
    if not builder.display_name:
        parts = (builder.given_name, middle.strip(), builder.family_name)
        builder.set_if_empty("display_name", " ".join(p for p in parts if p))
    draft = builder.build("")
    unique_tags: dict[str, str] = {}
    for tag in tags:
        cleaned = clean_text(tag, limit=100)
        if cleaned:
            unique_tags.setdefault(cleaned.casefold(), cleaned)
    draft = replace(
        draft, tags=tuple(unique_tags.values()), how_met=HowMet.ONLINE if fmt == LINKEDIN else None
    )
    warnings.extend(builder.rejected)
    return ImportRecord(
        draft=draft,
        line=line,
        source=fmt,
        connected_at=connected,
        warnings=tuple(f"Line {line}: {w}." for w in warnings),
    )
