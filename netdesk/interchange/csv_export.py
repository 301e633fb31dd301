"""Contacts -> CSV in Google Contacts' current columns, safe to open in a spreadsheet.

Google's layout is the one every other service imports. A cell starting with ``= + - @`` TAB or
CR would run as a formula in Excel or LibreOffice (CSV injection), so it gets a leading
apostrophe — except phone numbers, whose characters cannot form a formula and which people need
to read as written (``+1 508 555 0142``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

from netdesk.domain.models import Contact, EmailKind, PhoneKind, UrlKind
from netdesk.interchange.textio import atomic_write

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PHONE_SHAPE = re.compile(r"^\+?[0-9 ()./-]+(?:\s*(?:ext\.?|x)\s*[0-9]+)?$", re.IGNORECASE)
_MULTI = " ::: "
_EMAIL_LABELS = {EmailKind.WORK: "Work", EmailKind.HOME: "Home", EmailKind.SCHOOL: "School"}
_PHONE_LABELS = {
    PhoneKind.MOBILE: "Mobile",
    PhoneKind.WORK: "Work",
    PhoneKind.HOME: "Home",
    PhoneKind.FAX: "Work Fax",
}
_URL_LABELS = {UrlKind.LINKEDIN: "LinkedIn", UrlKind.WEBSITE: "Homepage", UrlKind.CARD: "Profile"}
_FIXED = (
    "First Name",
    "Middle Name",
    "Last Name",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Notes",
    "Labels",
)


def neutralise(value: str, *, phone: bool = False) -> str:
    """The cell text with formula triggers defused (phone-shaped numbers left as written)."""
    if not value or not value.startswith(_TRIGGERS):
        return value
    if phone and _PHONE_SHAPE.match(value):
        return value
    return "'" + value


def _given_family(contact: Contact) -> tuple[str, str]:
    draft = contact.draft
    if draft.given_name or draft.family_name:
        return draft.given_name, draft.family_name
    return draft.name, ""  # Google builds the display name from these columns


def header(contacts: Sequence[Contact]) -> list[str]:
    emails = max((len(c.draft.emails) for c in contacts), default=0)
    phones = max((len(c.draft.phones) for c in contacts), default=0)
    urls = max((len(c.draft.urls) for c in contacts), default=0)
    columns = list(_FIXED)
    for n in range(1, max(emails, 1) + 1):
        columns += [f"E-mail {n} - Label", f"E-mail {n} - Value"]
    for n in range(1, max(phones, 1) + 1):
        columns += [f"Phone {n} - Label", f"Phone {n} - Value"]
    columns += ["Address 1 - Label", "Address 1 - Formatted"]
    for n in range(1, max(urls, 1) + 1):
        columns += [f"Website {n} - Label", f"Website {n} - Value"]
    return columns


def row(contact: Contact, columns: Sequence[str]) -> list[str]:
    draft = contact.draft
    given, family = _given_family(contact)
    values = {
        "First Name": given,
        "Last Name": family,
        "Organization Name": draft.organization,
        "Organization Title": draft.title,
        "Organization Department": draft.department,
        "Notes": draft.notes,
        "Labels": _MULTI.join(["* myContacts", *draft.tags]),
        "Address 1 - Label": "Work" if draft.address else "",
        "Address 1 - Formatted": draft.address,
    }
    for n, email in enumerate(draft.emails, start=1):
        values[f"E-mail {n} - Label"] = _EMAIL_LABELS.get(email.kind, "Other")
        values[f"E-mail {n} - Value"] = email.address
    for n, phone in enumerate(draft.phones, start=1):
        values[f"Phone {n} - Label"] = _PHONE_LABELS.get(phone.kind, "Other")
        values[f"Phone {n} - Value"] = phone.raw or phone.e164 or ""
    for n, url in enumerate(draft.urls, start=1):
        values[f"Website {n} - Label"] = _URL_LABELS.get(url.kind, "Other")
        values[f"Website {n} - Value"] = url.url
    return [neutralise(values.get(c, ""), phone=c.startswith("Phone ")) for c in columns]


def export_csv(contacts: Iterable[Contact], path: Path | str) -> int:
    """Write ``contacts`` to ``path`` (UTF-8 with BOM, CRLF) atomically; returns the row count.

    The BOM makes Excel read UTF-8 instead of the locale's code page, so "Núñez" survives.
    """
    items = list(contacts)
    columns = header(items)

    def write(handle: BinaryIO) -> None:
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(columns)
        for contact in items:
            writer.writerow(row(contact, columns))
        text.flush()
        text.detach()

    atomic_write(Path(path), write)
    return len(items)
