"""Conflicts a sync kept for the user (issue 17): a contact changed here and on the server, in the
same field, to different values. The sync kept this computer's values (and sent them); the
server's card waits in ``sync_conflict``. Here the user sees both side by side and chooses per
field: the chosen values are saved on the contact (its version moves, so the next sync sends
them) and the conflict is cleared. "Keep this computer's values" clears it without a change:
those values are already on the server.

Counting is one narrow query and imports no card reader, so the window can show "2 sync
conflicts" at start without loading the sync engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from netdesk.domain.models import Contact
from netdesk.services.database import Database
from netdesk.services.duplicates import MERGE_FIELDS, Choice, compose
from netdesk.storage import contacts as repo
from netdesk.storage.models import ContactRow, EventRow, utcnow
from netdesk.storage.sync_models import SyncConflictRow

#: Names of the merge (``sync.merge``, from the card) -> the contact field the dialog shows.
_CARD_TO_FIELD = {"event": "event_id", "introducer": "introduced_by_id"}
_LABELS = {f.name: f.label for f in MERGE_FIELDS}


class ConflictError(ValueError):
    """A conflict that cannot be resolved as asked; the message says why and what to do."""


@dataclass(frozen=True)
class ConflictSummary:
    id: int
    contact_id: int
    name: str
    fields: tuple[str, ...]  # contact fields changed on both sides (``MERGE_FIELDS`` names)
    created_at: datetime

    def labels(self) -> str:
        return ", ".join(_LABELS.get(f, f.replace("_", " ")) for f in self.fields)


@dataclass(frozen=True)
class ConflictSides:
    """The contact here and the server's copy as a contact (same id; the server's event and
    introducer named, with their ids here when this computer has them)."""

    conflict: ConflictSummary
    here: Contact
    server: Contact


def _fields(text: str) -> tuple[str, ...]:
    names = [_CARD_TO_FIELD.get(n, n) for n in text.split(",") if n and n != "extras"]
    return tuple(n for n in names if n in _LABELS)


def _open(s: Session) -> list[SyncConflictRow]:
    """The newest unresolved conflict of each contact, oldest contact conflict first."""
    rows = s.scalars(
        select(SyncConflictRow)
        .where(SyncConflictRow.resolved_at.is_(None))
        .order_by(SyncConflictRow.id.desc())
    )
    newest: dict[int, SyncConflictRow] = {}
    for row in rows:
        newest.setdefault(row.contact_id, row)
    return sorted(newest.values(), key=lambda r: r.id)


class SyncConflicts:
    def __init__(self, db: Database) -> None:
        self.db = db

    def count(self) -> int:
        """Contacts with an unresolved conflict."""
        with self.db.sessions() as s:
            found = s.scalar(
                select(func.count(func.distinct(SyncConflictRow.contact_id))).where(
                    SyncConflictRow.resolved_at.is_(None)
                )
            )
        return int(found or 0)

    def list(self) -> list[ConflictSummary]:
        with self.db.sessions() as s:
            rows = _open(s)
            names = dict(
                s.execute(
                    select(ContactRow.id, ContactRow.display_name).where(
                        ContactRow.id.in_([r.contact_id for r in rows])
                    )
                ).all()
            )
            return [
                ConflictSummary(
                    r.id, r.contact_id, names.get(r.contact_id, ""), _fields(r.fields), r.created_at
                )
                for r in rows
            ]

    def sides(self, conflict_id: int) -> ConflictSides:
        from netdesk.interchange.vcard_import import read_card_bytes  # the card readers: on use

        with self.db.sessions() as s:
            row = self._unresolved(s, conflict_id)
            contact = repo.load(s, row.contact_id)
            if contact is None:  # pragma: no cover - the conflict cascades with its contact
                raise ConflictError("That contact no longer exists; nothing to resolve.")
            here = repo.to_contact(s, contact)
            record = read_card_bytes(row.server_card.encode("utf-8"))
            if record is None:
                raise ConflictError(
                    "The server's copy of this contact could not be read; keep this computer's values."
                )
            event_id = None
            if record.event_name:
                event_id = s.scalar(select(EventRow.id).where(EventRow.name == record.event_name))
            introducer_id, introducer_name = self._introducer(
                s, record.introduced_by_name, record.introduced_by_label
            )
            draft = replace(
                record.draft,
                uid=here.draft.uid,
                raw_source=here.draft.raw_source,
                event_id=event_id,
                introduced_by_id=introducer_id,
            )
            server = replace(
                here,
                draft=draft,
                event_name=record.event_name,
                introduced_by_name=introducer_name,
            )
            summary = ConflictSummary(row.id, row.contact_id, here.name, _fields(row.fields), row.created_at)
        return ConflictSides(summary, here, server)

    def resolve(self, conflict_id: int, choices: Mapping[str, Choice], version: int) -> Contact:
        """Save the chosen values (unnamed fields keep this computer's) in one transaction, the
        contact's conflicts cleared; refused when the contact changed since ``version`` was read."""
        sides = self.sides(conflict_id)
        chosen = {f.name: Choice.KEEP for f in MERGE_FIELDS} | dict(choices)
        draft = compose(sides.here.draft, sides.server.draft, chosen)
        with self.db.writes.begin() as s:
            self._unresolved(s, conflict_id)
            row = repo.load(s, sides.here.id)
            if row is None or row.version != version:
                raise ConflictError(
                    f"{sides.here.name or 'This contact'} was changed since the conflict was shown; "
                    "look at it again before choosing."
                )
            if chosen.get("event_id") is Choice.OTHER and sides.server.event_name and draft.event_id is None:
                event = EventRow(name=sides.server.event_name)  # the server's event, new here
                s.add(event)
                s.flush()
                draft = replace(draft, event_id=event.id)
            repo.apply_draft(row, draft)
            row.updated_at = utcnow()
            self._clear(s, sides.here.id)
            s.flush()
            return repo.to_contact(s, row)

    def keep_here(self, conflict_id: int) -> None:
        """Clear the conflict, the contact as it is (its values went to the server already)."""
        with self.db.writes.begin() as s:
            row = self._unresolved(s, conflict_id)
            self._clear(s, row.contact_id)

    # -- helpers ---------------------------------------------------------------------------------
    def _unresolved(self, s: Session, conflict_id: int) -> SyncConflictRow:
        row = s.get(SyncConflictRow, conflict_id)
        if row is None or row.resolved_at is not None:
            raise ConflictError("That conflict was resolved already; nothing to do.")
        return row

    def _clear(self, s: Session, contact_id: int) -> None:
        s.execute(
            update(SyncConflictRow)
            .where(SyncConflictRow.contact_id == contact_id, SyncConflictRow.resolved_at.is_(None))
            .values(resolved_at=utcnow())
        )

    def _introducer(self, s: Session, uid: str | None, label: str | None) -> tuple[int | None, str | None]:
        if not uid:
            return None, None
        row = s.execute(select(ContactRow.id, ContactRow.display_name).where(ContactRow.uid == uid)).first()
        found: tuple[int, str] | None = (int(row[0]), str(row[1])) if row is not None else None
        if found is None and label:
            rows = repo.find_by_name(s, label)
            found = (rows[0].id, rows[0].display_name) if len(rows) == 1 else None
        if found is None:
            return None, label or uid
        return found
