"""Contact use cases: list and search, create, edit, delete with undo, the interaction log."""

from __future__ import annotations

import builtins
import sqlite3
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from netdesk.domain.contact_order import ContactSort
from netdesk.domain.models import (
    Contact,
    ContactDraft,
    ContactSummary,
    Interaction,
    InteractionDraft,
    InteractionKind,
)
from netdesk.services.database import Database
from netdesk.services.row_snapshot import RowSnapshot, capture, restore
from netdesk.storage import contact_listing, search_index, versioning
from netdesk.storage import contacts as repo
from netdesk.storage.models import ContactRow, EventRow, InteractionRow, utcnow


class NotFoundError(LookupError):
    """The record was deleted meanwhile (e.g. in another window or by a script)."""


class ContactInputError(ValueError):
    """A draft that cannot be saved; the message says what to fix."""


class ContactChangedError(RuntimeError):
    """The contact was saved elsewhere (another window, the command line, an import, sync) after
    the caller read it. ``current`` is the contact as stored now, so the caller can show what
    changed and let the person choose; nothing was written."""

    def __init__(self, current: Contact, expected_version: int) -> None:
        # Ids and counters only: the message may end up in a log, and names there are personal data.
        super().__init__(
            f"Contact {current.id} was changed elsewhere (version {current.version}, not "
            f"{expected_version}); reload it or save again over it."
        )
        self.current = current
        self.expected_version = expected_version


@dataclass(frozen=True)
class DeletedContact:
    """Everything a delete removed, as stored: the person, their log, follow-ups, lead links,
    card photos, and the references other rows had to them (who they introduced...)."""

    contact_id: int
    draft: ContactDraft
    rows: RowSnapshot

    @property
    def name(self) -> str:
        return self.draft.name


def _raw(session: Session) -> sqlite3.Connection:
    """The session's own DB-API connection, for the listing's plain SQL (storage/contact_listing)."""
    raw = session.connection().connection.dbapi_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def _interaction(row: InteractionRow) -> Interaction:
    try:
        kind = InteractionKind(row.kind)
    except ValueError:
        kind = InteractionKind.NOTE
    return Interaction(
        id=row.id,
        draft=InteractionDraft(
            contact_id=row.contact_id,
            kind=kind,
            occurred_at=row.occurred_at,
            summary=row.summary,
            event_id=row.event_id,
        ),
        created_at=row.created_at,
    )


class ContactService:
    def __init__(self, db: Database) -> None:
        self.db = db
        # (order stamp, everyone's place in name order): see listed()
        self._name_order: tuple[int, dict[int, int]] | None = None

    # -- reading -------------------------------------------------------------------------------
    def list(self, search: str = "", event_id: int | None = None) -> builtins.list[ContactSummary]:
        with self.db.sessions() as s:
            return repo.summaries(s, search=search, event_id=event_id)

    def ordered_ids(
        self, search: str = "", sort: ContactSort = ContactSort.NAME, descending: bool = False
    ) -> builtins.list[int]:
        """The contacts table's ids in order, searched and sorted in SQL (rows come by the page)."""
        return self.listed(search, sort, descending)[0]

    def listed(
        self, search: str = "", sort: ContactSort = ContactSort.NAME, descending: bool = False
    ) -> tuple[builtins.list[int], int]:
        """(the table's ids in order, how many people there are in all), read in one snapshot.
        In name order, everyone's place is kept between calls while the contact order's stamp
        stays the same, and a search only matches and sorts ints."""
        with self.db.sessions() as s:
            raw = _raw(s)
            if sort is not ContactSort.NAME:
                ids = contact_listing.ordered_ids(raw, search, sort, descending)
                return ids, len(ids) if not search.strip() else self._count(s)
            stamp = contact_listing.order_stamp(raw)
            cached = self._name_order
            if cached is not None and cached[0] == stamp:
                rank = cached[1]
            else:
                everyone = contact_listing.ordered_ids(raw, "", ContactSort.NAME, False)
                rank = {cid: place for place, cid in enumerate(everyone)}
                self._name_order = (stamp, rank) if stamp is not None else None
            return contact_listing.matching_in_name_order(raw, search, rank, descending), len(rank)

    def summaries_of(self, contact_ids: builtins.list[int]) -> dict[int, ContactSummary]:
        """The table rows of a page of ids."""
        with self.db.sessions() as s:
            return contact_listing.summaries_of(_raw(s), contact_ids)

    def get(self, contact_id: int) -> Contact:
        with self.db.sessions() as s:
            row = repo.load(s, contact_id)
            if row is None:
                raise NotFoundError(f"Contact {contact_id} no longer exists.")
            return repo.to_contact(s, row)

    def get_many(self, ids: builtins.list[int]) -> builtins.list[Contact]:
        with self.db.sessions() as s:
            return repo.load_many(s, ids)

    def search_full(self, search: str = "", event_id: int | None = None) -> builtins.list[Contact]:
        """Whole contacts (for export and the command line), sorted by name."""
        ids = [c.id for c in self.list(search, event_id)]
        contacts = self.get_many(ids)
        return sorted(contacts, key=lambda c: (c.name.casefold(), c.id))

    def find_by_name(self, name: str) -> builtins.list[int]:
        with self.db.sessions() as s:
            return [row.id for row in repo.find_by_name(s, name)]

    def choices(self) -> builtins.list[tuple[int, str]]:
        """(id, "Name — Organisation") for pickers such as "introduced by"."""
        with self.db.sessions() as s:
            rows = s.execute(select(ContactRow.id, ContactRow.display_name, ContactRow.organization)).all()
        labelled = [(cid, f"{name} — {org}" if org else name) for cid, name, org in rows]
        return sorted(labelled, key=lambda item: item[1].casefold())

    def change_stamp(self) -> tuple[object, ...]:
        """Changes whenever a contact is added, edited or deleted: lets views skip rebuilding."""
        with self.db.sessions() as s:
            row = s.execute(
                select(func.count(ContactRow.id), func.max(ContactRow.id), func.max(ContactRow.updated_at))
            ).one()
            return tuple(row)

    def count(self) -> int:
        with self.db.sessions() as s:
            return self._count(s)

    @staticmethod
    def _count(session: Session) -> int:
        return int(session.scalar(select(func.count()).select_from(ContactRow)) or 0)

    # -- writing -------------------------------------------------------------------------------
    def _check(self, draft: ContactDraft, contact_id: int | None = None) -> None:
        if not draft.name:
            raise ContactInputError("Give the contact a name, an organisation, an e-mail or a phone number.")
        if contact_id is not None and draft.introduced_by_id == contact_id:
            raise ContactInputError("A contact cannot have introduced themselves; pick someone else.")

    def create(self, draft: ContactDraft) -> Contact:
        self._check(draft)
        with self.db.sessions.begin() as s:
            self._check_links(s, draft)
            row = ContactRow()
            repo.apply_draft(row, repo.free_uid(s, draft))
            s.add(row)
            s.flush()
            contact_id = row.id
        return self.get(contact_id)

    def update(self, contact_id: int, draft: ContactDraft, expected_version: int | None = None) -> Contact:
        """Save ``draft`` over the contact. With ``expected_version`` (the version the caller
        read), raise ContactChangedError instead when the stored one differs.

        The session begins IMMEDIATE: the version check and the write happen under the write
        lock, so no other process can save between them.
        """
        self._check(draft, contact_id)
        with self.db.writes.begin() as s:
            row = repo.load(s, contact_id)
            if row is None:
                raise NotFoundError(f"Contact {contact_id} no longer exists; it may have been deleted.")
            if expected_version is not None and row.version != expected_version:
                raise ContactChangedError(repo.to_contact(s, row), expected_version)
            self._check_links(s, draft)
            repo.apply_draft(row, draft)
            row.updated_at = utcnow()
        return self.get(contact_id)

    def _check_links(self, s: Session, draft: ContactDraft) -> None:
        if draft.event_id is not None and s.get(EventRow, draft.event_id) is None:
            raise ContactInputError("The chosen event no longer exists; pick another one.")
        if draft.introduced_by_id is not None and s.get(ContactRow, draft.introduced_by_id) is None:
            raise ContactInputError("The person chosen as “introduced by” no longer exists.")

    def delete(self, contact_id: int) -> DeletedContact:
        """Delete a contact and return what ``undelete`` needs to bring everything back exactly."""
        with self.db.sessions.begin() as s:
            row = repo.load(s, contact_id)
            if row is None:
                raise NotFoundError(f"Contact {contact_id} no longer exists.")
            snapshot = DeletedContact(
                contact_id=contact_id, draft=repo.to_draft(row), rows=capture(s, "contact", [contact_id])
            )
            # ON DELETE SET NULL clears "introduced by" of the people they introduced: a change.
            versioning.bump(s, versioning.introduced_by_any(s, [contact_id]))
            s.delete(row)
        return snapshot

    def undelete(self, snapshot: DeletedContact) -> Contact:
        """Undo a delete: same ids where still free, every removed row and cleared reference back."""
        with self.db.sessions.begin() as s:
            moved = restore(s, snapshot.rows)
            new_id = int(moved.get("contact", {}).get(snapshot.contact_id, snapshot.contact_id))
            search_index.reindex(s, [new_id])
        return self.get(new_id)

    # -- interaction log -----------------------------------------------------------------------
    def interactions(self, contact_id: int) -> builtins.list[Interaction]:
        """The contact's log, newest first."""
        with self.db.sessions() as s:
            rows = s.scalars(
                select(InteractionRow)
                .where(InteractionRow.contact_id == contact_id)
                .order_by(func.julianday(InteractionRow.occurred_at).desc(), InteractionRow.id.desc())
            )
            return [_interaction(r) for r in rows]

    def log_interaction(self, draft: InteractionDraft) -> Interaction:
        summary = draft.summary.strip()
        with self.db.sessions.begin() as s:
            if s.get(ContactRow, draft.contact_id) is None:
                raise NotFoundError("The contact no longer exists; the interaction was not saved.")
            row = InteractionRow(
                contact_id=draft.contact_id,
                kind=draft.kind.value,
                occurred_at=draft.occurred_at,
                summary=summary,
                event_id=draft.event_id,
            )
            s.add(row)
            s.flush()
            return _interaction(row)

    def delete_interaction(self, interaction_id: int) -> InteractionDraft | None:
        with self.db.sessions.begin() as s:
            row = s.get(InteractionRow, interaction_id)
            if row is None:
                return None
            draft = _interaction(row).draft
            s.delete(row)
            return draft
