"""Small dialogs of the follow-up queue: a new lead deadline or custom follow-up, and "snooze
until a date". Both are opened with ``open()`` and report through signals."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.followups import FollowUpKind
from netdesk.services.contacts import ContactService, NotFoundError
from netdesk.services.followups import FollowUpError, FollowUpService
from netdesk.ui.busy import returns_when_busy
from netdesk.ui.date_field import DateField
from netdesk.ui.plain import plain_label


class NewFollowUpDialog(QDialog):
    """A lead deadline (reminded ahead of it) or a custom follow-up with a date."""

    followup_added = Signal(int)

    def __init__(
        self,
        followups: FollowUpService,
        contacts: ContactService,
        parent: QWidget | None = None,
        contact_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.followups = followups
        self.setWindowTitle("New follow-up")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.contact_box = QComboBox(self)
        for cid, label in contacts.choices():
            self.contact_box.addItem(label, cid)
        if contact_id is not None:
            self.contact_box.setCurrentIndex(max(self.contact_box.findData(contact_id), 0))
        self.kind_box = QComboBox(self)
        self.kind_box.addItem("Lead deadline", FollowUpKind.LEAD_DEADLINE.value)
        self.kind_box.addItem("Custom follow-up", FollowUpKind.CUSTOM.value)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText("e.g. Apply to the internship program when grades are posted")
        self.when_edit = DateField(self, optional=False, what="The date")
        in_a_week = date.today() + timedelta(days=7)
        self.when_edit.set_value(datetime.combine(in_a_week, self.when_edit.default_time).astimezone())
        self.when_label = QLabel("&Deadline", self)
        self.when_label.setBuddy(self.when_edit)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(90)
        form.addRow("&Contact", self.contact_box)
        form.addRow("&Kind", self.kind_box)
        form.addRow("&What to do", self.title_edit)
        form.addRow(self.when_label, self.when_edit)
        form.addRow("&Note", self.note_edit)
        layout.addLayout(form)
        self.hint = QLabel(self)
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.error_label = plain_label("", self)
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.kind_box.currentIndexChanged.connect(lambda _index: self._kind_changed())
        self._kind_changed()

    def kind(self) -> FollowUpKind:
        return FollowUpKind(self.kind_box.currentData())

    @returns_when_busy
    def _kind_changed(self) -> None:
        lead = self.kind() is FollowUpKind.LEAD_DEADLINE
        self.when_label.setText("&Deadline" if lead else "&Due")
        notice = self.followups.settings().lead_notice.days
        self.hint.setText(f"You will be reminded {notice} days before the deadline." if lead else "")

    @returns_when_busy
    def save(self) -> None:
        contact_id = self.contact_box.currentData()
        if contact_id is None:
            self.error_label.setText("Add the contact first; a follow-up belongs to a person.")
            return
        when = self.when_edit.value()
        if when is None or not self.when_edit.validate():
            self.error_label.setText(self.when_edit.problem())
            return
        lead = self.kind() is FollowUpKind.LEAD_DEADLINE
        try:
            item = self.followups.add(
                int(contact_id),
                self.kind(),
                self.title_edit.text(),
                None if lead else when,
                deadline_at=when if lead else None,
                note=self.note_edit.toPlainText(),
            )
        except (FollowUpError, NotFoundError) as exc:
            self.error_label.setText(str(exc))
            return
        self.followup_added.emit(item.id)
        self.accept()


class SnoozeDateDialog(QDialog):
    """Pick the day a snoozed follow-up comes back (in the morning)."""

    date_chosen = Signal(date)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Snooze until…")
        layout = QVBoxLayout(self)
        self.calendar = QCalendarWidget(self)
        self.calendar.setMinimumDate(QDate.currentDate().addDays(1))
        self.calendar.setSelectedDate(QDate.currentDate().addDays(3))
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        layout.addWidget(self.calendar)
        hint = QLabel("It comes back at 9:00 that morning.", self)
        hint.setObjectName("muted")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._chosen)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.calendar.activated.connect(self._chosen)

    def _chosen(self) -> None:
        picked = self.calendar.selectedDate()
        self.date_chosen.emit(date(picked.year(), picked.month(), picked.day()))
        self.accept()
