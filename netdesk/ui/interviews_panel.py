"""Informational interviews: the planner (whom, why, pitch, outreach status), the questions
(picked from the bank, reordered, your own added), a distraction-free run view with one question
and its notes at a time, and the reflection that completes the interview (creating the 24-hour
thank-you and starting a keep-in-touch cadence). The list is read in a pool thread
(``interview_list.py``)."""

from __future__ import annotations

import contextlib
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.interviews import (
    FoundVia,
    Interview,
    InterviewDraft,
    InterviewError,
    InterviewMode,
    InterviewStatus,
    Reflection,
)
from netdesk.services.contacts import ContactService, NotFoundError
from netdesk.services.database import Database
from netdesk.services.interviews import InterviewService
from netdesk.ui.busy import guarded, returns_when_busy
from netdesk.ui.contact_picker import ContactPicker
from netdesk.ui.interview_form_state import InterviewFormState
from netdesk.ui.interview_list import InterviewList
from netdesk.ui.interview_questions import QuestionsTab
from netdesk.ui.interview_run import PLAN, QUESTIONS, REFLECT, RUN, RunTab
from netdesk.ui.person_search import PersonSearch
from netdesk.ui.plain import plain_label


class InterviewsPanel(QWidget, InterviewList, QuestionsTab, RunTab):
    status_message = Signal(str)
    interview_completed = Signal(int)  # interview id; the thank-you is now in Follow-ups
    contact_activated = Signal(int)
    list_loaded = Signal()  # a read of the list has landed and is shown (interview_list.py)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # While another program holds the database, actions wait visibly instead of failing.
        self._reader = InterviewService(db)  # the list is read with it in a pool thread
        self.interviews = guarded(self._reader, self)
        self.contacts = guarded(ContactService(db), self)
        self.current: Interview | None = None
        self.run_index = 0
        self.form_state = InterviewFormState(self)  # the When field and unsaved work
        self._build()
        self._fill(None)  # the plan of a new interview until the list lands
        self.refresh()

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        title = QLabel("Informational interviews", self)
        title.setObjectName("pageTitle")
        new = QPushButton("Plan an interview", self)
        new.setObjectName("primaryButton")
        new.clicked.connect(self.new_interview)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(new)
        list_stack = self._build_list()
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_plan(), "Plan")
        self.tabs.addTab(self._build_questions(), "Questions")
        self.tabs.addTab(self._build_run(), "Interview")
        self.tabs.addTab(self._build_reflection(), "Reflection")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.splitter = QSplitter(self)
        self.splitter.addWidget(list_stack)
        self.splitter.addWidget(self.tabs)
        self.splitter.setSizes([300, 800])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.addLayout(head)
        layout.addWidget(self.splitter, 1)

    def _build_plan(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.field = QLineEdit(page)
        self.field.setPlaceholderText("e.g. marine biology")
        self.job_titles = QLineEdit(page)
        self.job_titles.setPlaceholderText("e.g. marine biologist, lab technician")
        self.person = ContactPicker(page, placeholder="Type a name, or leave empty for “someone at …”")
        self.person_search = PersonSearch(self.person, self.contacts)  # matches of what is typed
        self.organization = QLineEdit(page)
        self.organization.setPlaceholderText("“Someone at …” when you have no name yet")
        self.found_via = QComboBox(page)
        for value in FoundVia:
            self.found_via.addItem(value.label, value)
        self.status = QComboBox(page)
        for status in InterviewStatus:
            if status is not InterviewStatus.DONE:
                self.status.addItem(status.label, status)
        self.when = self.form_state.when_field(page)
        self.mode = QComboBox(page)
        self.mode.addItem("—", None)
        for mode in InterviewMode:
            self.mode.addItem(mode.label, mode)
        self.location = QLineEdit(page)
        self.pitch = QPlainTextEdit(page)
        self.pitch.setPlaceholderText("Generate the pitch from your profile, then make it your own.")
        generate = QPushButton("Generate pitch", page)
        generate.clicked.connect(self.generate_pitch)
        copy = QPushButton("Copy", page)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.pitch.toPlainText()))
        self.decline_button = QPushButton("Thank-you for a “no”…", page)
        self.decline_button.setObjectName("linkButton")
        self.decline_button.clicked.connect(self.show_decline_draft)
        pitch_row = QHBoxLayout()
        pitch_row.addWidget(generate)
        pitch_row.addWidget(copy)
        pitch_row.addStretch(1)
        pitch_row.addWidget(self.decline_button)
        self.plan_error = plain_label("", page)
        self.plan_error.setObjectName("fieldError")
        self.plan_error.setWordWrap(True)
        save = QPushButton("Save plan", page)
        save.setObjectName("primaryButton")
        save.clicked.connect(self.save_plan)
        self.delete_button = QPushButton("Delete", page)
        self.delete_button.setObjectName("dangerButton")
        self.delete_button.clicked.connect(self.delete)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(save)
        form.addRow("Career field", self.field)
        form.addRow("Job titles", self.job_titles)
        form.addRow("Person", self.person)
        form.addRow("Organisation", self.organization)
        form.addRow("Found via", self.found_via)
        form.addRow("Status", self.status)
        form.addRow("When", self.when)
        form.addRow("How", self.mode)
        form.addRow("Where", self.location)
        form.addRow("Pitch", self.pitch)
        form.addRow("", pitch_row)
        form.addRow("", self.plan_error)
        form.addRow(buttons)
        return page

    def _build_reflection(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.profession = QPlainTextEdit(page)
        self.workplace = QPlainTextEdit(page)
        self.credentials = QPlainTextEdit(page)
        self.reflection_notes = QPlainTextEdit(page)
        for edit in (self.profession, self.workplace, self.credentials, self.reflection_notes):
            edit.setMaximumHeight(80)
        self.interest = QSpinBox(page)
        self.interest.setRange(0, 5)
        self.interest.setSpecialValueText("—")
        self.interest.setSuffix(" of 5")
        self.interest.setMaximumWidth(120)
        self.reflection_error = plain_label("", page)
        self.reflection_error.setObjectName("fieldError")
        self.reflection_error.setWordWrap(True)
        save = QPushButton("Save reflection", page)
        save.clicked.connect(self.save_reflection)
        self.complete_button = QPushButton("Complete interview", page)
        self.complete_button.setObjectName("primaryButton")
        self.complete_button.setToolTip(
            "Logs the interview, creates the 24-hour thank-you and a keep-in-touch cadence."
        )
        self.complete_button.clicked.connect(self.complete)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(save)
        buttons.addWidget(self.complete_button)
        form.addRow("The profession", self.profession)
        form.addRow("The workplace", self.workplace)
        form.addRow("Credentials needed", self.credentials)
        form.addRow("Your interest", self.interest)
        form.addRow("Other notes", self.reflection_notes)
        form.addRow("", self.reflection_error)
        form.addRow(buttons)
        return page

    # -- the open interview --------------------------------------------------------------------
    @returns_when_busy
    def show_interview(self, interview_id: int) -> None:
        try:
            self.current = self.interviews.get(interview_id)
        except NotFoundError as exc:
            self.status_message.emit(str(exc))
            return
        self._fill(self.current)

    def new_interview(self) -> None:
        self.current = None
        self.list.clearSelection()
        self._fill(None)
        self.tabs.setCurrentIndex(PLAN)
        self.field.setFocus()

    def _fill(self, interview: Interview | None) -> None:
        draft = interview.draft if interview else InterviewDraft()
        self.plan_error.clear()
        self.reflection_error.clear()
        self.field.setText(draft.field)
        self.job_titles.setText(draft.job_titles)
        self.person_search.show_person(draft.contact_id)
        self.organization.setText(draft.organization)
        self.found_via.setCurrentIndex(self.found_via.findData(draft.found_via))
        done = draft.status is InterviewStatus.DONE
        self.status.setEnabled(not done)
        self.status.setCurrentIndex(max(0, self.status.findData(draft.status)))
        self.when.set_value(draft.scheduled_at)
        self.mode.setCurrentIndex(max(0, self.mode.findData(draft.mode)))
        self.location.setText(draft.location)
        self.pitch.setPlainText(draft.pitch)
        self.decline_button.setVisible(draft.status is InterviewStatus.DECLINED)
        self.delete_button.setEnabled(interview is not None)
        self._fill_questions()
        r = interview.reflection if interview else Reflection()
        self.profession.setPlainText(r.profession)
        self.workplace.setPlainText(r.workplace)
        self.credentials.setPlainText(r.credentials)
        self.interest.setValue(r.interest or 0)
        self.reflection_notes.setPlainText(r.notes)
        self.complete_button.setEnabled(interview is not None and not done)
        self.complete_button.setText("Completed" if done else "Complete interview")
        for tab in (QUESTIONS, RUN, REFLECT):
            self.tabs.setTabEnabled(tab, interview is not None)
        self.run_index = 0
        self._show_run()
        self.form_state.mark_clean()

    # -- plan ----------------------------------------------------------------------------------
    def current_draft(self) -> InterviewDraft:
        status = (
            self.current.status
            if self.current and not self.status.isEnabled()
            else InterviewStatus(self.status.currentData())
        )
        scheduled = self.when.value()
        return InterviewDraft(
            field=self.field.text(),
            job_titles=self.job_titles.text(),
            contact_id=self.person.contact_id(),
            organization=self.organization.text(),
            found_via=FoundVia(self.found_via.currentData()),
            pitch=self.pitch.toPlainText(),
            status=status,
            scheduled_at=scheduled
            if status is InterviewStatus.SCHEDULED or self.mode.currentData()
            else None,
            mode=InterviewMode(self.mode.currentData()) if self.mode.currentData() else None,
            location=self.location.text(),
        )

    @returns_when_busy
    def save_plan(self) -> bool:
        if not self.when.validate():
            self.plan_error.setText(self.when.problem())
            return False
        try:
            draft = self.current_draft()
            if self.current is None:
                saved = self.interviews.create(draft)
            else:
                saved = self.interviews.update(
                    self.current.id, replace(draft, notes=self.current.draft.notes)
                )
        except (InterviewError, NotFoundError) as exc:
            self.plan_error.setText(str(exc))
            return False
        self.current = saved
        self._fill(saved)  # as saved; the list follows from a pool thread
        self.status_message.emit(f"Saved the interview plan with {saved.who}.")
        self.refresh()
        return True

    @returns_when_busy
    def generate_pitch(self) -> None:
        try:
            text = self.interviews.pitch_for(
                self.current_draft(), question_count=len(self.current.questions) if self.current else 0
            )
        except InterviewError as exc:
            self.plan_error.setText(str(exc))
            return
        self.pitch.setPlainText(text)
        if "[" in text:
            self.plan_error.setText(
                "Fill the [bracketed] parts, or add your year, major and school to your profile."
            )

    @returns_when_busy
    def show_decline_draft(self) -> None:
        if self.current is None:
            return
        draft = self.interviews.decline_draft(self.current.id)
        QGuiApplication.clipboard().setText(draft.text)
        self.pitch.setPlainText(draft.text)
        self.status_message.emit("A polite thank-you for the “no” is in the pitch box and on the clipboard.")

    @returns_when_busy
    def delete(self) -> None:
        if self.current is None:
            return
        with contextlib.suppress(NotFoundError):
            self.interviews.delete(self.current.id)
        self.new_interview()  # the first one left is shown when the list lands
        self.status_message.emit("Interview deleted.")
        self.refresh()

    # -- reflection and completion -------------------------------------------------------------
    def current_reflection(self) -> Reflection:
        return Reflection(
            profession=self.profession.toPlainText(),
            workplace=self.workplace.toPlainText(),
            credentials=self.credentials.toPlainText(),
            interest=self.interest.value() or None,
            notes=self.reflection_notes.toPlainText(),
        )

    @returns_when_busy
    def save_reflection(self) -> bool:
        if self.current is None:
            return False
        try:
            self.current = self.interviews.save_reflection(self.current.id, self.current_reflection())
        except (InterviewError, NotFoundError) as exc:
            self.reflection_error.setText(str(exc))
            return False
        self.form_state.mark_reflection_clean()
        self.status_message.emit("Reflection saved.")
        return True

    @returns_when_busy
    def complete(self) -> None:
        if self.current is None:
            return
        self._save_run_note()
        try:
            done = self.interviews.complete(self.current.id, reflection=self.current_reflection())
        except (InterviewError, NotFoundError) as exc:
            self.reflection_error.setText(str(exc))
            return
        self.current = done.interview
        due = done.thank_you.due_at.astimezone() if done.thank_you else None
        when = f" — due {due:%a %b %d, %H:%M}" if due else ""
        self.status_message.emit(
            f"Interview with {done.interview.who} completed. Thank-you added to Follow-ups{when}. "
            + self.form_state.completed_warning()
        )
        self._fill(done.interview)
        self.interview_completed.emit(done.interview.id)
        self.refresh()

    # -- unsaved work (asked about by the main window before leaving the page) ----------------
    def has_unsaved_changes(self) -> bool:
        return self.form_state.has_unsaved_changes()

    def save_unsaved(self) -> bool:
        return self.form_state.save_unsaved()

    def discard_unsaved(self) -> None:
        self.form_state.discard_unsaved()
