"""Contacts -> vCard 3.0 (default) or 4.0, written atomically.

Why hand-written rather than vobject's serialiser: we need exact control over what a round trip
keeps — preserved properties from the imported card are written back verbatim, netdesk's own
fields (circle, how met, field of work) travel as X-NETDESK-* properties that our importer reads
back, and lines are folded at 75 octets without ever splitting a UTF-8 character.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

from netdesk import __version__
from netdesk.domain.models import Contact, ContactDraft, EmailKind, PhoneKind
from netdesk.interchange import vcard_groups
from netdesk.interchange.local_uris import points_to_local_file
from netdesk.interchange.textio import atomic_write

VERSIONS = ("3.0", "4.0")
_PHONE_TYPES = {
    PhoneKind.MOBILE: "CELL",
    PhoneKind.WORK: "WORK",
    PhoneKind.HOME: "HOME",
    PhoneKind.FAX: "FAX",
}
_EMAIL_TYPES = {EmailKind.WORK: "WORK", EmailKind.HOME: "HOME"}
#: Our X- properties: the importer maps them back onto the draft.
X_CIRCLE = "X-NETDESK-CIRCLE"
X_HOW_MET = "X-NETDESK-HOW-MET"
X_FIELD = "X-NETDESK-FIELD"
X_MET_AT = "X-NETDESK-MET-AT"
X_EVENT = "X-NETDESK-EVENT"
X_INTRODUCED_BY = "X-NETDESK-INTRODUCED-BY"


def escape(value: str) -> str:
    """A TEXT value: backslash, comma, semicolon and newlines escaped (RFC 6350 3.4)."""
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> bytes:
    """One content line folded at 75 octets on UTF-8 character boundaries, CRLF-terminated."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return data + b"\r\n"
    out = bytearray()
    start = 0
    limit = 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1  # never cut inside a multi-byte character
        out += data[start:end] + b"\r\n"
        if end < len(data):
            out += b" "
        start = end
        limit = 74  # continuation lines start with the folding space
    return bytes(out)


def _type(version: str, *names: str) -> str:
    wanted = [n for n in names if n]
    if not wanted:
        return ""
    return ";TYPE=" + ",".join(n.lower() if version == "4.0" else n for n in wanted)


def card_lines(
    draft: ContactDraft,
    version: str = "3.0",
    extras: Sequence[str] = (),
    event: str | None = None,
    introduced_by: str | None = None,
) -> list[str]:
    """The unfolded content lines of one card."""
    if version not in VERSIONS:
        raise ValueError(f"vCard version {version!r} is not supported; use 3.0 or 4.0.")
    extras = [e for e in extras if not points_to_local_file(e)]  # file:, cid:, paths stay here
    # A labelled e-mail/phone/link is written once, in its kept itemN. group.
    grouped, extras = vcard_groups.plan(draft, extras)
    lines = ["BEGIN:VCARD", f"VERSION:{version}", f"PRODID:-//netdesk//netdesk {__version__}//EN"]
    if version == "4.0":
        lines.append("KIND:individual")
    lines.append(f"FN:{escape(draft.name)}")
    lines.append(f"N:{escape(draft.family_name)};{escape(draft.given_name)};;;")
    if draft.organization or draft.department:
        org = escape(draft.organization)
        lines.append(f"ORG:{org};{escape(draft.department)}" if draft.department else f"ORG:{org}")
    if draft.title:
        lines.append(f"TITLE:{escape(draft.title)}")
    for email in draft.emails:
        if ("EMAIL", vcard_groups.key_of("EMAIL", email.address)) in grouped:
            continue
        kind = _EMAIL_TYPES.get(email.kind, "")
        lines.append(f"EMAIL{_type(version, 'INTERNET' if version == '3.0' else '', kind)}:{email.address}")
    for phone in draft.phones:
        if ("TEL", vcard_groups.key_of("TEL", phone.raw or phone.e164 or "")) in grouped:
            continue
        lines.append(
            f"TEL{_type(version, _PHONE_TYPES.get(phone.kind, ''))}:{escape(phone.raw or phone.e164 or '')}"
        )
    for url in draft.urls:
        if ("URL", vcard_groups.key_of("URL", url.url)) in grouped:
            continue
        lines.append(f"URL:{url.url}")
    has_adr = any(e.split(":", 1)[0].split(";", 1)[0].rsplit(".", 1)[-1].upper() == "ADR" for e in extras)
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
        (X_EVENT, event or ""),
        (X_INTRODUCED_BY, introduced_by or ""),
    ):
        if value:
            lines.append(f"{name}:{escape(value)}")
    lines.extend(e for e in extras if not e.upper().startswith(("BEGIN:", "END:", "VERSION:")))
    lines.append("END:VCARD")
    return lines


def write_vcards(
    handle: BinaryIO,
    contacts: Iterable[Contact],
    version: str = "3.0",
    extras: Mapping[int, Sequence[str]] | None = None,
) -> int:
    count = 0
    for contact in contacts:
        for line in card_lines(
            contact.draft,
            version,
            (extras or {}).get(contact.id, ()),
            contact.event_name,
            contact.introduced_by_name,
        ):
            handle.write(fold(line))
        count += 1
    return count


def export_vcards(
    contacts: Iterable[Contact],
    path: Path | str,
    version: str = "3.0",
    extras: Mapping[int, Sequence[str]] | None = None,
) -> int:
    """Write ``contacts`` to ``path`` atomically; returns how many cards were written.

    ``extras`` (contact id -> preserved property lines, from ``ImportService.vcard_extras``)
    makes the round trip lossless for properties netdesk has no field for, except references to
    the sender's local files (``file:``, ``cid:``, bare paths), which are left out.
    """
    if version not in VERSIONS:
        raise ValueError(f"vCard version {version!r} is not supported; use 3.0 or 4.0.")
    written: list[int] = []

    def write(handle: BinaryIO) -> None:
        written.append(write_vcards(handle, contacts, version, extras))

    atomic_write(Path(path), write)
    return written[0]
