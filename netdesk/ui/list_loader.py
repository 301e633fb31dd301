"""Reads a page's list in a pool thread (issue 15): the Interviews and Leads pages.

Reading a list took 60-125 ms on the GUI thread at 100,000 contacts (a cold first session, the
names of everyone linked), so the page asks ``load(read)`` and shows what it had, or a "Loading…"
placeholder before the first answer, until ``loaded`` arrives. ``read`` runs in the pool thread
and calls services only (each opens its own session) and returns plain data: frozen domain
objects, tuples. The newest request wins: one thread runs the requests in order, so a request
made after a change reads that change, and an answer overtaken by a newer request is dropped.
A page that closes while its read runs hears nothing (``followup_loader`` does the same).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, Signal, SignalInstance
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget
from shiboken6 import isValid

from netdesk.ui.busy import retry_while_locked
from netdesk.ui.plain import plain_label
from netdesk.ui.workers import Task


class ListLoader(QObject):
    loaded = Signal(object)  # what the newest ``read`` returned
    failed = Signal(str)  # a sentence for the status bar

    def __init__(self, db_path: Path, what: str, parent: QObject | None = None) -> None:
        """``what`` names the list in the failure sentence ("the leads")."""
        super().__init__(parent)
        self.db_path = db_path
        self.what = what
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # requests run in order; the newest one's answer is kept
        self._generation = 0  # of the latest request
        self._tasks: set[Task] = set()

    def busy(self) -> bool:
        return bool(self._tasks)

    def load(self, read: Callable[[], object]) -> None:
        """Run ``read()`` in the pool thread; ``loaded`` carries its answer unless a newer
        request was made meanwhile."""
        self._generation += 1
        generation, path = self._generation, self.db_path
        task = Task(lambda _task: retry_while_locked(read, path, waiting=lambda _text: None))
        self._tasks.add(task)

        def done(result: object) -> None:
            self._tasks.discard(task)
            if isValid(self) and generation == self._generation:  # closed, or overtaken
                self.loaded.emit(result)

        def failed(exc: object) -> None:
            self._tasks.discard(task)
            if isValid(self) and generation == self._generation:
                self.failed.emit(f"{self.what.capitalize()} could not be read: {exc}")

        task.signals.finished.connect(done)
        task.signals.failed.connect(failed)
        self.pool.start(task)

    def wait(self) -> None:
        """Block until every request has landed (tests; the window's quitting)."""
        while self._tasks:
            self.pool.waitForDone()
            QCoreApplication.processEvents()  # the answers are queued signals


class ListStack(QStackedWidget):
    """A list, the placeholder shown until its first read lands (or says why it failed), and
    the sentence for when the read found none — never an empty list that looks like "none"."""

    def __init__(self, view: QWidget, loading: str, empty: QLabel, parent: QWidget) -> None:
        super().__init__(parent)
        self.view = view
        self.empty = empty
        self.loading = plain_label(loading, self)
        self.loading.setObjectName("emptyHint")
        self.loading.setWordWrap(True)
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for widget in (view, empty, self.loading):
            self.addWidget(widget)
        self.setCurrentWidget(self.loading)

    def show_rows(self, count: int) -> None:
        self.setCurrentWidget(self.view if count else self.empty)

    def show_failure(self, sentence: str) -> None:
        """Before the first list landed: say why instead of "Loading…" for ever."""
        if self.currentWidget() is self.loading:
            self.loading.setText(sentence)


class LoadedList:
    """Mixed into a page whose list is read by a ``ListLoader``: the placeholder, the empty
    hint and the loader made and wired at once; ``_list_arrived`` is the page's own."""

    list_stack: ListStack
    loader: ListLoader
    status_message: SignalInstance
    _list_arrived: Callable[[Any], None]  # the page's: fills its list with what was read

    def _loaded_list(self, view: QWidget, loading: str, empty: str, db_path: Path, what: str) -> ListStack:
        parent = cast(QWidget, self)  # mixed into a page
        hint = plain_label(empty, parent)
        hint.setObjectName("emptyHint")
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.list_stack = ListStack(view, loading, hint, parent)
        self.loader = ListLoader(db_path, what, parent)
        self.loader.loaded.connect(self._list_arrived)
        self.loader.failed.connect(self._list_failed)
        return self.list_stack

    def wait_for_list(self) -> None:
        """Block until the list being read has landed (tests)."""
        self.loader.wait()

    def _list_failed(self, sentence: str) -> None:
        self.list_stack.show_failure(sentence)
        self.status_message.emit(sentence)
