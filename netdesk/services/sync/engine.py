"""``netdesk sync`` and Settings › Sync: one two-way sync of contacts and follow-ups.

Network first, database last: everything the server says is fetched, the local changes are sent,
and only then is the database written, in one transaction for both kinds (see ``carddav``). A
backup is made before the first sync with a server; every contact the sync changes or deletes
here is recorded with its state before (``sync_run`` / ``sync_change``) so the sync can be undone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from netdesk.remote.dav import DavConnection, RequestHook, normalized_url
from netdesk.remote.discovery import Discovery
from netdesk.remote.errors import RemoteError
from netdesk.services.backup import BackupService
from netdesk.services.database import Database
from netdesk.services.followups import FollowUpService
from netdesk.services.sync import state
from netdesk.services.sync.account import Account, save_account, stored_account
from netdesk.services.sync.caldav_tasks import TaskSync
from netdesk.services.sync.carddav import ContactSync
from netdesk.services.sync.history import SyncHistory, UndoneSync
from netdesk.services.sync.outcome import (
    Counts,
    Discovered,
    NoAccountError,
    RunLog,
    SyncCancelledError,
    SyncResult,
)
from netdesk.storage.models import utcnow
from netdesk.storage.sync_models import SyncAccountRow

Progress = Callable[[str, int, int], None]


class Step(Protocol):
    def __call__(self, what: str, done: int = 0, total: int = 0) -> None: ...


class SyncService:
    def __init__(self, db: Database, *, on_request: RequestHook | None = None) -> None:
        self.db = db
        self.on_request = on_request

    def account(self) -> Account | None:
        with self.db.sessions() as s:
            return stored_account(s)

    def last_synced(self) -> datetime | None:
        """When the saved account last synced (None: never)."""
        with self.db.sessions() as s:
            return s.scalar(_last_synced())

    def undo_run(self, run_id: int) -> UndoneSync:
        """Put back what sync ``run_id`` changed here (``history.SyncHistory.undo_run``)."""
        return SyncHistory(self.db).undo_run(run_id)

    def resolve_account(self, url: str | None, username: str | None) -> Account:
        """The account to sync: the one given (a first sync, or a change), else the saved one."""
        saved = self.account()
        if url:
            return Account(
                normalized_url(url), username if username is not None else (saved.username if saved else "")
            )
        if saved is None:
            raise NoAccountError(
                "No sync server is set up yet; run netdesk sync --url URL --user NAME --password-stdin "
                "(Nextcloud: https://HOST/remote.php/dav)."
            )
        return Account(saved.url, username if username is not None else saved.username)

    def sync(
        self,
        account: Account,
        password: str,
        *,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> SyncResult:
        """One sync. ``cancelled`` is asked before every request and before writing here; once
        the local transaction has committed it is no longer asked (what is left is short, and a
        sync that changed things here is never reported as cancelled)."""
        committed = False

        def step(what: str, done: int = 0, total: int = 0) -> None:
            if not committed and cancelled is not None and cancelled():
                raise SyncCancelledError("The sync was cancelled; nothing was changed here.")
            if progress is not None:
                progress(what, done, total)

        def after_commit() -> None:
            nonlocal committed
            committed = True

        conn = DavConnection(account.url, account.username, password, on_request=self._hook(step))
        try:
            with self.db.changes.operation():  # the window hears one change, when it is all done
                return self._sync(conn, account, step, after_commit)
        finally:
            conn.close()

    def test(
        self, account: Account, password: str, *, cancelled: Callable[[], bool] | None = None
    ) -> Discovered:
        """Log in and find the address book and task list, changing nothing on either side."""

        def step(what: str, done: int = 0, total: int = 0) -> None:
            if cancelled is not None and cancelled():
                raise SyncCancelledError("The connection test was cancelled.")

        conn = DavConnection(account.url, account.username, password, on_request=self._hook(step))
        try:
            found = Discovery(conn).find(create=False)
        finally:
            conn.close()
        return Discovered(found.addressbook, found.tasks, found.addressbook_name, found.tasks_name)

    def _hook(self, step: Step) -> RequestHook:
        def hook(method: str, url: str) -> None:
            step("request")
            if self.on_request is not None:
                self.on_request(method, url)

        return hook

    def _sync(
        self, conn: DavConnection, account: Account, step: Step, after_commit: Callable[[], None]
    ) -> SyncResult:
        with self.db.sessions() as s:
            saved_account = stored_account(s)
            same = saved_account == account
            cards = state.load_state(s, "contacts") if same else None
            tasks = state.load_state(s, "followups") if same else None
            first = not same or s.scalar(_last_synced()) is None
        step("discovery")
        if cards is not None and tasks is not None:  # the collections and their mode stay
            card_url, task_url, component = cards.url, tasks.url, tasks.component
        else:
            found = Discovery(conn).find()
            card_url, task_url, component = found.addressbook, found.tasks, found.component
        contacts = ContactSync(conn, card_url, cards)
        followups = TaskSync(conn, task_url, tasks, component)
        step("fetch")
        with _LocalReader(self.db, contacts, followups):  # the database side, while the server answers
            contacts.fetch()
            followups.fetch()
        with self.db.sessions() as s:
            contacts.make_plan(s)
            followups.make_plan(s)
        step("push", 0, len(contacts.plan.pushes) + len(followups.plan.pushes))
        contacts.push(lambda: step("push"))
        followups.push(lambda: step("push"))
        _catch_up(contacts)
        _catch_up(followups)
        step("apply")
        backup = str(BackupService(self.db).backup_now("before-first-sync")) if first else None
        log = RunLog()
        with self.db.writes.begin() as s:
            row, moved = save_account(s, account)
            if moved:
                state.forget_all(s)
                s.flush()
            contacts.apply(s, log)
            followups.apply(s, log)
            row.last_synced_at = utcnow()
            result = SyncResult(account.url, contacts.counts, followups.counts, backup=backup)
            run_id = log.store(s, result.sentence())
        after_commit()
        later = False
        if contacts.counts.pulled or contacts.counts.deleted_here:
            # people who arrived (or left) have follow-ups of their own now: send those too
            try:
                self._followups_again(conn, task_url, followups.counts, step, run_id)
            except RemoteError:  # what came is saved; their follow-ups go up at the next sync
                later = True
        return SyncResult(account.url, contacts.counts, followups.counts, run_id, backup, later)

    def _followups_again(
        self, conn: DavConnection, url: str, total: Counts, step: Step, run_id: int | None
    ) -> None:
        with self.db.sessions() as s:
            saved = state.load_state(s, "followups")
        followups = TaskSync(conn, url, saved)
        followups.fetch()
        if not self.db.read_only:
            FollowUpService(self.db).regenerate()
        with self.db.sessions() as s:
            followups.make_plan(s)
        followups.push(lambda: step("push"))
        _catch_up(followups)
        log = RunLog()
        with self.db.writes.begin() as s:
            followups.apply(s, log)
            log.store(s, "follow-ups of the people the sync brought", into=run_id)
        for name, value in followups.counts.as_json().items():
            setattr(total, name, getattr(total, name) + value)


class _LocalReader:
    """Regenerates the follow-ups and reads the local side of both plans (``read_local``) in a
    thread of its own while the server answers the fetch: at 5,000 contacts a sync with
    nothing new is the server's two sync-collection REPORTs (~0.7 s here) and this database
    work (~0.25 s), which now overlap. Only reads and the follow-up regeneration run there (its
    own session; regeneration is made to run in any thread); leaving the block waits for it,
    and a failure of the fetch asks it to stop at its next step first."""

    def __init__(self, db: Database, contacts: ContactSync, followups: TaskSync) -> None:
        self.db = db
        self.steps: tuple[Callable[[Session], None], ...] = (contacts.read_local, followups.read_local)
        self.stop = threading.Event()
        self.failed: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="netdesk-sync-local", daemon=True)

    def _run(self) -> None:
        try:
            if not self.db.read_only:
                FollowUpService(self.db).regenerate()
            with self.db.sessions() as s:
                for read in self.steps:
                    if self.stop.is_set():
                        return
                    read(s)
        except BaseException as exc:  # raised in the sync's own thread, on leaving the block
            self.failed = exc

    def __enter__(self) -> _LocalReader:
        self.thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, *_rest: object) -> None:
        if kind is not None:
            self.stop.set()
        self.thread.join()
        if kind is None and self.failed is not None:
            raise self.failed


def _catch_up(side: ContactSync | TaskSync) -> None:
    """Move the token to be stored past this sync's own PUTs and DELETEs, when the server
    changed nothing else meanwhile (``Collection.token_after``): otherwise the next sync, with
    nothing new, is handed back everything this one sent (at 5,000 contacts: seconds)."""
    if side.full_next:
        return  # no token is stored: the next sync compares every ETag anyway
    written = {p.href: p.result_etag for p in side.plan.pushes if p.written}
    deleted = {href for href, _etag in side.plan.deletes}
    side.listing.token = side.remote.token_after(side.listing.token, written, deleted)


def _last_synced() -> Select[datetime | None]:
    return select(SyncAccountRow.last_synced_at).where(SyncAccountRow.last_synced_at.is_not(None)).limit(1)
