"""An event's goals as the user typed them: counted ones with their progress, the rest as
checkboxes the user ticks (``domain.event_goals``). Shown while the event runs and in its summary.

Goal text is the user's own: labels are plain text, checkbox text has '&' escaped, and long
lines are elided with the whole line in the tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QProgressBar, QSizePolicy, QWidget

from netdesk.domain.event_goals import GoalProgress
from netdesk.services.contacts import NotFoundError
from netdesk.ui.busy import DatabaseBusyError
from netdesk.ui.plain import button_text, plain_label, tooltip

#: Widest a goal's text gets before it is elided (the tooltip has all of it).
TEXT_WIDTH = 330


class GoalsView(QWidget):
    """``tick(key, checked)`` stores a checkbox goal's tick; without it the boxes are read-only."""

    goal_checked = Signal(str, bool)
    status_message = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        tick: Callable[[str, bool], None] | None = None,
        columns: int = 1,
        empty_text: str = "No goals were set for this event.",
    ) -> None:
        super().__init__(parent)
        self.tick = tick
        self.columns = max(1, columns)
        self.empty_text = empty_text
        self.checks: dict[str, QCheckBox] = {}
        self.bars: list[QProgressBar] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(4)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def _elided(self, text: str, width: int = TEXT_WIDTH) -> str:
        return QFontMetrics(self.font()).elidedText(text, Qt.TextElideMode.ElideRight, width)

    def set_goals(self, goals: Sequence[GoalProgress]) -> None:
        while (item := self.grid.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.checks.clear()
        self.bars.clear()
        if not goals:
            empty = QLabel(self.empty_text, self)
            empty.setObjectName("muted")
            self.grid.addWidget(empty, 0, 0)
            return
        for i, goal in enumerate(goals):
            row, column = divmod(i, self.columns)
            self.grid.addWidget(self._goal_widget(goal), row, column)
        for column in range(self.columns):
            self.grid.setColumnStretch(column, 1)

    def _goal_widget(self, goal: GoalProgress) -> QWidget:
        if goal.checkable:
            box = QCheckBox(button_text(self._elided(goal.label)), self)
            box.setToolTip(tooltip(goal.label))
            box.setChecked(goal.complete)
            box.setEnabled(self.tick is not None)
            box.toggled.connect(lambda on, key=goal.key: self._toggled(key, on))
            self.checks[goal.key] = box
            return box
        holder = QWidget(self)
        row = QGridLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.setHorizontalSpacing(8)
        done = min(goal.done, goal.target)
        label = plain_label(self._elided(goal.label, TEXT_WIDTH - 170), holder)
        label.setToolTip(tooltip(goal.text))
        bar = QProgressBar(holder)
        bar.setRange(0, goal.target)
        bar.setValue(done)
        bar.setFormat(f"{done} of {goal.target}")
        bar.setTextVisible(False)  # the count beside it stays readable over any chunk colour
        bar.setFixedSize(80, 8)
        bar.setAccessibleName(goal.text)
        count = QLabel(f"{done} of {goal.target}" + ("  ✓" if goal.complete else ""), holder)
        count.setMinimumWidth(QFontMetrics(self.font()).horizontalAdvance("000 of 000  ✓"))
        if goal.complete:
            count.setStyleSheet("font-weight: 600;")
        self.bars.append(bar)
        row.addWidget(label, 0, 0)
        row.addWidget(bar, 0, 1)
        row.addWidget(count, 0, 2)
        row.setColumnStretch(0, 1)
        return holder

    def _toggled(self, key: str, checked: bool) -> None:
        if self.tick is None:
            return
        try:
            self.tick(key, checked)
        except (DatabaseBusyError, NotFoundError) as exc:
            box = self.checks.get(key)
            if box is not None:  # not stored: show what is stored
                box.blockSignals(True)
                box.setChecked(not checked)
                box.blockSignals(False)
            if isinstance(exc, NotFoundError):
                self.status_message.emit(str(exc))
            return  # busy: the guard has told the user already
        self.goal_checked.emit(key, checked)
