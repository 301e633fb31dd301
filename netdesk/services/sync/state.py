"""Reading and writing the sync tables (``storage.sync_models``) for one collection."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from netdesk.storage.sync_models import SyncCollectionRow, SyncItemRow


@dataclass(frozen=True)
class Item:
    """A resource as of the last sync (a plain copy of its row)."""

    href: str
    etag: str
    uid: str
    local_id: int | None
    local_version: int | None
    base: bytes
    base_hash: str


@dataclass(frozen=True)
class CollectionState:
    kind: str
    url: str
    token: str
    items: tuple[Item, ...]
    component: str = "VTODO"  # follow-ups as tasks, or VEVENT on a server that keeps no tasks

    def by_href(self) -> dict[str, Item]:
        return {i.href: i for i in self.items}

    def by_uid(self) -> dict[str, Item]:
        return {i.uid: i for i in self.items}


def collection(s: Session, kind: str) -> SyncCollectionRow | None:
    return s.scalar(select(SyncCollectionRow).where(SyncCollectionRow.kind == kind))


def load_state(s: Session, kind: str) -> CollectionState | None:
    row = collection(s, kind)
    if row is None:
        return None
    # plain columns, not ORM entities: 10,000 of them at 5,000 contacts, read at every sync
    columns = select(
        SyncItemRow.href,
        SyncItemRow.etag,
        SyncItemRow.uid,
        SyncItemRow.local_id,
        SyncItemRow.local_version,
        SyncItemRow.base,
        SyncItemRow.base_hash,
    ).where(SyncItemRow.collection_id == row.id)
    items = tuple(
        Item(href, etag, uid, local_id, local_version, base.encode("utf-8"), base_hash)
        for href, etag, uid, local_id, local_version, base, base_hash in s.execute(columns)
    )
    return CollectionState(kind, row.url, row.sync_token, items, row.component)


def ensure_collection(s: Session, kind: str, url: str, component: str = "VTODO") -> SyncCollectionRow:
    row = collection(s, kind)
    if row is not None and (row.url != url or row.component != component):
        s.delete(row)  # another collection (or the same one read another way): its items mean nothing here
        s.flush()
        row = None
    if row is None:
        row = SyncCollectionRow(kind=kind, url=url, sync_token="", component=component)
        s.add(row)
        s.flush()
    return row


def forget_all(s: Session) -> None:
    s.execute(delete(SyncCollectionRow))


def save_item(
    s: Session,
    collection_id: int,
    href: str,
    etag: str,
    uid: str,
    local_id: int | None,
    local_version: int | None,
    base: bytes,
    base_hash: str,
) -> None:
    row = s.scalar(
        select(SyncItemRow).where(SyncItemRow.collection_id == collection_id, SyncItemRow.href == href)
    )
    if row is None:
        row = SyncItemRow(collection_id=collection_id, href=href)
        s.add(row)
    row.etag = etag
    row.uid = uid
    row.local_id = local_id
    row.local_version = local_version
    row.base = base.decode("utf-8", "replace")
    row.base_hash = base_hash


def drop_item(s: Session, collection_id: int, href: str) -> None:
    s.execute(delete(SyncItemRow).where(SyncItemRow.collection_id == collection_id, SyncItemRow.href == href))
