"""Which column means what, for LinkedIn, Google (current and legacy), Outlook and any other CSV.

A mapping is ``{column index: field}``; known exports get theirs from their header names, other
files get a guess from common synonyms that the column-mapping dialog lets the user correct.
Outlook and Thunderbird write localised names: their tables are in ``csv_headers``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from netdesk.interchange import csv_custom, csv_headers
from netdesk.interchange.csv_headers import GENERIC_COLUMNS, REDUNDANT, header_key
from netdesk.interchange.records import GENERIC_CSV, GOOGLE, LINKEDIN, OUTLOOK, THUNDERBIRD

ColumnMapping = dict[int, str]

# Target fields a column can map to ("ignore" drops it). Phones and e-mails may repeat.
FIELDS = (
    "display_name",
    "given_name",
    "middle_name",
    "family_name",
    "name_prefix",
    "name_suffix",
    "nickname",
    "birthday",
    "anniversary",
    "organization",
    "title",
    "department",
    "email",
    "email_work",
    "email_home",
    "phone",
    "phone_mobile",
    "phone_work",
    "phone_home",
    "phone_fax",
    "url",
    "notes",
    "tags",
    "address",
    "connected_on",
    "ignore",
)


def _key(header: str) -> str:
    """'E-mail 1 - Value' -> 'email1value': case, accents, spaces and punctuation ignored."""
    return header_key(header)


_LINKEDIN = {
    "firstname": "given_name",
    "lastname": "family_name",
    "url": "url",
    "profileurl": "url",
    "emailaddress": "email",
    "company": "organization",
    "position": "title",
    "connectedon": "connected_on",
}

_OUTLOOK = {
    "firstname": "given_name",
    "middlename": "middle_name",
    "lastname": "family_name",
    "company": "organization",
    "department": "department",
    "jobtitle": "title",
    "emailaddress": "email",
    "email2address": "email",
    "email3address": "email",
    "businessphone": "phone_work",
    "businessphone2": "phone_work",
    "companymainphone": "phone_work",
    "homephone": "phone_home",
    "homephone2": "phone_home",
    "mobilephone": "phone_mobile",
    "carphone": "phone_mobile",
    "otherphone": "phone",
    "primaryphone": "phone",
    "businessfax": "phone_fax",
    "homefax": "phone_fax",
    "otherfax": "phone_fax",
    "webpage": "url",
    "personalwebpage": "url",
    "notes": "notes",
    "categories": "tags",
    "title": "name_prefix",
    "suffix": "name_suffix",
    "nickname": "nickname",
    "birthday": "birthday",
    "anniversary": "anniversary",
}
_OUTLOOK_ADDRESS = re.compile(
    r"^(business|home|other)(street\d?|city|state|postalcode|countryregion|addresspobox)$"
)

_GOOGLE_FIXED = {
    "name": "display_name",
    "givenname": "given_name",
    "additionalname": "middle_name",
    "familyname": "family_name",
    "firstname": "given_name",
    "middlename": "middle_name",
    "lastname": "family_name",
    "organizationname": "organization",
    "organizationtitle": "title",
    "organizationdepartment": "department",
    "organization1name": "organization",
    "organization1title": "title",
    "organization1department": "department",
    "notes": "notes",
    "labels": "tags",
    "groupmembership": "tags",
    "nameprefix": "name_prefix",
    "namesuffix": "name_suffix",
    "nickname": "nickname",
    "fileas": "display_name",
    "birthday": "birthday",
}
_GOOGLE_EVENT = re.compile(r"^event\d+value$")
#: Address part columns (Google "Address 2 - City", Outlook "Home Street 2"): (slot, part).
_GOOGLE_ADDRESS = re.compile(
    r"^address(\d+)(street|city|pobox|region|postalcode|country|extendedaddress|label|formatted)$"
)
_OUTLOOK_ADDRESS_PART = re.compile(
    r"^(business|home|other)(street\d?|city|state|postalcode|countryregion|addresspobox)$"
)
_PART_NAMES = {
    "postalcode": "postal",
    "extendedaddress": "ext",
    "state": "region",
    "countryregion": "country",
    "addresspobox": "pobox",
}
_GOOGLE_MULTI = re.compile(r"^(email|phone|website|address)(\d+)(value|formatted)$")
_GOOGLE_MULTI_FIELD = {"email": "email", "phone": "phone", "website": "url", "address": "address"}


def detect_format(headers: Sequence[str]) -> str:
    """LinkedIn, Google, Outlook, Thunderbird or generic, from the header row alone."""
    keys = {_key(h) for h in headers}
    if {"firstname", "lastname", "connectedon"} <= keys or {"firstname", "lastname", "position"} <= keys:
        return LINKEDIN
    if any(_GOOGLE_MULTI.match(k) for k in keys) and (
        keys & {"givenname", "familyname", "firstname", "lastname", "name"}
    ):
        return GOOGLE
    client = csv_headers.client_format(keys)
    if client is not None:
        return client
    if {"emailaddress", "jobtitle"} <= keys or {"businessphone", "firstname"} <= keys:
        return OUTLOOK
    return GENERIC_CSV


def mapping_for(format_name: str, headers: Sequence[str]) -> ColumnMapping:
    """The column mapping of a known export, or a synonym guess for a generic CSV."""
    mapping: ColumnMapping = {}
    for index, header in enumerate(headers):
        key = _key(header)
        target: str | None
        if format_name == LINKEDIN:
            target = _LINKEDIN.get(key)
        elif format_name in (OUTLOOK, THUNDERBIRD):
            target = _OUTLOOK.get(key) if format_name == OUTLOOK else None
            target = target or csv_headers.client_target(format_name, key)
            if not target and format_name == OUTLOOK and _OUTLOOK_ADDRESS.match(key):
                target = "address"
        elif format_name == GOOGLE:
            target = _GOOGLE_FIXED.get(key)
            multi = _GOOGLE_MULTI.match(key)
            if multi:
                target = _GOOGLE_MULTI_FIELD[multi.group(1)]
            if _GOOGLE_EVENT.match(key):
                target = "anniversary"  # kept only when its label says so (csv_rows)
            if _GOOGLE_ADDRESS.match(key):
                target = "address"
            custom = csv_custom.COLUMN.match(key)
            if custom and custom.group(2) == "value":
                target = "custom"  # its label column says which (csv_rows, csv_custom)
        else:
            target = GENERIC_COLUMNS.get(key) or csv_headers.any_client_target(key)
        if target == REDUNDANT:
            target = "ignore"  # derived from other columns: nothing is lost
        if target:
            mapping[index] = target
    return mapping


def address_columns(format_name: str, headers: Sequence[str]) -> dict[int, tuple[str, str]]:
    """Columns holding one part of a structured address: index -> (slot, part).

    Google numbers its addresses ("Address 2 - City"; the slot's label gives the type), Outlook
    names them (Business/Home/Other, which is the type). Google's first "Formatted" column is
    left out here: it fills the one-line address field as before.
    """
    found: dict[int, tuple[str, str]] = {}
    for index, header in enumerate(headers):
        key = _key(header)
        google = _GOOGLE_ADDRESS.match(key) if format_name == GOOGLE else None
        outlook = _OUTLOOK_ADDRESS_PART.match(key) if format_name == OUTLOOK else None
        if google and key != "address1formatted":
            found[index] = (google.group(1), _PART_NAMES.get(google.group(2), google.group(2)))
        elif outlook:
            part = outlook.group(2)
            found[index] = (outlook.group(1), _PART_NAMES.get(part, part))
    return found


def google_kind_columns(headers: Sequence[str]) -> dict[int, int]:
    """Google's "E-mail 1 - Label" / "Phone 1 - Type" columns: value column -> label column."""
    labels: dict[str, int] = {}
    values: dict[str, int] = {}
    for index, header in enumerate(headers):
        match = re.match(r"^(email|phone|event|customfield)(\d+)(label|type|value)$", _key(header))
        if match:
            slot = match.group(1) + match.group(2)
            (values if match.group(3) == "value" else labels)[slot] = index
    return {values[s]: labels[s] for s in values if s in labels}


def header_score(cells: Sequence[str]) -> int:
    """How many cells are recognisable column names: picks the header row after a preamble."""
    score = 0
    for cell in cells:
        key = _key(cell)
        if not key or len(cell) > 60:
            continue
        if (
            csv_headers.known_header(key)
            or key in _OUTLOOK
            or key in _GOOGLE_FIXED
            or key in _LINKEDIN
            or _GOOGLE_MULTI.match(key)
            or re.match(r"^(email|phone)\d+(label|type)$", key)
        ):
            score += 1
    return score
