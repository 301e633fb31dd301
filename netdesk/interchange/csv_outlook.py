"""Contacts -> CSV in Outlook's "Export to a file -> Comma Separated Values" columns.

Why a second CSV layout: Outlook (and Exchange/Outlook.com, which read the same file) only maps
its own English column names, and has a fixed number of each: three e-mails, two business and
two home phones, one address each for Business/Home/Other, one web page. What does not fit, a
birthday without a year (Outlook dates need one) and a display name the name parts do not
make are left out with a note (kinds and counts, no values), never silently.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

from netdesk.domain.models import Contact, PhoneKind
from netdesk.interchange.csv_addresses import Address, from_extras
from netdesk.interchange.csv_export import neutralise
from netdesk.interchange.textio import atomic_write

_PLACES = {"work": "Business", "home": "Home", "": "Other"}
PHONE_COLUMNS = {
    PhoneKind.WORK: ("Business Phone", "Business Phone 2", "Company Main Phone"),
    PhoneKind.HOME: ("Home Phone", "Home Phone 2"),
    PhoneKind.MOBILE: ("Mobile Phone", "Car Phone"),
    PhoneKind.FAX: ("Business Fax", "Home Fax", "Other Fax"),
    PhoneKind.OTHER: ("Other Phone", "Primary Phone"),
}
_EMAILS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")


def _address_columns(place: str) -> list[str]:
    return [
        f"{place} Street",
        f"{place} Street 2",
        f"{place} Street 3",
        f"{place} City",
        f"{place} State",
        f"{place} Postal Code",
        f"{place} Country/Region",
        f"{place} Address PO Box",
    ]


COLUMNS = [
    "Title",
    "First Name",
    "Middle Name",
    "Last Name",
    "Suffix",
    "Nickname",
    "Company",
    "Department",
    "Job Title",
    *(c for place in _PLACES.values() for c in _address_columns(place)),
    *(c for slots in PHONE_COLUMNS.values() for c in slots),
    "Anniversary",
    "Birthday",
    "Categories",
    *(c for name in _EMAILS for c in (name, name.replace("Address", "Type"))),
    "Notes",
    "Web Page",
]


def _date(value: str) -> str:
    """ "1985-04-12" as Outlook writes dates (M/D/YYYY); "" for a date without a year."""
    if not value or value.startswith("--"):
        return ""
    year, month, day = value.split("-")
    return f"{int(month)}/{int(day)}/{year}"


def row(contact: Contact, addresses: Sequence[Address], notes: Counter[str]) -> list[str]:
    draft = contact.draft
    given, family = draft.given_name, draft.family_name
    if not given and not family:
        given = draft.name
    composed = " ".join(p for p in (given, draft.middle_name, family) if p)
    if draft.name != composed:
        notes["display name left out: Outlook makes it from the name parts"] += 1
    values = {
        "Title": draft.name_prefix,
        "First Name": given,
        "Middle Name": draft.middle_name,
        "Last Name": family,
        "Suffix": draft.name_suffix,
        "Nickname": draft.nickname,
        "Company": draft.organization,
        "Department": draft.department,
        "Job Title": draft.title,
        "Anniversary": _date(draft.anniversary),
        "Birthday": _date(draft.birthday),
        "Categories": ";".join(draft.tags),
        "Notes": draft.notes,
    }
    if draft.birthday.startswith("--") or draft.anniversary.startswith("--"):
        notes["date without a year left out: Outlook dates need one"] += 1
    for column, email in zip(_EMAILS, draft.emails, strict=False):
        values[column] = email.address
        values[column.replace("Address", "Type")] = "SMTP"
    if len(draft.emails) > len(_EMAILS):
        notes["e-mails after the third left out: Outlook has three e-mail columns"] += 1
    used: Counter[PhoneKind] = Counter()
    for phone in draft.phones:
        slots = PHONE_COLUMNS[phone.kind]
        if used[phone.kind] < len(slots):
            values[slots[used[phone.kind]]] = phone.raw or phone.e164 or ""
        else:
            notes["a phone left out: Outlook has no further column of its kind"] += 1
        used[phone.kind] += 1
    if draft.urls:
        values["Web Page"] = draft.urls[0].url
    if len(draft.urls) > 1:
        notes["links after the first left out: Outlook has one web page column"] += 1
    places = list(addresses) or (
        [Address("work", ("", "", draft.address, "", "", "", ""))] if draft.address else []
    )
    taken: set[str] = set()
    for place in places:
        name = _PLACES[place.kind]
        if name in taken:
            notes[
                "a second address of one kind left out: Outlook has one each for business, home, other"
            ] += 1
            continue
        taken.add(name)
        # Outlook's street is multi-line and it has no extended-address column: the extended
        # part (suite, building) follows the street there.
        values[f"{name} Street"] = "\n".join(p for p in (place.part("street"), place.part("ext")) if p)
        for part, column in (
            ("city", "City"),
            ("region", "State"),
            ("postal", "Postal Code"),
            ("country", "Country/Region"),
            ("pobox", "Address PO Box"),
        ):
            values[f"{name} {column}"] = place.part(part)
    return [neutralise(values.get(c, ""), phone=c.endswith(("Phone", "Phone 2", "Fax"))) for c in COLUMNS]


def export_outlook_csv(
    contacts: Iterable[Contact], path: Path | str, extras: Mapping[int, Sequence[str]] | None = None
) -> tuple[int, list[str]]:
    """Write ``contacts`` in Outlook's columns (UTF-8 with BOM, CRLF) atomically; count and notes."""
    items = list(contacts)
    notes: Counter[str] = Counter()
    rows = [row(c, from_extras((extras or {}).get(c.id, ())), notes) for c in items]

    def write(handle: BinaryIO) -> None:
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
        text.flush()
        text.detach()

    atomic_write(Path(path), write)
    listed = [f"{note} ({n} contact{'s' if n != 1 else ''})" for note, n in sorted(notes.items())]
    return len(items), listed
