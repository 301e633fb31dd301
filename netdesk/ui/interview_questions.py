"""The Questions tab of the interview planner: the bank by topic (wrapped whole), the questions
chosen for this interview (reordered, removed, your own added) and the count hint. Mixed into
``InterviewsPanel``, whose ``interviews`` service and ``current`` interview it works on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.interviews import Interview, InterviewError, QuestionDraft, question_count_hint
from netdesk.services.contacts import NotFoundError
from netdesk.services.interviews import InterviewService
from netdesk.ui.busy import returns_when_busy
from netdesk.ui.plain import plain_label, tooltip
from netdesk.ui.wrap_delegate import WrapDelegate

ID_ROLE = Qt.ItemDataRole.UserRole


def form_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("sectionTitle")
    return label


class QuestionsTab:
    """The Questions tab's widgets and actions (see the module docstring)."""

    interviews: InterviewService
    current: Interview | None
    bank: QTreeWidget
    chosen: QListWidget
    own: QLineEdit
    count_hint: QLabel

    def _build_questions(self) -> QWidget:
        page = QWidget(self)  # type: ignore[arg-type]
        self.bank = QTreeWidget(page)
        self.bank.setHeaderLabels(["Question bank"])
        self.bank.setItemDelegate(WrapDelegate(self.bank))  # whole questions, wrapped, never cut off
        self.bank.itemActivated.connect(lambda item, _c: self._add_from_bank(item))
        add = QPushButton("Add →", page)
        add.clicked.connect(lambda: self._add_from_bank(self.bank.currentItem()))
        self.chosen = QListWidget(page)
        self.chosen.setItemDelegate(WrapDelegate(self.chosen, padding=16))  # wrapped, never cut
        up = QPushButton("Up", page)
        up.clicked.connect(lambda: self._move(-1))
        down = QPushButton("Down", page)
        down.clicked.connect(lambda: self._move(1))
        remove = QPushButton("Remove", page)
        remove.setObjectName("dangerButton")
        remove.clicked.connect(self._remove_question)
        self.own = QLineEdit(page)
        self.own.setPlaceholderText("Your own question, then Enter")
        self.own.returnPressed.connect(self._add_own)
        self.count_hint = plain_label("", page)
        self.count_hint.setObjectName("muted")
        left = QVBoxLayout()
        left.addWidget(self.bank, 1)
        left.addWidget(add)
        moves = QHBoxLayout()
        for button in (up, down, remove):
            moves.addWidget(button)
        moves.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(form_label("Chosen for this interview", page))
        right.addWidget(self.chosen, 1)
        right.addLayout(moves)
        right.addWidget(self.own)
        right.addWidget(self.count_hint)
        layout = QHBoxLayout(page)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)
        for q in self.interviews.question_bank():
            top = self._topic_item(q.topic)
            child = QTreeWidgetItem([q.text + ("  (core)" if q.core else "")])
            child.setData(0, ID_ROLE, (q.text, q.topic, q.key))
            child.setToolTip(0, tooltip(q.text))
            top.addChild(child)
        self.bank.expandAll()
        return page

    def _topic_item(self, topic: str) -> QTreeWidgetItem:
        for i in range(self.bank.topLevelItemCount()):
            item = self.bank.topLevelItem(i)
            if item is not None and item.text(0) == topic:
                return item
        item = QTreeWidgetItem([topic])
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        self.bank.addTopLevelItem(item)
        return item

    def _fill_questions(self) -> None:
        self.chosen.clear()
        questions = self.current.questions if self.current else ()
        for n, q in enumerate(questions, 1):
            item = QListWidgetItem(f"{n}. {q.text}")
            item.setData(ID_ROLE, q.id)
            self.chosen.addItem(item)
        self.count_hint.setText(
            question_count_hint(len(questions)) or f"{len(questions)} questions: a good set."
        )

    def _add_from_bank(self, item: QTreeWidgetItem | None) -> None:
        data = item.data(0, ID_ROLE) if item is not None else None
        if self.current is None or not data:
            return
        text, topic, key = data
        self._add(QuestionDraft(text, topic, key))

    @returns_when_busy
    def _add_own(self) -> None:
        if self.current is not None and self._add(QuestionDraft(self.own.text(), "Your own")):
            self.own.clear()

    def _add(self, question: QuestionDraft) -> bool:
        assert self.current is not None
        try:
            self.current = self.interviews.add_question(self.current.id, question)
        except (InterviewError, NotFoundError) as exc:
            self.count_hint.setText(str(exc))
            return False
        self._fill_questions()
        self.chosen.setCurrentRow(self.chosen.count() - 1)
        return True

    def _selected_question(self) -> int | None:
        item = self.chosen.currentItem()
        return int(item.data(ID_ROLE)) if item is not None else None

    @returns_when_busy
    def _move(self, delta: int) -> None:
        qid = self._selected_question()
        if self.current is None or qid is None:
            return
        self.current = self.interviews.move_question(self.current.id, qid, delta)
        self._fill_questions()
        row = next(i for i, q in enumerate(self.current.questions) if q.id == qid)
        self.chosen.setCurrentRow(row)

    @returns_when_busy
    def _remove_question(self) -> None:
        qid = self._selected_question()
        if self.current is None or qid is None:
            return
        self.current = self.interviews.remove_question(self.current.id, qid)
        self._fill_questions()
