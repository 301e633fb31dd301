"""One place where "database is locked" during a user action becomes a visible, responsive wait.

The window's connections have a short busy timeout (``GUI_BUSY_TIMEOUT_MS``), so a write that
meets another netdesk's lock fails within a quarter second instead of freezing the window for
five. ``BusyGuard.run`` then shows "Another netdesk is writing to your network — retrying…" in
the status bar, a wait cursor, and retries the same unit of work on a QTimer inside a small
nested event loop — the window keeps painting and its timers keep firing — until it lands or
about 15 s have passed; then a plain message names the program holding the database and the
action fails with ``DatabaseBusyError``. Every unit of work is one transaction, so running it
again is safe.

Services are routed through it with ``guarded(service, widget)``, a proxy whose methods run
through the guard of ``widget``'s window: one line where a panel creates its services.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from netdesk.services.locks import describe, holders, is_lock_error
from netdesk.ui.plain import message_box

T = TypeVar("T")
S = TypeVar("S")

#: The window's SQLite busy timeout: short, because the guard retries on a timer instead.
GUI_BUSY_TIMEOUT_MS = 250
BUSY_MESSAGE = "Another netdesk is writing to your network — retrying…"


class DatabaseBusyError(RuntimeError):
    """A change that never got the database within the wait; the user has been told why."""


class BusyGuard(QObject):
    """Retries one window's writes while another program holds the database; see the module."""

    def __init__(
        self,
        window: QWidget,
        db_path: Path,
        *,
        give_up_after: float = 15.0,
        retry_every_ms: int = 250,
    ) -> None:
        super().__init__(window)
        self.setObjectName("busy_guard")
        self.window = window
        self.db_path = db_path
        self.give_up_after = give_up_after
        self.retry_every_ms = retry_every_ms
        self.waiting = False
        self.last_message = ""

    def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            if not is_lock_error(exc):
                raise
        if self.waiting:  # a second action while the first still waits: do not stack loops
            raise DatabaseBusyError("netdesk is still waiting for the database; try again in a moment.")
        return self._wait_and_retry(fn, args, kwargs)

    def _wait_and_retry(self, fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
        started = time.monotonic()
        outcome: dict[str, Any] = {}
        loop = QEventLoop(self)
        timer = QTimer(self)
        timer.setInterval(self.retry_every_ms)

        def attempt() -> None:
            try:
                outcome["value"] = fn(*args, **kwargs)
            except Exception as exc:
                if not is_lock_error(exc):
                    outcome["error"] = exc
                elif time.monotonic() - started < self.give_up_after:
                    return
            timer.stop()
            loop.quit()

        timer.timeout.connect(attempt)
        self.waiting = True
        self._show_busy(True)
        try:
            timer.start()
            loop.exec()
        finally:
            timer.stop()
            timer.deleteLater()
            self.waiting = False
            self._show_busy(False)
        if "value" in outcome:
            return cast(T, outcome["value"])
        if "error" in outcome:
            raise outcome["error"]
        waited = time.monotonic() - started
        self.last_message = (
            f"Your change was not saved: {describe(holders(self.db_path))} has been writing to your "
            f"network for more than {waited:.0f} seconds. Close that program or wait until it has "
            "finished, then try again."
        )
        box = message_box(self.window, QMessageBox.Icon.Warning, "netdesk is waiting", self.last_message)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        raise DatabaseBusyError(self.last_message)

    def _show_busy(self, busy: bool) -> None:
        bar = self.window.statusBar() if isinstance(self.window, QMainWindow) else None
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            if bar is not None:
                bar.showMessage(BUSY_MESSAGE)
        else:
            QApplication.restoreOverrideCursor()
            if bar is not None and bar.currentMessage() == BUSY_MESSAGE:
                bar.clearMessage()


def install(window: QWidget, db_path: Path, **options: Any) -> BusyGuard:
    """The guard of ``window`` (a main window or a dialog), created on first use."""
    found = window.findChild(BusyGuard, "busy_guard", Qt.FindChildOption.FindDirectChildrenOnly)
    return found if isinstance(found, BusyGuard) else BusyGuard(window, db_path, **options)


def run(widget: QWidget, db_path: Path, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` through the guard of ``widget``'s window."""
    return install(widget.window(), db_path).run(fn, *args, **kwargs)


class _Guarded:
    """Calls ``target``'s methods through the busy guard of ``widget``'s window (looked up at
    call time: a panel is created before it is put into its window)."""

    def __init__(self, target: object, widget: QWidget, db_path: Path) -> None:
        self._target = target
        self._widget = widget
        self._db_path = db_path

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if not callable(value):
            return value

        def call(*args: Any, **kwargs: Any) -> Any:
            return run(self._widget, self._db_path, value, *args, **kwargs)

        return call


def guarded(service: S, widget: QWidget) -> S:
    """``service`` with every method run through ``widget``'s window's busy guard."""
    db = getattr(service, "db", None)
    path = getattr(db, "path", None)
    if not isinstance(path, Path):
        return service
    return cast(S, _Guarded(service, widget, path))
