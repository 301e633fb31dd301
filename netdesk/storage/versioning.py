"""The contact change counter (``contact.version``), kept right on every write path.

Three kinds of writes change a contact, and each is covered differently:

* An ORM UPDATE of the ``contact`` row: SQLAlchemy's ``version_id_col`` (see ``ContactRow``)
  adds one and matches the version it loaded (``StaleDataError`` when another writer got
  there first), so no service can forget the bump. It was chosen over a bump in the repository
  because it also covers code that sets a single attribute (event capture, sync later).
* An ORM change to an owned row only (a tag appended at an event, an e-mail edited): the
  version counter does not see collections, so ``_touch_owners`` (a ``before_flush`` hook)
  stamps the owner's ``updated_at``, which turns into an UPDATE of the row and so a bump.
* Plain SQL (bulk import, merge and its undo, undo of a delete, ON DELETE SET NULL of
  "introduced by"): those call ``bump`` themselves, which adds one in SQL and expires the
  counter of any loaded row so a later ORM flush does not trip over a version it did not write.

The keep-in-touch cadence (``contact_cadence``) is deliberately not under the version: it is a
follow-up setting saved on its own, and the editor writes it only when the user changed it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, inspect, text
from sqlalchemy.orm import Session

from netdesk.storage.import_models import ContactVcardExtraRow
from netdesk.storage.models import (
    ContactEmailRow,
    ContactPhoneRow,
    ContactRow,
    ContactTagRow,
    ContactUrlRow,
    utcnow,
)

#: Rows that are part of one contact: changing them changes the contact.
OWNED_ROWS: tuple[type[Any], ...] = (
    ContactEmailRow,
    ContactPhoneRow,
    ContactUrlRow,
    ContactTagRow,
    ContactVcardExtraRow,
)

_BUMP_SQL = text("UPDATE contact SET version = version + 1 WHERE id = :id")
_INTRODUCED_BY_SQL = "SELECT id FROM contact WHERE introduced_by_id IN ({marks}) AND id NOT IN ({marks})"


def bump(session: Session, contact_ids: Iterable[int]) -> None:
    """Add one to the version of ``contact_ids`` (for writes done in plain SQL)."""
    ids = sorted({int(i) for i in contact_ids})
    if not ids:
        return
    session.execute(_BUMP_SQL, [{"id": i} for i in ids])
    for cid in ids:
        loaded = session.identity_map.get(session.identity_key(ContactRow, cid))
        if loaded is not None:
            session.expire(loaded, ["version"])


def introduced_by_any(session: Session, deleted_ids: Iterable[int]) -> list[int]:
    """Contacts (outside ``deleted_ids``) whose "introduced by" is one of ``deleted_ids``: the
    ones ON DELETE SET NULL will change, read before the delete so ``bump`` can follow it."""
    ids = sorted({int(i) for i in deleted_ids})
    found: list[int] = []
    for start in range(0, len(ids), 400):
        chunk = ids[start : start + 400]
        marks = ", ".join("?" * len(chunk))
        rows = session.connection().exec_driver_sql(_INTRODUCED_BY_SQL.format(marks=marks), (*chunk, *chunk))
        found.extend(int(r[0]) for r in rows)
    return found


def _owner(session: Session, row: Any) -> ContactRow | None:
    state = inspect(row)
    parent = state.dict.get("contact")  # set by the collection without a load
    if isinstance(parent, ContactRow):
        return parent
    contact_id = row.contact_id
    if contact_id is None:
        return None
    found = session.get(ContactRow, contact_id)
    return found


def _touch_owners(session: Session, _context: Any, _instances: Any) -> None:
    with session.no_autoflush:
        changed = [
            obj for obj in (*session.new, *session.dirty, *session.deleted) if isinstance(obj, OWNED_ROWS)
        ]
        for obj in changed:
            if obj in session.dirty and not session.is_modified(obj):
                continue
            parent = _owner(session, obj)
            if parent is None or parent in session.new or parent in session.deleted:
                continue
            if inspect(parent).persistent:
                parent.updated_at = utcnow()


def install(session_factory: Any) -> None:
    """Attach the owned-row hook to sessions made by ``session_factory`` (once: the mark is on
    the factory, since ``event.contains`` mistakes a new factory for a freed one at the same
    address; see ``search_index.install``)."""
    if getattr(session_factory, _MARK, False):
        return
    event.listen(session_factory, "before_flush", _touch_owners)
    setattr(session_factory, _MARK, True)


_MARK = "_netdesk_versioning"
