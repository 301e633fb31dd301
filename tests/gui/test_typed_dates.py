"""Typed dates save exactly what was typed (issue 14): one shared field in Leads, Interviews,
Follow-ups and Events; a sentence under the field when the text is no date; warnings never block."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netdesk.domain.interviews import InterviewMode, InterviewStatus
from netdesk.domain.models import ContactDraft
from netdesk.services.contacts import ContactService
from netdesk.services.events import EventService
from netdesk.services.followups import FollowUpService
from netdesk.services.interviews import InterviewService
from netdesk.services.leads import LeadService

TYPED = "2027-01-15 17:00"
EXPECTED = datetime(2027, 1, 15, 17, 0)


def _type(qtbot: Any, field: Any, text: str) -> None:
    window = field.window()
    window.activateWindow()  # focus (and focus-out checks) need the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    field.edit.setFocus()
    qtbot.waitUntil(field.edit.hasFocus)
    field.edit.selectAll()
    qtbot.keyClick(field.edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(field.edit, text)


def _local(value: datetime | None) -> datetime:
    assert value is not None
    return value.astimezone().replace(tzinfo=None)


def test_lead_dates_keep_their_year_and_time(qtbot: Any, db: Any) -> None:
    from netdesk.ui.leads_panel import LeadsPanel

    panel = LeadsPanel(db)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.keyClicks(panel.organization, "Woods Hole")
    _type(qtbot, panel.deadline, TYPED)
    _type(qtbot, panel.follow_up_at, "2027-02-03")  # no time: the field's default, 09:00
    assert panel.save()
    (lead,) = LeadService(db).list()
    assert _local(lead.draft.deadline_at) == EXPECTED
    assert _local(lead.draft.follow_up_at) == datetime(2027, 2, 3, 9, 0)
    assert lead.draft.interview_at is None  # left blank: no date
    assert panel.deadline.text() == TYPED  # read back into the form as typed


def test_text_that_is_no_date_is_explained_and_not_saved(qtbot: Any, db: Any) -> None:
    from netdesk.ui.leads_panel import LeadsPanel

    panel = LeadsPanel(db)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.keyClicks(panel.organization, "Woods Hole")
    _type(qtbot, panel.deadline, "2027-02-30 10:00")
    panel.role.setFocus()  # focus leaves: the sentence appears under the field
    qtbot.waitUntil(lambda: panel.deadline.note.isVisible())
    assert "not a day of the calendar" in panel.deadline.note.text()
    assert not panel.save()
    assert LeadService(db).list() == []
    _type(qtbot, panel.deadline, "2020-03-01 10:00")  # in the past: warned, saved anyway
    assert panel.save()
    (lead,) = LeadService(db).list()
    assert _local(lead.draft.deadline_at) == datetime(2020, 3, 1, 10, 0)


def test_past_deadline_is_warned_on_focus_out(qtbot: Any, db: Any) -> None:
    from netdesk.ui.leads_panel import LeadsPanel

    panel = LeadsPanel(db)
    qtbot.addWidget(panel)
    panel.show()
    _type(qtbot, panel.deadline, "2020-03-01 10:00")
    panel.role.setFocus()
    qtbot.waitUntil(lambda: panel.deadline.note.isVisible())
    assert "The deadline is in the past" in panel.deadline.note.text()


@pytest.mark.qt_log_ignore("does not support grabbing the keyboard")  # offscreen pop-ups
def test_calendar_picks_the_day_and_keeps_the_typed_time(qtbot: Any, db: Any) -> None:
    from PySide6.QtCore import QDate

    from netdesk.ui.leads_panel import LeadsPanel

    panel = LeadsPanel(db)
    qtbot.addWidget(panel)
    panel.show()
    _type(qtbot, panel.deadline, TYPED)
    panel.deadline.open_calendar()
    popup = panel.deadline.popup
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    assert popup.calendar.selectedDate() == QDate(2027, 1, 15)
    popup.calendar.clicked.emit(QDate(2027, 3, 9))
    assert not popup.isVisible()
    assert panel.deadline.text() == "2027-03-09 17:00"


def test_interview_date_keeps_its_year_and_time(qtbot: Any, db: Any) -> None:
    from netdesk.ui.interviews_panel import InterviewsPanel

    panel = InterviewsPanel(db)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.keyClicks(panel.field, "marine biology")
    qtbot.keyClicks(panel.organization, "South Coast Marine Lab")
    panel.status.setCurrentIndex(panel.status.findData(InterviewStatus.SCHEDULED))
    panel.mode.setCurrentIndex(panel.mode.findData(InterviewMode.PHONE))
    _type(qtbot, panel.when, TYPED)
    assert panel.save_plan(), panel.plan_error.text()
    (interview,) = InterviewService(db).list()
    assert _local(interview.draft.scheduled_at) == EXPECTED


def test_followup_and_event_dates_keep_their_year_and_time(qtbot: Any, db: Any) -> None:
    from netdesk.domain.followups import FollowUpKind
    from netdesk.ui.events_panel import EventsPanel
    from netdesk.ui.followup_dialogs import NewFollowUpDialog

    cid = ContactService(db).create(ContactDraft(display_name="Grace Liu")).id
    followups = FollowUpService(db)
    dialog = NewFollowUpDialog(followups, ContactService(db), contact_id=cid)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData(FollowUpKind.CUSTOM.value))
    dialog.title_edit.setText("Send the article")
    _type(qtbot, dialog.when_edit, TYPED)
    with qtbot.waitSignal(dialog.followup_added) as added:
        dialog.save()
    assert _local(followups.get(added.args[0]).due_at) == EXPECTED

    events = EventsPanel(db)
    qtbot.addWidget(events)
    events.show()
    qtbot.keyClicks(events.name, "Spring Career Fair")
    _type(qtbot, events.when, TYPED)
    events.add_event()
    (event,) = EventService(db).list()
    assert _local(event.draft.starts_at) == EXPECTED


def test_contact_met_on_and_logged_interactions_keep_their_year_and_time(
    qtbot: Any, main_window: Any, db: Any
) -> None:
    contacts = ContactService(db)
    stored = datetime(2026, 11, 20, 10, 15, 42).astimezone()  # seconds the field does not show
    cid = contacts.create(ContactDraft(display_name="Grace Liu", met_at=stored)).id
    panel = main_window.contacts_panel
    panel.refresh()
    panel.select_contact(cid)
    editor = panel.editor
    qtbot.waitUntil(lambda: editor.contact_id() == cid)
    assert editor.met_at.text() == "2026-11-20 10:15"
    qtbot.keyClicks(editor.title, "Engineer")
    assert editor.save()
    assert contacts.get(cid).draft.met_at == stored  # untouched text: the stored moment to the second

    _type(qtbot, editor.met_at, TYPED)
    assert editor.save()
    assert _local(contacts.get(cid).draft.met_at) == EXPECTED

    _type(qtbot, editor.met_at, "15/01 afternoon")
    assert editor.save() is False  # no date: a sentence under the field, nothing saved
    assert editor.met_at.note.isVisible() and editor.met_at.note.text()
    assert _local(contacts.get(cid).draft.met_at) == EXPECTED
    _type(qtbot, editor.met_at, "")
    assert editor.save()  # blank: not known
    assert contacts.get(cid).draft.met_at is None

    log = panel.log
    _type(qtbot, log.when, "2026-03-04 08:30")
    log.summary.setPlainText("Coffee chat")
    log.add()
    (interaction,) = contacts.interactions(cid)
    assert _local(interaction.draft.occurred_at) == datetime(2026, 3, 4, 8, 30)
    assert log.when.text()[:4].isdigit()  # back to "now" for the next entry
