"""The local side of contact sync: which contacts changed since the last sync (by their change
counter), the card each would send, and writing a card from the server onto a contact."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from netdesk.domain.models import Contact
from netdesk.interchange.dav_cards import card_bytes
from netdesk.interchange.records import ImportRecord
from netdesk.interchange.vcard_export import X_INTRODUCED_BY, Introducer, escape
from netdesk.interchange.vcard_prop import quote_param
from netdesk.services import import_writer as writer
from netdesk.storage import contacts as repo
from netdesk.storage.models import ContactRow, EventRow, utcnow


@dataclass(frozen=True)
class Local:
    id: int
    uid: str
    version: int


def local_contacts(s: Session) -> dict[str, Local]:
    """uid -> (id, version) of every contact: one narrow query, cheap for 100k contacts."""
    rows = s.execute(select(ContactRow.id, ContactRow.uid, ContactRow.version))
    return {uid: Local(cid, uid, version) for cid, uid, version in rows}


def local_cards(s: Session, ids: Iterable[int]) -> dict[int, bytes]:
    """The card each contact would send, with its kept properties and its introducer's UID."""
    wanted = sorted(set(ids))
    out: dict[int, bytes] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        contacts = repo.load_many(s, chunk)
        extras = writer.extras_of(s, chunk)
        introducer_ids = sorted({c.draft.introduced_by_id for c in contacts if c.draft.introduced_by_id})
        introducers: dict[int, tuple[str, str]] = {}
        if introducer_ids:
            rows = s.execute(
                select(ContactRow.id, ContactRow.uid, ContactRow.display_name).where(
                    ContactRow.id.in_(introducer_ids)
                )
            )
            introducers = {cid: (uid, name) for cid, uid, name in rows}
        for contact in contacts:
            found = introducers.get(contact.draft.introduced_by_id or 0)
            introducer = Introducer(found[0], found[1]) if found and found[0] else None
            out[contact.id] = card_bytes(contact, extras.get(contact.id, ()), introducer)
    return out


def record_card(record: ImportRecord, uid: str, now: datetime) -> bytes:
    """The card netdesk would send for ``record`` (a merge of both sides) as contact ``uid``."""
    draft = replace(record.draft, uid=uid, event_id=None, introduced_by_id=None)
    contact = Contact(
        id=0,
        draft=draft,
        created_at=now,
        updated_at=now,
        event_name=record.event_name,
        introduced_by_name=record.introduced_by_label,
    )
    introducer = None
    if record.introduced_by_name:
        introducer = Introducer(
            record.introduced_by_name, record.introduced_by_label or record.introduced_by_name
        )
    return card_bytes(contact, record.extras, introducer)


class Writer:
    """Writes cards from the server onto contacts inside the sync's one transaction."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self._events: dict[str, int] = {}
        self._pending: list[tuple[int, ImportRecord]] = []

    def apply(self, row: ContactRow | None, record: ImportRecord, uid: str) -> ContactRow:
        """``record`` onto ``row`` (None: a new contact with ``uid``); links come in ``finish``."""
        event_id = self._event(record.event_name) if record.event_name else None
        keep_source = row.raw_source if row is not None else ""
        draft = replace(
            record.draft, uid=uid, event_id=event_id, introduced_by_id=None, raw_source=keep_source
        )
        if row is None:
            row = ContactRow()
            repo.apply_draft(row, repo.free_uid(self.s, draft))
            self.s.add(row)
        else:
            repo.apply_draft(row, draft)
            row.updated_at = utcnow()
        self.s.flush()
        writer.set_extras(self.s, row.id, record.extras)
        self._pending.append((row.id, record))
        return row

    def finish(self) -> None:
        """Set "introduced by" of the contacts written, now that every new one has its id; an
        introducer found nowhere is kept as the card's property, so it goes back as it came."""
        for contact_id, record in self._pending:
            uid, label = record.introduced_by_name, record.introduced_by_label
            row = self.s.get(ContactRow, contact_id)
            if row is None or not uid:
                continue
            target = self.s.scalar(select(ContactRow.id).where(ContactRow.uid == uid))
            if target is None and label:
                found = repo.find_by_name(self.s, label)
                target = found[0].id if len(found) == 1 else None
            if target is not None and target != contact_id:
                if row.introduced_by_id != target:
                    row.introduced_by_id = target
            else:
                head = f"{X_INTRODUCED_BY};X-NAME={quote_param(label)}" if label else X_INTRODUCED_BY
                writer.set_extras(self.s, contact_id, (*record.extras, f"{head}:{escape(uid)}"))
        self._pending.clear()
        self.s.flush()

    def _event(self, name: str) -> int:
        if name not in self._events:
            row = self.s.scalar(select(EventRow).where(EventRow.name == name))
            if row is None:
                row = EventRow(name=name)
                self.s.add(row)
                self.s.flush()
            self._events[name] = row.id
        return self._events[name]
