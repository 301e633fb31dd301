"""File › Export: the follow-ups as a calendar, tasks or events, through the same service as the CLI."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from icalendar import Calendar

from netdesk.domain.calendar import CalendarKind
from netdesk.domain.followups import FollowUpKind
from netdesk.domain.models import ContactDraft
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database
from netdesk.services.exchange import ExportFormat
from netdesk.services.followups import FollowUpService
from netdesk.ui.export_dialog import ExportDialog


def test_calendar_choice_writes_tasks_or_events(qtbot: Any, db: Database, tmp_path: Path) -> None:
    contacts = ContactService(db)
    ana = contacts.create(ContactDraft(display_name="Ana Lee"))
    contacts.create(ContactDraft(display_name="Grace Liu"))
    due = datetime.now(UTC) + timedelta(days=2)
    FollowUpService(db).add(ana.id, FollowUpKind.CUSTOM, "Send the portfolio", due)
    dialog = ExportDialog(db, None, search="Ana", folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.open()
    assert not dialog.kind_combo.isVisible()
    dialog.calendar_button.setChecked(True)
    assert dialog.kind_combo.isVisible()
    assert dialog.path_edit.text() == str(tmp_path / "netdesk-followups.ics")
    assert dialog.count_label.text().startswith("2 open follow-ups will be exported")  # + keep in touch
    assert dialog.calendar_kind() is CalendarKind.EVENTS
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(CalendarKind.TASKS.value))
    with qtbot.waitSignal(dialog.exported, timeout=10_000) as exported:
        dialog.export_button.click()
    assert exported.args == [str(tmp_path / "netdesk-followups.ics"), 2]
    cal = Calendar.from_ical((tmp_path / "netdesk-followups.ics").read_bytes())
    assert cal.walk("VEVENT") == []
    assert sorted(str(t["summary"]) for t in cal.walk("VTODO")) == [
        "Keep in touch: Ana Lee",
        "Send the portfolio: Ana Lee",
    ]


def test_switching_back_to_contacts_restores_the_contact_file(
    qtbot: Any, db: Database, tmp_path: Path
) -> None:
    dialog = ExportDialog(db, None, folder=tmp_path, calendar_kind=CalendarKind.TASKS)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.calendar_chosen() and dialog.calendar_kind() is CalendarKind.TASKS
    assert dialog.windowTitle() == "Export follow-ups to a calendar"
    dialog.set_format(ExportFormat.CSV)
    assert not dialog.calendar_chosen() and not dialog.kind_combo.isVisible()
    assert dialog.path_edit.text() == str(tmp_path / "netdesk-contacts.csv")
    assert dialog.windowTitle() == "Export contacts"
    dialog.reject()
