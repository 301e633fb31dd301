"""Database side of imports: bulk inserts, the search index, preserved vCard properties.

New contacts are written with executemany-style bulk inserts instead of one ORM object per row:
a 50,000-row LinkedIn export must land in seconds, inside the same single transaction. Because
bulk inserts bypass the ORM flush hook that maintains the FTS index, this module writes the
index rows itself, with ``search_index.body_text`` so the indexed text is exactly what the
hook would have produced.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from netdesk.domain.models import ContactDraft, InteractionKind
from netdesk.domain.search import index_text
from netdesk.storage import versioning
from netdesk.storage.import_models import ContactVcardExtraRow, ImportItemRow
from netdesk.storage.models import (
    FTS_TABLE,
    ContactEmailRow,
    ContactPhoneRow,
    ContactRow,
    ContactTagRow,
    ContactUrlRow,
    EventRow,
    InteractionRow,
    IsoDateTime,
    new_contact_uid,
    utcnow,
)
from netdesk.storage.search_index import body_text

_CHUNK = 5_000


def fts_body(draft: ContactDraft, event_name: str = "") -> str:
    """The index text of a new contact: no interactions yet (``insert_interactions`` adds theirs)."""
    return body_text(
        draft.name,
        draft.given_name,
        draft.family_name,
        draft.organization,
        draft.title,
        draft.department,
        draft.field,
        draft.notes,
        [e.address for e in draft.emails],
        [(p.raw, p.e164) for p in draft.phones],
        draft.tags,
        events=(event_name,),
    )


_CONTACT_COLUMNS = (
    "id, display_name, given_name, family_name, title, organization, department, field, address, "
    "notes, circle, how_met, met_at, event_id, introduced_by_id, raw_source, created_at, updated_at, "
    "uid, name_prefix, middle_name, name_suffix, nickname, birthday, anniversary, version"
)
# New contacts start at version 1, as the ORM would write them.
_INSERT_CONTACT = (
    f"INSERT INTO {ContactRow.__tablename__} ({_CONTACT_COLUMNS}) VALUES ({', '.join('?' * 25)}, 1)"
)
_INSERT_EMAIL = (
    f"INSERT INTO {ContactEmailRow.__tablename__} (contact_id, position, address, kind) VALUES (?, ?, ?, ?)"
)
_INSERT_PHONE = f"INSERT INTO {ContactPhoneRow.__tablename__} (contact_id, position, raw, e164, kind) VALUES (?, ?, ?, ?, ?)"
_INSERT_URL = (
    f"INSERT INTO {ContactUrlRow.__tablename__} (contact_id, position, url, kind) VALUES (?, ?, ?, ?)"
)
_INSERT_TAG = f"INSERT INTO {ContactTagRow.__tablename__} (contact_id, position, tag) VALUES (?, ?, ?)"
_INSERT_FTS = f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (?, ?)"
_APPEND_FTS = f"UPDATE {FTS_TABLE} SET body = body || ? WHERE rowid = ?"
_INSERT_INTERACTION = (
    f"INSERT INTO {InteractionRow.__tablename__} (id, contact_id, kind, occurred_at, summary, event_id, created_at) "
    "VALUES (?, ?, ?, ?, ?, NULL, ?)"
)
_INSERT_EXTRA = (
    f"INSERT INTO {ContactVcardExtraRow.__tablename__} (contact_id, position, line) VALUES (?, ?, ?)"
)
_INSERT_CREATED_ITEM = (
    f"INSERT INTO {ImportItemRow.__tablename__} (batch_id, contact_id, action, before, interaction_id) "
    "VALUES (?, ?, 'created', '', ?)"
)
_STAMP = IsoDateTime()


def _stamp(session: Session, when: datetime | None) -> str | None:
    """A datetime exactly as the ORM column type stores it (ISO 8601 text, offset kept)."""
    return _STAMP.process_bind_param(when, session.get_bind().dialect)


def _next_ids(session: Session, table: str, count: int) -> list[int]:
    """Ids for ``count`` new rows of ``table`` (an INTEGER PRIMARY KEY ``id``, no AUTOINCREMENT).

    Callers are inside the write transaction, so no other writer can take these ids; SQLite's
    WAL snapshot check makes a concurrent commit fail the insert rather than reuse them.
    """
    first = session.connection().exec_driver_sql(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").scalar()
    return list(range(int(first or 1), int(first or 1) + count))


def _executemany(session: Session, sql: str, rows: list[tuple[object, ...]]) -> None:
    """executemany straight to the driver, inside the session's transaction.

    The ORM's bulk insert spends ~40 µs per row on bookkeeping a plain row does not need; the
    values here are already what the column types would bind (strings, ints, ISO timestamps).
    """
    if rows:
        session.connection().exec_driver_sql(sql, rows)  # type: ignore[arg-type]


def _uids(session: Session, drafts: Sequence[ContactDraft]) -> list[str]:
    """A UID per new contact: the card's own, unless it is missing or already taken.

    A card imported twice as two contacts (the user chose "add anyway"), or two cards of one
    file sharing a UID, must not fail the whole import on the unique index: the later one gets
    a fresh UID, as a contact created here would.
    """
    wanted = {d.uid for d in drafts if d.uid}
    taken: set[str] = set()
    listed = sorted(wanted)
    for start in range(0, len(listed), 500):
        chunk = listed[start : start + 500]
        taken |= set(session.scalars(select(ContactRow.uid).where(ContactRow.uid.in_(chunk))))
    uids: list[str] = []
    for d in drafts:
        uid = d.uid if d.uid and d.uid not in taken else new_contact_uid()
        taken.add(uid)
        uids.append(uid)
    return uids


def insert_contacts(session: Session, drafts: Sequence[ContactDraft]) -> list[int]:
    """Insert new contacts with their e-mails, phones, links, tags and index rows; their ids."""
    now = _stamp(session, utcnow())
    ids = _next_ids(session, ContactRow.__tablename__, len(drafts))
    uids = _uids(session, drafts)
    event_names = _event_names(session, {d.event_id for d in drafts if d.event_id is not None})
    for start in range(0, len(drafts), _CHUNK):
        chunk = drafts[start : start + _CHUNK]
        chunk_ids = ids[start : start + len(chunk)]
        contacts: list[tuple[object, ...]] = []
        emails: list[tuple[object, ...]] = []
        phones: list[tuple[object, ...]] = []
        urls: list[tuple[object, ...]] = []
        tags: list[tuple[object, ...]] = []
        bodies: list[tuple[object, ...]] = []
        chunk_uids = uids[start : start + len(chunk)]
        for cid, uid, d in zip(chunk_ids, chunk_uids, chunk, strict=True):
            contacts.append(
                (
                    cid,
                    d.name,
                    d.given_name,
                    d.family_name,
                    d.title,
                    d.organization,
                    d.department,
                    d.field,
                    d.address,
                    d.notes,
                    d.circle.value if d.circle else None,
                    d.how_met.value if d.how_met else None,
                    _stamp(session, d.met_at) if d.met_at is not None else None,
                    d.event_id,
                    d.introduced_by_id,
                    d.raw_source,
                    now,
                    now,
                    uid,
                    d.name_prefix,
                    d.middle_name,
                    d.name_suffix,
                    d.nickname,
                    d.birthday,
                    d.anniversary,
                )
            )
            for i, e in enumerate(d.emails):
                emails.append((cid, i, e.address, e.kind.value))
            for i, p in enumerate(d.phones):
                phones.append((cid, i, p.raw, p.e164, p.kind.value))
            for i, u in enumerate(d.urls):
                urls.append((cid, i, u.url, u.kind.value))
            for i, t in enumerate(d.tags):
                tags.append((cid, i, t))
            event_name = event_names.get(d.event_id, "") if d.event_id is not None else ""
            bodies.append((cid, fts_body(d, event_name)))
        _executemany(session, _INSERT_CONTACT, contacts)
        _executemany(session, _INSERT_EMAIL, emails)
        _executemany(session, _INSERT_PHONE, phones)
        _executemany(session, _INSERT_URL, urls)
        _executemany(session, _INSERT_TAG, tags)
        _executemany(session, _INSERT_FTS, bodies)
    return ids


def _event_names(session: Session, event_ids: set[int]) -> dict[int, str]:
    if not event_ids:
        return {}
    rows = session.execute(select(EventRow.id, EventRow.name).where(EventRow.id.in_(sorted(event_ids))))
    return {int(eid): name for eid, name in rows}


def delete_contacts(session: Session, ids: Sequence[int]) -> None:
    """Delete contacts (children and follow-ups cascade) and their index rows."""
    # ON DELETE SET NULL clears "introduced by" of people they introduced: that changes them.
    versioning.bump(session, versioning.introduced_by_any(session, ids))
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        session.execute(delete(ContactRow).where(ContactRow.id.in_(chunk)))
        session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), [{"id": cid} for cid in chunk])


def insert_interactions(session: Session, items: Sequence[tuple[int, datetime]], summary: str) -> list[int]:
    """LinkedIn connection dates as first interactions; returns the new interaction ids."""
    now = _stamp(session, utcnow())
    ids = _next_ids(session, InteractionRow.__tablename__, len(items))
    kind = InteractionKind.LINKEDIN.value
    rows: list[tuple[object, ...]] = [
        (iid, cid, kind, _stamp(session, when), summary, now)
        for iid, (cid, when) in zip(ids, items, strict=True)
    ]
    for start in range(0, len(rows), _CHUNK):
        _executemany(session, _INSERT_INTERACTION, rows[start : start + _CHUNK])
    # What was talked about is searchable: the same words the flush hook would index, added to
    # the contacts' index rows (one UPDATE per contact, not a re-read of each contact).
    words = index_text(summary)
    if words:
        appended: list[tuple[object, ...]] = [(" " + words, cid) for cid, _when in items]
        for start in range(0, len(appended), _CHUNK):
            _executemany(session, _APPEND_FTS, appended[start : start + _CHUNK])
    return ids


def add_extras(session: Session, items: Iterable[tuple[int, Sequence[str]]]) -> None:
    rows: list[tuple[object, ...]] = [(cid, i, line) for cid, lines in items for i, line in enumerate(lines)]
    for start in range(0, len(rows), _CHUNK):
        _executemany(session, _INSERT_EXTRA, rows[start : start + _CHUNK])


def add_created_items(session: Session, batch_id: int, items: Sequence[tuple[int, int | None]]) -> None:
    """Undo records of contacts an import created: (contact id, its connection interaction id)."""
    rows: list[tuple[object, ...]] = [(batch_id, cid, iid) for cid, iid in items]
    for start in range(0, len(rows), _CHUNK):
        _executemany(session, _INSERT_CREATED_ITEM, rows[start : start + _CHUNK])


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
