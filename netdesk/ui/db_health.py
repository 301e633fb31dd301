"""Damage found while the window runs goes to one place: the recovery dialog.

Two sources: any "malformed" / "not a database" error that escapes a slot (caught by the one
exception hook installed here, so no panel needs its own handling), and the full integrity check
that runs once a day in a background thread on its own read-only connection. Writes to a
read-only data folder get one plain sentence instead of a traceback.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Callable
from datetime import date
from types import TracebackType

from PySide6.QtCore import QObject, QSettings, Signal

from netdesk.services.database import Database
from netdesk.services.health import full_check, is_damage_error, is_database_error, is_read_only_error
from netdesk.services.locks import is_lock_error
from netdesk.ui.busy import DatabaseBusyError

_CHECK_KEY = "integrity/last_full_check"


class DatabaseHealth(QObject):
    """Emits ``damage_found(problem)`` on the main thread, at most once per window."""

    damage_found = Signal(str)
    read_only_write = Signal()
    busy = Signal()  # a lock error that no busy guard caught (a backstop; see netdesk/ui/busy.py)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._reported = False
        self._previous_hook: (
            Callable[[type[BaseException], BaseException, TracebackType | None], object] | None
        ) = None
        self._thread: threading.Thread | None = None

    # -- errors escaping slots ------------------------------------------------------------------
    def install(self) -> None:
        self._previous_hook = sys.excepthook
        sys.excepthook = self._hook

    def uninstall(self) -> None:
        if self._previous_hook is not None and sys.excepthook == self._hook:
            sys.excepthook = self._previous_hook
        self._previous_hook = None

    def _hook(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if is_database_error(exc) and is_damage_error(exc):
            self.report("it is damaged (SQLite found a malformed page while reading it)")
            return
        if isinstance(exc, DatabaseBusyError):
            return  # the busy guard has already told the user which program holds the database
        if is_lock_error(exc):
            self.busy.emit()
            return
        if is_read_only_error(exc):
            self.read_only_write.emit()
            return
        if self._previous_hook is not None:
            self._previous_hook(kind, exc, tb)

    def report(self, problem: str) -> None:
        if not self._reported:
            self._reported = True
            self.damage_found.emit(problem)

    # -- the daily full check -------------------------------------------------------------------
    def start_daily_check(self, settings: QSettings, today: date | None = None) -> bool:
        """Run ``PRAGMA integrity_check`` in a thread unless it already ran today. True if started."""
        day = (today or date.today()).isoformat()
        if settings.value(_CHECK_KEY) == day:
            return False
        settings.setValue(_CHECK_KEY, day)
        self._thread = threading.Thread(target=self._check, name="netdesk-integrity", daemon=True)
        self._thread.start()
        return True

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _check(self) -> None:
        try:
            problem = full_check(self.db.path)
        except sqlite3.Error:
            return  # busy or unreadable for another reason: tomorrow's check tries again
        if problem is not None:
            self.report("it is damaged (found by the daily full check)")
