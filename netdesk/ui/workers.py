"""Run a service call off the GUI thread and hear back on it, with progress and Cancel.

The call opens its own session through the service (a session never crosses threads); the
signals carry plain data: the result, the exception, (done, total). A ``QProgressDialog``
appears only when the work takes longer than a second, so quick imports do not flash one.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)
    waiting = Signal(str)
    stage = Signal(str)  # what the work is doing now, for a label ("Sending changes…")


class Task(QRunnable):
    """``work(task)`` runs in a pool thread; it may call ``task.progress`` and ``task.cancelled``."""

    def __init__(self, work: Callable[[Task], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._work = work
        self._cancel = threading.Event()
        self.signals = _Signals()

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, done: int, total: int) -> None:
        self.signals.progressed.emit(done, total)

    def report_stage(self, text: str) -> None:
        self.signals.stage.emit(text)

    def report_waiting(self, text: str) -> None:
        """Say the work waits for something outside netdesk (another program's lock); "" when over."""
        self.signals.waiting.emit(text)

    def run(self) -> None:
        signals = self.signals
        try:
            result = self._work(self)
        except Exception as exc:  # reported to the GUI thread, which shows a sentence
            _emit(signals.failed, exc)
        else:
            _emit(signals.finished, result)


def _emit(signal: Any, value: object) -> None:
    """Hand a result to the GUI thread; when the application has already gone away (the window
    was closed while the work ran), nobody is left to hear it and nothing is said."""
    with contextlib.suppress(RuntimeError):  # "Signal source has been deleted": shutting down
        signal.emit(value)


class BackgroundRunner(QObject):
    """One task at a time for a dialog, with a delayed progress dialog whose Cancel stops it
    (``progress_dialog=False``: the caller shows progress and Cancel itself, from the task's
    signals and ``cancel()``)."""

    busy_changed = Signal(bool)
    waiting = Signal(str)  # the running task waits for another program ("" when it goes on)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._widget = parent
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.task: Task | None = None
        self.progress_dialog: QProgressDialog | None = None

    def is_busy(self) -> bool:
        return self.task is not None

    def start(
        self,
        label: str,
        work: Callable[[Task], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        *,
        cancellable: bool = True,
        progress_dialog: bool = True,
    ) -> Task:
        task = Task(work)
        if not progress_dialog:
            return self._start_quiet(task, on_done, on_error)
        dialog = QProgressDialog(label, "Cancel" if cancellable else "", 0, 0, self._widget)
        dialog.setWindowTitle("netdesk")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(1000)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(380)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(task.cancel)
        dialog.canceled.connect(lambda: dialog.setLabelText("Cancelling…"))

        def progressed(done: int, total: int) -> None:
            if total > 0:
                dialog.setMaximum(total)
                dialog.setValue(min(done, total))

        def finish() -> None:
            dialog.reset()
            dialog.hide()
            dialog.deleteLater()
            self.task = None
            self.progress_dialog = None
            self.busy_changed.emit(False)

        def done(result: object) -> None:
            finish()
            on_done(result)

        def failed(exc: object) -> None:
            finish()
            on_error(exc if isinstance(exc, BaseException) else RuntimeError(str(exc)))

        def waiting(text: str) -> None:
            dialog.setLabelText(text or label)
            if text:
                dialog.show()  # a wait is worth showing at once, not after the usual second
            self.waiting.emit(text)

        task.signals.progressed.connect(progressed)
        task.signals.waiting.connect(waiting)
        task.signals.finished.connect(done)
        task.signals.failed.connect(failed)
        self.task = task
        self.progress_dialog = dialog
        self.busy_changed.emit(True)
        self.pool.start(task)
        return task

    def _start_quiet(
        self, task: Task, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> Task:
        def finish() -> None:
            self.task = None
            self.busy_changed.emit(False)

        def done(result: object) -> None:
            finish()
            on_done(result)

        def failed(exc: object) -> None:
            finish()
            on_error(exc if isinstance(exc, BaseException) else RuntimeError(str(exc)))

        task.signals.waiting.connect(self.waiting)
        task.signals.finished.connect(done)
        task.signals.failed.connect(failed)
        self.task = task
        self.busy_changed.emit(True)
        self.pool.start(task)
        return task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def cancel_and_wait(self) -> None:
        """Stop the running task (if any) and wait for its thread: before closing the dialog."""
        if self.task is not None:
            self.task.cancel()
        self.pool.waitForDone()
