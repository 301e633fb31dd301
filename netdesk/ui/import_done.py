"""The import wizard's last page: what was imported, where the backup is, and Undo.

A committed import is pushed on the window's undo stack (``ImportCommand``), so it can be taken
back from Edit › Undo long after the wizard closed. The page's own Undo button goes through
that same command while it is the next thing Edit › Undo would undo (always, while the modal
wizard is open); without a stack (the wizard alone, in tests) it undoes in a worker.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from netdesk.services.importer import ImportOutcome, ImportService, UndoError
from netdesk.ui.busy import guarded, retry_while_locked
from netdesk.ui.import_undo import ImportCommand, import_summary, plural, top_import, undone_text
from netdesk.ui.plain import plain_label
from netdesk.ui.workers import BackgroundRunner, Task


def muted(text: str, parent: QWidget) -> QLabel:
    label = plain_label(text, parent)
    label.setObjectName("muted")
    label.setWordWrap(True)
    return label


class ImportDonePage(QWidget):
    """``contacts_changed`` and ``undone(batch_id)`` after an undo; ``close_requested`` on Close."""

    contacts_changed = Signal()
    undone = Signal(int)
    status_message = Signal(str)
    close_requested = Signal()

    def __init__(
        self,
        service: ImportService,
        runner: BackgroundRunner,
        undo_stack: QUndoStack | None,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.runner = runner
        self.undo_stack = undo_stack
        self.outcome: ImportOutcome | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = plain_label("Import finished", self)
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.summary = plain_label("", self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.backup = muted("", self)
        layout.addWidget(self.backup)
        layout.addSpacing(12)
        undo_row = QHBoxLayout()
        self.undo_button = QPushButton("&Undo this import", self)
        self.undo_button.setObjectName("dangerButton")
        self.undo_button.clicked.connect(self.undo_import)
        undo_row.addWidget(self.undo_button)
        undo_row.addStretch(1)
        layout.addLayout(undo_row)
        self.result = muted("", self)
        layout.addWidget(self.result)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        close = QPushButton("&Close", self)
        close.setObjectName("primaryButton")
        close.clicked.connect(self.close_requested)
        row.addWidget(close)
        layout.addLayout(row)

    def show_outcome(self, outcome: ImportOutcome) -> str:
        """Fill the page (and put the import on the undo stack); returns the summary sentence."""
        self.outcome = outcome
        text = (
            f"Added {plural(outcome.created, 'new contact')}, updated {plural(outcome.updated, 'contact')}"
            f" and skipped {outcome.skipped:,}."
        )
        self.summary.setText(text)
        self.backup.setText(
            f"Your data as it was before the import is in the backup {outcome.backup.name}."
            if outcome.backup
            else ""
        )
        undoable = outcome.batch_id is not None
        self.undo_button.setEnabled(undoable)
        self.undo_button.setVisible(undoable)
        where = "now, from Edit › Undo (Ctrl+Z)" if self.undo_stack is not None else "now"
        self.result.setText(
            f"You can undo the whole import {where}, or later with `netdesk import --undo`."
            if undoable
            else ""
        )
        if outcome.batch_id is not None and self.undo_stack is not None:
            window = self.undo_stack.parent()  # the main window: its busy guard outlives this wizard
            service = (
                guarded(ImportService(self.service.db), window)
                if isinstance(window, QWidget)
                else self.service
            )
            label = import_summary(outcome.created, outcome.updated)
            self.undo_stack.push(ImportCommand(service, outcome.batch_id, label, self.undo_stack))
        return text

    def undo_import(self) -> None:
        if self.outcome is None or self.outcome.batch_id is None or self.runner.is_busy():
            return
        batch_id = self.outcome.batch_id
        self.undo_button.setEnabled(False)
        command = top_import(self.undo_stack, batch_id) if self.undo_stack is not None else None
        if command is not None and self.undo_stack is not None:
            self.undo_stack.undo()  # the command reports to the status bar itself
            if command.result is not None:
                self._undone(command.result, announce=False)
            else:
                self.result.setText(command.error)
                self.undo_button.setEnabled(not command.isObsolete())
            return
        service = self.service

        def failed(exc: BaseException) -> None:
            self.result.setText(str(exc) if isinstance(exc, UndoError) else f"Undo failed: {exc}")
            self.undo_button.setEnabled(True)

        def work(task: Task) -> tuple[int, int]:
            return retry_while_locked(
                lambda: service.undo(batch_id), service.db.path, waiting=task.report_waiting
            )

        self.runner.start("Undoing the import…", work, self._undone, failed, cancellable=False)

    def _undone(self, counts: tuple[int, int], announce: bool = True) -> None:
        text = undone_text(*counts)
        self.result.setText(text)
        self.contacts_changed.emit()
        if self.outcome is not None and self.outcome.batch_id is not None:
            self.undone.emit(self.outcome.batch_id)
        if announce:
            self.status_message.emit(text)
