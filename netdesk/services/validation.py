"""Turning what a person typed into a clean ContactDraft, or sentences saying what to fix.

The editor and ``netdesk contacts add`` share these rules, so a contact is valid the same way
wherever it is entered.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from netdesk.domain.models import ContactDraft, Email, Phone, Url, UrlKind
from netdesk.normalize import phones as phone_rules
from netdesk.normalize.emails import EmailError, check_email_kept
from netdesk.normalize.links import classify_url, normalize_linkedin, safe_url
from netdesk.normalize.phones import PhoneError
from netdesk.normalize.text import MAX_NOTES, clean_text


@dataclass(frozen=True)
class FieldProblem:
    field: str  # "email", "phone", "url", "name", ...
    index: int  # which row of a multi-valued field, 0 otherwise
    message: str


class DraftInvalidError(ValueError):
    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(" ".join(p.message for p in problems))
        self.problems = problems


def check_email_text(text: str) -> str | None:
    """None when ``text`` is a valid address, else the message to show next to the field."""
    try:
        kept = check_email_kept(text)
    except EmailError as exc:
        return str(exc)
    if kept.doubt:
        return f"“{kept.address}” does not look deliverable ({kept.doubt}); it is saved as it is."
    return None


def check_phone_text(text: str, region: str = phone_rules.DEFAULT_REGION) -> str | None:
    try:
        phone_rules.validate_phone(text, region)
    except PhoneError as exc:
        return str(exc)
    return None


def clean_draft(draft: ContactDraft, region: str = phone_rules.DEFAULT_REGION) -> ContactDraft:
    """The draft with text neutralised, e-mails normalised, phones in E.164, links made safe.

    Raises DraftInvalidError listing every problem at once, so the form can mark them all.
    """
    problems: list[FieldProblem] = []
    emails: list[Email] = []
    seen_emails: set[str] = set()
    for i, email in enumerate(draft.emails):
        if not email.address.strip():
            continue
        try:
            # Valid but undeliverable-looking addresses (a@localhost) are kept, as imports keep them.
            address = check_email_kept(clean_text(email.address, limit=320)).address
        except EmailError as exc:
            problems.append(FieldProblem("email", i, str(exc)))
            continue
        if address.casefold() not in seen_emails:
            seen_emails.add(address.casefold())
            emails.append(Email(address, email.kind))
    phones: list[Phone] = []
    for i, phone in enumerate(draft.phones):
        raw = clean_text(phone.raw, limit=100)
        if not raw:
            continue
        try:
            checked = phone_rules.validate_phone(raw, region)
        except PhoneError as exc:
            problems.append(FieldProblem("phone", i, str(exc)))
            continue
        phones.append(Phone(checked.raw, checked.e164, phone.kind))
    urls: list[Url] = []
    for i, link in enumerate(draft.urls):
        text = clean_text(link.url, limit=2000)
        if not text:
            continue
        safe = safe_url(text)
        if safe is None or not safe.startswith("http"):
            problems.append(
                FieldProblem(
                    "url", i, f"“{text}” is not a web address; links must start with http:// or https://."
                )
            )
            continue
        linkedin = normalize_linkedin(safe)
        kind = link.kind if link.kind is not UrlKind.OTHER else classify_url(safe)
        urls.append(Url(linkedin or safe, UrlKind.LINKEDIN if linkedin else kind))
    tags: list[str] = []
    for tag in draft.tags:
        cleaned = clean_text(tag, limit=100)
        if cleaned and cleaned.casefold() not in {t.casefold() for t in tags}:
            tags.append(cleaned)
    cleaned_draft = replace(
        draft,
        display_name=clean_text(draft.display_name, limit=300),
        given_name=clean_text(draft.given_name, limit=200),
        family_name=clean_text(draft.family_name, limit=200),
        title=clean_text(draft.title, limit=300),
        organization=clean_text(draft.organization, limit=300),
        department=clean_text(draft.department, limit=300),
        field=clean_text(draft.field, limit=300),
        address=clean_text(draft.address, limit=1000, multiline=True),
        notes=clean_text(draft.notes, limit=MAX_NOTES, multiline=True),
        emails=tuple(emails),
        phones=tuple(phones),
        urls=tuple(urls),
        tags=tuple(tags),
    )
    if not cleaned_draft.name:
        problems.insert(
            0, FieldProblem("name", 0, "Enter a name (or at least an organisation, e-mail or phone).")
        )
    if problems:
        raise DraftInvalidError(problems)
    return cleaned_draft
