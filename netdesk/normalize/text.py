"""Neutralise hostile text before it reaches the database or the screen."""

from __future__ import annotations

import unicodedata

MAX_FIELD = 500
MAX_NOTES = 20_000

# Bidi embeddings/overrides/isolates and other invisible format characters that can disguise text.
_BIDI_AND_FORMAT = {
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
    "\ufeff",
}


def clean_text(value: str | None, *, limit: int = MAX_FIELD, multiline: bool = False) -> str:
    """NFC, no control or bidi-override characters, capped length, trimmed.

    With ``multiline`` line breaks survive (normalised to LF); otherwise they become spaces.
    """
    if not value:
        return ""
    if value.isascii() and value.isprintable():
        # Printable ASCII (most of any contacts file) has nothing to normalise or filter: no
        # line breaks, tabs, control or bidi characters, and NFC leaves it unchanged.
        cleaned = value.strip() if multiline else " ".join(value.split())
        return cleaned[:limit].strip()
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[str] = []
    for ch in text:
        if ch == "\n":
            out.append("\n" if multiline else " ")
        elif ch == "\t":
            out.append(" ")
        elif ch in _BIDI_AND_FORMAT or unicodedata.category(ch) in ("Cc", "Cs", "Co"):
            continue
        else:
            out.append(ch)
    cleaned = "".join(out)
    if not multiline:
        cleaned = " ".join(cleaned.split())
    else:
        cleaned = "\n".join(line.rstrip() for line in cleaned.split("\n")).strip()
    return cleaned[:limit].strip()
