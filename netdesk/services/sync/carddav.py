"""Contacts <-> one CardDAV address book: fetch what changed there, decide, send, then write here.

The order is what keeps the database whole when the server fails half-way (issue 17):

1. ``fetch`` (network, reads only): the changes since the stored sync-token (RFC 6578), or every
   ETag when the server has no tokens; the changed cards by addressbook-multiget.
2. ``plan`` (database, reads only): contacts whose change counter moved since the last sync are
   the local changes; items whose UID no contact has any more are local deletes; each remote
   change is applied, merged field by field, or kept as a conflict.
3. ``push`` (network, writes there): PUT with If-Match (or If-None-Match: * for new cards) and
   DELETE with If-Match. A 412 means the server changed meanwhile: left for the next sync.
4. ``apply`` (database, one transaction with the follow-ups'): remote changes written, the sync
   state and the new token stored. A contact edited here since step 2 is left alone and the old
   token kept, so the next sync looks again.

A server that dies in 1 or 3 leaves the database as it was; what 3 already sent is recognised by
UID and content at the next sync.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from netdesk.interchange.dav_cards import content_hash, read_card_bytes
from netdesk.interchange.records import ImportRecord
from netdesk.interchange.snapshot import draft_to_json
from netdesk.remote.collection import Collection, Listing, Resource, TokenExpiredError
from netdesk.remote.dav import DavConnection
from netdesk.services import import_writer as writer
from netdesk.services.row_snapshot import capture
from netdesk.services.sync import state
from netdesk.services.sync.contact_local import Local, Writer, local_cards, local_contacts, record_card
from netdesk.services.sync.merge import merge, same_content
from netdesk.services.sync.outcome import Counts, RunLog
from netdesk.storage import contacts as repo
from netdesk.storage import versioning
from netdesk.storage.models import ContactRow, utcnow
from netdesk.storage.sync_models import SyncConflictRow

KIND = "contacts"


@dataclass
class Push:
    href: str
    data: bytes
    etag: str | None  # None: a new card (If-None-Match: *)
    uid: str
    contact_id: int | None
    version: int | None
    result_etag: str = ""
    written: bool = False


@dataclass
class Pull:
    href: str
    etag: str
    record: ImportRecord
    data: bytes
    uid: str
    contact_id: int | None  # None: a new contact
    version: int | None  # the version read when planning; the write is skipped if it moved


@dataclass
class Plan:
    pushes: list[Push] = field(default_factory=list)
    deletes: list[tuple[str, str]] = field(default_factory=list)  # href, etag: deleted here
    pulls: list[Pull] = field(default_factory=list)
    removals: list[tuple[str, int, int]] = field(default_factory=list)  # href, id, version
    links: list[tuple[str, str, str, int, int, bytes]] = field(default_factory=list)
    forget: list[str] = field(default_factory=list)  # items to drop (gone on both sides)
    conflicts: list[tuple[int, bytes, tuple[str, ...]]] = field(default_factory=list)
    touched: list[tuple[str, int, int]] = field(default_factory=list)  # href, id, version: same card


def safe_name(uid: str) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", uid).strip("-.")[:120]
    return name or "card"


class ContactSync:
    def __init__(self, conn: DavConnection, url: str, saved: state.CollectionState | None) -> None:
        self.remote = Collection(conn, url, "card")
        self.saved = saved if saved is not None and saved.url == self.remote.path else None
        self.listing = Listing()
        self.fetched: dict[str, Resource] = {}
        self.plan = Plan()
        self.counts = Counts()
        self.full_next = False  # store no token: the next sync compares every ETag
        self.local: dict[str, Local] | None = None  # uid -> id and version (``read_local``)

    # -- 1. fetch ------------------------------------------------------------------------------
    def fetch(self) -> None:
        token = self.saved.token if self.saved else ""
        try:
            self.listing = self.remote.changes(token)
        except TokenExpiredError:
            self.listing = self.remote.changes("")
        known = self.saved.by_href() if self.saved else {}
        if self.listing.complete:
            self.listing.removed |= {h for h in known if h not in self.listing.changed}
        wanted = [
            h
            for h, etag in self.listing.changed.items()
            if h not in known or known[h].etag != etag or not etag
        ]
        self.fetched = {r.href: r for r in self.remote.fetch(wanted)}

    # -- 2. plan -------------------------------------------------------------------------------
    def read_local(self, s: Session) -> None:
        """Every contact's version, so which changed since the last sync: the database part of
        the plan that every sync reads, which the engine reads while the server answers
        ``fetch``. (The cards of those changed are made in ``make_plan``.)"""
        self.local = local_contacts(s)

    def make_plan(self, s: Session) -> None:
        plan = self.plan
        items = self.saved.by_href() if self.saved else {}
        by_uid = {i.uid: i for i in items.values()}
        if self.local is None:
            self.read_local(s)
        assert self.local is not None
        local = self.local
        changed_ids = [
            c.id for c in local.values() if c.uid not in by_uid or by_uid[c.uid].local_version != c.version
        ]
        cards = local_cards(s, changed_ids)
        handled: set[str] = set()  # UIDs decided by a remote change
        for href, resource in self.fetched.items():
            record = read_card_bytes(resource.data)
            if record is None:
                continue  # not a card netdesk can read: left on the server as it is
            item = items.get(href)
            uid = item.uid if item is not None else (record.uid or "")
            if uid in handled:
                continue
            mine = local.get(uid) if uid else None
            if mine is None:
                if item is not None or not uid or uid not in by_uid:
                    # new there, or deleted here but changed there: the contact is kept (again)
                    plan.pulls.append(Pull(href, resource.etag, record, resource.data, uid, None, None))
                    handled.add(uid)
                continue
            handled.add(uid)
            if item is not None and mine.id not in cards:  # changed there only
                plan.pulls.append(
                    Pull(href, resource.etag, record, resource.data, uid, mine.id, mine.version)
                )
                continue
            card = cards[mine.id] if mine.id in cards else local_cards(s, [mine.id])[mine.id]
            local_record = read_card_bytes(card)
            assert local_record is not None
            if same_content(local_record, record):
                plan.links.append((href, resource.etag, uid, mine.id, mine.version, card))
                continue
            base = read_card_bytes(item.base) if item is not None and item.base else None
            merged = merge(base, local_record, record)
            if merged.overlapping:
                plan.conflicts.append((mine.id, resource.data, merged.overlapping))
            if merged.local_changed:
                plan.pulls.append(
                    Pull(href, resource.etag, merged.record, resource.data, uid, mine.id, mine.version)
                )
            if merged.remote_changed:
                data = record_card(merged.record, uid, utcnow()) if merged.local_changed else card
                version = None if merged.local_changed else mine.version
                plan.pushes.append(Push(href, data, resource.etag, uid, mine.id, version))
        for href in self.listing.removed:
            item = items.get(href)
            if item is None or item.uid in handled:
                continue
            handled.add(item.uid)
            mine = local.get(item.uid)
            if mine is None:
                plan.forget.append(href)
            elif mine.id in cards and content_hash(cards[mine.id]) != item.base_hash:
                plan.pushes.append(Push(href, cards[mine.id], None, item.uid, mine.id, mine.version))
            else:
                plan.removals.append((href, mine.id, mine.version))
        for item in items.values():
            if item.uid in handled:
                continue
            mine = local.get(item.uid)
            if mine is None:
                plan.deletes.append((item.href, item.etag))
            elif mine.id in cards:
                if content_hash(cards[mine.id]) == item.base_hash:
                    plan.touched.append((item.href, mine.id, mine.version))
                else:
                    plan.pushes.append(
                        Push(item.href, cards[mine.id], item.etag, item.uid, mine.id, mine.version)
                    )
            handled.add(item.uid)
        folder = self.remote.path.rstrip("/") + "/"
        for mine in local.values():
            if mine.uid in handled or mine.uid in by_uid:
                continue
            plan.pushes.append(
                Push(
                    folder + safe_name(mine.uid) + ".vcf",
                    cards[mine.id],
                    None,
                    mine.uid,
                    mine.id,
                    mine.version,
                )
            )

    # -- 3. push -------------------------------------------------------------------------------
    def push(self, check: Callable[[], None]) -> None:
        for n, push in enumerate(self.plan.pushes):
            if n % 50 == 0:
                check()
            result = self.remote.put(push.href, push.data, push.etag)
            push.written, push.result_etag = result.written, result.etag
            if result.written:
                self.counts.pushed += 1
            else:
                self.full_next = True
        done: list[tuple[str, str]] = []
        for href, etag in self.plan.deletes:
            check()
            status = self.remote.delete(href, etag)
            if status == 412:
                self.full_next = True
                continue
            done.append((href, etag))
            if status != 404:
                self.counts.deleted_there += 1
        self.plan.deletes = done

    # -- 4. apply ------------------------------------------------------------------------------
    def apply(self, s: Session, log: RunLog) -> None:
        col = state.ensure_collection(s, KIND, self.remote.path)
        plan = self.plan
        write = Writer(s)
        written: dict[str, tuple[str, int]] = {}  # href -> (etag, contact id) of contacts written here
        for pull in plan.pulls:
            row = repo.load(s, pull.contact_id) if pull.contact_id is not None else None
            if pull.contact_id is not None and (row is None or row.version != pull.version):
                self.full_next = True  # changed here meanwhile: the next sync looks again
                continue
            if row is not None:
                before = draft_to_json(repo.to_draft(row), writer.extras_of(s, [row.id]).get(row.id, ()))
                row = write.apply(row, pull.record, row.uid)
                log.change("contact", row.id, "updated", before)
            else:
                row = write.apply(None, pull.record, pull.uid or "")
                log.change("contact", row.id, "created", "")
            written[pull.href] = (pull.etag, row.id)
            self.counts.pulled += 1
        for href, contact_id, version in plan.removals:
            row = s.get(ContactRow, contact_id)
            if row is None or row.version != version:
                self.full_next = True
                continue
            snapshot = capture(s, "contact", [contact_id])
            log.change("contact", contact_id, "deleted", json.dumps(snapshot_json(snapshot)))
            versioning.bump(s, versioning.introduced_by_any(s, [contact_id]))
            s.delete(row)
            state.drop_item(s, col.id, href)
            self.counts.deleted_here += 1
        write.finish()
        for contact_id, data, fields in plan.conflicts:
            if s.get(ContactRow, contact_id) is not None:
                s.add(
                    SyncConflictRow(
                        contact_id=contact_id,
                        server_card=data.decode("utf-8", "replace"),
                        fields=",".join(fields),
                    )
                )
                self.counts.conflicts += 1
        s.flush()
        pushed = {p.href: p for p in plan.pushes if p.written}
        ids = {cid for _e, cid in written.values()} | {p.contact_id for p in pushed.values() if p.contact_id}
        ids |= {link[3] for link in plan.links} | {t[1] for t in plan.touched}
        rows = {r.id: r for r in (s.get(ContactRow, i) for i in ids) if r is not None}
        fresh = local_cards(s, rows)
        for href, (etag, cid) in written.items():
            row = rows.get(cid)
            if row is None:
                continue
            push = pushed.pop(href, None)
            etag = push.result_etag if push is not None else etag
            base = push.data if push is not None else fresh[cid]
            state.save_item(s, col.id, href, etag, row.uid, cid, row.version, base, content_hash(base))
        for href, push in pushed.items():
            row = rows.get(push.contact_id or 0)
            if row is None:
                continue
            version = push.version if push.version is not None else row.version
            state.save_item(
                s,
                col.id,
                href,
                push.result_etag,
                row.uid,
                row.id,
                version,
                push.data,
                content_hash(push.data),
            )
        for href, etag, uid, cid, version, card in plan.links:
            state.save_item(s, col.id, href, etag, uid, cid, version, card, content_hash(card))
        saved = self.saved.by_href() if self.saved else {}
        for href, cid, version in plan.touched:
            item = saved[href]
            state.save_item(s, col.id, href, item.etag, item.uid, cid, version, item.base, item.base_hash)
        for href in [*plan.forget, *(h for h, _e in plan.deletes)]:
            state.drop_item(s, col.id, href)
        col.sync_token = "" if self.full_next else self.listing.token


def snapshot_json(snapshot: object) -> dict[str, object]:
    rows = getattr(snapshot, "rows", ())
    nulled = getattr(snapshot, "nulled", ())
    return {"rows": [[t, r] for t, r in rows], "nulled": [list(n) for n in nulled]}
