"""The window's end of the change-notification path: ``ChangeBridge.changed(Changes)`` on the GUI thread.

The database's hub (``netdesk.services.changes``) announces in whichever thread committed —
a worker importing a file, the GUI thread saving a contact. The bridge queues each announcement
to the GUI thread and folds those that arrive in the same turn of the event loop into one, so
a panel never refreshes in the middle of the action that caused the change (a save still
running, a model still being reset) and never twice for one burst. Commits by other programs
(the command line beside the window) are noticed by a ``PRAGMA data_version`` check when the
window is activated and every two seconds while it is active.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from netdesk.services.changes import Changes, DataVersionWatch
from netdesk.services.database import Database

#: How often an active window looks for other programs' commits.
WATCH_INTERVAL_MS = 2000


class ChangeBridge(QObject):
    """One per window: every panel, picker, counter and badge listens to ``changed``."""

    changed = Signal(object)  # Changes
    _arrived = Signal(object)

    def __init__(self, db: Database, window: QWidget, *, watch_every_ms: int = WATCH_INTERVAL_MS) -> None:
        super().__init__(window)
        self.setObjectName("change_bridge")
        self.window = window
        self._pending: Changes | None = None
        self._deliver_timer = QTimer(self)
        self._deliver_timer.setSingleShot(True)
        self._deliver_timer.setInterval(0)
        self._deliver_timer.timeout.connect(self._deliver)
        self._arrived.connect(self._collect, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe = db.changes.subscribe(self._announced)
        self.watch: DataVersionWatch | None = DataVersionWatch(db.path, db.changes)
        self._watch_timer = QTimer(self)
        self._watch_timer.setInterval(watch_every_ms)
        self._watch_timer.timeout.connect(self.look_for_other_programs)
        window.installEventFilter(self)
        unsubscribe, watch = self._unsubscribe, self.watch

        def gone(*_: object) -> None:
            unsubscribe()
            if watch is not None:
                watch.close()

        self.destroyed.connect(gone)
        if window.isActiveWindow():
            self._watch_timer.start()

    # any thread
    def _announced(self, changes: Changes) -> None:
        if isValid(self):
            self._arrived.emit(changes)

    # GUI thread
    def _collect(self, changes: Changes) -> None:
        self._pending = changes if self._pending is None else self._pending | changes
        self._deliver_timer.start()

    def _deliver(self) -> None:
        changes, self._pending = self._pending, None
        if changes:
            self.changed.emit(changes)

    def flush(self) -> None:
        """Deliver what has arrived now (tests, and before a modal question that shows data)."""
        QApplication.sendPostedEvents(self)
        if self._deliver_timer.isActive():
            self._deliver_timer.stop()
            self._deliver()

    def look_for_other_programs(self) -> bool:
        return self.watch.check() if self.watch is not None else False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            if event.type() == QEvent.Type.WindowActivate:
                self.look_for_other_programs()
                self._watch_timer.start()
            elif event.type() == QEvent.Type.WindowDeactivate:
                self._watch_timer.stop()  # nobody is looking: no polling in the background
        return False

    def close(self) -> None:
        self._watch_timer.stop()
        self._unsubscribe()
        if self.watch is not None:
            self.watch.close()
            self.watch = None
