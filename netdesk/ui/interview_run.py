"""The Run tab of the interview planner: one question at a time, big, with its notes, saved as
the user moves on (a distraction-free view for the conversation itself). Mixed into
``InterviewsPanel``, whose ``interviews`` service, ``current`` interview and tabs it works on."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.interviews import Interview
from netdesk.services.interviews import InterviewService
from netdesk.ui.busy import returns_when_busy
from netdesk.ui.plain import plain_label

PLAN, QUESTIONS, RUN, REFLECT = range(4)  # the planner's tabs


class RunTab:
    """The Run tab's widgets and moves (see the module docstring)."""

    interviews: InterviewService
    current: Interview | None
    tabs: QTabWidget
    run_index: int
    run_progress: QLabel
    run_question: QLabel
    run_note: QPlainTextEdit
    next_button: QPushButton

    def _build_run(self) -> QWidget:
        page = QWidget(self)  # type: ignore[arg-type]
        page.setObjectName("card")
        self.run_progress = plain_label("", page)  # the question's topic
        self.run_progress.setObjectName("muted")
        self.run_question = plain_label("", page)  # questions are the user's own words
        self.run_question.setObjectName("pageTitle")
        self.run_question.setWordWrap(True)
        self.run_note = QPlainTextEdit(page)
        self.run_note.setPlaceholderText("Notes for this question…")
        previous = QPushButton("Previous", page)
        previous.clicked.connect(lambda: self.go_to(self.run_index - 1))
        self.next_button = QPushButton("Next", page)
        self.next_button.setObjectName("primaryButton")
        self.next_button.clicked.connect(lambda: self.go_to(self.run_index + 1))
        nav = QHBoxLayout()
        nav.addWidget(previous)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(40, 30, 40, 24)
        layout.addWidget(self.run_progress)
        layout.addWidget(self.run_question)
        layout.addWidget(self.run_note, 1)
        layout.addLayout(nav)
        return page

    @returns_when_busy
    def _tab_changed(self, index: int) -> None:
        if index != RUN:
            self._save_run_note()
        else:
            self._show_run()

    def _save_run_note(self) -> None:
        if self.current is None or not self.current.questions:
            return
        if not 0 <= self.run_index < len(self.current.questions):
            return
        question = self.current.questions[self.run_index]
        note = self.run_note.toPlainText().strip()
        if note != question.note:
            saved = self.interviews.save_note(self.current.id, question.id, note)
            questions = list(self.current.questions)
            questions[self.run_index] = saved
            self.current = replace(self.current, questions=tuple(questions))

    @returns_when_busy
    def go_to(self, index: int) -> None:
        self._save_run_note()
        count = len(self.current.questions) if self.current else 0
        if count:
            if index >= count:
                self.tabs.setCurrentIndex(REFLECT)
                return
            self.run_index = max(0, index)
        self._show_run()

    def _show_run(self) -> None:
        questions = self.current.questions if self.current else ()
        if not questions:
            self.run_progress.setText("")
            self.run_question.setText("Choose your questions first (10-12 work well).")
            self.run_note.setEnabled(False)
            self.run_note.clear()
            return
        self.run_index = min(self.run_index, len(questions) - 1)
        q = questions[self.run_index]
        self.run_progress.setText(f"Question {self.run_index + 1} of {len(questions)} · {q.topic}")
        self.run_question.setText(q.text)
        self.run_note.setEnabled(True)
        self.run_note.setPlainText(q.note)
        last = self.run_index == len(questions) - 1
        self.next_button.setText("To the reflection" if last else "Next")
