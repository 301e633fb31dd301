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

from netdesk.domain.models import Event
from netdesk.services.contacts import ContactInputError, NotFoundError
from netdesk.services.event_capture import Candidate, CaptureError, DraftInvalidError, EventCaptureService
from netdesk.services.pending_captures import PendingCaptureService
from netdesk.ui.busy import returns_when_busy
from netdesk.ui.event_mode.review_model import ReviewModel, ReviewRow, RowStatus

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

    # -- storing -------------------------------------------------------------------------------
    def _store(
        self, candidate: Candidate | None, *, as_new: bool, from_form: bool, pending_id: int | None = None
    ) -> tuple[int, str, str] | None:
        """Store the form (or a candidate as found); (contact id, name, action) or None on error."""
        card = candidate.card if candidate is not None else None
        conversation = self.form.conversation_text() if from_form else ""
        lead = self.form.is_lead() if from_form else False
        try:
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
                outcome = self.capture.add(
                    self.event_id, draft, card=card, conversation=conversation, lead=lead
                )
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
        return outcome.contact_id, outcome.name, outcome.action

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
                "against the card, then press Enter."
            )
            return
        stored = self._store(row.candidate, as_new=False, from_form=False, pending_id=row.pending_id)
        if stored is None:
            return
        contact_id, name, action = stored
        self.model.update(row.id, status=RowStatus.LOGGED if action == "matched" else RowStatus.SAVED)
        if self.form.row_id == row.id:
            self.form.clear()
        self._after_store(contact_id, name, action)

    def edit_selected(self) -> None:
        row = self._selected()
        if row is not None and row.open:
            self.edit_row(row)

    def edit_row(self, row: ReviewRow) -> None:
        self.form.load(row.id, row.candidate)

    @returns_when_busy
    def skip_selected(self) -> None:
        row = self._selected()
        if row is None or not row.dismissable:
            return
        if row.pending_id is not None:
            self.pending.discard(row.pending_id)
            self.pending_changed.emit()
        self.model.update(row.id, status=RowStatus.SKIPPED)
        self.camera.forget(row.candidate.card.text)
        if self.form.row_id == row.id:
            self.form.clear()
