"""Decide what a decoded QR text is, and turn contact payloads into drafts.

``parse_payload`` never raises: event mode feeds it whatever a stranger's code contains, so every
outcome — a contact, a web page, Wi-Fi credentials, garbage — is a value the GUI can show.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

import phonenumbers

from netdesk.capture.drafts import DraftBuilder, clean_url
from netdesk.capture.mecard import parse_bizcard, parse_mebkm, parse_mecard, split_fields
from netdesk.capture.vcard import looks_like_vcard, parse_vcards
from netdesk.domain.models import ContactDraft, Url, UrlKind
from netdesk.normalize.phones import DEFAULT_REGION
from netdesk.normalize.text import clean_text

#: Longer payloads are not QR codes (max ~7 kB); parse only this much so a hostile text stays fast.
MAX_PAYLOAD = 100_000

_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_URL_RE = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"']+")
_LINKISH_SCHEMES = re.compile(r"(?i)^[a-z][a-z0-9+.\-]{1,30}:")


class PayloadKind(enum.StrEnum):
    VCARD = "vcard"
    MECARD = "mecard"
    BIZCARD = "bizcard"
    MEBKM = "mebkm"
    MAILTO = "mailto"
    TEL = "tel"
    SMS = "sms"
    URL = "url"
    TEXT = "text"
    WIFI = "wifi"
    PAYMENT = "payment"
    CALENDAR = "calendar"
    GEO = "geo"
    OTP = "otp"
    UNSAFE_LINK = "unsafe_link"
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class PayloadResult:
    """What a payload is; ``contacts`` is empty exactly when ``reason`` says why it is not a card."""

    kind: PayloadKind
    text: str
    contacts: tuple[ContactDraft, ...] = ()
    reason: str = ""
    links: tuple[Url, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def is_contact(self) -> bool:
        return bool(self.contacts)

    @property
    def contact(self) -> ContactDraft | None:
        return self.contacts[0] if self.contacts else None


_NOT_CONTACT = {
    "WIFI:": (PayloadKind.WIFI, "Wi-Fi network settings, not a contact."),
    "BEGIN:VEVENT": (PayloadKind.CALENDAR, "a calendar event, not a contact."),
    "BEGIN:VCALENDAR": (PayloadKind.CALENDAR, "a calendar event, not a contact."),
    "GEO:": (PayloadKind.GEO, "a map location, not a contact."),
    "OTPAUTH:": (PayloadKind.OTP, "a two-factor authentication secret, not a contact."),
    "BCD\n": (PayloadKind.PAYMENT, "a bank transfer (EPC QR), not a contact."),
    "SPC\n": (PayloadKind.PAYMENT, "a Swiss QR-bill payment, not a contact."),
}
_PAYMENT_SCHEMES = (
    "BITCOIN:",
    "ETHEREUM:",
    "LITECOIN:",
    "MONERO:",
    "UPI:",
    "LIGHTNING:",
    "PAYPAL:",
    "UPI://",
    "BANKID",
)


def parse_payload(text: str) -> PayloadResult:
    """Classify ``text`` and parse any contact in it. Never raises."""
    try:
        return _parse(text)
    except Exception as exc:  # a parser bug must not take event mode down with it
        return PayloadResult(
            PayloadKind.TEXT, text, reason=f"The code could not be read as a contact ({exc})."
        )


def _parse(text: str) -> PayloadResult:
    body = text[:MAX_PAYLOAD]
    stripped = body.strip().lstrip("\ufeff")
    upper = stripped[:20].upper().replace("\r\n", "\n")
    if not stripped:
        return PayloadResult(PayloadKind.EMPTY, text, reason="The code is empty.")
    for prefix, (kind, why) in _NOT_CONTACT.items():
        if upper.startswith(prefix):
            return PayloadResult(kind, text, reason=f"This code holds {why}")
    if upper.startswith(_PAYMENT_SCHEMES):
        return PayloadResult(
            PayloadKind.PAYMENT, text, reason="This code holds a payment request, not a contact."
        )
    if looks_like_vcard(stripped):
        return _vcard(text, body)
    if upper.startswith("MECARD:"):
        return _single(
            PayloadKind.MECARD, text, parse_mecard(body), "The MECARD has no name, phone or e-mail."
        )
    if upper.startswith("BIZCARD:"):
        return _single(
            PayloadKind.BIZCARD, text, parse_bizcard(body), "The BIZCARD has no name, phone or e-mail."
        )
    if upper.startswith("MEBKM:"):
        title, url = parse_mebkm(body)
        return _url(PayloadKind.MEBKM, text, url, title)
    if upper.startswith("MAILTO:") or upper.startswith("MATMSG:"):
        return _mailto(text, stripped)
    if upper.startswith(("TEL:", "SMSTO:", "SMS:", "MMSTO:")):
        return _tel(text, stripped)
    if upper.startswith(("HTTP://", "HTTPS://", "WWW.")) and not any(c.isspace() for c in stripped):
        return _url(PayloadKind.URL, text, stripped, "")
    if _LINKISH_SCHEMES.match(stripped) and not any(c.isspace() for c in stripped):
        scheme = stripped.split(":", 1)[0].lower()
        if scheme in ("javascript", "file", "data", "vbscript", "intent", "content", "ftp", "smb"):
            return PayloadResult(
                PayloadKind.UNSAFE_LINK,
                text,
                reason=f"This code holds a {scheme}: link, which netdesk never opens; it is not a contact.",
            )
    return _plain_text(text, body)


def _single(kind: PayloadKind, text: str, draft: ContactDraft | None, why: str) -> PayloadResult:
    if draft is None:
        return PayloadResult(kind, text, reason=why)
    return PayloadResult(kind, text, (dataclasses.replace(draft, raw_source=text),))


def _vcard(text: str, body: str) -> PayloadResult:
    result = parse_vcards(body)
    drafts = [c.draft for c in result.cards]
    if len(drafts) == 1:
        drafts = [dataclasses.replace(drafts[0], raw_source=text)]
    warnings = [w for c in result.cards for w in c.warnings] + [e.message for e in result.errors]
    if not drafts:
        reason = result.errors[0].message if result.errors else "The vCard holds no contact."
        return PayloadResult(PayloadKind.VCARD, text, reason=reason, warnings=tuple(warnings))
    return PayloadResult(PayloadKind.VCARD, text, tuple(drafts), warnings=tuple(warnings))


def _url(kind: PayloadKind, text: str, url_text: str, title: str) -> PayloadResult:
    url = clean_url(url_text)
    if url is None:
        return PayloadResult(
            PayloadKind.UNSAFE_LINK if url_text.strip() else kind,
            text,
            reason="The link is not a safe web address (only http and https are kept); not a contact.",
        )
    if url.kind in (UrlKind.LINKEDIN, UrlKind.CARD):
        builder = DraftBuilder()
        builder.add_url(url.url)
        if title and kind is PayloadKind.MEBKM:
            builder.add_note(title)
        return PayloadResult(kind, text, (builder.build(text),))
    return PayloadResult(
        kind,
        text,
        reason="This code links to a web page, not a contact card.",
        links=(url,),
    )


def _mailto(text: str, stripped: str) -> PayloadResult:
    builder = DraftBuilder()
    if stripped.upper().startswith("MATMSG:"):
        fields = dict(split_fields(stripped[7:]))
        builder.add_email(fields.get("TO", ""))
    else:
        parts = urlsplit(stripped)
        for address in unquote(parts.path).split(","):
            builder.add_email(address)
        for address in parse_qs(parts.query).get("to", []):
            builder.add_email(address)
    if not builder.has_content():
        return PayloadResult(PayloadKind.MAILTO, text, reason="The e-mail link has no valid address.")
    return PayloadResult(PayloadKind.MAILTO, text, (builder.build(text),))


def _tel(text: str, stripped: str) -> PayloadResult:
    scheme, _, rest = stripped.partition(":")
    kind = PayloadKind.TEL if scheme.upper() == "TEL" else PayloadKind.SMS
    number = unquote(rest.split(":", 1)[0] if kind is PayloadKind.SMS else rest.split(";", 1)[0])
    number = number.split("?", 1)[0]
    builder = DraftBuilder()
    builder.add_phone(number)
    if not builder.phones:
        return PayloadResult(kind, text, reason="The phone link has no valid number.")
    return PayloadResult(kind, text, (builder.build(text),))


def _plain_text(text: str, body: str) -> PayloadResult:
    """Free text on a card: pick out e-mails, phones and links; the first plain line is the name."""
    sample = body[:4_000]
    builder = DraftBuilder()
    for match in _EMAIL_RE.finditer(sample):
        builder.add_email(match.group(0))
    for url in _URL_RE.finditer(sample):
        builder.add_url(url.group(0).rstrip(".,;)"))
    try:
        matcher = phonenumbers.PhoneNumberMatcher(
            sample, DEFAULT_REGION, leniency=phonenumbers.Leniency.VALID
        )
        for found in matcher:
            builder.add_phone(found.raw_string)
    except Exception:  # phonenumbers on pathological input: the phones are simply not found
        pass
    builder.rejected.clear()
    if not (builder.emails or builder.phones or any(u.kind is not UrlKind.WEBSITE for u in builder.urls)):
        links = tuple(builder.urls)
        reason = "This code holds text without an e-mail address or phone number; not a contact."
        return PayloadResult(PayloadKind.TEXT, text, reason=reason, links=links)
    for line in sample.splitlines():
        candidate = clean_text(line)
        if (
            candidate
            and len(candidate) <= 80
            and not any(ch.isdigit() or ch in "@/:" for ch in candidate)
            and any(ch.isalpha() for ch in candidate)
        ):
            builder.set_if_empty("display_name", candidate)
            break
    return PayloadResult(PayloadKind.TEXT, text, (builder.build(text),))
