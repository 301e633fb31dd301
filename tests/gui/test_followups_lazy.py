"""The Follow-ups page at any size (issue 15): switching to it never waits for the queue, which
is read in a pool thread behind a placeholder; a long section is read a page at a time as it is
scrolled to."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from netdesk.domain.followups import FollowUpGroup, FollowUpKind
from netdesk.domain.models import Circle, ContactDraft
from netdesk.services import followup_pages
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database
from netdesk.services.followups import FollowUpService
from netdesk.ui.followup_model import ID_ROLE
from netdesk.ui.followups_panel import FollowUpsPanel

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support")


def test_switching_to_follow_ups_returns_before_the_queue_is_read(
    qtbot: Any, main_window: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = ContactService(db).create(ContactDraft(display_name="Ana Lima", circle=Circle.FRIEND))
    FollowUpService(db).add(
        ana.id, FollowUpKind.CUSTOM, "Send the article", datetime.now(UTC) - timedelta(days=1)
    )
    release, entered = threading.Event(), threading.Event()
    real_head = followup_pages.QueueReader.head

    def slow_head(self: Any, *args: Any, **kwargs: Any) -> Any:
        entered.set()
        assert release.wait(20)
        return real_head(self, *args, **kwargs)

    monkeypatch.setattr(followup_pages.QueueReader, "head", slow_head)
    beats: list[float] = []
    heartbeat = QTimer()
    heartbeat.timeout.connect(lambda: beats.append(time.perf_counter()))
    heartbeat.start(5)
    try:
        started = time.perf_counter()
        main_window.show_page(2)  # Follow-ups
        assert time.perf_counter() - started < 0.5
        qtbot.waitUntil(lambda: main_window.built_page("followups_panel") is not None)
        panel: FollowUpsPanel = main_window.followups_panel
        assert main_window.pages.currentWidget() is panel
        assert entered.wait(10)  # the read has started, in a pool thread ...
        shown = len(beats)
        qtbot.wait(100)
        assert len(beats) > shown + 3  # ... while the event loop goes on
        assert panel.stack.currentWidget() is panel.loading
        assert panel.model.rowCount() == 0
    finally:
        release.set()
        heartbeat.stop()
    qtbot.waitUntil(lambda: panel.stack.currentWidget() is panel.tree)
    assert panel.current_item() is not None and panel.current_item().headline == "Send the article"  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: "(1)" in main_window.nav.item(2).text())  # the overdue badge


def test_the_long_tail_is_read_as_it_is_scrolled_to(qtbot: Any, db: Database) -> None:
    now = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
    service = FollowUpService(db, clock=lambda: now, zone=UTC)
    ana = ContactService(db).create(ContactDraft(display_name="Ana Lima", circle=Circle.FAMILY))
    for n in range(3):
        service.add(ana.id, FollowUpKind.CUSTOM, f"Late {n}", now - timedelta(hours=n + 1))
    for n in range(120):
        service.add(ana.id, FollowUpKind.CUSTOM, f"Later {n}", now + timedelta(days=10, hours=n))
    panel = FollowUpsPanel(db, followups=service)
    qtbot.addWidget(panel)
    panel.loader.page_size = 25
    panel.resize(900, 500)
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh()
    panel.wait_for_queue()
    model = panel.model
    later = model.group_index(FollowUpGroup.LATER)
    overdue = model.group_index(FollowUpGroup.OVERDUE)
    assert model.rowCount(overdue) == 3  # overdue first, whole
    assert model.rowCount(later) == 25 and model.more_to_read(later)
    assert later.data() == "Later  ·  120"
    for _ in range(20):  # scroll to the end until everything is read
        panel.tree.verticalScrollBar().setValue(panel.tree.verticalScrollBar().maximum())
        panel.wait_for_queue()
        if model.rowCount(later) == 120:
            break
    assert model.rowCount(later) == 120 and not model.more_to_read(later)
    titles = [model.index(r, 1, later).data() for r in range(120)]
    assert titles == [f"Later {n}" for n in range(120)]  # in order, none twice
    ids = [model.index(r, 0, later).data(ID_ROLE) for r in range(120)]
    assert len(set(ids)) == 120
