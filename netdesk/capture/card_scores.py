"""How much a line of card text looks like a name, a job title or an organisation.

Pure string rules shared by the field extraction (``card_fields``) and the one-line forms
(``card_forms``): no layout, no OCR. ``prefix_match`` is the rule that links an e-mail local part
or a web domain to the printed words it abbreviates.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from netdesk.capture import card_lexicon as lex

#: Letters NFKD does not split into an ASCII letter and an accent, as addresses spell them.
_LATIN = str.maketrans({"ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "đ": "d", "ı": "i", "œ": "oe", "þ": "th"})


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits, accents stripped ("Fernández" → "fernandez", "Søren" →
    "soren")."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_LATIN))
    return "".join(ch for ch in decomposed.lower() if ch.isascii() and ch.isalnum())


def _folds(word: str) -> set[str]:
    """Both ways an address generator may have spelled a word: accents stripped or dropped."""
    dropped = "".join(ch for ch in word.lower() if ch.isascii() and ch.isalnum())
    return {w for w in (fold(word), dropped) if w}


def prefix_match(label: str, text: str) -> bool:
    """Whether ``label`` is made of abbreviations of the words of ``text``, in order.

    This one rule covers how people build addresses and domains from names: "flee" (F. Lee),
    "fatima.lee", "acmemarketing" (Acme Marketing Group), "bayviewvet", "nbpd" (initials) and
    "nehp" (NE for Northeast). A piece abbreviates a word when it starts with the word's first
    letter and its other letters appear in the word in order; one word may be skipped (a middle
    initial), and the match starts at the first or second word.
    """
    key = fold(label)
    words = [_folds(w) for w in re.split(r"[\s\-–/&.,]+", text) if fold(w)]
    if len(key) < 3 or not words:
        return False
    memo: dict[tuple[int, int], bool] = {}

    def walk(pos: int, index: int) -> bool:
        if pos == len(key):
            return True
        if (pos, index) not in memo:
            memo[(pos, index)] = any(
                walk(end, wi + 1)
                for wi in range(index, min(len(words), index + 2))
                for spelling in words[wi]
                for end in _piece_ends(spelling, key, pos)
            )
        return memo[(pos, index)]

    return any(walk(0, start) for start in range(min(2, len(words))))


def _piece_ends(word: str, key: str, pos: int) -> list[int]:
    """Ends of the pieces of ``key`` from ``pos`` that abbreviate ``word``, longest first."""
    if key[pos] != word[0]:
        return []
    ends, j, p = [pos + 1], 1, pos + 1
    while p < len(key):
        j = word.find(key[p], j)
        if j < 0:
            break
        j, p = j + 1, p + 1
        ends.append(p)
    return ends[::-1]


def _words(text: str) -> list[str]:
    return [w.strip(",;:()").lower() for w in text.split() if w.strip(",;:()")]


def title_score(text: str) -> float:
    """1 when the line ends in a job noun ("Marketing Director"), 0.7 when it holds one."""
    words = _words(text)
    if not words:
        return 0.0
    if words[-1] in lex.TITLE_WORDS:
        return 1.0
    return 0.7 if any(w in lex.TITLE_WORDS for w in words) else 0.0


def org_score(text: str, domains: Sequence[str] = ()) -> float:
    """1 when the domain spells the line or it ends in a legal or institutional noun."""
    if any(prefix_match(d, text) for d in domains):
        return 1.0
    words = _words(text)
    if not words:
        return 0.0
    if words[-1] in lex.ORG_WORDS or "&" in text:
        return 0.9
    return 0.6 if any(w in lex.ORG_WORDS for w in words[1:]) else 0.0


def looks_like_person(text: str) -> bool:
    """Two to five capitalised words of letters (apostrophes, hyphens, initials allowed)."""
    core = text.split(",")[0]
    words = [w for w in core.split() if w.lower() not in lex.HONORIFICS]
    if not 2 <= len(words) <= 5:
        return False
    for word in words:
        if word.lower() in lex.PARTICLES:
            continue
        letters = word.replace("'", "").replace("’", "").replace("-", "").replace(".", "")
        if not letters.isalpha() or not word[0].isupper():
            return False
    job_words = lex.TITLE_WORDS - lex.AMBIGUOUS_TITLE_WORDS
    return not (any(w in job_words for w in _words(core)) or org_score(core) >= 0.9)


def split_name(name: str) -> tuple[str, str]:
    """Given and family names; particles ("van", "de la") stay with the family name."""
    core = name.split(",")[0]
    words = [w for w in core.split() if w.lower() not in lex.HONORIFICS]
    if len(words) < 2:
        return (words[0] if words else "", "")
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in lex.PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])
