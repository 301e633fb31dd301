"""The DoCoMo family of QR payloads: ``MECARD:``, ``BIZCARD:`` and ``MEBKM:``.

All three are ``PREFIX:KEY:value;KEY:value;;`` with backslash escapes. Fields are split at unescaped
semicolons and each field at its *first* colon only, so an unescaped ``URL:https://…`` survives;
escapes are removed after splitting so ``https\\://`` and ``O\\;Brien`` come out right.
"""

from __future__ import annotations

from collections.abc import Iterator

from netdesk.capture.drafts import DraftBuilder
from netdesk.domain.models import ContactDraft, PhoneKind


def split_fields(body: str) -> Iterator[tuple[str, str]]:
    """``(KEY, unescaped value)`` pairs of a ``KEY:value;KEY:value;;`` body, in order."""
    field: list[str] = []
    escaped = False
    for ch in body + ";":
        if escaped:
            field.append("\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ";":
            raw = "".join(field)
            field = []
            key, sep, value = raw.partition(":")
            if sep and key.strip():
                yield key.strip().upper(), _unescape(value)
        else:
            field.append(ch)


def _unescape(value: str) -> str:
    out: list[str] = []
    chars = iter(value)
    for ch in chars:
        if ch == "\\":
            out.append(next(chars, ""))
        else:
            out.append(ch)
    return "".join(out)


def parse_mecard(text: str) -> ContactDraft | None:
    """A draft from ``MECARD:N:Last,First;TEL:…;;`` or None when it names nobody and nothing."""
    builder = DraftBuilder()
    for key, value in split_fields(_body(text, "MECARD:")):
        if key == "N":
            family, sep, given = value.partition(",")
            if sep:
                builder.set_if_empty("family_name", family)
                builder.set_if_empty("given_name", given)
            else:
                builder.set_if_empty("display_name", value)
        elif key == "TEL":
            builder.add_phone(value)
        elif key == "TEL-AV":
            builder.add_phone(value, PhoneKind.MOBILE)
        elif key == "EMAIL":
            builder.add_email(value)
        elif key == "URL":
            builder.add_url(value)
        elif key == "ORG":
            builder.set_if_empty("organization", value)
        elif key == "TITLE":
            builder.set_if_empty("title", value)
        elif key == "ADR":
            builder.set_if_empty("address", ", ".join(p.strip() for p in value.split(",") if p.strip()))
        elif key in ("NOTE", "MEMO"):
            builder.add_note(value)
        elif key == "NICKNAME" and not builder.display_name and not builder.given_name:
            builder.set_if_empty("display_name", value)
    return builder.build(text) if builder.has_content() else None


def parse_bizcard(text: str) -> ContactDraft | None:
    """A draft from ``BIZCARD:N:First;X:Last;T:Title;C:Company;A:Address;B:Phone;E:Email;;``."""
    builder = DraftBuilder()
    for key, value in split_fields(_body(text, "BIZCARD:")):
        if key == "N":
            builder.set_if_empty("given_name", value)
        elif key == "X":
            builder.set_if_empty("family_name", value)
        elif key == "T":
            builder.set_if_empty("title", value)
        elif key == "C":
            builder.set_if_empty("organization", value)
        elif key == "A":
            builder.set_if_empty("address", value)
        elif key == "B":
            builder.add_phone(value, PhoneKind.WORK)
        elif key == "M":
            builder.add_phone(value, PhoneKind.MOBILE)
        elif key == "F":
            builder.add_phone(value, PhoneKind.FAX)
        elif key == "E":
            builder.add_email(value)
    return builder.build(text) if builder.has_content() else None


def parse_mebkm(text: str) -> tuple[str, str]:
    """``(title, url)`` of a ``MEBKM:TITLE:…;URL:…;;`` bookmark; either may be empty."""
    title = url = ""
    for key, value in split_fields(_body(text, "MEBKM:")):
        if key == "TITLE" and not title:
            title = value
        elif key == "URL" and not url:
            url = value
    return title, url


def _body(text: str, prefix: str) -> str:
    stripped = text.strip()
    return stripped[len(prefix) :] if stripped.upper().startswith(prefix) else stripped
