"""The Follow-ups panel driven from the keyboard: Enter drafts, D marks done, S snoozes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtWidgets import QApplication

from netdesk.domain.followups import FollowUpGroup, FollowUpKind, FollowUpStatus
from netdesk.domain.models import Circle, ContactDraft, Email, EventDraft, EventKind, InteractionKind
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database, open_database
from netdesk.services.events import EventService
from netdesk.services.followups import FollowUpService
from netdesk.ui.followup_model import GROUP_ROLE, ID_ROLE, FollowUpModel
from netdesk.ui.followups_panel import FollowUpsPanel

# The offscreen platform cannot resize, raise or grab the keyboard for popups and dialogs; those
# notices are about the test platform, not the panel. Any other Qt warning still fails a test.
pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support")

NY = ZoneInfo("America/New_York")
MET = datetime(2026, 11, 20, 10, 15, tzinfo=NY)
NOW = MET + timedelta(hours=30)  # the thank-you is 6 hours overdue


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "data")
    fair = EventService(db).create(EventDraft(name="Fall Career Fair", kind=EventKind.CAREER_FAIR))
    contacts = ContactService(db)
    contacts.create(
        ContactDraft(
            display_name="José Núñez",
            given_name="José",
            organization="Harbor Music Studio",
            emails=(Email("jnunez@harbormusic.net"),),
            event_id=fair.id,
            met_at=MET,
            notes="The percussion internship",
            circle=Circle.PROFESSIONAL,
        )
    )
    contacts.create(
        ContactDraft(
            display_name="Grace Liu",
            emails=(Email("grace@example.org"),),
            event_id=fair.id,
            met_at=MET + timedelta(hours=8),
            circle=Circle.PROFESSIONAL,
        )
    )
    yield db
    db.close()


@pytest.fixture
def service(database: Database) -> FollowUpService:
    return FollowUpService(database, clock=lambda: NOW, zone=NY)


@pytest.fixture
def opened() -> list[QUrl]:
    return []


@pytest.fixture
def panel(qtbot: Any, database: Database, service: FollowUpService, opened: list[QUrl]) -> FollowUpsPanel:
    widget = FollowUpsPanel(database, url_opener=opened.append, followups=service)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.wait_for_queue()  # read in a pool thread
    widget.tree.setFocus()
    return widget


def section_names(panel: FollowUpsPanel) -> list[str]:
    model = panel.model
    return [model.index(r, 0).data(GROUP_ROLE) for r in range(model.rowCount())]


def ids_in(panel: FollowUpsPanel, group: FollowUpGroup) -> list[int]:
    parent = panel.model.group_index(group)
    return [panel.model.index(r, 0, parent).data(ID_ROLE) for r in range(panel.model.rowCount(parent))]


def test_model_passes_the_model_tester(
    qtmodeltester: Any, panel: FollowUpsPanel, service: FollowUpService
) -> None:
    qtmodeltester.check(panel.model)
    empty = FollowUpModel()
    qtmodeltester.check(empty)
    empty.set_groups(service.grouped(), NOW, NY)
    qtmodeltester.check(empty)


def test_queue_is_grouped_and_overdue_first(panel: FollowUpsPanel) -> None:
    assert section_names(panel) == ["OVERDUE", "TODAY", "LATER"]  # Grace: due 18:15 today
    current = panel.current_item()
    assert current is not None and current.contact_name == "José Núñez"
    assert current.kind is FollowUpKind.THANK_YOU
    when = panel.model.index_of(current.id, 3).data()
    assert when == "6 hours overdue"
    assert "1 overdue" in panel.summary.text()
    assert "percussion internship" in panel.detail.text()


def test_enter_opens_a_draft_whose_mailto_is_encoded(
    qtbot: Any, panel: FollowUpsPanel, opened: list[QUrl]
) -> None:
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.to_box.currentText() == "jnunez@harbormusic.net"
    assert dialog.subject_edit.text() == "Thank you for speaking with me at Fall Career Fair"
    dialog.body_edit.setPlainText("Dear José,\nThanks & see you; 100% sure?")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    url = dialog.last_url
    assert url is not None and opened[0].toString(QUrl.ComponentFormattingOption.FullyEncoded) == url
    parts = urlsplit(url)
    assert parts.path == "jnunez@harbormusic.net"
    query = parse_qs(parts.query)
    assert query["body"] == ["Dear José,\r\nThanks & see you; 100% sure?"]
    assert query["subject"] == ["Thank you for speaking with me at Fall Career Fair"]
    assert "%0D%0A" in url and "%26" in url and " " not in url


def test_hostile_address_is_refused_in_the_draft(
    qtbot: Any, panel: FollowUpsPanel, opened: list[QUrl]
) -> None:
    dialog = panel.open_draft()
    assert dialog is not None
    dialog.to_box.setEditText("a@b.c?attach=/etc/passwd&bcc=x@y")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert opened == []
    assert dialog.error_label.isVisible() and "not a single plain e-mail address" in dialog.error_label.text()


def test_mark_as_sent_logs_an_email_and_completes(
    qtbot: Any, panel: FollowUpsPanel, database: Database, service: FollowUpService
) -> None:
    thank = panel.current_item()
    assert thank is not None
    dialog = panel.open_draft()
    assert dialog is not None
    with qtbot.waitSignal(panel.followup_done) as blocker:
        qtbot.mouseClick(dialog.sent_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [thank.id]
    log = ContactService(database).interactions(thank.contact_id)
    assert [i.draft.kind for i in log] == [InteractionKind.EMAIL]
    assert log[0].draft.summary.startswith("E-mail sent: Thank you for speaking")
    assert thank.id not in {i.id for i in service.queue()}


def test_d_marks_done_and_updates_the_badge(qtbot: Any, panel: FollowUpsPanel, database: Database) -> None:
    thank = panel.current_item()
    assert thank is not None and panel.overdue_count() == 1
    with (
        qtbot.waitSignal(panel.overdue_count_changed) as badge,
        qtbot.waitSignal(panel.followup_done) as done,
    ):
        qtbot.keyClick(panel.tree, Qt.Key.Key_D)
    assert badge.args == [0] and done.args == [thank.id]
    assert "OVERDUE" not in section_names(panel)
    (logged,) = ContactService(database).interactions(thank.contact_id)
    assert logged.draft.kind is InteractionKind.EMAIL


def test_s_then_a_day_snoozes(qtbot: Any, panel: FollowUpsPanel, service: FollowUpService) -> None:
    thank = panel.current_item()
    assert thank is not None
    qtbot.keyClick(panel.tree, Qt.Key.Key_S)
    assert panel.snooze_menu.isVisible()
    day = panel.snooze_menu.actions()[0]
    with qtbot.waitSignal(panel.followup_snoozed) as blocker:
        day.trigger()
    panel.snooze_menu.close()
    assert blocker.args == [thank.id]
    panel.wait_for_queue()
    assert ids_in(panel, FollowUpGroup.SNOOZED) == [thank.id]
    stored = service.get(thank.id)
    assert stored.status is FollowUpStatus.SNOOZED and stored.snoozed_until == NOW + timedelta(days=1)
    assert panel.overdue_count() == 0


def test_done_another_way_logs_a_handwritten_note(panel: FollowUpsPanel, database: Database) -> None:
    thank = panel.current_item()
    assert thank is not None
    letter = next(a for a in panel.done_menu.actions() if "handwritten" in a.text())
    letter.trigger()
    (logged,) = ContactService(database).interactions(thank.contact_id)
    assert logged.draft.kind is InteractionKind.LETTER


def test_skip_and_new_lead_deadline(qtbot: Any, panel: FollowUpsPanel, service: FollowUpService) -> None:
    thank = panel.current_item()
    assert thank is not None
    with qtbot.waitSignal(panel.followup_skipped):
        qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
    assert service.get(thank.id).status is FollowUpStatus.SKIPPED
    panel.new_followup()
    dialog = panel.dialog
    assert dialog is not None
    dialog.title_edit.setText("Apply to the internship program")
    with qtbot.waitSignal(dialog.followup_added) as added:
        dialog.save()
    item = service.get(added.args[0])
    assert item.kind is FollowUpKind.LEAD_DEADLINE and item.deadline_at is not None
    panel.wait_for_queue()
    assert panel.current_item() is not None and panel.current_item().id == item.id  # type: ignore[union-attr]


def test_empty_queue_shows_a_hint(qtbot: Any, tmp_path: Path) -> None:
    db = open_database(tmp_path / "empty")
    try:
        widget = FollowUpsPanel(db)
        qtbot.addWidget(widget)
        assert widget.stack.currentWidget() is widget.loading
        widget.wait_for_queue()
        assert widget.stack.currentWidget() is widget.empty
        assert not widget.draft_button.isEnabled()
        assert widget.model.rowCount(QModelIndex()) == 0
    finally:
        db.close()


def test_screenshot_with_sample_data(panel: FollowUpsPanel) -> None:
    QApplication.processEvents()
    image = panel.grab()
    assert image.width() >= 1000 and image.height() >= 600
    assert image.save(str(Path("/tmp") / "followups_test.png"))
