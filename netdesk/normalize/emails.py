"""E-mail addresses: syntax check only (no DNS: the app works offline).

email-validator does all the checking. Its domain check (IDNA, special-use names, label rules)
is the slow part, about 25 µs, and a contacts file repeats a handful of domains, so for the plain
``word.word@domain`` shape the domain's verdict is asked of the library once and remembered;
every other address goes through ``validate_email`` whole.

An address book must not lose what the user gave it: ``john@host.invalid``, ``contact1@invalid``
or ``a@localhost`` are valid RFC 5322 addr-specs that the library refuses only because they cannot
be delivered on the public Internet. ``check_email_kept`` keeps such addresses and says why they
look undeliverable, so importers flag them instead of dropping them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import email_validator
from email_validator import EmailNotValidError, validate_email
from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES, EMAIL_MAX_LENGTH

#: Plain dot-atom ASCII local part and an ASCII dot-separated domain: nothing to unescape,
#: unquote or normalise before the ``@``. Anything else is left to the library.
_PLAIN = re.compile(r"([A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_MAILBOX_NAMES = frozenset(CASE_INSENSITIVE_MAILBOX_NAMES)


class EmailError(ValueError):
    """An address that is not syntactically valid; the message says why."""


@dataclass(frozen=True, slots=True)
class KeptEmail:
    """A syntactically valid address; ``doubt`` says why it may not be deliverable ("" if none)."""

    address: str
    doubt: str = ""


#: Label separators that UTS-46 maps to "." (full stop, ideographic, fullwidth, halfwidth).
_LABEL_DOTS = re.compile("[.\u3002\uff0e\uff61]")


def normalize_email(address: str) -> str | None:
    """The normalised address, or None when it is not a valid address."""
    try:
        return check_email(address)
    except EmailError:
        return None


def _bare(address: str) -> str:
    text = address.strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if not text:
        raise EmailError("Enter an e-mail address or remove the empty row.")
    return text


def check_email(address: str) -> str:
    """The normalised address when it looks deliverable on the Internet; EmailError otherwise."""
    text = _bare(address)
    plain = _PLAIN.fullmatch(text)
    if plain and len(text) <= EMAIL_MAX_LENGTH and plain.group(1).lower() not in _MAILBOX_NAMES:
        domain = _plain_domain(plain.group(2))
        if domain is not None:
            return f"{plain.group(1)}@{domain}"
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise EmailError(f"“{text}” is not a valid e-mail address: {exc}") from None
    return str(result.normalized)


@lru_cache(maxsize=4096)
def _plain_domain(domain: str) -> str | None:
    """The library's normal form of an ASCII ``domain`` when it is valid and stays ASCII, else None.

    A plain dot-atom local part is valid on its own (RFC 5322 3.2.3), so with such a local part
    the address is valid exactly when its domain and length are.
    """
    try:
        result = validate_email(f"a@{domain}", check_deliverability=False)
    except EmailNotValidError:
        return None
    normalized = str(result.domain)
    return normalized if normalized == domain.lower() else None


def check_email_kept(address: str) -> KeptEmail:
    """Any valid addr-spec, kept: deliverable-looking ones plain, the others with their doubt.

    The library has no switch for special-use names (``invalid``, ``localhost``, ``test`` ...;
    its issue #122), and its documented list is process-wide, so instead of editing that list
    the reserved last label is swapped for a stand-in of the same length, every other rule
    (local part, label syntax, lengths) is checked by the library with ``globally_deliverable``
    off, and the label is put back. Raises EmailError when the text is not an address at all.
    """
    text = _bare(address)
    try:
        return KeptEmail(check_email(text))
    except EmailError as exc:
        strict = str(exc)
    local, at, domain = text.rpartition("@")
    labels = _LABEL_DOTS.split(domain)
    reserved = labels[-1].lower() if at and not domain.startswith("[") else ""
    if reserved not in email_validator.SPECIAL_USE_DOMAIN_NAMES:
        reserved = ""
    stand_in = "x" * len(reserved)
    candidate = f"{local}@{'.'.join([*labels[:-1], stand_in])}" if reserved else text
    try:
        result = validate_email(
            candidate,
            check_deliverability=False,
            globally_deliverable=False,
            allow_quoted_local=True,
            allow_domain_literal=True,
        )
    except EmailNotValidError:
        raise EmailError(strict) from None
    normalized = str(result.normalized)
    if reserved:
        normalized = normalized[: -len(stand_in)] + reserved
    if reserved:
        return KeptEmail(normalized, f"“{reserved}” is a reserved name, not an Internet domain")
    reason = strict.split(": ", 1)[1] if ": " in strict else strict
    return KeptEmail(normalized, reason.rstrip("."))
