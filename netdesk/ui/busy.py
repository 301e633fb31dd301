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
through the guard of ``widget``'s main window: one line where a panel or dialog creates its
services. A dialog shares its main window's guard (one wait at a time, the message in the main
status bar). Slots that call a guarded service carry ``@returns_when_busy``: the guard has
already told the user, so the slot just ends. Off the GUI thread the proxy calls straight
through; a worker retries on its own with ``retry_while_locked`` and reports the wait by signal.
"""

from __future__ import annotations

import functools
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar, cast

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThread, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget
from shiboken6 import isValid

from netdesk.services.locks import describe, holders, is_lock_error, write_lock_free
from netdesk.ui.plain import message_box

T = TypeVar("T")
S = TypeVar("S")
P = ParamSpec("P")

#: The window's SQLite busy timeout: short, because the guard retries on a timer instead.
GUI_BUSY_TIMEOUT_MS = 250
BUSY_MESSAGE = "Another netdesk is writing to your network — retrying…"
#: What a background worker reports while it waits for the database.
WORKER_WAIT_MESSAGE = "Waiting for another program to finish writing to your network…"


_WAITS = [0]  # saves waiting for another program's lock right now, in any window


def waiting_for_a_lock() -> bool:
    """True while a save waits for another program's lock (its own event loop runs meanwhile)."""
    return _WAITS[0] > 0


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
        self._inside = False  # a guarded call is running: calls it makes go straight through

    def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return self.run_for(self.window, fn, *args, **kwargs)

    def run_for(self, origin: QWidget, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)``, waiting visibly while the database is locked; a final
        message is parented to ``origin`` (the dialog the user acted in)."""
        if self._inside:  # e.g. a guarded service calling another: the outermost call retries
            return fn(*args, **kwargs)
        try:
            return self._call(fn, args, kwargs)
        except Exception as exc:
            if not is_lock_error(exc):
                raise
        if self.waiting:  # a second action while the first still waits: do not stack loops
            raise DatabaseBusyError("netdesk is still waiting for the database; try again in a moment.")
        return self._wait_and_retry(origin, fn, args, kwargs)

    def _call(self, fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
        self._inside = True
        try:
            return fn(*args, **kwargs)
        finally:
            self._inside = False

    def _wait_and_retry(
        self, origin: QWidget, fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> T:
        started = time.monotonic()
        outcome: dict[str, Any] = {}
        loop = QEventLoop(self)
        timer = QTimer(self)
        timer.setInterval(self.retry_every_ms)

        def attempt() -> None:
            try:
                outcome["value"] = self._call(fn, args, kwargs)
            except Exception as exc:
                if not is_lock_error(exc):
                    outcome["error"] = exc
                elif time.monotonic() - started < self.give_up_after:
                    return
            timer.stop()
            loop.quit()

        timer.timeout.connect(attempt)
        self.waiting = True
        _WAITS[0] += 1
        self._show_busy(True)
        try:
            timer.start()
            loop.exec()
        finally:
            timer.stop()
            timer.deleteLater()
            self.waiting = False
            _WAITS[0] -= 1
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
        box = message_box(origin, QMessageBox.Icon.Warning, "netdesk is waiting", self.last_message)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        raise DatabaseBusyError(self.last_message)

    def _show_busy(self, busy: bool) -> None:
        home = _home(self.window)
        bar = home.statusBar() if isinstance(home, QMainWindow) else None
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            if bar is not None:
                bar.showMessage(BUSY_MESSAGE)
        else:
            QApplication.restoreOverrideCursor()
            if bar is not None and bar.currentMessage() == BUSY_MESSAGE:
                bar.clearMessage()


def install(window: QWidget, db_path: Path, **options: Any) -> BusyGuard:
    """The guard of ``window`` (a main window or a dialog), created on first use; ``options``
    (``give_up_after``, ``retry_every_ms``) also apply to a guard the window's panels made already."""
    found = window.findChild(BusyGuard, "busy_guard", Qt.FindChildOption.FindDirectChildrenOnly)
    if not isinstance(found, BusyGuard):
        return BusyGuard(window, db_path, **options)
    for name, value in options.items():
        if not hasattr(found, name):
            raise TypeError(f"unknown busy guard option {name!r}")
        setattr(found, name, value)
    return found


def _home(widget: QWidget) -> QWidget:
    """The main window ``widget`` lives in (through its dialogs' parents), else its own window."""
    current: QWidget | None = widget.window()
    while current is not None:
        if isinstance(current, QMainWindow):
            return current
        current = current.parentWidget()
    return widget.window()


def run(widget: QWidget, db_path: Path, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` through the guard of ``widget``'s main window."""
    return install(_home(widget), db_path).run_for(widget.window(), fn, *args, **kwargs)


def wait_until_writable(widget: QWidget, db_path: Path) -> None:
    """Wait here, visibly, until no other program holds the write lock: before work that uses
    its own connection with a long busy timeout (a restore), so that timeout is not spent
    frozen. Raises ``DatabaseBusyError`` (the user told) when the guard gives up."""
    run(widget, db_path, _raise_if_locked, db_path)


def _raise_if_locked(db_path: Path) -> None:
    if not write_lock_free(db_path):
        raise sqlite3.OperationalError("database is locked")


def _any_main_window() -> QWidget | None:
    """For a proxy that outlived its dialog (an undo command of a closed merge dialog)."""
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow)]
    return found[0] if found else None


def _on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


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
            if not _on_gui_thread():  # a worker: no widgets, no nested loop; it retries itself
                return value(*args, **kwargs)
            widget = self._widget if isValid(self._widget) else _any_main_window()
            if widget is None:
                return value(*args, **kwargs)
            return run(widget, self._db_path, value, *args, **kwargs)

        return call


def guarded(service: S, widget: QWidget) -> S:
    """``service`` with every method run through ``widget``'s window's busy guard."""
    if isinstance(service, _Guarded):
        return service
    db = getattr(service, "db", None)
    path = getattr(db, "path", None)
    if not isinstance(path, Path):
        return service
    return cast(S, _Guarded(service, widget, path))


def returns_when_busy(slot: Callable[P, T]) -> Callable[P, T | None]:
    """A slot that ends quietly on ``DatabaseBusyError``: the guard has already told the user
    (status bar while waiting, a message when it gave up), so a traceback would say nothing more."""

    @functools.wraps(slot)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T | None:
        try:
            return slot(*args, **kwargs)
        except DatabaseBusyError:
            return None

    return wrapper


def retry_while_locked(
    fn: Callable[[], T],
    db_path: Path,
    *,
    waiting: Callable[[str], None],
    stop: Callable[[], None] = lambda: None,
    give_up_after: float = 15.0,
) -> T:
    """``fn()`` in a worker thread, run again once the write lock is free (checked with backoff,
    so a unit of work that does something first — a backup — is not repeated on every poll).
    ``waiting(text)`` reports the wait ("" when it is over); ``stop()`` may raise to cancel.
    Touches no widget: the caller turns ``waiting`` into a signal."""
    started = time.monotonic()
    while True:
        try:
            return fn()
        except Exception as exc:
            if not is_lock_error(exc):
                raise
        waiting(WORKER_WAIT_MESSAGE)
        delay = 0.05
        while not write_lock_free(db_path):
            stop()
            waited = time.monotonic() - started
            if waited >= give_up_after:
                raise DatabaseBusyError(
                    f"Nothing was saved: {describe(holders(db_path))} has been writing to your network for "
                    f"more than {waited:.0f} seconds. Close that program or wait until it has finished, "
                    "then try again."
                )
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
        stop()
        waiting("")
