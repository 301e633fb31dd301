"""The import's fast paths give exactly what the general code (or the library) gives.

Each fast path skips work only for inputs where the answer is known; these cases pin that down
at the boundaries, next to a reference implementation or the library itself.
"""

from __future__ import annotations

import unicodedata

import pytest
from email_validator import EmailNotValidError, validate_email
from rapidfuzz import fuzz

from netdesk.domain.search import _EXTRA_FOLDS, fold, index_text
from netdesk.normalize.emails import EmailError, check_email
from netdesk.normalize.links import normalize_linkedin, safe_url
from netdesk.normalize.text import clean_text

EMAILS = [
    "card1@example.org",
    "Person.Name+tag@Example.ORG",
    "POSTMASTER@example.org",
    "a..b@example.org",
    ".a@example.org",
    "a@localhost",
    "a@foo.invalid",
    "a@-bad.com",
    "a@example.123",
    "x" * 64 + "@example.org",
    "x" * 65 + "@example.org",
    "y" * 60 + "@" + "d" * 63 + "." + "e" * 63 + "." + "f" * 63 + ".com",
    "a@xn--bcher-kva.ch",
    "josé@example.org",
    '"quoted"@example.org',
    "mailto:card2@example.org",
]


@pytest.mark.parametrize("address", EMAILS)
def test_email_fast_path_agrees_with_email_validator(address: str) -> None:
    text = address[7:] if address.startswith("mailto:") else address
    try:
        expected: str | None = str(validate_email(text, check_deliverability=False).normalized)
    except EmailNotValidError:
        expected = None
    try:
        got: str | None = check_email(address)
    except EmailError:
        got = None
    assert got == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.linkedin.com/in/Person-1", "https://www.linkedin.com/in/person-1"),
        ("HTTP://LinkedIn.com/IN/x_y/", "https://www.linkedin.com/in/x_y"),
        ("https://uk.linkedin.com/in/abc?trk=1", "https://www.linkedin.com/in/abc"),
        ("https://www.linkedin.com/pub/abc/1/2/3", "https://www.linkedin.com/in/abc"),
        ("https://www.linkedin.com/in/", None),
        ("https://www.linkedin.com.evil.org/in/abc", None),
        ("https://notlinkedin.com/in/abc", None),
        ("javascript://www.linkedin.com/in/abc", None),
        ("https://www.linkedin.com/in/a b", None),
        ("https://www.example.org/~card1", None),
    ],
)
def test_linkedin_fast_paths(url: str, expected: str | None) -> None:
    assert normalize_linkedin(url) == expected


def test_safe_url_fast_check_still_rejects_whitespace_and_controls() -> None:
    assert safe_url("https://example.org/a\u00a0b") is None
    assert safe_url("https://example.org/a\x7fb") is not None  # DEL is not < 32: as before
    assert safe_url("https://example.org/\x01") is None
    assert safe_url("https://example.org/ok") == "https://example.org/ok"


def _clean_reference(value: str, limit: int, multiline: bool) -> str:
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    out = []
    for ch in text:
        if ch == "\n":
            out.append("\n" if multiline else " ")
        elif ch == "\t":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cs", "Co") or ch in "\u202e\ufeff":
            continue
        else:
            out.append(ch)
    cleaned = "".join(out)
    if multiline:
        cleaned = "\n".join(line.rstrip() for line in cleaned.split("\n")).strip()
    else:
        cleaned = " ".join(cleaned.split())
    return cleaned[:limit].strip()


@pytest.mark.parametrize("value", ["  Ada   Lovelace ", "a" * 10 + " b", "x\x7fy", "tab\there", "é  e"])
@pytest.mark.parametrize("multiline", [False, True])
def test_clean_text_ascii_fast_path(value: str, multiline: bool) -> None:
    for limit in (3, 11, 500):
        assert clean_text(value, limit=limit, multiline=multiline) == _clean_reference(
            value, limit, multiline
        )


def _fold_reference(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_EXTRA_FOLDS)


@pytest.mark.parametrize(
    "text", ["Núñez", "STRAßE", "ﬁancé", "Ǆemal", "e\u0301\u0323", "①②", "Σίσυφος", "가나"]
)
def test_fold_by_character_equals_folding_the_whole_text(text: str) -> None:
    assert fold(text) == _fold_reference(text)


def test_index_text_digits_fast_path() -> None:
    assert index_text("+1 (508) 555-0142") == "1 508 555 0142 15085550142 5085550142 5550142"
    # superscripts are digits to str.isdigit (kept as written in the digit run), words fold them
    assert index_text("Tel ²³⁴⁵⁶ x") == "tel 23456 x ²³⁴⁵⁶"


@pytest.mark.parametrize(
    ("a", "b"),
    [("ada lovelace", "lovelace ada"), ("jose nunez-bakamo1", "nunez-bakamo1 jose"), ("b a c", "c b a x")],
)
def test_sorted_words_ratio_is_token_sort_ratio(a: str, b: str) -> None:
    def srt(s: str) -> str:
        return " ".join(sorted(s.split(" ")))

    assert fuzz.ratio(srt(a), srt(b)) == fuzz.token_sort_ratio(a, b)
