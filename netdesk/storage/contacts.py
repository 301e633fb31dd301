"""Contact repository: ORM rows <-> frozen domain objects, and the list/search queries."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import func, literal_column, select
from sqlalchemy.orm import Session, selectinload

from netdesk.domain.models import (
    Circle,
    Contact,
    ContactDraft,
    ContactSummary,
    Email,
    EmailKind,
    HowMet,
    Phone,
    PhoneKind,
    Url,
    UrlKind,
)
from netdesk.domain.search import fold, fts_query, query_terms
from netdesk.storage import search_index
from netdesk.storage.models import (
    ContactEmailRow,
    ContactPhoneRow,
    ContactRow,
    ContactTagRow,
    ContactUrlRow,
    EventRow,
    InteractionRow,
)

E = TypeVar("E", bound=enum.Enum)


def _enum_or_none(enum_type: type[E], value: str | None) -> E | None:
    if value is None:
        return None
    try:
        return enum_type(value)
    except ValueError:
        return None


def _enum_or(enum_type: type[E], value: str, default: E) -> E:
    found = _enum_or_none(enum_type, value)
    return default if found is None else found


def to_draft(row: ContactRow) -> ContactDraft:
    return ContactDraft(
        display_name=row.display_name,
        given_name=row.given_name,
        family_name=row.family_name,
        title=row.title,
        organization=row.organization,
        department=row.department,
        field=row.field,
        emails=tuple(Email(e.address, _enum_or(EmailKind, e.kind, EmailKind.OTHER)) for e in row.emails),
        phones=tuple(Phone(p.raw, p.e164, _enum_or(PhoneKind, p.kind, PhoneKind.OTHER)) for p in row.phones),
        urls=tuple(Url(u.url, _enum_or(UrlKind, u.kind, UrlKind.OTHER)) for u in row.urls),
        address=row.address,
        notes=row.notes,
        tags=tuple(t.tag for t in row.tags),
        circle=_enum_or_none(Circle, row.circle),
        how_met=_enum_or_none(HowMet, row.how_met),
        met_at=row.met_at,
        event_id=row.event_id,
        introduced_by_id=row.introduced_by_id,
        raw_source=row.raw_source,
    )


def last_interaction_at(session: Session, contact_id: int) -> datetime | None:
    row = session.execute(
        select(InteractionRow.occurred_at)
        .where(InteractionRow.contact_id == contact_id)
        .order_by(func.julianday(InteractionRow.occurred_at).desc())
        .limit(1)
    ).first()
    return row[0] if row else None


def to_contact(session: Session, row: ContactRow) -> Contact:
    return Contact(
        id=row.id,
        draft=to_draft(row),
        created_at=row.created_at,
        updated_at=row.updated_at,
        event_name=row.event.name if row.event else None,
        introduced_by_name=row.introduced_by.display_name or None if row.introduced_by else None,
        last_interaction_at=last_interaction_at(session, row.id),
    )


def apply_draft(row: ContactRow, draft: ContactDraft) -> None:
    """Copy every field of ``draft`` onto ``row``, replacing its emails, phones, URLs and tags."""
    row.display_name = draft.name
    row.given_name = draft.given_name
    row.family_name = draft.family_name
    row.title = draft.title
    row.organization = draft.organization
    row.department = draft.department
    row.field = draft.field
    row.address = draft.address
    row.notes = draft.notes
    row.circle = draft.circle.value if draft.circle else None
    row.how_met = draft.how_met.value if draft.how_met else None
    row.met_at = draft.met_at
    row.event_id = draft.event_id
    row.introduced_by_id = draft.introduced_by_id
    row.raw_source = draft.raw_source
    row.emails = [
        ContactEmailRow(position=i, address=e.address, kind=e.kind.value) for i, e in enumerate(draft.emails)
    ]
    row.phones = [
        ContactPhoneRow(position=i, raw=p.raw, e164=p.e164, kind=p.kind.value)
        for i, p in enumerate(draft.phones)
    ]
    row.urls = [ContactUrlRow(position=i, url=u.url, kind=u.kind.value) for i, u in enumerate(draft.urls)]
    row.tags = [ContactTagRow(position=i, tag=t) for i, t in enumerate(draft.tags)]


def load(session: Session, contact_id: int) -> ContactRow | None:
    return session.get(
        ContactRow,
        contact_id,
        options=[
            selectinload(ContactRow.emails),
            selectinload(ContactRow.phones),
            selectinload(ContactRow.urls),
            selectinload(ContactRow.tags),
        ],
    )


def matching_ids(session: Session, search: str) -> list[int] | None:
    """Ids of contacts matching every word of ``search``; None means "no filter"."""
    terms = query_terms(search)
    if not terms:
        return None
    return search_index.search_ids(session, fts_query(terms))


def summaries(
    session: Session, search: str = "", event_id: int | None = None, ids: Iterable[int] | None = None
) -> list[ContactSummary]:
    """The rows of the contacts table, filtered by search words and/or event."""
    last = (
        select(
            InteractionRow.contact_id.label("cid"),
            InteractionRow.occurred_at.label("last_at"),
            func.max(func.julianday(InteractionRow.occurred_at)).label("jd"),
        )
        .group_by(InteractionRow.contact_id)
        .subquery()
    )
    stmt = (
        select(
            ContactRow.id,
            ContactRow.display_name,
            ContactRow.organization,
            ContactRow.title,
            EventRow.name,
            ContactRow.met_at,
            last.c.last_at,
        )
        .outerjoin(EventRow, EventRow.id == ContactRow.event_id)
        .outerjoin(last, last.c.cid == ContactRow.id)
    )
    wanted: set[int] | None = set(ids) if ids is not None else None
    found = matching_ids(session, search)
    if found is not None:
        wanted = set(found) if wanted is None else wanted & set(found)
    if event_id is not None:
        stmt = stmt.where(ContactRow.event_id == event_id)
    if wanted is not None:
        if not wanted:
            return []
        stmt = stmt.where(
            ContactRow.id.in_(select(literal_column("value")).select_from(func.json_each(_json_ids(wanted))))
        )
    out: list[ContactSummary] = []
    for row in session.execute(stmt).all():
        out.append(
            ContactSummary(
                id=int(row[0]),
                name=str(row[1]),
                organization=str(row[2]),
                title=str(row[3]),
                event_name=row[4],
                met_at=row[5],
                last_interaction_at=_parse_time(row[6]),
            )
        )
    return out


def _json_ids(ids: set[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"


def _parse_time(value: str | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def find_by_name(session: Session, name: str) -> list[ContactRow]:
    """Contacts whose name equals ``name`` ignoring case and accents, oldest first."""
    wanted = fold(" ".join(name.split()))
    candidates = matching_ids(session, name) or []
    rows = session.scalars(select(ContactRow).where(ContactRow.id.in_(candidates)).order_by(ContactRow.id))
    return [row for row in rows if fold(" ".join(row.display_name.split())) == wanted]
