"""File › Sync… against a real Radicale (tests/dav_server.py): Sync now from the dialog lands
contacts in the window, a wrong password gets a sentence, Cancel leaves nothing half-applied."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from netdesk.services.contacts import ContactService
from netdesk.services.database import Database
from netdesk.services.demo import load_demo
from tests.dav_server import PASSWORD, USER, RadicaleServer


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RadicaleServer]:
    srv = RadicaleServer(tmp_path / "radicale").start()
    yield srv
    srv.stop()


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never the developer's keyring: the fail backend, as on a system without one."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


def open_sync(window: Any) -> Any:
    from netdesk.ui.sync_dialog import SyncDialog

    window.sync.dialog_action.trigger()
    dialog = window.findChild(SyncDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def fill(dialog: Any, server: RadicaleServer, password: str = PASSWORD) -> None:
    dialog.url.setText(server.url)
    dialog.user.setText(USER)
    dialog.password.setText(password)


def sync_and_wait(qtbot: Any, dialog: Any, signal: str = "synced") -> None:
    with qtbot.waitSignal(getattr(dialog.sync, signal), timeout=60_000):
        dialog.sync_button.click()
    qtbot.waitUntil(lambda: not dialog.sync.is_busy(), timeout=10_000)
    QApplication.processEvents()


def snapshot(db: Database) -> tuple[Any, ...]:
    from sqlalchemy import text

    tables = (
        "sync_account",
        "sync_collection",
        "sync_item",
        "sync_run",
        "sync_change",
        "contact",
        "followup",
    )
    with db.sessions() as s:
        return tuple(tuple(s.execute(text(f"SELECT * FROM {t} ORDER BY 1")).all()) for t in tables)


def phone_card(uid: str, name: str) -> bytes:
    family, _, given = name.partition(" ")[::-1]
    return (
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{name}\r\nN:{family};{given};;;\r\n"
        "EMAIL:rosa@example.org\r\nEND:VCARD\r\n"
    ).encode()


def test_sync_now_from_the_dialog_lands_contacts_in_the_window(
    qtbot: Any, main_window: Any, db: Database, server: RadicaleServer
) -> None:
    load_demo(db)
    people = ContactService(db).count()
    dialog = open_sync(main_window)
    assert dialog.last_label.text() == "Not synced yet."
    fill(dialog, server)
    sync_and_wait(qtbot, dialog)
    result = dialog.sync.last_result
    assert result.contacts.pushed == people
    assert dialog.result_label.text() == dialog.sync.sentence(result) and dialog.error_label.text() == ""
    assert dialog.last_label.text().startswith("Last synced ")
    assert dialog.password.text() == ""  # kept in memory only (no keyring here), never in the field

    from netdesk.services.sync.state import load_state

    with db.sessions() as s:
        folder = load_state(s, "contacts").url  # type: ignore[union-attr]
    status, _, _ = server.request("PUT", folder + "phone-1.vcf", phone_card("phone-1", "Rosa Diaz"))
    assert status == 201
    sync_and_wait(qtbot, dialog)  # the password typed before is still known this session
    assert dialog.sync.last_result.contacts.pulled == 1
    main_window.changes.flush()
    panel = main_window.contacts_panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == people + 1, timeout=10_000)
    assert "Rosa Diaz" in {c.name for c in ContactService(db).search_full()}
    assert "1 received" in main_window.statusBar().currentMessage()


def test_a_wrong_password_gets_a_sentence_and_saves_nothing(
    qtbot: Any, main_window: Any, db: Database, server: RadicaleServer
) -> None:
    load_demo(db)
    before = snapshot(db)
    dialog = open_sync(main_window)
    fill(dialog, server, "not the password")
    sync_and_wait(qtbot, dialog, "failed")
    text = dialog.error_label.text()
    assert "refused the user name or password" in text and "nothing was changed here" in text
    assert USER not in text and "not the password" not in text
    assert snapshot(db) == before
    assert dialog.sync.account() is None


def test_cancel_leaves_nothing_half_applied_and_the_next_sync_finishes(
    qtbot: Any, main_window: Any, db: Database, server: RadicaleServer
) -> None:
    from netdesk.services.followups import FollowUpService
    from netdesk.services.sync import SyncService

    load_demo(db)
    FollowUpService(db).regenerate()
    before = snapshot(db)
    actions = main_window.sync
    puts: list[str] = []

    def hook(method: str, _url: str) -> None:  # Cancel pressed while the first cards go up
        if method == "PUT":
            puts.append(method)
            if len(puts) == 3:  # what the Cancel button does, from the worker's thread here
                assert actions.runner.task is not None
                actions.runner.task.cancel()

    actions._service = SyncService(db, on_request=hook)
    dialog = open_sync(main_window)
    fill(dialog, server)
    with qtbot.waitSignal(actions.busy_changed, timeout=5_000):
        dialog.sync_button.click()
    assert dialog.cancel_button.isVisible() and not dialog.sync_button.isEnabled()
    assert dialog.stage_label.isVisible() and dialog.progress.isVisible()
    _nothing_squeezed(qtbot, dialog)  # the dialog grew for the progress instead
    qtbot.waitUntil(lambda: not actions.is_busy(), timeout=60_000)
    assert dialog.error_label.text() == "The sync was cancelled; nothing was changed here."
    _nothing_squeezed(qtbot, dialog)
    assert snapshot(db) == before  # not one row written here
    actions._service = SyncService(db)
    sync_and_wait(qtbot, dialog)
    assert dialog.error_label.text() == ""
    # the cards sent before Cancel were recognised: one card per contact, and nothing left to do
    uids = _server_uids(db, server)
    assert (
        len(uids)
        == ContactService(db).count()
        == len({c.draft.uid for c in ContactService(db).search_full()})
    )
    sync_and_wait(qtbot, dialog)
    assert dialog.result_label.text() == "Everything was already in sync."


def _server_uids(db: Database, server: RadicaleServer) -> set[str]:
    import re

    from netdesk.services.sync.state import load_state

    with db.sessions() as s:
        folder = load_state(s, "contacts").url  # type: ignore[union-attr]
    status, body, _ = server.request(
        "REPORT",
        folder,
        b"<C:addressbook-query xmlns:D='DAV:' xmlns:C='urn:ietf:params:xml:ns:carddav'>"
        b"<D:prop><C:address-data/></D:prop></C:addressbook-query>",
        {"Depth": "1", "Content-Type": "application/xml"},
    )
    assert status == 207
    return set(re.findall(r"UID:([^\r\n<]+)", body.decode()))


class MemoryKeyring:
    """A keyring backend in memory (``keyring.set_keyring``), as a system with one would have."""

    priority = 1

    def __init__(self) -> None:
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str) -> str | None:
        return self.saved.get((service, user))

    def set_password(self, service: str, user: str, password: str) -> None:
        self.saved[(service, user)] = password

    def delete_password(self, service: str, user: str) -> None:
        self.saved.pop((service, user), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    import keyring
    from keyring.backend import KeyringBackend

    class Backend(MemoryKeyring, KeyringBackend):  # type: ignore[misc]
        priority = 1  # type: ignore[assignment]

    backend = Backend()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_connection_test_says_what_it_found_and_creates_nothing(
    qtbot: Any, main_window: Any, db: Database, server: RadicaleServer
) -> None:
    dialog = open_sync(main_window)
    fill(dialog, server)
    with qtbot.waitSignal(dialog.sync.tested, timeout=30_000):
        dialog.test_button.click()
    assert dialog.found_label.text() == (
        "Connected. Found no address book yet: the first sync creates one named “netdesk”; "
        "no task list yet: the first sync creates one named “netdesk”."
    )
    assert dialog.sync.account() is None  # a test saves nothing
    sync_and_wait(qtbot, dialog)
    with qtbot.waitSignal(dialog.sync.tested, timeout=30_000):
        dialog.test_button.click()
    assert dialog.found_label.text() == ("Connected. Found address book “netdesk”; task list “netdesk”.")


def test_with_a_keyring_the_password_is_kept_there_and_the_timer_syncs(
    qtbot: Any, main_window: Any, db: Database, server: RadicaleServer, memory_keyring: Any
) -> None:
    dialog = open_sync(main_window)
    assert dialog.remember.isVisible() and dialog.remember.isChecked()
    fill(dialog, server)
    sync_and_wait(qtbot, dialog)
    assert list(memory_keyring.saved.values()) == [PASSWORD]
    assert dialog.password.placeholderText() == "Saved — leave empty to use it"
    dialog.every_box.setChecked(True)
    dialog.every_minutes.setValue(15)
    actions = main_window.sync
    assert actions.timer.isActive() and actions.timer.interval() == 15 * 60_000
    assert main_window.settings.value("sync/every_minutes") in (15, "15")
    dialog.close()
    with qtbot.waitSignal(actions.synced, timeout=60_000):
        actions.timer.timeout.emit()  # as if 15 minutes had passed, dialog closed
    assert actions.last_result.sentence() == "Everything was already in sync."
    dialog = open_sync(main_window)
    dialog.every_box.setChecked(False)
    assert not actions.timer.isActive() and main_window.settings.value("sync/every_minutes") in (0, "0")


def _nothing_squeezed(qtbot: Any, dialog: Any) -> None:
    """Every field keeps its height and every wrapped sentence its lines (1280x720 was clipped)."""
    from PySide6.QtWidgets import QAbstractSpinBox, QLabel, QLineEdit

    def whole() -> bool:
        QApplication.processEvents()
        fields = [
            w
            for w in dialog.findChildren(QLineEdit)
            if w.isVisible() and not isinstance(w.parentWidget(), QAbstractSpinBox)
        ]
        labels = [w for w in dialog.findChildren(QLabel) if w.isVisible() and w.wordWrap() and w.text()]
        return all(f.height() >= f.sizeHint().height() for f in fields) and all(
            label.height() >= label.heightForWidth(label.width()) for label in labels
        )

    qtbot.waitUntil(whole, timeout=3_000)
