"""Contacts -> CSV in Google Contacts' current columns, safe to open in a spreadsheet.

Name prefix/middle/suffix, nickname, birthday ("--MM-DD" without a year, as Google writes it),
the anniversary as "Event 1", every e-mail, phone, website and structured address with its
label; netdesk's display name goes to "File As" only when the name parts do not make it, and
netdesk's own fields (UID, event, met at, circle, how met, field, introduced by) to Google's
"Custom Field N" columns.

Google's layout is the one every other service imports. A cell starting with ``= + - @`` TAB or
CR would run as a formula in Excel or LibreOffice (CSV injection), so it gets a leading
apostrophe — except phone numbers, whose characters cannot form a formula and which people need
to read as written (``+1 508 555 0142``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

from netdesk.domain.models import Contact, EmailKind, PhoneKind, UrlKind
from netdesk.interchange import csv_custom
from netdesk.interchange.csv_addresses import Address, from_extras
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
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "File As",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Birthday",
    "Notes",
    "Labels",
)
_ADDRESS_LABELS = {"home": "Home", "work": "Work", "": "Other"}
#: Google's address part columns, by ``csv_addresses.PARTS`` name.
ADDRESS_COLUMNS = {
    "street": "Street",
    "city": "City",
    "pobox": "PO Box",
    "region": "Region",
    "postal": "Postal Code",
    "country": "Country",
    "ext": "Extended Address",
}


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


def header(
    contacts: Sequence[Contact],
    addresses: Mapping[int, Sequence[Address]] | None = None,
    own: Mapping[int, Sequence[tuple[str, str]]] | None = None,
) -> list[str]:
    emails = max((len(c.draft.emails) for c in contacts), default=0)
    phones = max((len(c.draft.phones) for c in contacts), default=0)
    urls = max((len(c.draft.urls) for c in contacts), default=0)
    places = max((len(a) for a in (addresses or {}).values()), default=0)
    columns = list(_FIXED)
    for n in range(1, max(emails, 1) + 1):
        columns += [f"E-mail {n} - Label", f"E-mail {n} - Value"]
    for n in range(1, max(phones, 1) + 1):
        columns += [f"Phone {n} - Label", f"Phone {n} - Value"]
    for n in range(1, max(places, 1) + 1):
        columns += [f"Address {n} - Label", f"Address {n} - Formatted"]
        columns += [f"Address {n} - {name}" for name in ADDRESS_COLUMNS.values()]
    for n in range(1, max(urls, 1) + 1):
        columns += [f"Website {n} - Label", f"Website {n} - Value"]
    columns += ["Event 1 - Label", "Event 1 - Value"]
    return columns + csv_custom.header(len(pairs) for pairs in (own or {}).values())


def _composed(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def row(
    contact: Contact,
    columns: Sequence[str],
    addresses: Sequence[Address] = (),
    own: Sequence[tuple[str, str]] = (),
) -> list[str]:
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
        "Name Prefix": draft.name_prefix,
        "Middle Name": draft.middle_name,
        "Name Suffix": draft.name_suffix,
        "Nickname": draft.nickname,
        # Google builds the shown name from the parts; "File As" keeps netdesk's own when it differs.
        "File As": draft.name if draft.name != _composed(given, draft.middle_name, family) else "",
        "Birthday": draft.birthday,
        "Event 1 - Label": "Anniversary" if draft.anniversary else "",
        "Event 1 - Value": draft.anniversary,
    }
    values.update(csv_custom.cells(own))
    for n, place in enumerate(addresses, start=1):
        values[f"Address {n} - Label"] = _ADDRESS_LABELS[place.kind]
        values[f"Address {n} - Formatted"] = draft.address if n == 1 and draft.address else place.formatted()
        for name, column in ADDRESS_COLUMNS.items():
            values[f"Address {n} - {column}"] = place.part(name)
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


def export_csv(
    contacts: Iterable[Contact],
    path: Path | str,
    extras: Mapping[int, Sequence[str]] | None = None,
    introducers: Mapping[int, tuple[str, str]] | None = None,
) -> int:
    """Write ``contacts`` to ``path`` (UTF-8 with BOM, CRLF) atomically; returns the row count.

    The BOM makes Excel read UTF-8 instead of the locale's code page, so "Núñez" survives.
    ``extras`` (kept vCard lines) give the structured addresses with their types;
    ``introducers`` (contact id -> introducer's UID and name) link "introduced by" by UID.
    netdesk's own fields go in Google's custom fields (``csv_custom``).
    """
    items = list(contacts)
    addresses = {c.id: from_extras((extras or {}).get(c.id, ())) for c in items}
    own = {c.id: csv_custom.own_fields(c, (introducers or {}).get(c.id)) for c in items}
    columns = header(items, addresses, own)

    def write(handle: BinaryIO) -> None:
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(columns)
        for contact in items:
            writer.writerow(row(contact, columns, addresses[contact.id], own[contact.id]))
        text.flush()
        text.detach()

    atomic_write(Path(path), write)
    return len(items)
