"""Radicale storage with a per-collection UID index, for benchmarks/sync.py (``[storage] type``).

Stock Radicale (3.9, ``multifilesystem``) answers ``Collection.has_uid`` — asked on every PUT of a
new resource, to refuse a second resource with the same UID — by loading every item of the
collection (``BaseCollection.has_uid`` scans ``get_all()``), so N PUTs into one collection cost
O(N²): 1,000 contacts took minutes, 5,000 would take hours, whatever the client. Servers meant for
many resources (Nextcloud, Baïkal) look the UID up in a database index instead. This storage is
``multifilesystem`` with such an index, so the benchmark measures the client, not that scan:

* per collection, ``href -> uid`` and a count per UID, built once from ``get_all()`` (the very
  items stock ``has_uid`` reads) the first time the collection is asked;
* updated by this process's own ``upload``/``delete``/``move``/``create_collection``;
* rebuilt when the collection's folder changed behind its back: its ``st_mtime_ns`` and inode are
  remembered after each write of ours, and a different value at the next question means another
  writer added, removed or replaced a file. (A file rewritten in place, or a change within the same
  file-system timestamp tick, is not noticed; Radicale's own writes replace files by rename.)

``has_uid`` thus gives the answer stock Radicale gives — a UID conflict is refused with the same
409 — in O(1). tests/sync/test_radicale_uid_index.py checks it against a real server. Only the
benchmark's Radicale uses it: tests/dav_server.py's ``RadicaleServer(storage_type=...)`` with
benchmarks/ on the server's PYTHONPATH.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from radicale import item as radicale_item
from radicale import storage as radicale_storage
from radicale.storage import multifilesystem

MODULE = "radicale_uid_index"


@dataclass
class _Index:
    """The UIDs of one collection folder as they were when ``stamp`` was taken."""

    stamp: tuple[int, int]
    uids: dict[str, str] = field(default_factory=dict)  # href -> UID
    counts: Counter[str] = field(default_factory=Counter)  # UID -> resources carrying it

    def put(self, href: str, uid: str) -> None:
        self.drop(href)
        self.uids[href] = uid
        self.counts[uid] += 1

    def drop(self, href: str) -> None:
        old = self.uids.pop(href, None)
        if old is not None:
            self.counts[old] -= 1
            if self.counts[old] <= 0:
                del self.counts[old]


def _stamp(folder: str) -> tuple[int, int]:
    try:
        st = os.stat(folder)
    except FileNotFoundError:
        return (-1, -1)
    return (st.st_ino, st.st_mtime_ns)


class Collection(multifilesystem.Collection):
    _storage: Storage

    def _index(self) -> _Index:
        """This collection's index, built (or rebuilt when the folder changed) from ``get_all()``."""
        indexes = self._storage.uid_indexes
        stamp = _stamp(self._filesystem_path)
        index = indexes.get(self._filesystem_path)
        if index is None or index.stamp != stamp:
            index = _Index(stamp)
            for item in self.get_all():
                assert item.href
                index.put(item.href, item.uid)
            indexes[self._filesystem_path] = index
        return index

    def _restamp(self, index: _Index) -> None:
        index.stamp = _stamp(self._filesystem_path)

    def has_uid(self, uid: str) -> bool:
        with self._storage.uid_lock:
            return self._index().counts.get(uid, 0) > 0

    def upload(
        self, href: str, item: radicale_item.Item
    ) -> tuple[radicale_item.Item, radicale_item.Item | None]:
        with self._storage.uid_lock:
            known = self._storage.uid_indexes.get(self._filesystem_path)
            fresh = known is not None and known.stamp == _stamp(self._filesystem_path)
            uploaded, replaced = super().upload(href, item)
            if known is not None:
                if fresh:
                    known.put(href, uploaded.uid)
                    self._restamp(known)
                else:
                    self._storage.uid_indexes.pop(self._filesystem_path, None)
            return uploaded, replaced

    def delete(self, href: str | None = None) -> None:
        with self._storage.uid_lock:
            known = self._storage.uid_indexes.get(self._filesystem_path)
            fresh = known is not None and known.stamp == _stamp(self._filesystem_path)
            super().delete(href)
            if href is None or known is None or not fresh:
                self._storage.uid_indexes.pop(self._filesystem_path, None)
            else:
                known.drop(href)
                self._restamp(known)


class Storage(multifilesystem.Storage):
    _collection_class = Collection

    def __init__(self, configuration: object) -> None:
        super().__init__(configuration)  # type: ignore[arg-type]
        self.uid_indexes: dict[str, _Index] = {}
        self.uid_lock = threading.RLock()

    def move(
        self, item: radicale_item.Item, to_collection: radicale_storage.BaseCollection, to_href: str
    ) -> None:
        with self.uid_lock:
            super().move(item, to_collection, to_href)
            for collection in (item.collection, to_collection):
                self.uid_indexes.pop(getattr(collection, "_filesystem_path", ""), None)

    def create_collection(
        self,
        href: str,
        items: Iterable[radicale_item.Item] | None = None,
        props: object = None,
    ) -> tuple[multifilesystem.Collection, dict[str, radicale_item.Item], list[str]]:
        with self.uid_lock:
            created = super().create_collection(href, items, props)
            self.uid_indexes.pop(created[0]._filesystem_path, None)
            return created
