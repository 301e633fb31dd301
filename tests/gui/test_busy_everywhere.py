"""Every panel's writes wait visibly while another program holds the database, then land.

Same set-up as ``test_busy``: a plain-sqlite3 holder process in ``BEGIN IMMEDIATE`` for about
half a second, the window's connections on the short GUI busy timeout, and a heartbeat QTimer
that must keep firing while the action waits. Without the guard each action below fails with
"database is locked" instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from netdesk.domain.followups import FollowUpKind, FollowUpStatus
from netdesk.domain.models import ContactDraft, Email
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database, open_database
from netdesk.services.events import EventService
from netdesk.services.followups import FollowUpService
from netdesk.services.interviews import InterviewService
from netdesk.services.leads import LeadService
from tests.gui.test_busy import HOLDER, _watch

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints")

HELD = 0.5


@pytest.fixture
def db(data_dir: Path) -> Iterator[Database]:
    from netdesk.ui.busy import GUI_BUSY_TIMEOUT_MS

    database = open_database(data_dir, busy_timeout_ms=GUI_BUSY_TIMEOUT_MS)
    yield database
    database.close()


@pytest.fixture
def hold(data_dir: Path) -> Iterator[Callable[[float], Any]]:
    import subprocess
    import sys

    from netdesk.storage.engine import DB_FILENAME

    started: list[subprocess.Popen[str]] = []

    def start(seconds: float) -> subprocess.Popen[str]:
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(data_dir / DB_FILENAME), str(seconds)],
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(holder)
        assert holder.stdout is not None and holder.stdout.readline().strip() == "LOCKED"
        return holder

    yield start
    for holder in started:
        holder.kill()
        holder.wait(timeout=10)


def _while_held(window: Any, hold: Callable[[float], Any], action: Callable[[], Any]) -> Any:
    """Run ``action`` while the lock is held; assert the window waited visibly and stayed alive."""
    from PySide6.QtWidgets import QApplication

    from netdesk.ui.busy import BUSY_MESSAGE

    hold(HELD)
    seen, heartbeat = _watch(window)
    started = time.monotonic()
    result = action()
    waited = time.monotonic() - started
    heartbeat.stop()
    assert waited > HELD / 2, "the lock was held: the action had to wait"
    assert BUSY_MESSAGE in seen["messages"]
    assert seen["wait_cursor"]
    assert seen["beats"] >= 3, "the event loop kept running while the action waited"
    assert window.statusBar().currentMessage() != BUSY_MESSAGE
    assert QApplication.overrideCursor() is None
    return result


def _contact(db: Database, name: str, **kw: Any) -> int:
    return ContactService(db).create(ContactDraft(display_name=name, **kw)).id


def test_adding_an_event_waits_then_lands(main_window: Any, db: Database, hold: Any) -> None:
    panel = main_window.events_panel
    panel.name.setText("Spring Career Fair")
    _while_held(main_window, hold, panel.add_event)
    assert [e.name for e in EventService(db).list()] == ["Spring Career Fair"]
    assert panel.tree.topLevelItemCount() == 1


def test_marking_a_follow_up_done_waits_then_lands(main_window: Any, db: Database, hold: Any) -> None:
    cid = _contact(db, "Grace Liu")
    followups = FollowUpService(db)
    item = followups.add(cid, FollowUpKind.CUSTOM, "Send the article", datetime(2024, 5, 2, tzinfo=UTC))
    panel = main_window.followups_panel
    panel.refresh()
    panel.wait_for_queue()  # read in a pool thread
    assert panel.select(item.id)
    _while_held(main_window, hold, panel.mark_done)
    assert followups.get(item.id).status is not FollowUpStatus.OPEN


def test_saving_a_lead_waits_then_lands(main_window: Any, db: Database, hold: Any) -> None:
    panel = main_window.leads_panel
    panel.new_lead()
    panel.organization.setText("Woods Hole")
    panel.role.setText("Summer internship")
    assert _while_held(main_window, hold, panel.save) is True
    assert [lead.draft.organization for lead in LeadService(db).list()] == ["Woods Hole"]


def test_saving_an_interview_plan_waits_then_lands(main_window: Any, db: Database, hold: Any) -> None:
    cid = _contact(db, "Elena Ramírez", organization="South Coast Marine Lab")
    panel = main_window.interviews_panel
    panel.refresh()
    panel.new_interview()
    panel.field.setText("marine biology")
    panel.person_search.show_person(cid)
    assert _while_held(main_window, hold, panel.save_plan) is True
    assert len(InterviewService(db).list()) == 1


def test_merging_two_contacts_waits_then_lands(main_window: Any, qtbot: Any, db: Database, hold: Any) -> None:
    from netdesk.ui.merge_dialog import MergeDialog

    keep = _contact(db, "José Núñez", emails=(Email("jose@globex.com"),))
    other = _contact(db, "Jose Nunez", emails=(Email("jose@globex.com"),))
    dialog = MergeDialog(db, keep, other, main_window.undo_stack, main_window)
    qtbot.addWidget(dialog)
    dialog.open()
    with qtbot.waitSignal(dialog.merged, timeout=5000):
        _while_held(main_window, hold, dialog.merge)
    assert [c.id for c in ContactService(db).list("")] == [keep]


def test_importing_a_vcard_waits_in_its_worker_then_lands(
    main_window: Any, qtbot: Any, db: Database, hold: Any, tmp_path: Path
) -> None:
    from netdesk.ui.busy import WORKER_WAIT_MESSAGE
    from netdesk.ui.import_dialog import PREVIEW, ImportDialog

    card = tmp_path / "ada.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\nEND:VCARD\r\n")
    dialog = ImportDialog(db, main_window, [card])
    qtbot.addWidget(dialog)
    reported: list[str] = []
    dialog.status_message.connect(reported.append)
    dialog.open()
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == PREVIEW, timeout=10_000)
    hold(HELD)
    seen, heartbeat = _watch(main_window)
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.import_button.click()
    heartbeat.stop()
    assert WORKER_WAIT_MESSAGE in reported, "the worker said it was waiting for another program"
    assert seen["beats"] >= 3
    assert [c.name for c in ContactService(db).list("")] == ["Ada Lovelace"]


def test_an_action_that_gives_up_says_who_holds_the_lock_without_a_traceback(
    main_window: Any, qtbot: Any, db: Database, hold: Any
) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from netdesk.ui import busy

    busy.install(main_window, db.path, give_up_after=0.6)
    panel = main_window.events_panel
    panel.name.setText("Spring Career Fair")
    holder = hold(60)
    panel.add_button.click()  # through the signal: an exception here would fail the test
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert any(f"(pid {holder.pid})" in b.text() for b in boxes)
    for box in boxes:
        box.close()
    assert QApplication.overrideCursor() is None
    assert panel.name.text() == "Spring Career Fair", "the form keeps what the user typed"
    holder.kill()
    holder.wait(timeout=10)
    assert EventService(db).list() == []


def test_a_worker_that_gives_up_names_the_holder_and_can_be_cancelled(db: Database, hold: Any) -> None:
    from netdesk.services.contacts import ContactService
    from netdesk.ui.busy import WORKER_WAIT_MESSAGE, DatabaseBusyError, retry_while_locked

    holder = hold(60)
    said: list[str] = []

    def write() -> None:
        ContactService(db).create(ContactDraft(display_name="Ada Lovelace"))

    with pytest.raises(DatabaseBusyError, match=rf"\(pid {holder.pid}\)"):
        retry_while_locked(write, db.path, waiting=said.append, give_up_after=0.5)
    assert said == [WORKER_WAIT_MESSAGE]

    class Cancelled(Exception):
        pass

    def stop() -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        retry_while_locked(write, db.path, waiting=said.append, stop=stop)
    holder.kill()
    holder.wait(timeout=10)
    assert ContactService(db).count() == 0
