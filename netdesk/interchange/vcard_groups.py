"""Kept ``itemN.`` groups on export: a labelled e-mail, phone or link is written once, in its group.

Why: Apple writes ``item1.EMAIL:ann@example.org`` with ``item1.X-ABLabel:Assistant``. The import
stores the address in the e-mail field *and* keeps both grouped lines (``vcard_kept``), so the
label stays tied to its value. On export the grouped line replaces the plain field line while the
field still holds that value; when the person's address was edited or removed in netdesk, the
stale grouped line and the labels of its group are left out instead of naming a value that is
no longer the contact's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from netdesk.domain.models import ContactDraft

ANCHORS = frozenset({"EMAIL", "TEL", "URL"})
_HEAD = re.compile(r"^(?:(?P<group>[A-Za-z0-9-]+)\.)?(?P<name>[A-Za-z0-9-]+)")


def key_of(name: str, value: str) -> str:
    """What makes two values of a property the same person's value (digits of a phone)."""
    if name == "TEL":
        return "".join(ch for ch in value if ch.isdigit())
    if name == "EMAIL":
        return value.strip().removeprefix("mailto:").casefold()
    return value.strip()


def _parts(line: str) -> tuple[str, str, str]:
    """(group casefolded, NAME, value) of a kept line; the value after the first unquoted colon."""
    match = _HEAD.match(line)
    if match is None:
        return "", "", ""
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            value = line[i + 1 :]
            break
    else:
        value = ""
    return (match.group("group") or "").casefold(), match.group("name").upper(), value


def anchor_of(line: str) -> tuple[str, tuple[str, str]] | None:
    """(group, field key) of a grouped EMAIL/TEL/URL line; None for any other line."""
    group, name, value = _parts(line)
    if not group or name not in ANCHORS:
        return None
    return group, (name, key_of(name, value.replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")))


def group_of(line: str) -> str:
    """The group of a kept line, casefolded ("" for none)."""
    return _parts(line)[0]


def in_place(kept: Sequence[str]) -> tuple[dict[tuple[str, str], str], dict[str, list[str]]]:
    """Which group writes each grouped field value, and every line of those groups in order.

    Why: the writer puts a group where its value stands among the plain e-mails, phones and
    links, so a re-import reads them back in the same order (the first one is the preferred).
    """
    owner: dict[tuple[str, str], str] = {}
    for line in kept:
        found = anchor_of(line)
        if found is not None:
            owner.setdefault(found[1], found[0])
    members: dict[str, list[str]] = {group: [] for group in owner.values()}
    for line in kept:
        group = _parts(line)[0]
        if group in members:
            members[group].append(line)
    return owner, members


def field_keys(draft: ContactDraft) -> set[tuple[str, str]]:
    keys = {("EMAIL", key_of("EMAIL", e.address)) for e in draft.emails}
    keys |= {("TEL", key_of("TEL", p.raw or p.e164 or "")) for p in draft.phones}
    return keys | {("URL", key_of("URL", u.url)) for u in draft.urls}


def plan(draft: ContactDraft, extras: Sequence[str]) -> tuple[set[tuple[str, str]], list[str]]:
    """(field values a grouped line will write, the extras to write).

    A grouped anchor whose value is no longer in the draft is dropped, and with it the rest of
    its group when no anchor of that group is left.
    """
    fields = field_keys(draft)
    covered: set[tuple[str, str]] = set()
    live: set[str] = set()
    dead: set[str] = set()
    for line in extras:
        group, name, value = _parts(line)
        if group and name in ANCHORS:
            key = (name, key_of(name, value.replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")))
            if key in fields and key not in covered:
                covered.add(key)
                live.add(group)
            else:
                dead.add(group)
    gone = dead - live
    kept: list[str] = []
    written: set[tuple[str, str]] = set()
    for line in extras:
        group, name, value = _parts(line)
        if group and name in ANCHORS:
            key = (name, key_of(name, value.replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")))
            if key not in covered or key in written:
                continue
            written.add(key)
        elif group in gone:
            continue
        kept.append(line)
    return covered, kept
