"""Skipping a card in the review list is undoable from Edit > Undo (Ctrl+Z).

The command discards the card's pending capture (kept in the database, marked discarded) and
undoing brings it back as a waiting card, in the list too while event mode is still open; after
the view closed, the card simply waits for review again.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoCommand
from shiboken6 import isValid

from netdesk.services.pending_captures import PendingCaptureService
from netdesk.ui.busy import DatabaseBusyError
from netdesk.ui.event_mode.review_model import ReviewRow, RowStatus
from netdesk.ui.plain import button_text


class SkipTarget(Protocol):
    """What the command needs of the event-mode view."""

    pending: PendingCaptureService

    def mark_skipped(self, row_id: int) -> None: ...

    def mark_unskipped(self, row_id: int, status: RowStatus) -> None: ...


class SkipCard(QUndoCommand):
    def __init__(self, view: SkipTarget, row: ReviewRow) -> None:
        # The Edit menu shows the text: "&" in a name is no mnemonic.
        super().__init__(button_text(f"Skip {row.candidate.name or 'card'}"))
        self.view = view
        self.pending = view.pending  # still usable once the view is gone
        self.row_id = row.id
        self.pending_id = row.pending_id
        self.status = row.status  # waiting, or "already captured"

    def _alive(self) -> bool:
        return isValid(self.view)  # type: ignore[arg-type]

    def redo(self) -> None:
        if self.pending_id is not None:
            try:
                self.pending.discard(self.pending_id)
            except DatabaseBusyError:  # the user was told; the card still waits
                self.setObsolete(True)
                return
        if self._alive():
            self.view.mark_skipped(self.row_id)

    def undo(self) -> None:
        if self.pending_id is not None:
            try:
                self.pending.undiscard(self.pending_id)
            except DatabaseBusyError:  # the user was told; the card stays skipped
                self.setObsolete(True)
                return
        if self._alive():
            self.view.mark_unskipped(self.row_id, self.status)
