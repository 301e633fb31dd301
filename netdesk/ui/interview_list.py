"""The Interviews page's list, read in a pool thread (issue 15). Mixed into ``InterviewsPanel``,
whose ``current`` interview, form and ``list_loaded`` signal it works with.

The page asks for the list when built and on every refresh; until the first answer lands the
list stands as "Loading interviews…", then shows the interviews or, when there are none, what
an informational interview is. The interview open stays open across a refresh (by id); a form
with unsaved work is left as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem

from netdesk.domain.interviews import Interview, InterviewStatus
from netdesk.services.interviews import InterviewService
from netdesk.ui.busy import returns_when_busy
from netdesk.ui.interview_questions import ID_ROLE
from netdesk.ui.list_loader import ListLoader, ListStack, LoadedList

EMPTY = (
    "No interviews planned yet.\n\nAn informational interview is 20–30 minutes with someone in a "
    "field you are curious about — never a request for a job. Fill in the plan on the right, "
    "generate your pitch, and pick 10–12 questions."
)


class InterviewList(LoadedList):
    """The list's widgets, its reading and what lands (see the module docstring)."""

    current: Interview | None
    _reader: InterviewService  # read with in the pool thread (the guarded one waits on the GUI thread)
    list: QListWidget
    list_stack: ListStack
    loader: ListLoader
    list_loaded: SignalInstance
    status_message: SignalInstance

    def _build_list(self) -> ListStack:
        parent: Any = self
        self.list = QListWidget(parent)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._selected)
        return self._loaded_list(
            self.list, "Loading interviews…", EMPTY, self._reader.db.path, "the interviews"
        )

    @property
    def empty_hint(self) -> QLabel:
        return self.list_stack.empty

    def refresh(self) -> None:
        """Read the list again in a pool thread: the list is fresh when it lands, the interview
        open stays open, a half-typed form stays as the user left it."""
        reader = self._reader
        self.loader.load(lambda: tuple(reader.list()))

    def _list_arrived(self, interviews: Sequence[Interview]) -> None:
        keep = self.current.id if self.current else None
        fresh: Interview | None = None
        self.list.blockSignals(True)
        self.list.clear()
        for interview in interviews:
            when = interview.draft.scheduled_at
            extra = (
                f" · {when.astimezone():%b %d}"
                if when and interview.status is InterviewStatus.SCHEDULED
                else ""
            )
            item = QListWidgetItem(f"{interview.title}\n{interview.status.label}{extra}")
            item.setData(ID_ROLE, interview.id)
            self.list.addItem(item)
            if interview.id == keep:
                self.list.setCurrentItem(item)
                fresh = interview
        self.list.blockSignals(False)
        self.list_stack.show_rows(self.list.count())
        self._show_landed(keep, fresh)
        self.list_loaded.emit()

    @returns_when_busy
    def _show_landed(self, keep: int | None, fresh: Interview | None) -> None:
        if self.has_unsaved_changes():
            return  # the list is fresh; a half-typed form stays as the user left it
        if fresh is not None:
            if fresh != self.current:  # else the form, and where a run is, stay as they are
                self.show_interview(fresh.id)  # read now: the form may be newer than the list
        elif self.list.count():
            self.list.setCurrentRow(0)  # shows it (_selected)
        elif keep is not None:
            self.new_interview()  # the one open is gone and none is left
        # else the empty plan of a new interview is already there

    @returns_when_busy
    def _selected(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None:
            self.show_interview(int(item.data(ID_ROLE)))

    # provided by InterviewsPanel
    def has_unsaved_changes(self) -> bool:
        raise NotImplementedError

    def show_interview(self, interview_id: int) -> None:
        raise NotImplementedError

    def new_interview(self) -> None:
        raise NotImplementedError
