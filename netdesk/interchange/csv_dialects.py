"""How a CSV file is written: its separator, rows split with the wrong one, and header-less files.

Clients disagree: Outlook writes ";" in much of Europe, Thunderbird offers tab-separated files
(and some of its exports mix a comma-separated header with tab-separated rows), and scripts or
phones write plain "name,email,phone" lines with no header at all. Nothing here trusts a single
signal: ``csv.Sniffer`` only breaks ties between separators that explain the rows equally well,
and header-less columns are named from what their values look like.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence

from netdesk.interchange.csv_formats import ColumnMapping
from netdesk.normalize.emails import EmailError, check_email_kept

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}
#: Share of a column's filled cells that must look alike before the column is named after them.
MAJORITY = 0.6

_URL = re.compile(r"(?i)^(https?://|www\.)\S+$|^\S*linkedin\.com/\S+$")
_PHONE = re.compile(r"^\+?[\d\s().\-/]{6,}(?:\s*(?:x|ext\.?|#)\s*\d{1,6})?$")
_NAME_PUNCTUATION = frozenset(" .'-’‘,・　")


def sniffed_delimiter(lines: Sequence[str]) -> str | None:
    """``csv.Sniffer``'s choice among the separators clients write, or None when it cannot tell."""
    text = "\n".join(lines[:20])
    try:
        return csv.Sniffer().sniff(text, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        return None


def resplit(text: str, delimiter: str, width: int) -> list[str] | None:
    """A one-cell row read again with another separator, when that gives exactly ``width`` cells.

    Exactly: a "Doe; John" name in a comma file must stay one cell, and a row of a mixed
    Thunderbird file always has every column.
    """
    for other in DELIMITERS:
        if other == delimiter or other not in text:
            continue
        cells = next(csv.reader([text], delimiter=other), [])
        if len(cells) == width:
            return cells
    return None


def value_kind(value: str) -> str:
    """'email', 'url', 'phone', 'name' (words of letters), 'text' or '' for an empty cell."""
    text = value.strip()
    if not text:
        return ""
    first = text.split(" ::: ")[0].strip()
    if "@" in first and " " not in first:
        try:
            check_email_kept(first)
        except EmailError:
            pass
        else:
            return "email"
    if _URL.match(first):
        return "url"
    if _PHONE.match(first) and sum(ch.isdigit() for ch in first) >= 6:
        return "phone"
    if any(ch.isalpha() for ch in text) and all(ch.isalpha() or ch in _NAME_PUNCTUATION for ch in text):
        return "name"
    return "text"


def _column_kind(values: Sequence[str]) -> tuple[str, float]:
    """The kind most filled cells of a column share, and the share of them with more than one word."""
    kinds = [value_kind(v) for v in values]
    filled = [k for k in kinds if k]
    if not filled:
        return "", 0.0
    best = max(set(filled), key=filled.count)
    if filled.count(best) < MAJORITY * len(filled):
        best = "text"
    words = sum(1 for v in values if len(v.split()) > 1) / len(filled)
    return best, words


def looks_like_data(cells: Sequence[str]) -> bool:
    """A row that holds an e-mail, link or phone number is a record, not a header."""
    return any(value_kind(cell) in ("email", "url", "phone") for cell in cells)


def columns_from_values(rows: Sequence[Sequence[str]], width: int) -> ColumnMapping:
    """A mapping for a file without header, from what each column's values look like.

    E-mail, link and phone columns are certain. Of the text columns, the first is the name:
    a display name when its values hold several words, else first name followed by last name
    when the next column is single words too; the next two text columns become organisation
    and title, as every client orders them. The mapping dialog corrects the rest.
    """
    mapping: ColumnMapping = {}
    texts: list[tuple[int, str, float]] = []
    for index in range(width):
        kind, words = _column_kind([row[index] for row in rows if index < len(row)])
        if kind in ("email", "url", "phone"):
            mapping[index] = "url" if kind == "url" else kind
        elif kind in ("name", "text"):
            texts.append((index, kind, words))
    order = ["organization", "title"]
    if texts:
        index, kind, words = texts.pop(0)
        follows = texts[0] if texts else None
        if words < 0.5 and kind == "name" and follows and follows[1] == "name" and follows[2] < 0.5:
            mapping[index] = "given_name"
            mapping[texts.pop(0)[0]] = "family_name"
        else:
            mapping[index] = "display_name"
    for (index, _kind, _words), target in zip(texts, order, strict=False):
        mapping[index] = target
    return mapping
