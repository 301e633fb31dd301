"""Message drafts for follow-ups: templates with placeholders, ``mailto:`` links, .eml files.

Templates ship in ``netdesk/resources/templates/<name>.txt`` (a ``Subject:`` line, a blank line, the
body). The user's edits are saved beside the database (``<data dir>/templates``), so an update
of netdesk never overwrites them and "reset" simply deletes the copy.

Safety: an address goes into a ``mailto:`` link only if it is one syntactically valid address
with no line breaks, and even then every character that could start a header or a second
recipient (``?``, ``&``, ``%``, ``,``) is percent-encoded; subject and body are percent-encoded
(RFC 6068, line breaks as %0D%0A), so text can never add headers such as ``bcc`` or ``attach``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import func, select

from netdesk.domain.draft_sentences import (
    says_topic,
    still_thinking_sentence,
    talked_about_sentence,
    topic_phrase,
)
from netdesk.domain.followups import FollowUp, FollowUpKind
from netdesk.domain.models import InteractionKind
from netdesk.interchange.textio import atomic_write_bytes
from netdesk.normalize.emails import EmailError, check_email
from netdesk.services.database import Database
from netdesk.services.followups import FollowUpService
from netdesk.services.profile import ProfileError, ProfileService
from netdesk.storage import contacts as contact_repo
from netdesk.storage.models import EventRow, InteractionRow

DEFAULT_TEMPLATES: Traversable = files("netdesk.resources") / "templates"

TEMPLATES: dict[str, str] = {
    "thank_you_event": "Thank-you after an event",
    "thank_you_interview": "Thank-you after an informational interview",
    "interview_request": "Informational-interview request (pitch)",
    "keep_in_touch": "Keep-in-touch check-in",
    "handwritten_note": "Handwritten note",
}

PLACEHOLDERS: dict[str, str] = {
    "first_name": "their first name",
    "full_name": "their full name",
    "organization": "their organisation",
    "title": "their job title",
    "field": "their field",
    "event": "where you met",
    "met_date": "the day you met or last spoke",
    "conversation": "what you talked about (else: your work)",
    "talked_about": "a sentence quoting what you talked about (left out when nothing was noted)",
    "still_thinking": "a check-in sentence quoting what you talked about (left out when nothing was noted)",
    "my_name": "your name",
    "my_school": "your school",
    "my_major": "your major",
    "my_year": "your year (e.g. junior)",
    "my_email": "your e-mail",
    "my_phone": "your phone",
}

SUGGESTED = {
    FollowUpKind.THANK_YOU: "thank_you_event",
    FollowUpKind.INTERVIEW_THANK_YOU: "thank_you_interview",
    FollowUpKind.KEEP_IN_TOUCH: "keep_in_touch",
    FollowUpKind.LEAD_DEADLINE: "keep_in_touch",
    FollowUpKind.CUSTOM: "keep_in_touch",
}

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
#: Whole sentences that are simply left out when empty (the text around them reads on).
SENTENCES = frozenset({"talked_about", "still_thinking"})
#: Interactions whose log line is what you talked about (event mode's "Talked about", a meeting).
_CONVERSATIONS = (
    InteractionKind.MET.value,
    InteractionKind.MEETING.value,
    InteractionKind.CALL.value,
    InteractionKind.COFFEE.value,
)


class DraftError(ValueError):
    """A draft that cannot be sent or saved as asked; the message says what to do."""


@dataclass(frozen=True)
class Template:
    name: str
    label: str
    subject: str
    body: str
    customized: bool = False


# (draft profile field, About me field): the drafts read the one profile My card shows.
_FROM_ABOUT_ME = (
    ("my_name", "display_name"),
    ("my_school", "organization"),
    ("my_major", "major"),
    ("my_year", "year"),
    ("my_email", "email"),
    ("my_phone", "phone"),
)


@dataclass(frozen=True)
class Profile:
    """The user's own details for signatures and the pitch."""

    my_name: str = ""
    my_school: str = ""
    my_major: str = ""
    my_year: str = ""
    my_email: str = ""
    my_phone: str = ""


@dataclass(frozen=True)
class Draft:
    to: str
    subject: str
    body: str
    template: str
    followup_id: int | None = None
    addresses: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """Subject and body as one text, for the clipboard."""
        return f"Subject: {self.subject}\n\n{self.body}" if self.subject else self.body


# -- templates -----------------------------------------------------------------------------------


def parse_template(text: str) -> tuple[str, str]:
    """(subject, body) from a template file: an optional ``Subject:`` first line, then the body."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first, _, rest = text.partition("\n")
    if first.lower().startswith("subject:"):
        return first[len("subject:") :].strip(), rest.lstrip("\n").rstrip() + "\n"
    return "", text.strip("\n") + "\n"


def template_text(subject: str, body: str) -> str:
    body = body.replace("\r\n", "\n").strip("\n") + "\n"
    subject = " ".join(subject.split())
    return f"Subject: {subject}\n\n{body}" if subject else body


def unknown_placeholders(text: str) -> list[str]:
    return sorted({m.group(1) for m in _PLACEHOLDER.finditer(text)} - PLACEHOLDERS.keys())


def render(text: str, values: Mapping[str, str]) -> str:
    """Fill placeholders. A line that is nothing but an empty placeholder (a missing phone in the
    signature) is dropped; an empty sentence placeholder (``SENTENCES``) is left out; other empty
    ones show as ``[what to write]`` for the user to fill."""
    out = []
    for line in text.split("\n"):
        names = _PLACEHOLDER.findall(line)
        if names and _PLACEHOLDER.sub("", line).strip(" ,") == "" and not any(values.get(n) for n in names):
            continue

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in PLACEHOLDERS:
                return match.group(0)
            value = (values.get(name) or "").strip()
            return value or ("" if name in SENTENCES else f"[{PLACEHOLDERS[name]}]")

        filled = _PLACEHOLDER.sub(fill, line)
        if any(n in SENTENCES for n in names):  # a sentence left out leaves no double space
            filled = re.sub(r"(?<=\S) {2,}(?=\S)", " ", filled).strip(" ")
        out.append(filled)
    return "\n".join(out)


class TemplateStore:
    """Shipped templates, overridden by the user's edited copies."""

    def __init__(self, user_dir: Path, defaults_dir: Traversable = DEFAULT_TEMPLATES) -> None:
        self.user_dir = user_dir
        self.defaults_dir = defaults_dir

    def _check(self, name: str) -> None:
        if name not in TEMPLATES:
            raise DraftError(f"There is no template called “{name}”; pick one of: {', '.join(TEMPLATES)}.")

    def load(self, name: str) -> Template:
        self._check(name)
        custom = self.user_dir / f"{name}.txt"
        path: Traversable = custom if custom.is_file() else self.defaults_dir / f"{name}.txt"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = "" if path == custom else "Dear {first_name},\n\n\n{my_name}\n"
        subject, body = parse_template(text)
        return Template(name, TEMPLATES[name], subject, body, customized=path == custom)

    def all(self) -> list[Template]:
        return [self.load(name) for name in TEMPLATES]

    def save(self, name: str, subject: str, body: str) -> Template:
        self._check(name)
        unknown = unknown_placeholders(subject + "\n" + body)
        if unknown:
            names = ", ".join("{" + u + "}" for u in unknown)
            raise DraftError(f"Unknown placeholder {names}; use one of the listed placeholders or remove it.")
        self.user_dir.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(self.user_dir / f"{name}.txt", template_text(subject, body).encode("utf-8"))
        return self.load(name)

    def reset(self, name: str) -> Template:
        self._check(name)
        (self.user_dir / f"{name}.txt").unlink(missing_ok=True)
        return self.load(name)


# -- mailto and .eml -----------------------------------------------------------------------------


def check_address(address: str) -> str:
    """One valid address, or DraftError. Refuses line breaks and anything that is not a single
    plain address, e.g. ``a@b.c?attach=/etc/passwd&bcc=x@y``."""
    if any(ch in address for ch in "\r\n\0") or any(ord(ch) < 32 for ch in address):
        raise DraftError(
            "The e-mail address contains a line break or control character; correct it in the contact."
        )
    if address.strip().lower().startswith("mailto:") or any(ch in address for ch in "?,;<>"):
        raise DraftError(f"“{address}” is not a single plain e-mail address; correct it in the contact.")
    try:
        return check_email(address)
    except EmailError as exc:
        raise DraftError(f"{exc} Correct it in the contact, or copy the draft instead.") from None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def mailto_url(to: str, subject: str, body: str) -> str:
    """An RFC 6068 ``mailto:`` link. ``to`` may be empty (the mail app asks)."""
    address = quote(check_address(to), safe="@") if to.strip() else ""
    params = []
    if subject.strip():
        params.append("subject=" + quote(_one_line(subject), safe=""))
    if body:
        crlf = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
        params.append("body=" + quote(crlf, safe=""))
    return f"mailto:{address}" + ("?" + "&".join(params) if params else "")


def eml_bytes(draft: Draft, sender: str = "", date: datetime | None = None) -> bytes:
    """An unsent message most mail apps open as a draft (``X-Unsent: 1``)."""
    msg = EmailMessage()
    if draft.to.strip():
        msg["To"] = check_address(draft.to)
    if sender.strip():
        msg["From"] = check_address(sender)
    msg["Subject"] = _one_line(draft.subject)
    msg["Date"] = format_datetime(date or datetime.now(UTC))
    msg["X-Unsent"] = "1"
    msg.set_content(draft.body.replace("\r\n", "\n"))
    return msg.as_bytes()


def write_eml(path: Path, draft: Draft, sender: str = "") -> Path:
    """Save ``draft`` as an .eml file atomically (temp file, then rename)."""
    path = Path(path)
    if path.suffix.lower() != ".eml":
        path = path.with_name(path.name + ".eml")
    atomic_write_bytes(path, eml_bytes(draft, sender))
    return path


# -- drafting for a follow-up --------------------------------------------------------------------


class DraftService:
    """Drafts for follow-ups: fills templates from the contact, the meeting and the profile."""

    def __init__(self, db: Database, followups: FollowUpService | None = None) -> None:
        self.db = db
        self.followups = followups or FollowUpService(db)
        self.templates = TemplateStore(db.folder / "templates")

    def profile(self) -> Profile:
        """The user's details for drafts: the About me profile, the same record My card shows."""
        card = ProfileService(self.db).get()
        return Profile(**{mine: getattr(card, about) for mine, about in _FROM_ABOUT_ME})

    def save_profile(self, profile: Profile) -> None:
        """Store the drafts' fields into About me; its other fields (title, LinkedIn...) stay."""
        if profile.my_email.strip():
            check_address(profile.my_email)
        profiles = ProfileService(self.db)
        values = {about: _one_line(getattr(profile, mine)) for mine, about in _FROM_ABOUT_ME}
        try:
            profiles.save(replace(profiles.get(), **values))
        except ProfileError as exc:
            raise DraftError(str(exc)) from None

    def context(self, item: FollowUp) -> tuple[dict[str, str], tuple[str, ...]]:
        """Placeholder values for ``item`` and the contact's e-mail addresses."""
        with self.db.sessions() as s:
            row = contact_repo.load(s, item.contact_id)
            if row is None:
                raise DraftError("The contact no longer exists; refresh the list.")
            draft = contact_repo.to_draft(row)
            event_name = ""
            met = draft.met_at
            # Only what was logged as talked about is quoted; the contact's notes stay private.
            where = [
                InteractionRow.contact_id == item.contact_id,
                InteractionRow.kind.in_(_CONVERSATIONS),
                InteractionRow.summary != "",
            ]
            when = func.julianday(InteractionRow.occurred_at)
            order = when.desc()  # the latest conversation...
            if item.key and item.key.startswith("thank_you:event:"):
                event_id = int(item.key.rsplit(":", 1)[1])
                event_name = s.scalar(select(EventRow.name).where(EventRow.id == event_id)) or ""
                where.append(InteractionRow.event_id == event_id)
                order = when.asc()  # ... or the meeting this thank-you is for
                first_met = s.scalar(
                    select(InteractionRow.occurred_at)
                    .where(InteractionRow.contact_id == item.contact_id, InteractionRow.event_id == event_id)
                    .order_by(when)
                    .limit(1)
                )
                if first_met is not None:
                    met = met if draft.event_id == event_id and met else first_met
            elif row.event is not None:
                event_name = row.event.name
            talks = s.execute(
                select(InteractionRow.summary, InteractionRow.kind, InteractionRow.event_id)
                .where(*where)
                .order_by(order)
                .limit(20)
            ).all()
            if item.kind is FollowUpKind.KEEP_IN_TOUCH:
                met = contact_repo.last_interaction_at(s, item.contact_id) or met
        given = draft.given_name.strip() or (draft.name.split()[0] if draft.name.split() else "")
        names = [n for n in (draft.name, given, draft.family_name, draft.nickname) if n.strip()]
        # A meeting's "Talked about", or a logged line that says what was talked about (a call's
        # log line such as "Catch-up call" is not a topic to quote back).
        said = (
            t for t, kind, ev in talks if kind == InteractionKind.MET.value or ev is not None or says_topic(t)
        )
        topic = next((p for p in (topic_phrase(t, names) for t in said) if p), "")
        values = {
            "first_name": given,
            "full_name": draft.name,
            "organization": draft.organization,
            "title": draft.title,
            "field": draft.field,
            "event": event_name,
            "met_date": f"{met:%B} {met.day}" if met else "",
            "conversation": topic or "your work",
            "talked_about": talked_about_sentence(topic),
            "still_thinking": still_thinking_sentence(topic),
        }
        profile = self.profile()
        values.update({f.name: getattr(profile, f.name) for f in fields(Profile)})
        return values, tuple(e.address for e in draft.emails)

    def draft(self, followup_id: int, template: str | None = None) -> Draft:
        item = self.followups.get(followup_id)
        name = template or SUGGESTED[item.kind]
        tpl = self.templates.load(name)
        values, addresses = self.context(item)
        return Draft(
            to=addresses[0] if addresses else "",
            subject=_one_line(render(tpl.subject, values)),
            body=render(tpl.body, values),
            template=name,
            followup_id=followup_id,
            addresses=addresses,
        )
