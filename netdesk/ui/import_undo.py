"""An import on the window's undo stack: Edit › Undo (Ctrl+Z) takes a whole import back.

``ImportService.undo`` removes the contacts the import created and restores the ones it
updated, in one transaction, after a backup (undoing cannot be redone: what was added to those
contacts since goes with them, so the backup is the way back). The command is therefore
undo-only: once undone it is obsolete and leaves the stack, so Edit › Redo never promises an
import it cannot replay. When the database stays busy the import stays, the user has been told,
and the stack steps back so Edit › Undo offers the import again.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

from netdesk.services.importer import ImportService, UndoError
from netdesk.ui.busy import DatabaseBusyError
from netdesk.ui.merge_dialog import UndoNotifier, undo_notifier


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def import_summary(created: int, updated: int) -> str:
    """What the Edit menu says the import was: "Import 12 contacts", "Import 3 updates"."""
    parts = []
    if created:
        parts.append(plural(created, "contact"))
    if updated:
        parts.append(plural(updated, "update"))
    return "Import " + (" and ".join(parts) or "nothing")


def undone_text(removed: int, restored: int) -> str:
    return f"Import undone: removed {plural(removed, 'contact')}, restored {plural(restored, 'contact')}."


class ImportCommand(QUndoCommand):
    """Pushed after an import committed; its first ``redo`` (from ``push``) does nothing."""

    def __init__(self, service: ImportService, batch_id: int, text: str, stack: QUndoStack) -> None:
        super().__init__(text)
        self.service = service  # a guarded service: a busy database waits visibly, then gives up
        self.batch_id = batch_id
        self.stack = stack
        self.notifier: UndoNotifier = undo_notifier(stack)
        #: (removed, restored) once undone, or the sentence that said why not.
        self.result: tuple[int, int] | None = None
        self.error = ""

    def redo(self) -> None:
        """Nothing to do: the import happened before the push, and an undone one is gone."""

    def undo(self) -> None:
        try:
            self.result = self.service.undo(self.batch_id)
        except UndoError as exc:  # undone elsewhere (e.g. `netdesk import --undo`): nothing to do here
            self.error = str(exc)
            self.setObsolete(True)
            self.notifier.status_message.emit(self.error)
            return
        except DatabaseBusyError as exc:  # the guard told the user; the import stays as it was
            self.error = str(exc) or "The database stayed busy; the import was not undone."
            QTimer.singleShot(0, self.stack.redo)  # Edit › Undo offers the import again
            return
        self.setObsolete(True)  # undone for good: no Redo entry
        self.notifier.contacts_changed.emit()
        self.notifier.status_message.emit(undone_text(*self.result))


def top_import(stack: QUndoStack, batch_id: int) -> ImportCommand | None:
    """The command of ``batch_id`` when it is the next thing Edit › Undo would undo."""
    if stack.index() == 0:
        return None
    command = stack.command(stack.index() - 1)
    return command if isinstance(command, ImportCommand) and command.batch_id == batch_id else None
