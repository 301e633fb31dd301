"""Reads the follow-up queue for the Follow-ups page in a pool thread (issue 15).

Regenerating what changed and counting the sections take from a millisecond to a few seconds
(the first pass after an upgrade goes over everyone), so the GUI thread never does it: the page
asks ``load_head()`` and shows what it had (or a placeholder) until ``head_loaded`` arrives; the
newest request wins, an answer overtaken by a newer one is dropped. A section's next page
(``load_page``) belongs to the head it continues and is dropped when a newer head arrived.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, Signal
from shiboken6 import isValid

from netdesk.domain.followup_queue import Cursor, QueueBounds, QueueHead, QueuePage
from netdesk.domain.followups import FollowUpGroup
from netdesk.services.followup_pages import PAGE, QueueReader
from netdesk.services.followups import FollowUpService
from netdesk.ui.busy import retry_while_locked
from netdesk.ui.workers import Task


class QueueLoader(QObject):
    head_loaded = Signal(object)  # QueueHead
    page_loaded = Signal(object)  # QueuePage
    failed = Signal(str)  # a sentence for the status bar

    def __init__(self, followups: FollowUpService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reader = QueueReader(followups)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # requests run in order; the newest one's answer is kept
        self._generation = 0  # of the latest head request
        self._shown = 0  # generation of the head on screen
        self._tasks: set[Task] = set()
        self.page_size = PAGE  # follow-ups read per section at first, and per page after

    def busy(self) -> bool:
        return bool(self._tasks)

    def load_head(self) -> None:
        """Regenerate what changed and read every section's size and first page."""
        self._generation += 1
        generation, reader, size = self._generation, self.reader, self.page_size
        self._start(lambda: reader.head(size), lambda head: self._head(generation, head))

    def load_page(self, bounds: QueueBounds, group: FollowUpGroup, after: Cursor) -> None:
        """The next page of ``group`` in the head on screen."""
        generation, reader, size = self._shown, self.reader, self.page_size
        self._start(
            lambda: reader.page(bounds, group, after, size), lambda page: self._page(generation, page)
        )

    def wait(self) -> None:
        """Block until every request has landed (tests; the window's quitting)."""
        while self._tasks:
            self.pool.waitForDone()
            QCoreApplication.processEvents()  # the answers are queued signals

    # -- plumbing ------------------------------------------------------------------------------
    def _start(self, read: Callable[[], Any], arrived: Callable[[Any], None]) -> None:
        path = self.reader.db.path
        task = Task(lambda _task: retry_while_locked(read, path, waiting=lambda _text: None))
        self._tasks.add(task)

        def done(result: object) -> None:
            self._tasks.discard(task)
            if isValid(self):  # the page may have closed while it read
                arrived(result)

        def failed(exc: object) -> None:
            self._tasks.discard(task)
            if isValid(self):
                self.failed.emit(f"The follow-ups could not be read: {exc}")

        task.signals.finished.connect(done)
        task.signals.failed.connect(failed)
        self.pool.start(task)

    def _head(self, generation: int, head: object) -> None:
        if generation != self._generation or not isinstance(head, QueueHead):
            return  # a newer request is on its way
        self._shown = generation
        self.head_loaded.emit(head)

    def _page(self, generation: int, page: object) -> None:
        if generation == self._shown and isinstance(page, QueuePage):
            self.page_loaded.emit(page)
