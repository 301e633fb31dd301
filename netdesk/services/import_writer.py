"""Database side of imports: bulk inserts, the search index, preserved vCard properties.

New contacts are written with executemany-style bulk inserts instead of one ORM object per row:
a 50,000-row LinkedIn export must land in seconds, inside the same single transaction. Because
bulk inserts bypass the ORM flush hook that maintains the FTS index, this module writes the
index rows itself, with ``search_index.contact_body`` so the indexed text is exactly what the
hook would have produced.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import delete, insert, select, text
from sqlalchemy.orm import Session

from netdesk.domain.models import ContactDraft, Email, InteractionKind, Phone
from netdesk.storage.import_models import ContactVcardExtraRow
from netdesk.storage.models import (
    FTS_TABLE,
    ContactEmailRow,
    ContactPhoneRow,
    ContactRow,
    ContactTagRow,
    ContactUrlRow,
    InteractionRow,
    utcnow,
)
from netdesk.storage.search_index import contact_body

_CHUNK = 5_000


@dataclass(frozen=True, slots=True)
class _Tag:
    tag: str


@dataclass(frozen=True, slots=True)
class _BodyView:
    """Quacks like a ContactRow for ``contact_body``: one indexing rule for ORM and bulk paths."""

    display_name: str
    given_name: str
    family_name: str
    organization: str
    title: str
    department: str
    field: str
    notes: str
    emails: tuple[Email, ...]
    phones: tuple[Phone, ...]
    tags: tuple[_Tag, ...]


def fts_body(draft: ContactDraft) -> str:
    view = _BodyView(
        draft.name,
        draft.given_name,
        draft.family_name,
        draft.organization,
        draft.title,
        draft.department,
        draft.field,
        draft.notes,
        draft.emails,
        draft.phones,
        tuple(_Tag(t) for t in draft.tags),
    )
    return contact_body(cast(ContactRow, view))


def _contact_params(draft: ContactDraft, now: datetime) -> dict[str, object]:
    return {
        "display_name": draft.name,
        "given_name": draft.given_name,
        "family_name": draft.family_name,
        "title": draft.title,
        "organization": draft.organization,
        "department": draft.department,
        "field": draft.field,
        "address": draft.address,
        "notes": draft.notes,
        "circle": draft.circle.value if draft.circle else None,
        "how_met": draft.how_met.value if draft.how_met else None,
        "met_at": draft.met_at,
        "event_id": draft.event_id,
        "introduced_by_id": draft.introduced_by_id,
        "raw_source": draft.raw_source,
        "created_at": now,
        "updated_at": now,
    }


def insert_contacts(session: Session, drafts: Sequence[ContactDraft]) -> list[int]:
    """Insert new contacts with their e-mails, phones, links, tags and index rows; their ids."""
    now = utcnow()
    ids: list[int] = []
    for start in range(0, len(drafts), _CHUNK):
        chunk = drafts[start : start + _CHUNK]
        result = session.scalars(
            insert(ContactRow).returning(ContactRow.id, sort_by_parameter_order=True),
            [_contact_params(d, now) for d in chunk],
        )
        chunk_ids = list(result)
        ids.extend(chunk_ids)
        emails, phones, urls, tags = [], [], [], []
        for cid, draft in zip(chunk_ids, chunk, strict=True):
            emails += [
                {"contact_id": cid, "position": i, "address": e.address, "kind": e.kind.value}
                for i, e in enumerate(draft.emails)
            ]
            phones += [
                {"contact_id": cid, "position": i, "raw": p.raw, "e164": p.e164, "kind": p.kind.value}
                for i, p in enumerate(draft.phones)
            ]
            urls += [
                {"contact_id": cid, "position": i, "url": u.url, "kind": u.kind.value}
                for i, u in enumerate(draft.urls)
            ]
            tags += [{"contact_id": cid, "position": i, "tag": t} for i, t in enumerate(draft.tags)]
        for model, rows in (
            (ContactEmailRow, emails),
            (ContactPhoneRow, phones),
            (ContactUrlRow, urls),
            (ContactTagRow, tags),
        ):
            if rows:
                session.execute(insert(model), rows)
        session.execute(
            text(f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (:id, :body)"),
            [{"id": cid, "body": fts_body(d)} for cid, d in zip(chunk_ids, chunk, strict=True)],
        )
    return ids


def delete_contacts(session: Session, ids: Sequence[int]) -> None:
    """Delete contacts (children and follow-ups cascade) and their index rows."""
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        session.execute(delete(ContactRow).where(ContactRow.id.in_(chunk)))
        session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), [{"id": cid} for cid in chunk])


def insert_interactions(session: Session, items: Sequence[tuple[int, datetime]], summary: str) -> list[int]:
    """LinkedIn connection dates as first interactions; returns the new interaction ids."""
    ids: list[int] = []
    now = utcnow()
    for start in range(0, len(items), _CHUNK):
        chunk = items[start : start + _CHUNK]
        ids += session.scalars(
            insert(InteractionRow).returning(InteractionRow.id, sort_by_parameter_order=True),
            [
                {
                    "contact_id": cid,
                    "kind": InteractionKind.LINKEDIN.value,
                    "occurred_at": when,
                    "summary": summary,
                    "event_id": None,
                    "created_at": now,
                }
                for cid, when in chunk
            ],
        ).all()
    return ids


def add_extras(session: Session, items: Iterable[tuple[int, Sequence[str]]]) -> None:
    rows = [
        {"contact_id": cid, "position": i, "line": line}
        for cid, lines in items
        for i, line in enumerate(lines)
    ]
    for start in range(0, len(rows), _CHUNK):
        session.execute(insert(ContactVcardExtraRow), rows[start : start + _CHUNK])


def set_extras(session: Session, contact_id: int, lines: Sequence[str]) -> None:
    session.execute(delete(ContactVcardExtraRow).where(ContactVcardExtraRow.contact_id == contact_id))
    add_extras(session, [(contact_id, lines)])


def extras_of(session: Session, ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    wanted = list(ids)
    found: dict[int, list[str]] = {}
    for start in range(0, len(wanted), 900):
        rows = session.execute(
            select(ContactVcardExtraRow.contact_id, ContactVcardExtraRow.line)
            .where(ContactVcardExtraRow.contact_id.in_(wanted[start : start + 900]))
            .order_by(ContactVcardExtraRow.contact_id, ContactVcardExtraRow.position)
        )
        for cid, line in rows:
            found.setdefault(cid, []).append(line)
    return {cid: tuple(lines) for cid, lines in found.items()}


def linkedin_connections(session: Session) -> dict[int, set[str]]:
    """contact id -> dates (YYYY-MM-DD) of their LinkedIn interactions, for re-import matching."""
    out: dict[int, set[str]] = {}
    rows = session.execute(
        select(InteractionRow.contact_id, InteractionRow.occurred_at).where(
            InteractionRow.kind == InteractionKind.LINKEDIN.value
        )
    )
    for cid, when in rows:
        out.setdefault(cid, set()).add(when.date().isoformat())
    return out


def linkedin_connections_of(session: Session, contact_id: int) -> set[str]:
    rows = session.scalars(
        select(InteractionRow.occurred_at).where(
            InteractionRow.contact_id == contact_id,
            InteractionRow.kind == InteractionKind.LINKEDIN.value,
        )
    )
    return {when.date().isoformat() for when in rows}
