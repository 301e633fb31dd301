"""Search rules shared by every store: what "matches" means for a contact.

Search is word-prefix, accent- and case-insensitive, and every word of the query must match
("jose nun" finds "José Núñez"). The same folding is applied to the indexed text and to the
query, so the rule can run in Python or in SQLite FTS5 with identical results.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)
_NOT_ASCII_DIGIT = re.compile(r"[^0-9]+")
# Letters that NFKD does not decompose but users type without the mark.
_EXTRA_FOLDS = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "þ": "th"}
)


def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.translate(_EXTRA_FOLDS)


class _FoldTable(dict[int, str]):
    """``str.translate`` table filled on first sight of each character.

    Folding works character by character: casefold and NFKD decomposition are per character,
    and canonical reordering only moves combining marks, which are all dropped. So the table
    gives the same result as folding the whole string, at the speed of ``translate``.
    """

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLDS = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, strip diacritics and compatibility forms: 'Núñez' -> 'nunez'."""
    if text.isascii():  # the common case, and ten times faster than the Unicode path
        return text.lower()
    return text.translate(_FOLDS)


def words(text: str) -> list[str]:
    """The folded words of ``text``; punctuation separates words (so e-mail parts are words)."""
    return _WORD.findall(fold(text))


def query_terms(query: str) -> list[str]:
    """The folded, de-duplicated words of a search query, in order."""
    seen: dict[str, None] = {}
    for word in words(query):
        seen.setdefault(word, None)
    return list(seen)


def index_text(*parts: str) -> str:
    """The text a contact is indexed under: folded words, plus digit-only forms of numbers.

    Phone numbers are written in many ways ("+1 (508) 555-0142"); adding the run of all their
    digits lets "5085550142" or "555" find them too.
    """
    out: list[str] = []
    for part in parts:
        if not part:
            continue
        out.extend(words(part))
        if len(part) < 5:
            continue  # fewer than five digits
        if part.isascii():  # for ASCII, str.isdigit() is exactly 0-9
            digits = _NOT_ASCII_DIGIT.sub("", part)
        else:
            digits = "".join(ch for ch in part if ch.isdigit())
        if len(digits) >= 5 and not part.strip().isdigit():
            out.append(digits)
            for tail in (10, 7):
                if len(digits) > tail:
                    out.append(digits[-tail:])
    return " ".join(out)


def matches(terms: list[str], text: str) -> bool:
    """True when every term is a prefix of some word of the folded ``text``."""
    indexed = text.split()
    return all(any(word.startswith(term) for word in indexed) for term in terms)


def fts_query(terms: list[str]) -> str:
    """An FTS5 MATCH expression: every term as a quoted prefix, all required."""
    return " AND ".join('"' + term.replace('"', '""') + '"*' for term in terms)
