"""netdesk's own fields in Google's CSV as "Custom Field N - Label / Value" pairs, both ways.

Google Contacts keeps custom fields through its own import and export, so a network that goes
out as Google CSV and comes back keeps how and where each person was met, their circle, field,
event and who introduced them — what the vCard export carries as ``X-NETDESK-*``. Each contact's
UID travels too, so an "introduced by" that names a UID links to the right person in the same
file. A custom field with any other label (one a person made in Google) is kept in the notes.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from netdesk.domain.models import Circle, Contact, ContactDraft, HowMet
from netdesk.normalize.text import clean_text

UID = "netdesk UID"
EVENT = "netdesk event"
MET_AT = "netdesk met at"
CIRCLE = "netdesk circle"
HOW_MET = "netdesk how met"
FIELD = "netdesk field"
INTRODUCED_BY = "netdesk introduced by"
INTRODUCED_BY_UID = "netdesk introduced by UID"
LABELS = (UID, EVENT, MET_AT, CIRCLE, HOW_MET, FIELD, INTRODUCED_BY, INTRODUCED_BY_UID)
_BY_KEY = {label.casefold(): label for label in LABELS}
#: Google's header for the value of custom field ``n`` ("Custom Field 1 - Value").
COLUMN = re.compile(r"^customfield(\d+)(label|type|value)$")


def own_fields(contact: Contact, introducer: tuple[str, str] | None = None) -> list[tuple[str, str]]:
    """(label, value) for every netdesk field the contact has; ``introducer`` is (UID, name)."""
    draft = contact.draft
    pairs = [
        (UID, draft.uid),
        (EVENT, contact.event_name or ""),
        (MET_AT, draft.met_at.isoformat() if draft.met_at else ""),
        (CIRCLE, draft.circle.value if draft.circle else ""),
        (HOW_MET, draft.how_met.value if draft.how_met else ""),
        (FIELD, draft.field),
    ]
    if introducer is not None:
        pairs += [(INTRODUCED_BY, introducer[1]), (INTRODUCED_BY_UID, introducer[0])]
    elif contact.introduced_by_name:
        pairs.append((INTRODUCED_BY, contact.introduced_by_name))
    return [(label, value) for label, value in pairs if value]


def header(counts: Iterable[int]) -> list[str]:
    """The custom field columns for the widest contact (none when nobody has a netdesk field)."""
    columns: list[str] = []
    for n in range(1, max(counts, default=0) + 1):
        columns += [f"Custom Field {n} - Label", f"Custom Field {n} - Value"]
    return columns


def cells(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Column -> value for one contact's pairs."""
    values: dict[str, str] = {}
    for n, (label, value) in enumerate(pairs, start=1):
        values[f"Custom Field {n} - Label"] = label
        values[f"Custom Field {n} - Value"] = value
    return values


@dataclass
class OwnFields:
    """What one row's custom fields say: draft changes, the record's links, and other fields."""

    changes: dict[str, object] = field(default_factory=dict)
    uid: str | None = None
    event: str | None = None
    introducer: str | None = None
    introducer_uid: str | None = None
    others: list[tuple[str, str]] = field(default_factory=list)
    #: Values that did not read as their field (a circle netdesk does not know, a bad date).
    unreadable: list[str] = field(default_factory=list)

    def add(self, label: str, value: str) -> None:
        """One custom field; labels are matched without regard to case."""
        key = _BY_KEY.get(" ".join(label.split()).casefold())
        text = clean_text(value, limit=300)
        if key is None:
            self.others.append((clean_text(label, limit=100) or "Custom field", text))
        elif key == UID:
            self.uid = text or None
        elif key == EVENT:
            self.event = text or None
        elif key == INTRODUCED_BY:
            self.introducer = text or None
        elif key == INTRODUCED_BY_UID:
            self.introducer_uid = text or None
        elif key == FIELD:
            self.changes["field"] = text
        elif not self._typed(key, text):
            self.unreadable.append(key)

    def _typed(self, key: str, text: str) -> bool:
        with contextlib.suppress(ValueError):
            if key == CIRCLE:
                self.changes["circle"] = Circle(text)
                return True
            if key == HOW_MET:
                self.changes["how_met"] = HowMet(text)
                return True
            met_at = datetime.fromisoformat(text)
            if met_at.tzinfo is not None:
                self.changes["met_at"] = met_at
                return True
        return False

    def apply(self, draft: ContactDraft) -> ContactDraft:
        """``draft`` with the netdesk fields, and other custom fields appended to its notes."""
        if self.others:
            lines = [f"{label}: {value}" for label, value in self.others]
            notes = "\n".join([draft.notes, *lines] if draft.notes else lines)
            draft = replace(draft, notes=notes)
        if self.uid:
            draft = replace(draft, uid=self.uid)
        return replace(draft, **self.changes) if self.changes else draft  # type: ignore[arg-type]

    def links(self) -> Mapping[str, str | None]:
        """The ``ImportRecord`` keywords: UID, event and introducer (by UID when known)."""
        return {
            "uid": self.uid,
            "event_name": self.event,
            "introduced_by_name": self.introducer_uid or self.introducer,
            "introduced_by_label": self.introducer if self.introducer_uid else None,
        }
