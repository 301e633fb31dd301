"""vCard properties that fill netdesk's own name, date and identity fields, both directions.

Why a module of its own: the import reader (``vcard_import``) and the writer (``vcard_writer``)
must agree exactly on these mappings for a re-import to give the same contact: the five N
parts, NICKNAME, BDAY/ANNIVERSARY (dates without a year are 4.0-only, so 3.0 uses Apple's
``X-NETDESK-BDAY`` (Apple's ``X-APPLE-OMIT-YEAR`` parameter is read, but a strict 3.0
BDAY takes no parameters) and ``X-ANNIVERSARY``), the card's UID and the ``x-school``
e-mail type.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Protocol

from netdesk.domain.models import ContactDraft, Email, EmailKind

#: Properties read into fields here, so the kept-lines pass must not keep them as well.
READ = frozenset({"UID", "NICKNAME", "BDAY", "ANNIVERSARY", "X-ANNIVERSARY", "X-NETDESK-BDAY"})
#: Where 3.0 carries a birthday without a year: its BDAY takes no parameters and needs a year.
X_BDAY = "X-NETDESK-BDAY"
#: The year Apple writes for a date whose year is unknown, with ``X-APPLE-OMIT-YEAR``.
OMIT_YEAR = "1604"
SCHOOL_TYPE = "x-school"
_FULL = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$")
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")


class Prop(Protocol):
    """What is read of a parsed property (``capture.vcard.ContentLine``)."""

    @property
    def name(self) -> str: ...
    @property
    def group(self) -> str: ...
    @property
    def params(self) -> Mapping[str, Sequence[str]]: ...
    def text(self) -> str: ...
    def types(self) -> set[str]: ...


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def components(text: str) -> list[str]:
    """A structured value (N, ADR) split on unescaped semicolons, each part unescaped."""
    return [unescape(p) for p in re.split(r"(?<!\\);", text)]


def parse_date(text: str, omit_year: str = "") -> str:
    """``1985-04-12`` or ``--04-12`` from a vCard date, or "" when it is not one."""
    text = text.strip()
    full = _FULL.match(text)
    if full:
        year, month, day = full.groups()
        return f"--{month}-{day}" if omit_year and year == omit_year else f"{year}-{month}-{day}"
    partial = _NO_YEAR.match(text)
    return f"--{partial.group(1)}-{partial.group(2)}" if partial else ""


def date_value(value: str, version: str) -> tuple[str, str]:
    """(parameters, value) of a stored date for ``version``: 4.0 writes basic format."""
    if value.startswith("--"):
        month, day = value[2:4], value[5:7]
        return "", f"--{month}{day}" if version == "4.0" else f"--{month}-{day}"
    return "", value.replace("-", "") if version == "4.0" else value


def read_fields(draft: ContactDraft, props: Sequence[Prop]) -> tuple[ContactDraft, frozenset[str]]:
    """The draft with name parts, nickname, dates and UID filled; and the property names used.

    A BDAY that is not a date (``VALUE=text:circa 1800``) is not used, so it stays kept as it is.
    """
    changes: dict[str, object] = {}
    used: set[str] = set()
    nicknames: list[str] = []
    for prop in props:
        name = prop.name
        if name == "N" and "middle_name" not in changes:
            parts = [*components(prop.text()), "", "", "", "", ""]
            # Several values ("Richter, James") become one, single-spaced as every field is stored.
            changes.update(
                middle_name=" ".join(parts[2].replace(",", " ").split()),
                name_prefix=" ".join(parts[3].replace(",", " ").split()),
                name_suffix=" ".join(parts[4].replace(",", " ").split()),
            )
        elif name == "UID" and "uid" not in changes and prop.text().strip():
            changes["uid"] = unescape(prop.text().strip())
            used.add(name)
        elif name == "NICKNAME":
            nicknames += [unescape(n).strip() for n in re.split(r"(?<!\\),", prop.text()) if n.strip()]
            used.add(name)
        elif name in ("BDAY", "ANNIVERSARY", "X-ANNIVERSARY", X_BDAY):
            key = "birthday" if name in ("BDAY", X_BDAY) else "anniversary"
            omit = (prop.params.get("X-APPLE-OMIT-YEAR") or [""])[0]
            value = parse_date(prop.text(), omit)
            if value and key not in changes:
                changes[key] = value
                used.add(name)
    if nicknames:
        changes["nickname"] = ", ".join(dict.fromkeys(nicknames))
    school = {
        p.text().strip().casefold() for p in props if p.name == "EMAIL" and SCHOOL_TYPE.upper() in p.types()
    }
    if school:
        changes["emails"] = tuple(
            Email(e.address, EmailKind.SCHOOL) if e.address.casefold() in school else e for e in draft.emails
        )
    return (replace(draft, **changes) if changes else draft), frozenset(used)  # type: ignore[arg-type]
