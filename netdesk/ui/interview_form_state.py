"""The interview form's date and its unsaved work, kept out of interviews_panel.py (already long).

``InterviewFormState`` belongs to the panel: it makes the "When" field (the shared DateField, warning
about a planned interview in the past or a completed one in the future) and the
has_unsaved_changes / save_unsaved / discard_unsaved protocol the main window asks before the
page is left or the window closes.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from netdesk.domain.interviews import InterviewStatus
from netdesk.domain.typed_dates import future_warning, past_warning
from netdesk.ui.date_field import DateField

if TYPE_CHECKING:
    from netdesk.ui.interviews_panel import InterviewsPanel


class InterviewFormState:
    def __init__(self, panel: InterviewsPanel) -> None:
        self.panel = panel
        self._clean_plan: tuple[object, ...] = ()
        self._clean_reflection: tuple[object, ...] = ()

    def when_field(self, page: QWidget) -> DateField:
        field = DateField(page, what="The interview")
        field.add_check(self._when_warning)
        return field

    def _when_warning(self, when: datetime) -> str:
        now = datetime.now().astimezone()
        current = self.panel.current
        if current is not None and current.status is InterviewStatus.DONE:
            return future_warning(when, now, "This completed interview")
        return past_warning(when, now, "The interview")

    # -- unsaved work --------------------------------------------------------------------------
    def _plan_state(self) -> tuple[object, ...]:
        p = self.panel
        return (
            p.field.text(),
            p.job_titles.text(),
            p.person.currentIndex(),
            p.person.text().strip(),  # a name being typed is work too
            p.organization.text(),
            p.found_via.currentIndex(),
            p.status.currentIndex(),
            p.when.text().strip(),
            p.mode.currentIndex(),
            p.location.text(),
            p.pitch.toPlainText(),
        )

    def _reflection_state(self) -> tuple[object, ...]:
        p = self.panel
        boxes = (p.profession, p.workplace, p.credentials, p.reflection_notes)
        return (*(b.toPlainText() for b in boxes), p.interest.value())

    def mark_clean(self) -> None:
        self._clean_plan = self._plan_state()
        self.mark_reflection_clean()

    def mark_reflection_clean(self) -> None:
        self._clean_reflection = self._reflection_state()

    def _plan_changed(self) -> bool:
        return self._plan_state() != self._clean_plan

    def _reflection_changed(self) -> bool:
        return self.panel.current is not None and self._reflection_state() != self._clean_reflection

    def has_unsaved_changes(self) -> bool:
        if not self._clean_plan:
            return False  # the form was never filled: nothing typed can be lost yet
        return self._plan_changed() or self._reflection_changed()

    def save_unsaved(self) -> bool:
        # The reflection first: saving the plan fills the whole form again from the database.
        if self._reflection_changed() and not self.panel.save_reflection():
            return False
        return not self._plan_changed() or bool(self.panel.save_plan())

    def discard_unsaved(self) -> None:
        if self.panel.current is not None:
            self.panel.show_interview(self.panel.current.id)
        else:
            self.panel.new_interview()

    def completed_warning(self) -> str:
        """After completing: a date still ahead is worth a look (it is not refused)."""
        current = self.panel.current
        when = current.draft.scheduled_at if current is not None else None
        return future_warning(when, datetime.now().astimezone(), "Its date")
