"""Contact repository: ORM rows <-> frozen domain objects, and the list/search queries."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import func, select
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
    FTS_TABLE,
    ContactEmailRow,
    ContactPhoneRow,
    ContactRow,
    ContactTagRow,
    ContactUrlRow,
    InteractionRow,
)
from netdesk.storage.plain_contacts import enum_or_none

E = TypeVar("E", bound=enum.Enum)


def _enum_or(enum_type: type[E], value: str, default: E) -> E:
    found = enum_or_none(enum_type, value)
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
        circle=enum_or_none(Circle, row.circle),
        how_met=enum_or_none(HowMet, row.how_met),
        met_at=row.met_at,
        event_id=row.event_id,
        introduced_by_id=row.introduced_by_id,
        raw_source=row.raw_source,
        name_prefix=row.name_prefix,
        middle_name=row.middle_name,
        name_suffix=row.name_suffix,
        nickname=row.nickname,
        birthday=row.birthday,
        anniversary=row.anniversary,
        uid=row.uid,
    )


def last_interaction_at(session: Session, contact_id: int) -> datetime | None:
    row = session.execute(
        select(InteractionRow.occurred_at)
        .where(InteractionRow.contact_id == contact_id)
        .order_by(func.julianday(InteractionRow.occurred_at).desc())
        .limit(1)
    ).first()
    return row[0] if row else None


def last_interactions_at(session: Session, contact_ids: list[int]) -> dict[int, datetime]:
    """``last_interaction_at`` for many contacts in one query per chunk (SQLite returns the bare
    column of the row that holds the MAX)."""
    found: dict[int, datetime] = {}
    for start in range(0, len(contact_ids), _CHUNK):
        chunk = contact_ids[start : start + _CHUNK]
        rows = session.execute(
            select(
                InteractionRow.contact_id,
                InteractionRow.occurred_at,
                func.max(func.julianday(InteractionRow.occurred_at)),
            )
            .where(InteractionRow.contact_id.in_(chunk))
            .group_by(InteractionRow.contact_id)
        )
        found.update((cid, at) for cid, at, _ in rows)
    return found


def to_contact(session: Session, row: ContactRow) -> Contact:
    return contact_of(row, last_interaction_at(session, row.id))


def contact_of(row: ContactRow, last_at: datetime | None) -> Contact:
    """The domain contact of ``row`` whose last interaction was read already (``load_many``)."""
    return Contact(
        id=row.id,
        draft=to_draft(row),
        created_at=row.created_at,
        updated_at=row.updated_at,
        event_name=row.event.name if row.event else None,
        introduced_by_name=row.introduced_by.display_name or None if row.introduced_by else None,
        last_interaction_at=last_at,
        version=row.version,
    )


def free_uid(s: Session, draft: ContactDraft) -> ContactDraft:
    """``draft`` without its UID when a stored contact has it, so a new row makes its own.

    Why: the UID index is unique; a card seen twice, or a copy of a contact saved as a new
    person, must become a second contact rather than fail on save.
    """
    if draft.uid and s.scalar(select(ContactRow.id).where(ContactRow.uid == draft.uid)) is not None:
        return dataclasses.replace(draft, uid="")
    return draft


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
    row.name_prefix = draft.name_prefix
    row.middle_name = draft.middle_name
    row.name_suffix = draft.name_suffix
    row.nickname = draft.nickname
    row.birthday = draft.birthday
    row.anniversary = draft.anniversary
    if draft.uid and not row.uid:
        # A new row takes the card's UID; a stored contact keeps its own (a merge, an edit).
        row.uid = draft.uid
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


#: Ids per ``IN (...)`` query: well under SQLite's 32,766 bound parameters.
_CHUNK = 500


def load_many(session: Session, contact_ids: list[int]) -> list[Contact]:
    """Whole contacts for ``contact_ids``, in that order, missing ones left out: a handful of
    queries per 500 contacts instead of seven per contact (the command line lists and exports
    whole networks)."""
    rows: dict[int, ContactRow] = {}
    for start in range(0, len(contact_ids), _CHUNK):
        chunk = contact_ids[start : start + _CHUNK]
        query = (
            select(ContactRow)
            .where(ContactRow.id.in_(chunk))
            .options(
                selectinload(ContactRow.emails),
                selectinload(ContactRow.phones),
                selectinload(ContactRow.urls),
                selectinload(ContactRow.tags),
                selectinload(ContactRow.event),
                selectinload(ContactRow.introduced_by),
            )
        )
        rows.update((row.id, row) for row in session.scalars(query))
    last = last_interactions_at(session, list(rows))
    return [contact_of(rows[cid], last.get(cid)) for cid in contact_ids if cid in rows]


def matching_ids(session: Session, search: str) -> list[int] | None:
    """Ids of contacts matching every word of ``search``; None means "no filter"."""
    terms = query_terms(search)
    if not terms:
        return None
    return search_index.search_ids(session, fts_query(terms))


_SUMMARY_SQL = f"""
SELECT c.id, c.display_name, c.organization, c.title, e.name, c.met_at, last.last_at
FROM contact AS c
LEFT JOIN event AS e ON e.id = c.event_id
LEFT JOIN (
    SELECT contact_id AS cid, occurred_at AS last_at, MAX(julianday(occurred_at)) AS jd
    FROM interaction GROUP BY contact_id
) AS last ON last.cid = c.id
WHERE (:event_id IS NULL OR c.event_id = :event_id)
  AND (:match IS NULL OR c.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match))
"""


def summaries(session: Session, search: str = "", event_id: int | None = None) -> list[ContactSummary]:
    """The rows of the contacts table, filtered by search words and/or event.

    Plain SQL on the driver: this runs on every keystroke over up to 100,000 contacts, and the
    ORM's per-row result processing would double its cost.
    """
    terms = query_terms(search)
    params = {"event_id": event_id, "match": fts_query(terms) if terms else None}
    rows = session.connection().exec_driver_sql(_SUMMARY_SQL, params).fetchall()
    parse = _parse_time
    return [
        ContactSummary(
            id=row[0],
            name=row[1],
            organization=row[2],
            title=row[3],
            event_name=row[4],
            met_at=parse(row[5]),
            last_interaction_at=parse(row[6]),
        )
        for row in rows
    ]


def _parse_time(value: str | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def find_by_name(session: Session, name: str) -> list[ContactRow]:
    """Contacts whose name equals ``name`` ignoring case and accents, oldest first."""
    wanted = fold(" ".join(name.split()))
    candidates = matching_ids(session, name) or []
    rows = session.scalars(select(ContactRow).where(ContactRow.id.in_(candidates)).order_by(ContactRow.id))
    return [row for row in rows if fold(" ".join(row.display_name.split())) == wanted]


def match_stubs(session: Session) -> Iterator[tuple[int, str, ContactDraft]]:
    """(id, name, stub) for every contact: the stub holds just what duplicate matching compares
    (name, organisation, e-mails, E.164 phones, LinkedIn URLs). Read column-wise, one query per
    table, so it stays fast for 100,000 contacts."""
    emails: dict[int, list[str]] = {}
    phones: dict[int, list[str]] = {}
    urls: dict[int, list[str]] = {}
    for cid, address in session.execute(select(ContactEmailRow.contact_id, ContactEmailRow.address)):
        emails.setdefault(cid, []).append(address)
    for cid, e164 in session.execute(
        select(ContactPhoneRow.contact_id, ContactPhoneRow.e164).where(ContactPhoneRow.e164.is_not(None))
    ):
        phones.setdefault(cid, []).append(str(e164))
    for cid, url in session.execute(
        select(ContactUrlRow.contact_id, ContactUrlRow.url).where(
            ContactUrlRow.kind == UrlKind.LINKEDIN.value
        )
    ):
        urls.setdefault(cid, []).append(url)
    rows = session.execute(
        select(
            ContactRow.id,
            ContactRow.display_name,
            ContactRow.organization,
            ContactRow.given_name,
            ContactRow.family_name,
        )
    )
    for cid, display, org, given, family in rows:
        name = display or " ".join(p for p in (given, family) if p)
        stub = ContactDraft(
            display_name=name,
            organization=org,
            emails=tuple(Email(e) for e in emails.get(cid, ())),
            phones=tuple(Phone(p, p) for p in phones.get(cid, ())),
            urls=tuple(Url(u, UrlKind.LINKEDIN) for u in urls.get(cid, ())),
        )
        yield cid, name, stub


def names_of(s: Session, ids: Iterable[int]) -> dict[int, str]:
    """The shown name (``ContactDraft.name``) of each existing contact in ``ids``, in one query:
    pickers and lists naming a few hundred people need not load each whole contact. Only a
    contact with no name and no organization is loaded whole (its name is an e-mail or phone)."""
    wanted = sorted(set(ids))
    names: dict[int, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = s.execute(
            select(
                ContactRow.id,
                ContactRow.display_name,
                ContactRow.given_name,
                ContactRow.family_name,
                ContactRow.organization,
            ).where(ContactRow.id.in_(chunk))
        )
        for cid, display, given, family, organization in rows:
            joined = " ".join(p for p in (given.strip(), family.strip()) if p)
            name = display.strip() or joined or organization.strip()
            if not name and (row := s.get(ContactRow, cid)) is not None:
                name = to_draft(row).name
            names[cid] = name
    return names
