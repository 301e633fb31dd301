"""Accumulate fields from any payload format into one clean ``ContactDraft``.

Every parser (vCard, MECARD, BIZCARD, plain text, links) feeds the same builder so that hostile
text is neutralised, links are filtered to safe schemes, and duplicates are dropped in exactly one
place — a new payload format cannot forget a rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from netdesk.domain.models import ContactDraft, Email, EmailKind, Phone, PhoneKind, Url, UrlKind
from netdesk.normalize.emails import EmailError, check_email_kept
from netdesk.normalize.links import classify_url, normalize_linkedin, safe_url
from netdesk.normalize.phones import make_phone
from netdesk.normalize.text import MAX_FIELD, MAX_NOTES, clean_text

#: More values than this of one kind are ignored: a QR code cannot carry a real card with 500 phones,
#: and a hostile one should not flood the editor.
MAX_VALUES = 20
#: The raw payload kept on the draft; a QR code holds at most ~7 kB, a vCard file card rarely more.
MAX_RAW = 64_000


def clean_url(value: str) -> Url | None:
    """A safe, normalised link or None: LinkedIn profiles collapse to one canonical spelling."""
    text = clean_text(value, limit=2_000)
    if not text:
        return None
    linkedin = normalize_linkedin(text)
    if linkedin:
        return Url(linkedin, UrlKind.LINKEDIN)
    url = safe_url(text)
    if url is None or not url.lower().startswith(("http://", "https://")):
        return None
    return Url(url, classify_url(url))


@dataclass
class DraftBuilder:
    """Mutable collector; ``build()`` returns the frozen draft."""

    display_name: str = ""
    given_name: str = ""
    family_name: str = ""
    title: str = ""
    organization: str = ""
    department: str = ""
    address: str = ""
    notes: list[str] = field(default_factory=list)
    emails: list[Email] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    urls: list[Url] = field(default_factory=list)
    #: What was left out or kept with a doubt, as sentences for the import warnings.
    rejected: list[str] = field(default_factory=list)

    def set_if_empty(self, attr: str, value: str | None) -> None:
        """First value wins: a card with two FN lines keeps the first, as phones display them."""
        if getattr(self, attr):
            return
        setattr(self, attr, clean_text(value, limit=MAX_FIELD))

    def add_note(self, value: str | None) -> None:
        text = clean_text(value, limit=MAX_NOTES, multiline=True)
        if text:
            self.notes.append(text)

    def add_email(self, value: str | None, kind: EmailKind = EmailKind.OTHER) -> None:
        text = clean_text(value, limit=MAX_FIELD)
        if not text or len(self.emails) >= MAX_VALUES:
            return
        try:
            kept = check_email_kept(text)
        except EmailError:
            self.rejected.append(f"“{text[:80]}” is not an e-mail address; it was left out")
            return
        address = kept.address
        if kept.doubt:
            # Kept, not dropped: a contact manager must not lose what it was given.
            self.rejected.append(f"“{address[:80]}” does not look deliverable ({kept.doubt}); it was kept")
        if all(e.address.lower() != address.lower() for e in self.emails):
            self.emails.append(Email(address, kind))

    def add_phone(self, value: str | None, kind: PhoneKind = PhoneKind.OTHER) -> None:
        text = clean_text(value, limit=60)
        if text.lower().startswith("tel:"):
            text = text[4:].strip()
        if not text or len(self.phones) >= MAX_VALUES:
            return
        if not any(ch.isdigit() for ch in text):
            self.rejected.append(f"“{text[:80]}” is not a phone number")
            return
        phone = make_phone(text, kind)
        key = phone.e164 or phone.raw
        if all((p.e164 or p.raw) != key for p in self.phones):
            self.phones.append(phone)

    def add_url(self, value: str | None, kind: UrlKind | None = None) -> None:
        if not value or len(self.urls) >= MAX_VALUES:
            return
        url = clean_url(value)
        if url is None:
            self.rejected.append(f"“{clean_text(value, limit=80)}” is not a safe web link")
            return
        if kind is not None and url.kind is UrlKind.WEBSITE:
            url = Url(url.url, kind)
        if all(u.url != url.url for u in self.urls):
            self.urls.append(url)

    def has_content(self) -> bool:
        """Whether anything a person would want to save was found."""
        return bool(
            self.display_name
            or self.given_name
            or self.family_name
            or self.organization
            or self.emails
            or self.phones
            or self.urls
        )

    def build(self, raw_source: str) -> ContactDraft:
        display = self.display_name
        if not display:
            display = " ".join(p for p in (self.given_name, self.family_name) if p)
        return ContactDraft(
            display_name=display,
            given_name=self.given_name,
            family_name=self.family_name,
            title=self.title,
            organization=self.organization,
            department=self.department,
            emails=tuple(self.emails),
            phones=tuple(self.phones),
            urls=tuple(self.urls),
            address=self.address,
            notes=clean_text("\n".join(self.notes), limit=MAX_NOTES, multiline=True),
            raw_source=raw_source[:MAX_RAW],
        )


def phone_digits(phone: Phone) -> str:
    """Digits of the number as written (E.164 when known), for comparisons in tests and matching."""
    return "".join(ch for ch in (phone.e164 or phone.raw) if ch.isdigit())
