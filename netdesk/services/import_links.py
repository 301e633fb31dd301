"""Event and "introduced by" links named in imported vCards, resolved once per import.

Why a pass after the inserts: netdesk's export writes ``X-NETDESK-INTRODUCED-BY`` with the
introducer's name, and in a whole-network export the introducer is usually another card of the
same file — often a later one. Resolving while inserting would only see people stored before
the import. Here every created contact's introducer is looked up first among the records of its
own file (by UID when the value is one, else by name), which gives the new id, or the stored
contact a record was matched to; then a stored contact with that UID; then the name our export
writes beside the UID (``X-NAME``) in the file; then stored contacts by name (value, X-NAME).
An introducer that cannot be resolved is kept as the property itself (with its ``X-NAME``), so
an export gives it back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from netdesk.domain.models import ContactDraft
from netdesk.domain.search import fold
from netdesk.interchange.records import ImportRecord
from netdesk.interchange.vcard_export import X_INTRODUCED_BY, escape
from netdesk.interchange.vcard_prop import quote_param
from netdesk.services import import_writer as writer
from netdesk.storage import contacts as repo
from netdesk.storage.models import ContactRow, EventRow


class Item(Protocol):
    """What this module reads of a preview item (``importer.PreviewItem``)."""

    @property
    def index(self) -> int: ...
    @property
    def file(self) -> str: ...
    @property
    def record(self) -> ImportRecord: ...
    @property
    def match_id(self) -> int | None: ...


def _key(name: str) -> str:
    return fold(" ".join(name.split()))


class ImportLinks:
    def __init__(self, s: Session, items: Sequence[Item] = ()) -> None:
        self._s = s
        self._events: dict[str, int] = {}
        self._people: dict[str, int | None] = {}
        self._uids: dict[str, int | None] = {}
        self._by_uid: dict[tuple[str, str], list[Item]] = {}
        self._by_name: dict[tuple[str, str], list[Item]] = {}
        for item in items:
            if item.record.uid:
                self._by_uid.setdefault((item.file, item.record.uid), []).append(item)
            self._by_name.setdefault((item.file, _key(item.record.draft.name)), []).append(item)

    def apply(self, record: ImportRecord) -> ContactDraft:
        """The draft with its event linked (created when new); introducers come in ``link``."""
        draft = record.draft
        if record.event_name and draft.event_id is None:
            return replace(draft, event_id=self._event(record.event_name))
        return draft

    def link(self, created: Sequence[tuple[Item, int]]) -> None:
        """Set "introduced by" of the contacts just created (item, new id), in any file order."""
        new_ids: Mapping[int, int] = {item.index: cid for item, cid in created}
        rows: list[tuple[object, ...]] = []
        for item, cid in created:
            name = item.record.introduced_by_name
            if not name or item.record.draft.introduced_by_id is not None:
                continue
            label = item.record.introduced_by_label
            target = self._in_file(item, name, new_ids)
            if target is None:
                target = self._stored_uid(name)
            if target is None and label:
                target = self._in_file(item, label, new_ids)
            if target is None:
                target = self._stored(name)
            if target is None and label:
                target = self._stored(label)
            if target is not None and target != cid:
                rows.append((target, cid))
            else:
                head = f"{X_INTRODUCED_BY};X-NAME={quote_param(label)}" if label else X_INTRODUCED_BY
                writer.set_extras(self._s, cid, (*item.record.extras, f"{head}:{escape(name)}"))
        if rows:
            sql = f"UPDATE {ContactRow.__tablename__} SET introduced_by_id = ? WHERE id = ?"
            self._s.connection().exec_driver_sql(sql, rows)  # type: ignore[arg-type]

    def _in_file(self, item: Item, name: str, new_ids: Mapping[int, int]) -> int | None:
        found = self._by_uid.get((item.file, name)) or self._by_name.get((item.file, _key(name)), [])
        others = [f for f in found if f.index != item.index]
        if len(others) != 1:
            return None
        target = others[0]
        return new_ids.get(target.index, target.match_id)

    def _event(self, name: str) -> int:
        if name not in self._events:
            row = self._s.scalar(select(EventRow).where(EventRow.name == name))
            if row is None:
                row = EventRow(name=name)
                self._s.add(row)
                self._s.flush()
            self._events[name] = row.id
        return self._events[name]

    def _stored_uid(self, uid: str) -> int | None:
        """A stored contact whose UID the value is: our export links introducers by UID."""
        if uid not in self._uids:
            self._uids[uid] = self._s.scalar(select(ContactRow.id).where(ContactRow.uid == uid))
        return self._uids[uid]

    def _stored(self, name: str) -> int | None:
        if name not in self._people:
            found = repo.find_by_name(self._s, name)
            self._people[name] = found[0].id if len(found) == 1 else None
        return self._people[name]
