"""Follow-ups that tell the truth: no mail app, the next 24 hours, the calendar from the File menu."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from netdesk.domain.followups import FollowUpKind
from netdesk.domain.models import Circle, ContactDraft, Email, EventDraft, EventKind
from netdesk.services.database import Database, open_database
from netdesk.services.events import EventService
from netdesk.services.followups import FollowUpService
from netdesk.services.people import PeopleService
from netdesk.ui import draft_dialog
from netdesk.ui.followups_panel import FollowUpsPanel

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support")

NY = ZoneInfo("America/New_York")
MET = datetime(2026, 11, 20, 19, 0, tzinfo=NY)  # an evening social


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "data")
    social = EventService(db).create(EventDraft(name="Alumni Social", kind=EventKind.NETWORKING_SOCIAL))
    people = PeopleService(db)
    for name, mail, at in (
        ("Dana Reyes", "dana@harborlabs.example", MET),
        ("Sam Ortiz", "", MET + timedelta(minutes=40)),
    ):
        people.add(
            ContactDraft(
                display_name=name,
                emails=(Email(mail),) if mail else (),
                event_id=social.id,
                met_at=at,
                circle=Circle.PROFESSIONAL,
            ),
            conversation="the summer software internship",
        )
    yield db
    db.close()


def _panel(qtbot: Any, db: Database, now: datetime) -> FollowUpsPanel:
    panel = FollowUpsPanel(db, followups=FollowUpService(db, clock=lambda: now, zone=NY))
    qtbot.addWidget(panel)
    panel.resize(1000, 600)
    panel.show()
    panel.wait_for_queue()  # read in a pool thread
    return panel


def test_header_counts_what_is_due_in_the_next_24_hours(qtbot: Any, database: Database) -> None:
    # 21:00 the evening of the social: both thank-yous are due tomorrow evening, not "today".
    panel = _panel(qtbot, database, MET + timedelta(hours=2))
    assert panel.summary.text() == "2 due in the next 24 hours"
    # The next evening: Dana's is 30 minutes overdue, Sam's due in 10 minutes.
    panel = _panel(qtbot, database, MET + timedelta(hours=24, minutes=30))
    assert panel.summary.text() == "1 overdue · 1 due in the next 24 hours"
    panel = _panel(qtbot, database, MET - timedelta(days=3))
    assert panel.summary.text() == "Nothing due in the next 24 hours"


def _draft_for(qtbot: Any, database: Database, name: str) -> draft_dialog.DraftDialog:
    panel = _panel(qtbot, database, MET + timedelta(hours=2))
    item = next(
        i for i in panel.followups.queue() if i.contact_name == name and i.kind is FollowUpKind.THANK_YOU
    )
    assert panel.select(item.id)
    dialog = panel.open_draft()
    assert dialog is not None
    qtbot.addWidget(dialog)
    return dialog


def test_mailto_with_no_handler(
    qtbot: Any, database: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    opened: list[str] = []

    def no_handler(url: Any) -> bool:
        opened.append(url.toString())
        return False

    monkeypatch.setattr(QDesktopServices, "openUrl", no_handler)
    monkeypatch.setattr(draft_dialog, "mailto_handler_present", lambda: None)
    dialog = _draft_for(qtbot, database, "Dana Reyes")
    messages: list[str] = []
    dialog.status_message.connect(messages.append)
    assert not dialog.mail_notice.isVisible()
    dialog.open_button.click()
    assert opened and opened[0].startswith("mailto:dana@harborlabs.example")
    assert dialog.mail_notice.isVisible()
    assert "Could not open a mail app" in dialog.mail_notice_label.text()
    assert dialog.notice_copy_button.isVisible() and dialog.notice_save_button.isVisible()
    assert not any("Opened" in m or "Handed" in m for m in messages)
    assert dialog.last_url is None

    dialog.notice_copy_button.click()
    assert "It was great to hear about the summer software internship." in QApplication.clipboard().text()
    written = dialog.save_eml(tmp_path / "thank-you")
    assert written == tmp_path / "thank-you.eml"
    msg = email.message_from_bytes(written.read_bytes(), policy=email.policy.default)
    assert msg["To"] == "dana@harborlabs.example"
    assert msg["Subject"] == "Thank you for speaking with me at Alumni Social"
    body = msg.get_body(("plain",))
    assert body is not None and "the summer software internship" in body.get_content()


def test_a_desktop_without_a_mailto_handler_is_not_even_asked(
    qtbot: Any, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: calls.append(url) or True)
    monkeypatch.setattr(draft_dialog, "mailto_handler_present", lambda: False)
    dialog = _draft_for(qtbot, database, "Dana Reyes")
    dialog.open_button.click()
    assert calls == [] and dialog.mail_notice.isVisible()


def test_contact_without_an_email_is_said_up_front(
    qtbot: Any, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: calls.append(url) or True)
    dialog = _draft_for(qtbot, database, "Sam Ortiz")
    assert dialog.mail_notice.isVisible()
    assert "no e-mail address" in dialog.mail_notice_label.text()
    dialog.open_button.click()
    assert calls == []


def test_file_menu_exports_the_follow_ups_to_a_calendar(
    qtbot: Any, main_window: Any, db: Database, tmp_path: Path
) -> None:
    PeopleService(db).add(
        ContactDraft(display_name="Dana Reyes", met_at=datetime.now(UTC), circle=Circle.PROFESSIONAL),
        event_name="Alumni Social",
        conversation="the summer software internship",
    )
    file_menu = main_window.menuBar().actions()[0].menu()
    action = next(
        a for a in file_menu.actions() if a.text().replace("&", "") == "Export follow-ups to calendar…"
    )
    action.trigger()
    dialog = next(
        w for w in QApplication.topLevelWidgets() if w.isVisible() and hasattr(w, "calendar_button")
    )
    assert dialog.calendar_chosen() and dialog.windowTitle() == "Export follow-ups to a calendar"
    target = tmp_path / "followups.ics"
    dialog.path_edit.setText(str(target))
    with qtbot.waitSignal(dialog.exported, timeout=10_000):
        dialog.export_button.click()
    cal = Calendar.from_ical(target.read_bytes())
    summaries = sorted(str(e["summary"]) for e in cal.walk("VEVENT"))
    assert summaries == ["Keep in touch: Dana Reyes", "Thank-you: Dana Reyes"]
    assert all(e.get("uid") and e.get("dtstart") for e in cal.walk("VEVENT"))
