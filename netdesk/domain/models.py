"""Plain, frozen domain objects shared by every layer.

Qt models and the command line hold these, never ORM rows, so a record can cross a thread
boundary or outlive its database session safely.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field
from datetime import datetime


class Circle(enum.StrEnum):
    """Where a person sits in the hidden job network."""

    FAMILY = "family"
    FRIEND = "friend"
    FRIENDS_PARENT = "friends_parent"
    NEIGHBOUR = "neighbour"
    CLASSMATE = "classmate"
    SCHOOL_FRIEND = "school_friend"
    PROFESSOR = "professor"
    COLLEAGUE = "colleague"
    PROFESSIONAL = "professional"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _CIRCLE_LABELS[self]


_CIRCLE_LABELS = {
    Circle.FAMILY: "Family",
    Circle.FRIEND: "Friend",
    Circle.FRIENDS_PARENT: "Friend's parent",
    Circle.NEIGHBOUR: "Neighbour",
    Circle.CLASSMATE: "Classmate",
    Circle.SCHOOL_FRIEND: "School / college friend",
    Circle.PROFESSOR: "Professor",
    Circle.COLLEAGUE: "Colleague",
    Circle.PROFESSIONAL: "Professional",
    Circle.OTHER: "Other",
}


class HowMet(enum.StrEnum):
    SPONTANEOUS = "spontaneous"
    PLANNED = "planned"
    EVENT = "event"
    REFERRAL = "referral"
    ONLINE = "online"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class EventKind(enum.StrEnum):
    CAREER_FAIR = "career_fair"
    NETWORKING_SOCIAL = "networking_social"
    INFORMATIONAL_INTERVIEW = "informational_interview"
    CONFERENCE = "conference"
    CASUAL = "casual"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class InteractionKind(enum.StrEnum):
    MET = "met"
    EMAIL = "email"
    CALL = "call"
    MEETING = "meeting"
    COFFEE = "coffee"
    LINKEDIN = "linkedin"
    LETTER = "letter"
    NOTE = "note"

    @property
    def label(self) -> str:
        return "LinkedIn" if self is InteractionKind.LINKEDIN else self.value.capitalize()


class EmailKind(enum.StrEnum):
    WORK = "work"
    HOME = "home"
    SCHOOL = "school"
    OTHER = "other"


class PhoneKind(enum.StrEnum):
    MOBILE = "mobile"
    WORK = "work"
    HOME = "home"
    FAX = "fax"
    OTHER = "other"


class UrlKind(enum.StrEnum):
    LINKEDIN = "linkedin"
    WEBSITE = "website"
    CARD = "card"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Email:
    address: str
    kind: EmailKind = EmailKind.OTHER


@dataclass(frozen=True, slots=True)
class Phone:
    """A phone number as written (``raw``) and, when it parses, in E.164."""

    raw: str
    e164: str | None = None
    kind: PhoneKind = PhoneKind.OTHER

    @property
    def display(self) -> str:
        return self.raw or (self.e164 or "")


@dataclass(frozen=True, slots=True)
class Url:
    url: str
    kind: UrlKind = UrlKind.OTHER


@dataclass(frozen=True, slots=True)
class ContactDraft:
    """Everything about a person that can be entered, parsed or imported.

    A draft has no identity: it is what the editor, a scanned card or an import produces.
    ``Contact`` adds the stored identity and bookkeeping.
    """

    display_name: str = ""
    given_name: str = ""
    family_name: str = ""
    title: str = ""
    organization: str = ""
    department: str = ""
    field: str = ""
    emails: tuple[Email, ...] = ()
    phones: tuple[Phone, ...] = ()
    urls: tuple[Url, ...] = ()
    address: str = ""
    notes: str = ""
    tags: tuple[str, ...] = ()
    circle: Circle | None = None
    how_met: HowMet | None = None
    met_at: datetime | None = None
    event_id: int | None = None
    introduced_by_id: int | None = None
    raw_source: str = ""
    # Name parts vCard's N and both CSV conventions carry besides given and family name.
    name_prefix: str = ""
    middle_name: str = ""
    name_suffix: str = ""
    nickname: str = ""
    # "1985-04-12", or "--04-12" when the year is not known (vCard 4.0 allows that, 3.0 does not).
    birthday: str = ""
    anniversary: str = ""
    # The card's identity across files and servers (vCard UID). Empty for a new person: storage
    # makes one. Kept from an import, so a re-import or a sync recognises the same person. Not
    # part of equality: the same content is the same content whichever card it came from.
    uid: str = dataclasses.field(default="", compare=False)

    @property
    def name(self) -> str:
        """The name to show: the display name, else given + family, else an email or phone."""
        if self.display_name.strip():
            return self.display_name.strip()
        joined = " ".join(p for p in (self.given_name.strip(), self.family_name.strip()) if p)
        if joined:
            return joined
        if self.organization.strip():
            return self.organization.strip()
        if self.emails:
            return self.emails[0].address
        if self.phones:
            return self.phones[0].display
        return ""


@dataclass(frozen=True, slots=True)
class Contact:
    id: int
    draft: ContactDraft
    created_at: datetime
    updated_at: datetime
    event_name: str | None = None
    introduced_by_name: str | None = None
    last_interaction_at: datetime | None = None
    # The stored change counter: a save names the version it started from, so it cannot
    # silently overwrite a change made meanwhile (another window, the command line, sync).
    version: int = 1

    @property
    def name(self) -> str:
        return self.draft.name


@dataclass(frozen=True, slots=True)
class ContactSummary:
    """One row of the contacts table: just what the list shows and sorts on."""

    id: int
    name: str
    organization: str
    title: str
    event_name: str | None
    met_at: datetime | None
    last_interaction_at: datetime | None
    emails: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EventDraft:
    name: str
    kind: EventKind = EventKind.OTHER
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    location: str = ""
    goals: str = ""
    notes: str = ""
    cards_given: int = 0


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    draft: EventDraft
    contact_count: int = 0

    @property
    def name(self) -> str:
        return self.draft.name


@dataclass(frozen=True, slots=True)
class InteractionDraft:
    contact_id: int
    kind: InteractionKind
    occurred_at: datetime
    summary: str = ""
    event_id: int | None = None


@dataclass(frozen=True, slots=True)
class Interaction:
    id: int
    draft: InteractionDraft
    created_at: datetime = field(compare=False, default=datetime.min)
