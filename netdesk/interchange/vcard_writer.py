"""The one vCard writer (File > Export and ``netdesk export``): strictly valid 3.0 or 4.0.

Why hand-written lines rather than vobject's serialiser: vobject 0.9 writes 3.0 only (it puts
``ENCODING=b`` and upper-case types into 4.0 cards) and re-escapes kept values; here every
property is built for the version asked for, kept properties go through ``vcard_versions``,
and tests parse every export with vobject and a second, independent validator.

netdesk's own fields travel as ``X-NETDESK-*`` properties that the importer maps back onto
fields: event name, met at (ISO 8601), circle, how met, field of work, and "introduced by" as
the introducer's UID with their name in an ``X-NAME`` parameter for people reading the file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC
from typing import BinaryIO

from netdesk import __version__
from netdesk.domain.models import Contact, ContactDraft, EmailKind, PhoneKind
from netdesk.interchange import vcard_groups
from netdesk.interchange.local_uris import points_to_local_file
from netdesk.interchange.vcard_fields import SCHOOL_TYPE, X_BDAY, date_value
from netdesk.interchange.vcard_prop import parse_line, quote_param
from netdesk.interchange.vcard_versions import converted_lines

VERSIONS = ("3.0", "4.0")
X_CIRCLE = "X-NETDESK-CIRCLE"
X_HOW_MET = "X-NETDESK-HOW-MET"
X_FIELD = "X-NETDESK-FIELD"
X_MET_AT = "X-NETDESK-MET-AT"
X_EVENT = "X-NETDESK-EVENT"
X_INTRODUCED_BY = "X-NETDESK-INTRODUCED-BY"
_PHONE_TYPES = {
    PhoneKind.MOBILE: "CELL",
    PhoneKind.WORK: "WORK",
    PhoneKind.HOME: "HOME",
    PhoneKind.FAX: "FAX",
}
_EMAIL_TYPES = {EmailKind.WORK: "WORK", EmailKind.HOME: "HOME", EmailKind.SCHOOL: SCHOOL_TYPE.upper()}


@dataclass(frozen=True, slots=True)
class Introducer:
    """Who introduced a contact: their UID (what the importer links by) and their name."""

    uid: str
    name: str


@dataclass
class VcardExport:
    """How many cards were written, and what had to be converted or left out (no values)."""

    count: int = 0
    notes: Counter[str] = field(default_factory=Counter)

    def note_list(self) -> list[str]:
        return [f"{note} ({n} card{'s' if n != 1 else ''})" for note, n in sorted(self.notes.items())]


def escape(value: str) -> str:
    """A TEXT value: backslash, comma, semicolon and newlines escaped (RFC 6350 3.4)."""
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> bytes:
    """One content line folded at 75 octets on UTF-8 character boundaries, CRLF-terminated."""
    data = line.encode("utf-8")
    out = bytearray()
    start, limit = 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1  # never cut inside a multi-byte character
        out += (b" " if start else b"") + data[start:end] + b"\r\n"
        start, limit = end, 74  # continuation lines start with the folding space
    return bytes(out) or b"\r\n"


def _types(version: str, names: Sequence[str], pref: bool) -> str:
    names = [n for n in names if n]
    if pref and version == "3.0":
        names = [*names, "pref"]
    text = ";TYPE=" + ",".join(n.lower() if version == "4.0" else n for n in names) if names else ""
    return text + (";PREF=1" if pref and version == "4.0" else "")


def _rev(contact: Contact, version: str) -> str:
    when = contact.updated_at.astimezone(UTC)
    return when.strftime("%Y%m%dT%H%M%SZ" if version == "4.0" else "%Y-%m-%dT%H:%M:%SZ")


def _uid(uid: str, version: str) -> str:
    """4.0 UIDs are URIs by default: a UID from another client that is not one says VALUE=text."""
    if version == "4.0" and ":" not in uid:
        return f"UID;VALUE=text:{escape(uid)}"
    return f"UID:{escape(uid) if version == '3.0' else uid}"


def _name_lines(draft: ContactDraft, version: str, notes: Counter[str]) -> list[str]:
    n = ";".join(
        escape(p)
        for p in (
            draft.family_name,
            draft.given_name,
            draft.middle_name,
            draft.name_prefix,
            draft.name_suffix,
        )
    )
    lines = [f"FN:{escape(draft.name)}", f"N:{n}"]
    if draft.nickname:
        # The importer joins several nicknames with ", "; a bare comma belongs to one nickname.
        parts = (p.strip() for p in draft.nickname.split(", "))
        lines.append("NICKNAME:" + ",".join(escape(p) for p in parts if p))
    if draft.birthday:
        params, value = date_value(draft.birthday, version)
        no_year = version == "3.0" and value.startswith("--")
        if no_year:
            notes[f"birthday without a year written as {X_BDAY} (vCard 3.0 dates need a year)"] += 1
        lines.append(f"{X_BDAY if no_year else 'BDAY'}{params}:{value}")
    if draft.anniversary:
        params, value = date_value(draft.anniversary, version)
        lines.append(f"{'ANNIVERSARY' if version == '4.0' else 'X-ANNIVERSARY'}{params}:{value}")
    return lines


def card_lines(
    contact: Contact,
    version: str,
    extras: Sequence[str] = (),
    introducer: Introducer | None = None,
    notes: Counter[str] | None = None,
) -> list[str]:
    """The unfolded content lines of one card, valid for ``version``."""
    if version not in VERSIONS:
        raise ValueError(f"vCard version {version!r} is not supported; use 3.0 or 4.0.")
    notes = Counter() if notes is None else notes
    draft = contact.draft
    local = [e for e in extras if points_to_local_file(e)]
    if local:
        notes["a property pointing at a file on the sender's computer was left out"] += 1
    # A labelled e-mail/phone/link is written once, in its kept itemN. group.
    grouped, kept = vcard_groups.plan(draft, [e for e in extras if e not in local])
    kept, found = converted_lines(kept, version)
    for note in set(found):
        notes[note] += 1
    owner, members = vcard_groups.in_place(kept)
    placed: set[str] = set()

    def field_line(key: tuple[str, str], line: str) -> list[str]:
        """The plain line of a field value, or its whole kept group where the value stands."""
        if key not in grouped:
            return [line]
        group = owner.get(key)
        if group is None or group in placed:
            return []
        placed.add(group)
        return members[group]

    lines = ["BEGIN:VCARD", f"VERSION:{version}", f"PRODID:-//netdesk//netdesk {__version__}//EN"]
    if version == "4.0":
        lines.append("KIND:individual")
    if draft.uid:
        lines.append(_uid(draft.uid, version))
    lines.append(f"REV:{_rev(contact, version)}")
    lines += _name_lines(draft, version, notes)
    if draft.organization or draft.department:
        org = escape(draft.organization)
        lines.append(f"ORG:{org};{escape(draft.department)}" if draft.department else f"ORG:{org}")
    if draft.title:
        lines.append(f"TITLE:{escape(draft.title)}")
    several = len(draft.emails) > 1
    for i, email in enumerate(draft.emails):
        kinds = ["INTERNET" if version == "3.0" else "", _EMAIL_TYPES.get(email.kind, "")]
        line = f"EMAIL{_types(version, kinds, several and i == 0)}:{email.address}"
        lines += field_line(("EMAIL", vcard_groups.key_of("EMAIL", email.address)), line)
    several = len(draft.phones) > 1
    for i, phone in enumerate(draft.phones):
        value = phone.raw or phone.e164 or ""
        line = f"TEL{_types(version, [_PHONE_TYPES.get(phone.kind, '')], several and i == 0)}:{escape(value)}"
        lines += field_line(("TEL", vcard_groups.key_of("TEL", value)), line)
    several = len(draft.urls) > 1
    for i, url in enumerate(draft.urls):
        line = f"URL{_types(version, [], several and i == 0 and version == '4.0')}:{url.url}"
        lines += field_line(("URL", vcard_groups.key_of("URL", url.url)), line)
    has_adr = any((p := parse_line(e)) is not None and p.name == "ADR" for e in kept)
    if draft.address and not has_adr:
        lines.append(f"ADR:;;{escape(draft.address)};;;;")
    if draft.notes:
        lines.append(f"NOTE:{escape(draft.notes)}")
    if draft.tags:
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in draft.tags))
    for name, value in (
        (X_CIRCLE, draft.circle.value if draft.circle else ""),
        (X_HOW_MET, draft.how_met.value if draft.how_met else ""),
        (X_FIELD, draft.field),
        (X_MET_AT, draft.met_at.isoformat() if draft.met_at else ""),
        (X_EVENT, contact.event_name or ""),
    ):
        if value:
            lines.append(f"{name}:{escape(value)}")
    if introducer is not None:
        lines.append(f"{X_INTRODUCED_BY};X-NAME={quote_param(introducer.name)}:{escape(introducer.uid)}")
    elif contact.introduced_by_name:  # no UID known to the caller: the name still links on import
        lines.append(f"{X_INTRODUCED_BY}:{escape(contact.introduced_by_name)}")
    lines += [line for line in kept if vcard_groups.group_of(line) not in placed]
    lines.append("END:VCARD")
    return lines


def write_vcards(
    handle: BinaryIO,
    contacts: Iterable[Contact],
    version: str = "3.0",
    extras: Mapping[int, Sequence[str]] | None = None,
    introducers: Mapping[int, Introducer] | None = None,
) -> VcardExport:
    """Write every contact as one card; the count and the notes of the export summary."""
    result = VcardExport()
    for contact in contacts:
        for line in card_lines(
            contact,
            version,
            (extras or {}).get(contact.id, ()),
            (introducers or {}).get(contact.id),
            result.notes,
        ):
            handle.write(fold(line))
        result.count += 1
    return result
