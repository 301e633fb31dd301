"""What a committed unit of work changed, announced once, after the commit: one truth for every view.

Anki's ``operation_did_execute`` is the model: the window never guesses which panels to refresh
after an action, it hears ``Changes(kinds=...)`` once the transaction has committed and each view
refreshes what it shows of those kinds. Rather than trusting every write method to remember to
announce, the hub hears the database itself: every INSERT/UPDATE/DELETE that touched rows is noted
per connection (ORM flushes, ``text()`` and driver-level ``executemany`` alike), and the session's
root commit turns the tables written into one announcement. A rolled-back unit of work announces
nothing; a service whose work spans several transactions wraps them in ``hub.operation()`` to be
announced once.

``DataVersionWatch`` notices commits by other programs (the command line next to the window) with
SQLite's ``PRAGMA data_version`` on one dedicated connection, and announces "everything may have
changed". This module holds no Qt: the window's bridge (``netdesk.ui.changes``) carries the
announcements to the GUI thread.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

log = logging.getLogger(__name__)

CONTACTS = "contacts"
EVENTS = "events"
FOLLOWUPS = "followups"
LEADS = "leads"
INTERVIEWS = "interviews"
PROFILE = "profile"
KINDS = (CONTACTS, EVENTS, FOLLOWUPS, LEADS, INTERVIEWS, PROFILE)

# table -> the kinds of things a view shows from it
TABLE_KINDS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        (
            "contact",
            "contact_email",
            "contact_phone",
            "contact_url",
            "contact_tag",
            "contact_image",
            "contact_vcard_extra",
            "contact_fts",
            "interaction",
            "import_batch",
            "import_item",
        ),
        frozenset({CONTACTS}),
    ),
    **dict.fromkeys(("event", "event_capture", "event_goal_check", "pending_capture"), frozenset({EVENTS})),
    **dict.fromkeys(
        ("followup", "contact_cadence", "followup_setting", "followup_export"), frozenset({FOLLOWUPS})
    ),
    "lead": frozenset({LEADS}),
    "lead_contact": frozenset({LEADS}),
    "lead_followup": frozenset({LEADS, FOLLOWUPS}),
    "interview": frozenset({INTERVIEWS}),
    "interview_question": frozenset({INTERVIEWS}),
    "user_profile": frozenset({PROFILE}),
}

_WRITE = re.compile(
    r"""^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+
        (?:main\.)?["`\[]?(\w+)""",
    re.IGNORECASE | re.VERBOSE,
)
# Rows SQLite removes or changes by itself (ON DELETE CASCADE / SET NULL) when these are deleted.
CASCADES: dict[str, tuple[str, ...]] = {
    "contact": ("interaction", "event_capture", "followup", "lead_contact", "interview"),
    "event": ("contact", "event_capture", "pending_capture", "lead"),
    "lead": ("lead_contact", "lead_followup"),
    "interview": ("interview_question",),
}
#: Bookkeeping no view shows (the follow-up change stamp, cleared by every regeneration): a
#: commit that wrote only these is not announced, but the data-version watch still takes its
#: new baseline, so it does not mistake the commit for another program's.
QUIET_TABLES = frozenset({"followup_dirty"})
_KEY = "netdesk_written_tables"
_MARK = "_netdesk_changes"


@dataclass(frozen=True)
class Changes:
    """What one operation changed. ``everything``: reread it all (a restore, another program)."""

    kinds: frozenset[str] = frozenset()
    tables: frozenset[str] = frozenset()
    everything: bool = False
    external: bool = False  # written by another program; only known as "something changed"

    @classmethod
    def of_tables(cls, tables: Iterable[str]) -> Changes:
        names = frozenset(tables)
        kinds: set[str] = set()
        for name in names:
            kinds |= TABLE_KINDS.get(name, frozenset())
        return cls(kinds=frozenset(kinds), tables=names)

    @classmethod
    def of(cls, *kinds: str) -> Changes:
        return cls(kinds=frozenset(kinds))

    @classmethod
    def all(cls, *, external: bool = False) -> Changes:
        return cls(kinds=frozenset(KINDS), everything=True, external=external)

    def touches(self, *kinds: str) -> bool:
        return self.everything or not self.kinds.isdisjoint(kinds)

    def __bool__(self) -> bool:
        return self.everything or bool(self.kinds) or bool(self.tables)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            kinds=self.kinds | other.kinds,
            tables=self.tables | other.tables,
            everything=self.everything or other.everything,
            external=self.external or other.external,
        )


Subscriber = Callable[[Changes], None]


class ChangeHub:
    """Publish/subscribe for committed changes. Subscribers run in the committing thread and must
    be quick (the window's bridge only queues a signal)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: list[Subscriber] = []
        self._local = threading.local()
        self._before_commit: list[Callable[[], object]] = []
        self._quiet: list[Callable[[], object]] = []

    def subscribe(self, fn: Subscriber) -> Callable[[], None]:
        with self._lock:
            self._subscribers.append(fn)

        def unsubscribe() -> None:
            with self._lock:
                if fn in self._subscribers:
                    self._subscribers.remove(fn)

        return unsubscribe

    def publish(self, changes: Changes) -> None:
        if not changes:
            return
        pending: Changes | None = getattr(self._local, "pending", None)
        if getattr(self._local, "depth", 0):
            self._local.pending = changes if pending is None else pending | changes
            return
        with self._lock:
            subscribers = list(self._subscribers)
        for fn in subscribers:
            try:
                fn(changes)
            except Exception as exc:  # one broken listener must not undo or hide a commit
                log.warning("A change listener failed: %s", type(exc).__name__)

    @contextmanager
    def operation(self) -> Iterator[None]:
        """Announce every commit inside this block once, when it ends (even when it fails late:
        what committed did change)."""
        self._local.depth = getattr(self._local, "depth", 0) + 1
        try:
            yield
        finally:
            self._local.depth -= 1
            if not self._local.depth:
                pending = getattr(self._local, "pending", None)
                self._local.pending = None
                if pending is not None:
                    self.publish(pending)

    def on_before_commit(self, fn: Callable[[], object]) -> Callable[[], None]:
        with self._lock:
            self._before_commit.append(fn)

        def remove() -> None:
            with self._lock:
                if fn in self._before_commit:
                    self._before_commit.remove(fn)

        return remove

    def on_quiet_commit(self, fn: Callable[[], object]) -> Callable[[], None]:
        """``fn`` runs after a commit that wrote only ``QUIET_TABLES`` (announced to nobody)."""
        with self._lock:
            self._quiet.append(fn)

        def remove() -> None:
            with self._lock:
                if fn in self._quiet:
                    self._quiet.remove(fn)

        return remove

    def quiet_commit(self) -> None:
        with self._lock:
            hooks = list(self._quiet)
        for fn in hooks:
            try:
                fn()
            except Exception as exc:
                log.warning("A quiet-commit hook failed: %s", type(exc).__name__)

    def before_commit(self) -> None:
        with self._lock:
            hooks = list(self._before_commit)
        for fn in hooks:
            try:
                fn()
            except Exception as exc:
                log.warning("A pre-commit change check failed: %s", type(exc).__name__)


@lru_cache(maxsize=512)
def written_tables(statement: str) -> tuple[str, ...]:
    """The tables an INSERT/UPDATE/DELETE statement changes (with what deleting cascades to);
    () for reads, DDL and BEGIN."""
    match = _WRITE.match(statement)
    if match is None:
        return ()
    table = match.group(1).lower()
    cascades = CASCADES.get(table, ()) if statement.lstrip()[:6].upper() == "DELETE" else ()
    return (table, *cascades)


def install(engine: Engine, factories: Iterable[sessionmaker[Session]], hub: ChangeHub) -> None:
    """Announce on ``hub`` what each root commit of sessions from ``factories`` wrote."""
    if not getattr(engine, _MARK, False):
        event.listen(engine, "after_cursor_execute", _noted)
        setattr(engine, _MARK, True)
    for factory in factories:
        if getattr(factory, _MARK, None) is hub:
            continue
        listeners = _SessionListeners(hub)
        event.listen(factory, "after_begin", listeners.after_begin)
        event.listen(factory, "before_commit", listeners.before_commit)
        event.listen(factory, "after_commit", listeners.after_commit)
        event.listen(factory, "after_transaction_end", listeners.after_transaction_end)
        setattr(factory, _MARK, hub)


def _noted(conn: Any, cursor: Any, statement: str, _params: Any, _context: Any, _many: bool) -> None:
    tables = written_tables(statement)
    if not tables or getattr(cursor, "rowcount", -1) == 0:
        return
    written = conn.info.get(_KEY)
    if written is not None:
        written.update(tables)


class _SessionListeners:
    def __init__(self, hub: ChangeHub) -> None:
        self.hub = hub

    def after_begin(self, session: Session, _transaction: SessionTransaction, connection: Any) -> None:
        written: set[str] = set()
        connection.info[_KEY] = written  # this transaction's writes on this pooled connection
        session.info[_KEY] = written

    def before_commit(self, session: Session) -> None:
        if not session.in_nested_transaction() and session.info.get(_KEY):
            self.hub.before_commit()

    def after_commit(self, session: Session) -> None:
        if session.in_nested_transaction():  # a savepoint released: the root may still roll back
            return
        written = session.info.pop(_KEY, None)
        if written and written <= QUIET_TABLES:
            self.hub.quiet_commit()
        elif written:
            self.hub.publish(Changes.of_tables(written - QUIET_TABLES))

    def after_transaction_end(self, session: Session, transaction: SessionTransaction) -> None:
        if transaction.parent is None:
            session.info.pop(_KEY, None)  # rolled back (or already announced): nothing to say


class DataVersionWatch:
    """Notices commits by other programs through ``PRAGMA data_version`` on its own connection.

    SQLite changes a connection's data_version when *another* connection commits, which includes
    this process's own pooled connections; so the baseline is re-read after each own commit
    (announced through the hub) and checked just before one, leaving only a window of microseconds
    in which another program's commit could pass unseen until the next change.
    """

    def __init__(self, path: Path, hub: ChangeHub) -> None:
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=0.1)
        self._lock = threading.Lock()
        self.hub = hub
        self._baseline = self._read()
        self._unsubscribe = hub.subscribe(self._after_own_commit)
        self._remove_hook = hub.on_before_commit(self.check)
        self._remove_quiet = hub.on_quiet_commit(lambda: self._after_own_commit(Changes()))

    def _read(self) -> int | None:
        try:
            row = self._conn.execute("PRAGMA data_version").fetchone()
        except sqlite3.Error:
            return None  # busy or closed: try again on the next check
        return int(row[0]) if row else None

    def _after_own_commit(self, changes: Changes) -> None:
        if changes.external:
            return
        with self._lock:
            version = self._read()
            if version is not None:
                self._baseline = version

    def check(self) -> bool:
        """Announce ``Changes.all(external=True)`` when another program committed since the last
        look; True when it did. Cheap: one pragma, no transaction."""
        with self._lock:
            version = self._read()
            if version is None or version == self._baseline:
                return False
            self._baseline = version
        self.hub.publish(Changes.all(external=True))
        return True

    def close(self) -> None:
        self._unsubscribe()
        self._remove_hook()
        self._remove_quiet()
        with self._lock:
            self._conn.close()
