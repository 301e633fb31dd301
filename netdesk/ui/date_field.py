"""One date(-time) field for every form: typed text that saves exactly what was typed.

QDateTimeEdit edits sections: typing "2027-01-15 17:00" over a half-selected section could keep
another year or minute, and the form then saved a date nobody typed. This field is a line edit
read by ``netdesk.domain.typed_dates`` (ISO order, with or without a time), a calendar pop-up
that sets the day and keeps the typed time, and one line under the field: a sentence when the
text is not a date (checked when focus leaves), or a warning the form asks for (a deadline in
the past). A blank field is no date when the field is optional.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.typed_dates import TypedDateError, format_typed, parse_typed, past_warning
from netdesk.ui.plain import plain_label

Check = Callable[[datetime], str]  # a warning sentence for a valid value, or ""


class _DateLine(QLineEdit):
    """Alt+Down (or F4) opens the calendar, as in a date edit."""

    popup_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt_down or event.key() == Qt.Key.Key_F4:
            self.popup_requested.emit()
            return
        super().keyPressEvent(event)


class CalendarPopup(QFrame):
    """The calendar under the field; a click (or Enter) picks the day and closes it."""

    picked = Signal(date)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        # Qt's size hint squeezes the six weeks under the theme's font (the last row was cut off):
        # room for a header row, six week rows and the month bar, each a line of text and padding.
        line = self.calendar.fontMetrics().height() + 10
        self.calendar.setMinimumSize(max(280, self.calendar.sizeHint().width()), 7 * line + 36)
        self.calendar.activated.connect(self._picked)
        self.calendar.clicked.connect(self._picked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.calendar)

    def _picked(self, day: QDate) -> None:
        self.picked.emit(date(day.year(), day.month(), day.day()))
        self.close()

    def show_at(self, anchor: QWidget, day: date) -> None:
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.adjustSize()
        below = anchor.mapToGlobal(QPoint(0, anchor.height()))
        screen = anchor.screen().availableGeometry()
        x = min(below.x(), screen.right() - self.width())
        y = (
            below.y()
            if below.y() + self.height() <= screen.bottom()
            else below.y() - anchor.height() - self.height()
        )
        self.move(max(screen.left(), x), max(screen.top(), y))
        self.show()
        self.calendar.setFocus()


class DateField(QWidget):
    """``value()`` is the typed moment (aware, local), None when blank or not a date."""

    edited = Signal()  # text typed or a day picked

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        with_time: bool = True,
        optional: bool = True,
        default_time: time = time(9, 0),
        what: str = "The date",
    ) -> None:
        super().__init__(parent)
        self.with_time = with_time
        self.optional = optional
        self.default_time = default_time
        self.what = what
        self._checks: list[Check] = []
        self.edit = _DateLine(self)
        self.edit.setPlaceholderText(
            ("YYYY-MM-DD HH:MM" if with_time else "YYYY-MM-DD") + ("  (optional)" if optional else "")
        )
        self.edit.setToolTip("Type the date, or press Alt+Down for the calendar.")
        self.edit.setClearButtonEnabled(optional)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setToolTip("Pick the day from a calendar (Alt+Down)")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setAccessibleName("Calendar")
        self.popup: CalendarPopup | None = None  # made on first use: a pop-up is a top-level window
        self.note = plain_label("", self)
        self.note.setObjectName("fieldError")
        self.note.setWordWrap(True)
        self.note.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.setFocusProxy(self.edit)
        self.button.clicked.connect(self.open_calendar)
        self.edit.popup_requested.connect(self.open_calendar)
        # Focus leaving (or Enter) after an edit checks the text; no focusOutEvent override, which
        # Qt also calls while the widget is being destroyed.
        self.edit.editingFinished.connect(self.validate)
        self.edit.textEdited.connect(self._typed)

    # -- value ---------------------------------------------------------------------------------
    def text(self) -> str:
        return self.edit.text()

    def _parse(self) -> datetime | None:
        return parse_typed(
            self.edit.text(), with_time=self.with_time, default_time=self.default_time, zone=None
        )

    def value(self) -> datetime | None:
        try:
            return self._parse()
        except TypedDateError:
            return None

    def set_value(self, value: datetime | None) -> None:
        self.edit.setText(format_typed(value, with_time=self.with_time))
        self.edit.setCursorPosition(0)
        self._show_note("")

    def add_check(self, check: Check) -> None:
        """A warning to show for a valid date (e.g. a deadline in the past); it never blocks."""
        self._checks.append(check)

    def warn_when_past(self) -> None:
        self.add_check(lambda when: past_warning(when, datetime.now().astimezone(), self.what))

    def problem(self) -> str:
        """Why the text cannot be saved, or "" when it can."""
        try:
            value = self._parse()
        except TypedDateError as exc:
            return str(exc)
        if value is None and not self.optional:
            return (
                f"{self.what} is needed. Type it as {'2027-01-15 17:00' if self.with_time else '2027-01-15'}."
            )
        return ""

    def warning(self) -> str:
        value = self.value()
        if value is None:
            return ""
        return " ".join(w for w in (check(value) for check in self._checks) if w)

    def validate(self) -> bool:
        """Show the problem (or the warning) under the field; False when the text is not a date."""
        problem = self.problem()
        self._show_note(problem or self.warning())
        return not problem

    def _show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    # -- typing and the calendar ---------------------------------------------------------------
    def _typed(self, _text: str) -> None:
        if self.note.isVisible() and not self.problem():
            self._show_note(self.warning())
        self.edited.emit()

    def open_calendar(self) -> None:
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.picked.connect(self._day_picked)
        current = self.value()
        self.popup.show_at(self.edit, (current or datetime.now()).date())

    def _day_picked(self, day: date) -> None:
        current = self.value()
        moment = current.time() if current is not None else self.default_time
        self.set_value(datetime.combine(day, moment).astimezone())
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)
        self.validate()
        self.edited.emit()
