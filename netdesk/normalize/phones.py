"""Phone numbers: keep what was written, add E.164 when the number parses."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers

from netdesk.domain.models import Phone, PhoneKind

DEFAULT_REGION = "US"


class PhoneError(ValueError):
    """A phone number that cannot be a real number; the message says why."""


def to_e164(raw: str, region: str = DEFAULT_REGION) -> str | None:
    """The E.164 form of ``raw`` or None when it is not a possible number.

    Parsing costs ~20 µs; a contacts file repeats switchboards and shared lines, so the answer
    for each distinct text is remembered.
    """
    return _to_e164(raw.strip(), region)


@lru_cache(maxsize=8192)
def _to_e164(text: str, region: str) -> str | None:
    if text.lower().startswith("tel:"):
        text = text[4:]
    try:
        parsed = phonenumbers.parse(text, region or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def make_phone(raw: str, kind: PhoneKind = PhoneKind.OTHER, region: str = DEFAULT_REGION) -> Phone:
    """A Phone with E.164 filled in when possible; the raw text is always kept."""
    raw = " ".join(raw.split())
    return Phone(raw=raw, e164=to_e164(raw, region), kind=kind)


def validate_phone(raw: str, region: str = DEFAULT_REGION) -> Phone:
    """A Phone for user input, or PhoneError with a sentence saying what to fix."""
    text = " ".join(raw.split())
    if not text:
        raise PhoneError("Enter a phone number or remove the empty row.")
    if not any(ch.isdigit() for ch in text):
        raise PhoneError(f"“{text}” has no digits; enter a phone number such as +1 508 555 0142.")
    e164 = to_e164(text, region)
    if e164 is None:
        raise PhoneError(
            f"“{text}” is not a possible phone number for region {region}; "
            "add the country code (e.g. +44 …) or check the digits."
        )
    return Phone(raw=text, e164=e164)


def digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())
