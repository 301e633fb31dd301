"""The last sync done from the window on its undo stack: Edit › Undo puts back what it changed
here (``SyncHistory.undo_run``: one transaction, a backup first, refused when one of those
contacts changed since). Like an import's (``ui/import_undo.py``) the command is undo-only:
once undone it is obsolete and leaves the stack, so Edit › Redo never promises a sync it cannot
replay (syncing again is File › Sync…). A busy database leaves the sync in place and Edit › Undo
offers it again.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

from netdesk.services.sync import SyncResult
from netdesk.services.sync.history import SyncHistory, SyncUndoError, UndoneSync
from netdesk.ui.busy import DatabaseBusyError
from netdesk.ui.merge_dialog import UndoNotifier, undo_notifier


def sync_text(result: SyncResult) -> str:
    """What the Edit menu calls it: "Sync (2 received, 1 deleted here)"."""
    c, f = result.contacts, result.followups
    parts = []
    if c.pulled:
        parts.append(f"{c.pulled} received")
    if c.deleted_here:
        parts.append(f"{c.deleted_here} deleted here")
    if f.pulled or f.deleted_here:
        n = f.pulled + f.deleted_here
        parts.append(f"{n} follow-up{'s' if n != 1 else ''}")
    return "Sync" + (f" ({', '.join(parts)})" if parts else "")


class SyncCommand(QUndoCommand):
    """Pushed after a sync changed something here; its first ``redo`` (from ``push``) does nothing."""

    def __init__(self, history: SyncHistory, result: SyncResult, stack: QUndoStack) -> None:
        super().__init__(sync_text(result))
        assert result.run_id is not None
        self.history = history  # a guarded service: a busy database waits visibly, then gives up
        self.run_id = result.run_id
        self.stack = stack
        self.notifier: UndoNotifier = undo_notifier(stack)
        self.result: UndoneSync | None = None
        self.error = ""

    def redo(self) -> None:
        """Nothing to do: the sync happened before the push, and an undone one is gone."""

    def undo(self) -> None:
        try:
            self.result = self.history.undo_run(self.run_id)
        except SyncUndoError as exc:  # changed since, or undone already: the sync stays as it is
            self.error = str(exc)
            self.setObsolete(True)
            self.notifier.status_message.emit(self.error)
            return
        except DatabaseBusyError as exc:  # the guard told the user; the sync stays as it was
            self.error = str(exc) or "The database stayed busy; the sync was not undone."
            QTimer.singleShot(0, self.stack.redo)  # Edit › Undo offers the sync again
            return
        self.setObsolete(True)  # undone for good: no Redo entry
        self.notifier.contacts_changed.emit()
        self.notifier.status_message.emit(self.result.sentence())
