"""Accepting, editing and skipping the cards in event mode's review list (and the quick-add form).

A mixin of ``EventModeView``, kept in its own module so the view stays about capturing. A card
that waited as a pending capture is accepted through ``PendingCaptureService.accept``, which
settles its row in the same transaction as the capture; a person typed in by hand goes straight
to ``EventCaptureService``. Skipping a scanned card discards its pending capture.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from netdesk.domain.models import Event
from netdesk.services.contacts import ContactInputError, NotFoundError
from netdesk.services.event_capture import Candidate, CaptureError, DraftInvalidError, EventCaptureService
from netdesk.services.pending_captures import PendingCaptureService
from netdesk.ui.busy import DatabaseBusyError, returns_when_busy
from netdesk.ui.event_mode.review_model import ReviewModel, ReviewRow, RowStatus
from netdesk.ui.event_mode.review_undo import SkipCard

if TYPE_CHECKING:
    from netdesk.ui.event_mode.camera_view import CameraView
    from netdesk.ui.event_mode.quick_add import QuickAddForm
    from netdesk.ui.event_mode.review_list import ReviewList


class ReviewActions:
    """What the review buttons, Enter/Delete in the list and the form's Save do."""

    event_id: int
    current_event: Event
    capture: EventCaptureService
    pending: PendingCaptureService
    form: QuickAddForm
    model: ReviewModel
    review: ReviewList
    camera: CameraView
    status_message: SignalInstance
    contact_saved: SignalInstance
    pending_changed: SignalInstance
    refresh_counters: Callable[[], None]  # the view's: counters change with every stored card
    window: Callable[[], QWidget]

    # -- storing -------------------------------------------------------------------------------
    def _store_card(
        self, candidate: Candidate | None, *, as_new: bool, from_form: bool, pending_id: int | None = None
    ) -> tuple[int, str, str]:
        """Store the form (or a candidate as found) in one transaction; (contact id, name, action).

        Raises DraftInvalidError, CaptureError, ContactInputError or NotFoundError (nothing stored,
        a pending card still waits) and DatabaseBusyError (the user has been told).
        """
        card = candidate.card if candidate is not None else None
        conversation = self.form.conversation_text() if from_form else ""
        lead = self.form.is_lead() if from_form else False
        if pending_id is not None and candidate is not None:  # a scanned card that waited
            matched = candidate.match_id is not None and not as_new
            outcome = self.pending.accept(
                pending_id,
                None if matched else (self.form.draft() if from_form else candidate.draft),
                match_id=candidate.match_id if matched else None,
                conversation=conversation,
                lead=lead,
            )
        elif candidate is not None and candidate.match_id is not None and not as_new:
            outcome = self.capture.log_meeting(
                self.event_id, candidate.match_id, card=card, conversation=conversation, lead=lead
            )
        else:
            draft = self.form.draft() if from_form else candidate.draft  # type: ignore[union-attr]
            outcome = self.capture.add(self.event_id, draft, card=card, conversation=conversation, lead=lead)
        return outcome.contact_id, outcome.name, outcome.action

    def _store(
        self, candidate: Candidate | None, *, as_new: bool, from_form: bool, pending_id: int | None = None
    ) -> tuple[int, str, str] | None:
        """``_store_card``, its errors shown in the form (or the status bar); None on error."""
        try:
            stored = self._store_card(candidate, as_new=as_new, from_form=from_form, pending_id=pending_id)
        except DraftInvalidError as exc:
            if from_form:
                self.form.show_problems(exc.problems)
            else:
                self.status_message.emit(
                    f"{candidate.name if candidate else 'This card'}: {exc} Edit it in the form."
                )
            return None
        except (CaptureError, ContactInputError, NotFoundError) as exc:
            if from_form:
                self.form.show_error(str(exc))
            else:
                self.status_message.emit(str(exc))
            return None
        if pending_id is not None:
            self.pending_changed.emit()
        return stored

    @returns_when_busy
    def save_form(self, as_new: bool = False) -> None:
        row_id, candidate = self.form.row_id, self.form.candidate
        found = self.model.find(row_id) if row_id is not None else None
        pending_id = found[1].pending_id if found is not None else None
        stored = self._store(candidate, as_new=as_new, from_form=True, pending_id=pending_id)
        if stored is None:
            return
        contact_id, name, action = stored
        if row_id is not None:
            self.model.update(row_id, status=RowStatus.LOGGED if action == "matched" else RowStatus.SAVED)
        self.form.clear()
        self._after_store(contact_id, name, action)

    def _after_store(self, contact_id: int, name: str, action: str) -> None:
        self.refresh_counters()
        self.contact_saved.emit(contact_id)
        if action == "matched":
            self.status_message.emit(
                f"{name} is already in your network: logged this meeting at {self.current_event.name}."
            )
        else:
            self.status_message.emit(f"Added {name} to {self.current_event.name}.")

    def _selected(self) -> ReviewRow | None:
        return self.review.selected()

    @returns_when_busy
    def accept_selected(self) -> None:
        """Store the selected card and select the next one waiting (a doubtful one opens in the form)."""
        row = self._selected()
        if row is None or not row.open:
            return
        if row.candidate.problems:
            self.edit_row(row)
            return
        if row.low_confidence() and self.form.row_id != row.id:
            self.edit_row(row)
            self.status_message.emit(
                f"{row.candidate.name or 'This card'} was read as text: check the fields marked in amber "
                "against the card, then press Ctrl+Enter."
            )
            return
        stored = self._store(row.candidate, as_new=False, from_form=False, pending_id=row.pending_id)
        if stored is None:
            return
        contact_id, name, action = stored
        self._settled(row, action)
        self._after_store(contact_id, name, action)
        found = self.model.find(row.id)
        if found is not None:
            self.review.select_next_open(found[0])

    def _settled(self, row: ReviewRow, action: str) -> None:
        self.model.update(
            row.id, status=RowStatus.LOGGED if action == "matched" else RowStatus.SAVED, message=""
        )
        if self.form.row_id == row.id:
            self.form.clear()

    @returns_when_busy
    def accept_all_confident(self) -> None:
        """Store every waiting card with nothing to check, each in its own transaction.

        A card that fails stays waiting (in the database too) with the reason as its status;
        a card open in the form with changes typed into it is left for the person to save.
        """
        accepted = failed = 0
        for row in self.model.rows():
            if not row.confident or (self.form.row_id == row.id and self.form.has_changes()):
                continue
            try:
                contact_id, _name, action = self._store_card(
                    row.candidate, as_new=False, from_form=False, pending_id=row.pending_id
                )
            except (DraftInvalidError, CaptureError, ContactInputError, NotFoundError) as exc:
                self.model.update(row.id, message=f"Not stored: {exc}")
                failed += 1
                continue
            except DatabaseBusyError:
                self.model.update(row.id, message="Not stored: the database was busy; try again.")
                failed += 1
                break  # the guard has said why; the rest simply wait
            self._settled(row, action)
            self.contact_saved.emit(contact_id)
            accepted += 1
        if accepted or failed:
            self.pending_changed.emit()
            self.refresh_counters()
        left = self.model.open_count()
        parts = ["Accepted 1 card." if accepted == 1 else f"Accepted {accepted} cards."]
        if failed:
            parts.append(f"{failed} could not be stored; the reason is in their rows.")
        if left:
            parts.append("1 card is left to check." if left == 1 else f"{left} cards are left to check.")
        self.status_message.emit(" ".join(parts))
        self.review.select_first_open()

    def edit_selected(self) -> None:
        row = self._selected()
        if row is not None and row.open:
            self.edit_row(row)

    def edit_row(self, row: ReviewRow) -> None:
        self.form.load(row.id, row.candidate)

    @returns_when_busy
    def skip_selected(self) -> None:
        """Leave the selected card out; Edit > Undo (Ctrl+Z) brings it back."""
        row = self._selected()
        if row is None or not row.dismissable:
            return
        command = SkipCard(self, row)
        stack = getattr(self.window(), "undo_stack", None)  # the main window's Edit > Undo
        if isinstance(stack, QUndoStack):
            stack.push(command)
        else:
            command.redo()
        found = self.model.find(row.id)
        if found is not None and not found[1].dismissable:
            self.review.select_next_open(found[0])
            name = row.candidate.name or "The card"
            self.status_message.emit(
                f"Skipped {name}. Ctrl+Z brings it back." if stack else f"Skipped {name}."
            )

    def mark_skipped(self, row_id: int) -> None:
        found = self.model.find(row_id)
        if found is None:
            return
        row = found[1]
        self.model.update(row_id, status=RowStatus.SKIPPED)
        if row.pending_id is not None:
            self.pending_changed.emit()
        self.camera.forget(row.candidate.card.text)
        if self.form.row_id == row_id:
            self.form.clear()

    def mark_unskipped(self, row_id: int, status: RowStatus) -> None:
        """Undo of a skip: the row waits again (or says "already captured" again) and is selected."""
        found = self.model.find(row_id)
        if found is None:
            return
        position, row = found
        self.model.update(row_id, status=status)
        self.pending_changed.emit()
        self.review.table.selectRow(position)
        self.status_message.emit(f"{row.candidate.name or 'The card'} waits for review again.")
