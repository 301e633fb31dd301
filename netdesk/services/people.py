"""Adding a person in one step: the shared path of ``contacts add``, quick-add and captures.

One transaction creates the event when new, the contact, and the "met" interaction that the
follow-up queue quotes later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session

from netdesk.domain.models import Contact, ContactDraft, HowMet, InteractionKind
from netdesk.services.contacts import ContactInputError, ContactService
from netdesk.services.database import Database
from netdesk.services.events import EventService
from netdesk.services.validation import clean_draft
from netdesk.storage import contacts as repo
from netdesk.storage.models import ContactRow, InteractionRow


def split_name(name: str) -> tuple[str, str]:
    """("José", "Núñez") for "José Núñez"; a single word is a given name."""
    parts = name.split()
    if len(parts) < 2:
        return (parts[0] if parts else "", "")
    return " ".join(parts[:-1]), parts[-1]


class PeopleService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.contacts = ContactService(db)
        self.events = EventService(db)

    def resolve_contact(self, name_or_id: str) -> int:
        """The id of the contact given by id or by exact name; a sentence when ambiguous or unknown."""
        text = name_or_id.strip()
        if text.isdigit():
            with self.db.sessions() as s:
                if s.get(ContactRow, int(text)) is not None:
                    return int(text)
            raise ContactInputError(f"No contact has id {text}; `netdesk contacts list` shows the ids.")
        ids = self.contacts.find_by_name(text)
        if not ids:
            raise ContactInputError(f"No contact is called “{text}”; add them first or give their id.")
        if len(ids) > 1:
            listed = ", ".join(str(i) for i in ids)
            raise ContactInputError(
                f"Several contacts are called “{text}” (ids {listed}); give the id instead."
            )
        return ids[0]

    def add(
        self,
        draft: ContactDraft,
        *,
        event_name: str | None = None,
        met_at: datetime | None = None,
        conversation: str = "",
        region: str = "US",
        also: Callable[[Session, int], None] | None = None,
    ) -> Contact:
        """Validate and store ``draft``; with an event, link it and log the meeting. ``also``
        writes more in the same transaction (event capture: the capture record and a lead)."""
        draft = clean_draft(draft, region)
        if not draft.given_name and not draft.family_name and draft.display_name:
            given, family = split_name(draft.display_name)
            draft = replace(draft, given_name=given, family_name=family)
        # BEGIN IMMEDIATE: finding-or-creating the event reads and then writes.
        with self.db.writes.begin() as s:
            event_id = draft.event_id
            if event_name and event_name.strip():
                event_id = self.events.get_or_create(s, event_name).id
            if event_id is not None:
                draft = replace(draft, event_id=event_id, how_met=draft.how_met or HowMet.EVENT)
            if draft.met_at is None and met_at is not None:
                draft = replace(draft, met_at=met_at)
            if draft.introduced_by_id is not None and s.get(ContactRow, draft.introduced_by_id) is None:
                raise ContactInputError("The person given as “introduced by” no longer exists.")
            row = ContactRow()
            repo.apply_draft(row, repo.free_uid(s, draft))
            s.add(row)
            s.flush()
            if draft.met_at is not None and (event_id is not None or conversation.strip()):
                s.add(
                    InteractionRow(
                        contact_id=row.id,
                        kind=InteractionKind.MET.value,
                        occurred_at=draft.met_at,
                        summary=conversation.strip(),
                        event_id=event_id,
                    )
                )
            contact_id = row.id
            if also is not None:
                also(s, contact_id)
        return self.contacts.get(contact_id)
