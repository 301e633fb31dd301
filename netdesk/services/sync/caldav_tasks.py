"""Follow-ups <-> one CalDAV task list, in the same four steps as contacts (``carddav``).

Open follow-ups go up as VTODOs with an alarm; one done or skipped here goes up as completed or
cancelled. A task completed on the phone marks the follow-up done here, cancelled marks it
skipped, a new due date moves it; a task deleted there skips the follow-up here (a rule-made one
would otherwise come straight back). When both sides changed, "closed" wins over "open" and the
local due date is kept. Tasks that are not netdesk's (no ``@netdesk`` UID) are left alone.

On a server that keeps no tasks (discovery's VEVENT fallback) the same steps run over calendar
events (``interchange.vevent``): a moved event moves the due date, a cancelled or deleted one
skips the follow-up here. Only the writer and reader differ (``FORMATS``); the mode is the
collection's, stored with its sync state, so a later sync never flips it.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from netdesk.domain.followups import FollowUp, FollowUpStatus
from netdesk.interchange.vevent import read_vevent, vevent_bytes
from netdesk.interchange.vtodo import TaskState, read_vtodo, vtodo_bytes
from netdesk.remote.collection import Collection, Listing, Resource, TokenExpiredError
from netdesk.remote.dav import DavConnection
from netdesk.services.followups import to_followup
from netdesk.services.sync import state
from netdesk.services.sync.outcome import Counts, RunLog
from netdesk.storage.followup_models import FollowUpRow
from netdesk.storage.models import ContactRow, utcnow

KIND = "followups"
SUFFIX = "@netdesk"
_OPEN = (FollowUpStatus.OPEN.value, FollowUpStatus.SNOOZED.value)
_CLOSED = (FollowUpStatus.DONE, FollowUpStatus.SKIPPED)

Writer = Callable[[FollowUp, str], bytes]
Reader = Callable[[bytes], TaskState | None]
#: What a follow-up is in a collection of each component: how it is written and read back.
FORMATS: dict[str, tuple[Writer, Reader]] = {
    "VTODO": (vtodo_bytes, read_vtodo),
    "VEVENT": (vevent_bytes, read_vevent),
}


#: A follow-up's columns as ``_local`` reads them, with its contact's name and UID.
FieldsRow = Row[*tuple[Any, ...]]


def task_hash(data: bytes) -> str:
    return hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()


@dataclass
class LocalTask:
    """A follow-up as read for this sync. ``source`` fingerprints what its task is made of (the
    row and its contact's name and UID), so a sync that changed nothing builds no iCalendar; the
    ``FollowUp`` itself is made only for the few a sync sends or changes."""

    row: FieldsRow  # the follow-up's columns, its contact's name and UID (``_local``)
    uid: str  # its task's UID (``task_uid``)
    contact_uid: str
    source: str
    write: Writer = vtodo_bytes
    _item: FollowUp | None = None
    _data: bytes | None = None

    @property
    def item(self) -> FollowUp:
        if self._item is None:
            # a Row has the attributes to_followup reads, under the same names
            followup = to_followup(cast(FollowUpRow, self.row), self.row.display_name)
            self._item = replace(followup, uid=self.uid)
        return self._item

    @property
    def stamp(self) -> str:
        """updated_at when read: the write is skipped if it moved."""
        return str(self.row.updated_at.isoformat())

    @property
    def data(self) -> bytes:
        if self._data is None:
            self._data = self.write(self.item, self.contact_uid)
        return self._data


def _source(row: FollowUpRow | FieldsRow, name: str, contact_uid: str) -> str:
    parts = (
        row.kind,
        row.key,
        row.title,
        row.reason,
        row.note,
        row.due_at,
        row.deadline_at,
        row.status,
        row.snoozed_until,
        row.resolved_at,
        row.updated_at,
        row.uid,
        name,
        contact_uid,
    )
    return hashlib.sha256("\x1f".join("" if v is None else str(v) for v in parts).encode()).hexdigest()


@dataclass
class TaskPush:
    href: str
    data: bytes
    etag: str | None
    uid: str
    written: bool = False
    result_etag: str = ""


@dataclass
class TaskPlan:
    pushes: list[TaskPush] = field(default_factory=list)
    deletes: list[tuple[str, str]] = field(default_factory=list)
    pulls: list[tuple[str, str, str, TaskState | None]] = field(
        default_factory=list
    )  # href, etag, uid, state
    links: list[tuple[str, str, str]] = field(default_factory=list)  # href, etag, uid
    forget: list[str] = field(default_factory=list)


def _local(
    s: Session, wanted: set[str], write: Writer = vtodo_bytes, *, ids: Iterable[int] = ()
) -> dict[str, LocalTask]:
    """Open follow-ups, and those synced before (closed ones too, so their closing goes up):
    by UID (``wanted``) and by row id (``ids``), since a rule-made one's task UID is derived
    from its contact and rule (``task_uid``), not its own UID."""
    # the columns, not ORM entities: 5,000 of them at 5,000 contacts, read at every sync
    query = select(
        *FollowUpRow.__table__.c, ContactRow.display_name, ContactRow.uid.label("contact_uid")
    ).join(ContactRow, ContactRow.id == FollowUpRow.contact_id)
    rows = list(s.execute(query.where(FollowUpRow.status.in_(_OPEN), FollowUpRow.uid.is_not(None))))
    closed = query.where(FollowUpRow.status.not_in(_OPEN))  # the open ones are read above
    extra = sorted(wanted)
    for start in range(0, len(extra), 500):
        rows += list(s.execute(closed.where(FollowUpRow.uid.in_(extra[start : start + 500]))))
    known = sorted(set(ids))
    for start in range(0, len(known), 500):
        chunk = known[start : start + 500]
        rows += list(s.execute(closed.where(FollowUpRow.id.in_(chunk), FollowUpRow.uid.is_not(None))))
    out: dict[str, LocalTask] = {}
    for row in rows:
        contact_uid = row.contact_uid
        uid = _task_uid(row.key, row.uid or "", contact_uid)
        out[uid] = LocalTask(row, uid, contact_uid, _source(row, row.display_name, contact_uid), write)
    return out


def task_uid(item: FollowUp, contact_uid: str) -> str:
    """A rule-made follow-up (thank-you, keep in touch) is named by its contact and rule, so two
    computers syncing the same account make one task of it, not two; others by their own UID."""
    return _task_uid(item.key, item.uid, contact_uid)


def _task_uid(key: str | None, uid: str, contact_uid: str) -> str:
    if key and contact_uid:
        return uuid.uuid5(uuid.NAMESPACE_URL, f"netdesk:{contact_uid}:{key}").hex
    return uid


class TaskSync:
    def __init__(
        self,
        conn: DavConnection,
        url: str,
        saved: state.CollectionState | None,
        component: str | None = None,
    ) -> None:
        """``component``: VTODO or VEVENT, as discovery found the collection; None keeps the
        saved state's (a collection synced before never changes mode)."""
        self.remote = Collection(conn, url, "cal")
        if component is None:
            component = saved.component if saved is not None else "VTODO"
        if component not in FORMATS:
            raise ValueError(f"follow-ups cannot be kept as {component}")
        self.component = component
        self.write, self.read = FORMATS[component]
        same = saved is not None and saved.url == self.remote.path and saved.component == component
        self.saved = saved if same else None
        self.listing = Listing()
        self.fetched: dict[str, Resource] = {}
        self.plan = TaskPlan()
        self.local: dict[str, LocalTask] = {}
        self.local_read = False
        self.counts = Counts()
        self.full_next = False

    def fetch(self) -> None:
        token = self.saved.token if self.saved else ""
        try:
            self.listing = self.remote.changes(token)
        except TokenExpiredError:
            self.listing = self.remote.changes("")
        known = self.saved.by_href() if self.saved else {}
        if self.listing.complete:
            self.listing.removed |= {h for h in known if h not in self.listing.changed}
        wanted = [h for h, e in self.listing.changed.items() if h not in known or known[h].etag != e or not e]
        self.fetched = {r.href: r for r in self.remote.fetch(wanted)}

    def read_local(self, s: Session) -> None:
        """The follow-ups and their fingerprints (the database part of the plan; the engine
        reads it while the server answers ``fetch``)."""
        items = self.saved.items if self.saved else ()
        ids = {i.local_id for i in items if i.local_id is not None}
        self.local = _local(s, {i.uid for i in items}, self.write, ids=ids)
        self.local_read = True

    def make_plan(self, s: Session) -> None:
        plan = self.plan
        items = self.saved.by_href() if self.saved else {}
        if not self.local_read:
            self.read_local(s)
        local = self.local
        handled: set[str] = set()
        for href, resource in self.fetched.items():
            task = self.read(resource.data)
            item = items.get(href)
            ours = task.uid[: -len(SUFFIX)] if task is not None and task.uid.endswith(SUFFIX) else ""
            uid = item.uid if item is not None else ours
            if not uid or uid in handled or (item is None and uid not in local) or task is None:
                continue
            handled.add(uid)
            mine = local.get(uid)
            if mine is None:
                plan.deletes.append((href, resource.etag))
            elif item is not None and mine.source == item.base_hash:
                plan.pulls.append((href, resource.etag, uid, task))
            elif item is None and task_hash(mine.data) == task_hash(resource.data):
                plan.links.append((href, resource.etag, uid))
            elif item is None:
                plan.pulls.append((href, resource.etag, uid, task))  # made on the other computer first
            elif task.status in _CLOSED and mine.item.is_open:
                plan.pulls.append((href, resource.etag, uid, task))  # closed there wins; sent back below
            else:
                plan.pushes.append(TaskPush(href, mine.data, resource.etag, uid))
        for href in self.listing.removed:
            item = items.get(href)
            if item is None or item.uid in handled:
                continue
            handled.add(item.uid)
            mine = local.get(item.uid)
            if mine is None or not mine.item.is_open:
                plan.forget.append(href)
            elif mine.source == item.base_hash:
                plan.pulls.append((href, "", item.uid, None))
            else:
                plan.pushes.append(TaskPush(href, mine.data, None, item.uid))
        for item in items.values():
            if item.uid in handled:
                continue
            handled.add(item.uid)
            mine = local.get(item.uid)
            if mine is None:
                plan.deletes.append((item.href, item.etag))
            elif mine.source != item.base_hash:
                plan.pushes.append(TaskPush(item.href, mine.data, item.etag, item.uid))
        folder = self.remote.path.rstrip("/") + "/"
        for uid, mine in local.items():
            if uid not in handled and mine.item.is_open:
                plan.pushes.append(TaskPush(f"{folder}{uid}.ics", mine.data, None, uid))

    def push(self, check: Callable[[], None]) -> None:
        for push in self.plan.pushes:
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

    def apply(self, s: Session, log: RunLog) -> None:
        col = state.ensure_collection(s, KIND, self.remote.path, self.component)
        plan = self.plan
        pushed = {p.href: p for p in plan.pushes if p.written}
        for href, etag, uid, task in plan.pulls:
            mine = self.local.get(uid)
            row = s.get(FollowUpRow, mine.item.id) if mine is not None else None
            if row is None or mine is None or row.updated_at.isoformat() != mine.stamp:
                self.full_next = True
                continue
            before = followup_state(row)
            if task is None:
                row.status, row.resolved_at = FollowUpStatus.SKIPPED.value, utcnow()
                log.change("followup", row.id, "updated", before)
                state.drop_item(s, col.id, href)
                self.counts.deleted_here += 1
                continue
            if _take(row, task, mine.item):
                log.change("followup", row.id, "updated", before)
                self.counts.pulled += 1
            s.flush()
            if href not in pushed:
                name, contact_uid = s.execute(
                    select(ContactRow.display_name, ContactRow.uid).where(ContactRow.id == row.contact_id)
                ).one()
                source = _source(row, name, contact_uid)
                if not mine.item.is_open or task.status not in _CLOSED:
                    state.save_item(s, col.id, href, etag, uid, row.id, None, b"", source)
                else:  # closed there while changed here: both now say closed, the next sync sends it
                    state.save_item(s, col.id, href, etag, uid, row.id, None, b"", "")
        for href, push in pushed.items():
            mine = self.local.get(push.uid)
            state.save_item(
                s,
                col.id,
                href,
                push.result_etag,
                push.uid,
                mine.item.id if mine else None,
                None,
                b"",
                mine.source if mine else "",
            )
        for href, etag, uid in plan.links:
            mine = self.local[uid]
            state.save_item(s, col.id, href, etag, uid, mine.item.id, None, b"", mine.source)
        for href in [*plan.forget, *(h for h, _e in plan.deletes)]:
            state.drop_item(s, col.id, href)
        col.sync_token = "" if self.full_next else self.listing.token


def followup_state(row: FollowUpRow) -> str:
    """What a sync may change of a follow-up, as JSON: the before-state its undo puts back."""

    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value is not None else None

    return json.dumps(
        {
            "status": row.status,
            "due_at": iso(row.due_at),
            "resolved_at": iso(row.resolved_at),
            "snoozed_until": iso(row.snoozed_until),
        }
    )


def _take(row: FollowUpRow, task: TaskState, item: FollowUp) -> bool:
    """The server's status and due date onto ``row``; True when something changed.

    A rule-made follow-up (thank-you, keep in touch) moved later on the phone is snoozed until
    then, as the window's Snooze does: its own due date is the rules', which would set it back at
    the next regeneration (and the sync would then send the old date up again). Moved earlier,
    it gets the new date until the rules put it back; any other follow-up simply moves."""
    changed = False
    if task.status in _CLOSED and item.is_open:
        row.status = task.status.value
        row.resolved_at = task.completed_at or utcnow()
        changed = True
    elif task.status is FollowUpStatus.OPEN and not item.is_open:
        row.status, row.resolved_at, row.snoozed_until = FollowUpStatus.OPEN.value, None, None
        changed = True
    if task.due is not None and abs(task.due - item.effective_due()) > timedelta(minutes=1):
        still_open = row.status in _OPEN
        if item.key and still_open and task.due > item.due_at:
            row.status, row.snoozed_until = FollowUpStatus.SNOOZED.value, task.due
        else:
            row.due_at = task.due
            if row.status == FollowUpStatus.SNOOZED.value:
                row.status, row.snoozed_until = FollowUpStatus.OPEN.value, None
        changed = True
    return changed
