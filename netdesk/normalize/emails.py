"""E-mail addresses: syntax check only (no DNS: the app works offline)."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email


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
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise EmailError(f"“{text}” is not a valid e-mail address: {exc}") from None
    return str(result.normalized)
