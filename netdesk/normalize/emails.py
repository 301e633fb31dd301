"""E-mail addresses: syntax check only (no DNS: the app works offline).

email-validator does all the checking. Its domain check (IDNA, special-use names, label rules)
is the slow part, about 25 µs, and a contacts file repeats a handful of domains, so for the plain
``word.word@domain`` shape the domain's verdict is asked of the library once and remembered;
every other address goes through ``validate_email`` whole.
"""

from __future__ import annotations

import re
from functools import lru_cache

from email_validator import EmailNotValidError, validate_email
from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES, EMAIL_MAX_LENGTH

#: Plain dot-atom ASCII local part and an ASCII dot-separated domain: nothing to unescape,
#: unquote or normalise before the ``@``. Anything else is left to the library.
_PLAIN = re.compile(r"([A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_MAILBOX_NAMES = frozenset(CASE_INSENSITIVE_MAILBOX_NAMES)


class EmailError(ValueError):
    """An address that is not syntactically valid; the message says why."""


def normalize_email(address: str) -> str | None:
    """The normalised address, or None when it is not a valid address."""
    try:
        return check_email(address)
    except EmailError:
        return None


def check_email(address: str) -> str:
    text = address.strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if not text:
        raise EmailError("Enter an e-mail address or remove the empty row.")
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
