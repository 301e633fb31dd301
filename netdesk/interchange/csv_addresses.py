"""Structured postal addresses between kept vCard ``ADR`` lines and CSV address columns.

Why: netdesk's address field is one line of text; the parts and types a client gave (street,
city, postal code, home/work) live in the contact's kept ``ADR`` lines. Google's and Outlook's
CSV have a column per part, so an export writes the parts from those lines and a CSV import
turns the columns back into ``ADR`` lines: a CSV round trip keeps them, and a later vCard export
writes them as the client wrote them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from netdesk.interchange.vcard_fields import components
from netdesk.interchange.vcard_prop import parse_line

#: ADR's seven parts in vCard order (RFC 6350 6.3.1).
PARTS = ("pobox", "ext", "street", "city", "region", "postal", "country")
KINDS = ("home", "work")


@dataclass(frozen=True, slots=True)
class Address:
    """One address: ``kind`` is "home", "work" or "" (any other); ``parts`` in ``PARTS`` order."""

    kind: str
    parts: tuple[str, ...]

    def part(self, name: str) -> str:
        return self.parts[PARTS.index(name)]

    def formatted(self) -> str:
        order = ("street", "ext", "pobox", "city", "region", "postal", "country")
        return ", ".join(p.replace("\n", ", ") for p in (self.part(n) for n in order) if p)


def from_extras(extras: Iterable[str]) -> list[Address]:
    """The structured addresses among a contact's kept vCard lines, in their order."""
    found: list[Address] = []
    for line in extras:
        prop = parse_line(line)
        if prop is None or prop.name != "ADR":
            continue
        types = {t.lower() for t in prop.types()}
        kind = next((k for k in KINDS if k in types), "")
        parts = [p.strip() for p in components(prop.value)][:7]
        found.append(Address(kind, tuple(parts + [""] * (7 - len(parts)))))
    return found


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def to_extra(address: Address) -> str:
    """The kept ``ADR`` line of an address read from CSV columns."""
    head = f"ADR;TYPE={address.kind}" if address.kind else "ADR"
    return f"{head}:" + ";".join(_escape(p) for p in address.parts)


def from_columns(kind: str, values: Mapping[str, str]) -> Address | None:
    """An address from CSV cells by part name ("street2"/"street3" join the street); None if empty."""
    street = "\n".join(v for v in (values.get(k, "") for k in ("street", "street2", "street3")) if v)
    parts = tuple(street if name == "street" else values.get(name, "") for name in PARTS)
    if not any(parts):
        return None
    return Address(kind if kind in KINDS else "", tuple(p.strip() for p in parts))
