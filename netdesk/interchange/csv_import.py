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
from dataclasses import dataclass, field
from pathlib import Path

from netdesk.domain.file_names import shown_path
from netdesk.interchange import csv_dialects, csv_formats
from netdesk.interchange.csv_formats import ColumnMapping
from netdesk.interchange.csv_rows import fast_clean, parse_date, row_record
from netdesk.interchange.records import (
    GENERIC_CSV,
    GOOGLE,
    ImportFileError,
    ImportRecord,
    ImportWarning,
    ParsedFile,
    RecordError,
)
from netdesk.interchange.textio import Line, open_lines, sniff_encoding

__all__ = ["CsvLayout", "fast_clean", "inspect_csv", "parse_date", "read_csv", "row_record"]

MAX_CSV_LINE = 1 << 20
SAMPLE_LINES = 60


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
    #: False when the file has no header row: ``headers`` are "Column 1", ... and the mapping
    #: was guessed from the values; ``header_line`` is then 0.
    has_header: bool = True
    #: The header's separator when the rows use another one (``delimiter``), as in mixed
    #: Thunderbird files: a comma-separated header over tab-separated rows.
    header_delimiter: str | None = None


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
    path: Path,
    encoding: str,
    delimiter: str,
    errors: list[RecordError],
    width: int | None = None,
    resplit: list[int] | None = None,
) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) per row; broken rows become errors and reading resumes after them.

    With ``resplit``, a one-line row that is one cell under ``delimiter`` but exactly ``width``
    cells under another separator is read that way (mixed Thunderbird files); its line is
    appended to ``resplit``.
    """
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
        if resplit is not None and width and width > 1 and len(row) == 1 and len(consumed) == 1:
            other = csv_dialects.resplit(consumed[0][1], delimiter, width)
            if other is not None:
                row = other
                resplit.append(first)
        yield first, row


def _sample(
    path: Path, encoding: str, delimiter: str, width: int | None = None, resplit: list[int] | None = None
) -> list[tuple[int, list[str]]]:
    sample: list[tuple[int, list[str]]] = []
    for item in _rows(path, encoding, delimiter, [], width, resplit):
        if any(cell.strip() for cell in item[1]):
            sample.append(item)
        if len(sample) >= SAMPLE_LINES:
            break
    return sample


def _first_lines(path: Path, encoding: str) -> list[str]:
    feeder = _Feeder(open_lines(path, encoding, MAX_CSV_LINE), encoding, [])
    lines: list[str] = []
    for text in feeder:
        if text.strip():
            lines.append(text.rstrip("\n"))
        if len(lines) >= 20:
            break
    return lines


def inspect_csv(path: Path) -> CsvLayout:
    """Encoding, separator and header row of ``path`` (skipping a LinkedIn-style preamble).

    Each separator is ranked by how recognisable its header row is, then by how many rows
    after it have exactly the header's width (counting rows that only another separator
    splits right, as mixed Thunderbird files have), then by ``csv.Sniffer``'s choice. A file
    whose best "header" holds an e-mail, phone or link is taken as having no header at all.
    """
    try:
        encoding = sniff_encoding(path)
        sniffed = csv_dialects.sniffed_delimiter(_first_lines(path, encoding))
    except OSError as exc:
        raise ImportFileError(f"{shown_path(path)} cannot be read: {exc.strerror or exc}.") from None
    best: tuple[int, int, bool, int] | None = None
    layout: CsvLayout | None = None
    for delimiter in csv_dialects.DELIMITERS:
        sample = _sample(path, encoding, delimiter)
        if not sample:
            continue
        scored = [(csv_formats.header_score(cells), -i) for i, (_, cells) in enumerate(sample)]
        score, neg_index = max(scored)
        index = -neg_index if score >= 2 else 0
        line, headers = sample[index]
        has_header = not (score < 2 and csv_dialects.looks_like_data(headers))
        width = len(headers) if has_header else max(len(cells) for _, cells in sample)
        resplit: list[int] = []
        rows = _sample(path, encoding, delimiter, width, resplit)
        body = [cells for row_line, cells in rows if row_line > line or not has_header]
        fitting = sum(1 for cells in body if len(cells) == width > 1)
        body_delimiter = delimiter
        if has_header and (fitting - len(resplit)) * 2 < len(body):
            # Most rows do not split like the header: when another separator splits them right,
            # read them with it (so quoted line breaks work) and the header with its own.
            for other in csv_dialects.DELIMITERS:
                if other != delimiter:
                    other_body = [c for n, c in _sample(path, encoding, other, width) if n > line]
                    other_fit = sum(1 for cells in other_body if len(cells) == width)
                    if other_fit * 2 > len(other_body) and other_fit > fitting - len(resplit):
                        body_delimiter, body, fitting = other, other_body, other_fit
                        break
        rank = (min(score, 3) if has_header else 0, fitting, delimiter == sniffed, width)
        if best is None or rank > best:
            best = rank
            if has_header:
                fmt = csv_formats.detect_format(headers)
                mapping = csv_formats.mapping_for(fmt, headers)
                names = tuple(h.strip().lstrip("\ufeff") for h in headers)
            else:
                fmt, line = GENERIC_CSV, 0
                mapping = csv_dialects.columns_from_values(body, width)
                names = tuple(f"Column {i + 1}" for i in range(width))
            layout = CsvLayout(
                encoding=encoding,
                delimiter=body_delimiter,
                header_delimiter=delimiter if body_delimiter != delimiter else None,
                header_line=line,
                headers=names,
                format=fmt,
                mapping=mapping,
                sample=tuple(tuple(cells) for cells in body[:5]),
                has_header=has_header,
            )
    if layout is None:
        raise ImportFileError(f"{shown_path(path)} is empty; there is nothing to import.")
    return layout


def _rows_text(count: int) -> str:
    return "1 row" if count == 1 else f"{count} rows"


def _layout_warnings(
    layout: CsvLayout, columns: ColumnMapping, unused: dict[int, list[int]], resplit: list[int]
) -> list[ImportWarning]:
    """File-level notes: a guessed header, rows read with another separator, columns left out."""
    notes: list[ImportWarning] = []
    if not layout.has_header:
        named = ", ".join(f"{layout.headers[i]} = {t.replace('_', ' ')}" for i, t in sorted(columns.items()))
        notes.append(
            ImportWarning(
                1, f"The file has no header row; its columns were recognised from their values ({named})"
            )
        )
    names = csv_dialects.DELIMITER_NAMES
    if layout.header_delimiter:
        notes.append(
            ImportWarning(
                layout.header_line,
                f"The header is separated by {names.get(layout.header_delimiter)} but the rows by "
                f"{names.get(layout.delimiter)}; each was read with its own separator",
            )
        )
    if resplit:
        used = names.get(layout.delimiter, layout.delimiter)
        notes.append(
            ImportWarning(
                resplit[0],
                f"{_rows_text(len(resplit))} (first at line {resplit[0]}) not separated by {used} "
                "like the others: read with their own separator",
            )
        )
    for index, lines in sorted(unused.items()):
        name = layout.headers[index] if index < len(layout.headers) else f"Column {index + 1}"
        notes.append(
            ImportWarning(
                lines[0],
                f"Column “{name}” has no netdesk field; its values in {_rows_text(len(lines))} (first at line "
                f"{lines[0]}) were not imported. Choose a field for it in the column mapping to keep them",
                name,
            )
        )
    return notes


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
    label_columns = set(kinds.values())
    places = csv_formats.address_columns(layout.format, layout.headers)
    errors: list[RecordError] = []
    records: list[ImportRecord] = []
    unused: dict[int, list[int]] = {}
    resplit: list[int] = []
    width = len(layout.headers)
    for line, cells in _rows(path, layout.encoding, layout.delimiter, errors, width, resplit):
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
        result = row_record(cells, line, columns, layout.format, kinds, layout.headers, places)
        if isinstance(result, RecordError):
            errors.append(result)
            continue
        records.append(result)
        for index, cell in enumerate(cells[:width]):
            if index not in columns and index not in label_columns and cell.strip():
                unused.setdefault(index, []).append(line)
    errors.sort(key=lambda e: e.line)
    resplit = [number for number in resplit if number > layout.header_line]
    notes = _layout_warnings(layout, columns, unused, resplit)
    return ParsedFile(path, layout.format, tuple(records), tuple(errors), layout.encoding, tuple(notes))
