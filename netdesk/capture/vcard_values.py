"""Property values of a vCard, read by the rules of the version that wrote them.

Why per version: vCard 2.1 escapes only ``\\;`` — a backslash before anything else is text (a
Windows path in a NOTE, ``\\n`` typed by a person) — while 3.0 and 4.0 escape ``\\\\ \\, \\; \\n``.
Reading a 2.1 card with 3.0 rules turns ``C:\\new`` into a line break, and reading 3.0 with 2.1
rules leaves backslashes in every comma. The version is known per card, so each card is read by
its own rules.
"""

from __future__ import annotations

import re

_ADDR_SPEC_IN_ANGLES = re.compile(
    r"^\s*(?P<name>.*?)\s*<\s*(?:mailto:)?(?P<address>[^<>\s]+@[^<>\s]+)\s*>\s*$"
)


def is_21(version: str) -> bool:
    return version.strip().startswith("2")


def unescape(value: str, version: str = "3.0") -> str:
    """A TEXT value unescaped: 2.1 only ``\\;``, 3.0/4.0 ``\\\\ \\, \\; \\: \\n``."""
    if "\\" not in value:
        return value
    if is_21(version):
        return value.replace("\\;", ";")
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def components(value: str, version: str = "3.0") -> list[str]:
    """A structured value (N, ADR, ORG) split on unescaped semicolons, each part unescaped."""
    parts = re.split(r"(?<!\\);", value) if ";" in value else [value]
    return [unescape(p, version).strip() for p in parts]


def email_in_angles(value: str) -> tuple[str, str] | None:
    """``Ann Lee <ann@example.org>`` → (``ann@example.org``, ``Ann Lee``); None for other text.

    Outlook and some phones write the display form into EMAIL; the address is what an e-mail
    property holds, and the name part is reported rather than silently thrown away.
    """
    if "<" not in value:
        return None
    match = _ADDR_SPEC_IN_ANGLES.match(value)
    if match is None:
        return None
    return match.group("address"), match.group("name").strip().strip('"').strip()


def tel_text(value: str) -> str:
    """``tel:+1-418-656-9254;ext=102`` → ``+1-418-656-9254 ext. 102``; other text unchanged."""
    text = value.strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
    number, _, rest = text.partition(";")
    ext = re.search(r"(?i)(?:^|;)ext=([0-9]+)", rest)
    return f"{number} ext. {ext.group(1)}" if ext else number if rest else text
