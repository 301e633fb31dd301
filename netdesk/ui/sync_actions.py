"""Sync from the window (issue 17): File › Sync…, the worker that runs the sync service, the
optional timer, and where the password lives while netdesk is open.

One ``SyncActions`` per window, so a sync keeps running (and reports in the status bar) when the
Sync dialog is closed, and the timer works without the dialog. The dialog (``ui/sync_dialog.py``)
is a view over these signals. The sync runs in a ``BackgroundRunner`` thread with its own
sessions; Cancel is asked before every request and before writing here, so a cancelled sync
changes nothing here. What a sync changed here reaches every panel through the change bridge
(its transaction announces itself).

The password is kept in the system keyring when there is one; otherwise it is typed in the
dialog and held in this object's memory until netdesk closes (so the timer can sync), never
written anywhere.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QPushButton, QWidget
from shiboken6 import isValid

from netdesk.services.database import Database
from netdesk.ui.busy import DatabaseBusyError, retry_while_locked
from netdesk.ui.workers import BackgroundRunner, Task

if TYPE_CHECKING:  # the sync package loads on first use: it brings the card readers (OpenCV)
    from netdesk.services.sync import Account, Discovered, SyncResult, SyncService

log = logging.getLogger(__name__)

#: QSettings key: minutes between automatic syncs while the window is open (0: off).
EVERY_KEY = "sync/every_minutes"
STAGES = {
    "discovery": "Finding your address book and task list…",
    "fetch": "Reading what changed on the server…",
    "push": "Sending the changes made here…",
    "apply": "Saving what came from the server…",
}
CANCELLED = "The sync was cancelled; nothing was changed here."


def sentence_for(exc: BaseException) -> str:
    """What the user reads when a sync or connection test fails: never a name or password."""
    from netdesk.services.sync import RemoteError, SyncCancelledError

    if isinstance(exc, SyncCancelledError):
        return str(exc) or CANCELLED
    if isinstance(exc, RemoteError | DatabaseBusyError):
        return str(exc)
    log.warning("Sync failed: %s", type(exc).__name__)
    return (
        f"The sync stopped on an unexpected error ({type(exc).__name__}); nothing was changed here. "
        "Try again; if it happens again, report it with File › Back up now's backup kept."
    )


class SyncActions(QObject):
    status_message = Signal(str)
    busy_changed = Signal(bool)
    progressed = Signal(str, int, int)  # what it is doing, done, total (0: unknown)
    synced = Signal(object)  # SyncResult
    tested = Signal(object)  # Discovered
    failed = Signal(str)  # the sentence
    conflicts_counted = Signal(int)  # contacts with a sync conflict to resolve

    def __init__(self, db: Database, window: QWidget, settings: QSettings) -> None:
        super().__init__(window)
        self.setObjectName("sync_actions")
        self.db = db
        self.window = window
        self.settings = settings
        self._service: SyncService | None = None
        self.runner = BackgroundRunner(window)
        self.runner.busy_changed.connect(self.busy_changed)
        self.runner.waiting.connect(self._staged)  # another program holds the database
        self._passwords: dict[str, str] = {}  # typed this session, when no keyring keeps them
        self._stage = ""
        self.last_result: SyncResult | None = None
        self.last_error = ""
        self.on_synced: list[Callable[[SyncResult], None]] = []  # undo stack, conflict note
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync_on_timer)
        self.dialog_action = QAction("S&ync…", window)
        self.dialog_action.setStatusTip("Sync contacts and follow-ups with your CardDAV/CalDAV server")
        self.dialog_action.triggered.connect(lambda _checked=False: self.open_dialog())
        if db.read_only:
            self.dialog_action.setEnabled(False)
            self.dialog_action.setToolTip("A read-only data folder cannot be synced.")
        self._dialog: QWidget | None = None
        self._conflicts_dialog: QWidget | None = None
        self.conflicts = 0
        # "2 sync conflicts" in the status bar, a click away from resolving them
        # The window's own when it has one (in the status bar since its first paint, so the bar
        # keeps its height when this is made).
        placed = getattr(window, "sync_conflicts_button", None)
        self.conflicts_button = placed if isinstance(placed, QPushButton) else QPushButton("", window)
        self.conflicts_button.setObjectName("linkButton")
        self.conflicts_button.setToolTip("Contacts changed here and on the server: choose what to keep")
        self.conflicts_button.clicked.connect(self.open_conflicts)
        self.conflicts_button.hide()
        if placed is None and isinstance(window, QMainWindow):
            window.statusBar().addPermanentWidget(self.conflicts_button)
        bridge = getattr(window, "changes", None)  # a sync, a merge, a restore, another program
        if bridge is not None:
            bridge.changed.connect(self._changed)
        QTimer.singleShot(0, self.refresh_conflicts)
        self.on_synced.append(self._push_undo)
        self.set_every(self.every_minutes(), save=False)
        app = QCoreApplication.instance()
        if app is not None:  # a sync still running when netdesk quits is cancelled and waited for
            app.aboutToQuit.connect(self.runner.cancel_and_wait)

    @property
    def service(self) -> SyncService:
        if self._service is None:
            from netdesk.services.sync import SyncService

            self._service = SyncService(self.db)
        return self._service

    # -- account and password --------------------------------------------------------------------
    def account(self) -> Account | None:
        return self.service.account()

    def last_synced(self) -> datetime | None:
        return self.service.last_synced()

    def keyring(self) -> bool:
        from netdesk.services.sync import keyring_available

        return keyring_available()

    def password_for(self, account: Account) -> str | None:
        """The password typed this session, else the keyring's; None: it must be typed."""
        from netdesk.services.sync import keyring_password

        return self._passwords.get(account.key) or keyring_password(account)

    def _keep_password(self, account: Account, password: str, remember: bool) -> None:
        from netdesk.services.sync import keyring_available, remember_password

        if remember and keyring_available() and remember_password(account, password):
            self._passwords.pop(account.key, None)
        else:
            self._passwords[account.key] = password  # memory only, until netdesk closes

    # -- settings ------------------------------------------------------------------------------
    def every_minutes(self) -> int:
        try:
            return max(0, int(str(self.settings.value(EVERY_KEY, 0))))
        except ValueError:
            return 0

    def set_every(self, minutes: int, *, save: bool = True) -> None:
        """Sync every ``minutes`` while the window is open (0: never by itself)."""
        if save:
            self.settings.setValue(EVERY_KEY, int(minutes))
        if minutes > 0 and not self.db.read_only:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    # -- running ---------------------------------------------------------------------------------
    def is_busy(self) -> bool:
        return self.runner.is_busy()

    def cancel(self) -> None:
        if self.runner.task is not None:
            self.runner.cancel()
            self.progressed.emit("Cancelling…", 0, 0)

    def test(self, account: Account, password: str) -> bool:
        """Log in and look for the collections (nothing is created or saved); ``tested`` or ``failed``."""
        if self.is_busy():
            return False
        service = self.service

        def work(task: Task) -> Discovered:
            return service.test(account, password, cancelled=task.cancelled)

        def done(found: object) -> None:
            self.last_error = ""
            self.tested.emit(found)

        self._start("Testing the connection…", work, done, account)
        return True

    def sync_now(
        self, account: Account | None = None, password: str | None = None, remember: bool = True
    ) -> bool:
        """Start a sync (the saved account and password unless given); False when it cannot start:
        one is running, or there is no account or password (``failed`` says what to do)."""
        if self.is_busy():
            return False
        account = account or self.account()
        if account is None:
            self._fail("No sync server is set up yet; open File › Sync…, give its address and sync.")
            return False
        password = password if password is not None else self.password_for(account)
        if not password:
            self._fail("Type the password in File › Sync… (no system keyring keeps it here), then sync.")
            return False
        service, db_path = self.service, self.db.path

        from netdesk.services.sync import SyncCancelledError, SyncResult

        def work(task: Task) -> SyncResult:
            sent = [0, 0]  # in the push step: requests sent so far, changes to send
            pushing = [False]

            def progress(what: str, done: int, total: int) -> None:
                if what == "request":  # one request: in the push step, one change sent
                    if pushing[0] and sent[1]:
                        sent[0] = min(sent[0] + 1, sent[1])
                        task.progress(sent[0], sent[1])
                    return
                pushing[0] = what == "push"
                if pushing[0]:
                    if total:  # the push begins (the engine checks Cancel again every 50)
                        sent[0], sent[1] = 0, total
                    done, total = sent[0], sent[1]
                task.report_stage(STAGES.get(what, ""))
                task.progress(done, total)

            def stop() -> None:
                if task.cancelled():
                    raise SyncCancelledError(CANCELLED)

            return retry_while_locked(
                lambda: service.sync(account, password, progress=progress, cancelled=task.cancelled),
                db_path,
                waiting=task.report_waiting,
                stop=stop,
            )

        def done(result: object) -> None:
            assert isinstance(result, SyncResult)
            self._keep_password(account, password, remember)
            self.last_result, self.last_error = result, ""
            for hook in list(self.on_synced):
                hook(result)
            self.status_message.emit(self.sentence(result))
            self.synced.emit(result)

        self._start("Syncing…", work, done, account)
        return True

    def sync_on_timer(self) -> None:
        if self.is_busy() or self.account() is None:
            return
        account = self.account()
        if account is not None and self.password_for(account):
            self.sync_now()

    def _start(
        self,
        label: str,
        work: Callable[[Task], Any],
        done: Callable[[object], None],
        account: Account,
    ) -> None:
        from netdesk.services.sync import AuthenticationError

        self._stage = label

        def error(exc: BaseException) -> None:
            if isinstance(exc, AuthenticationError):
                self._passwords.pop(account.key, None)  # no longer works: asked again
            self._fail(sentence_for(exc))

        task = self.runner.start(label, work, done, error, progress_dialog=False)
        task.signals.stage.connect(self._staged)
        task.signals.progressed.connect(lambda d, t: self.progressed.emit(self._stage, d, t))
        self.progressed.emit(label, 0, 0)

    def _staged(self, text: str) -> None:
        if text:
            self._stage = text
            self.progressed.emit(text, 0, 0)

    def _fail(self, sentence: str) -> None:
        self.last_error = sentence
        self.status_message.emit(sentence)
        self.failed.emit(sentence)

    def sentence(self, result: SyncResult) -> str:
        undo = " Edit › Undo takes back what it changed here." if result.run_id is not None else ""
        return result.sentence() + undo

    def _push_undo(self, result: SyncResult) -> None:
        """A sync that changed something here goes on the window's undo stack (Edit › Undo)."""
        stack = getattr(self.window, "undo_stack", None)
        if stack is None or result.run_id is None:
            return
        from netdesk.services.sync.history import SyncHistory
        from netdesk.ui.busy import guarded
        from netdesk.ui.sync_undo import SyncCommand

        stack.push(SyncCommand(guarded(SyncHistory(self.db), self.window), result, stack))

    # -- conflicts -------------------------------------------------------------------------------
    def refresh_conflicts(self) -> int:
        from netdesk.services.sync.conflicts import SyncConflicts

        try:
            count = SyncConflicts(self.db).count()
        except Exception as exc:  # a busy or damaged database: the note waits for the next change
            log.warning("Sync conflicts not counted: %s", type(exc).__name__)
            return self.conflicts
        self.conflicts = count
        if isValid(self.conflicts_button):
            self.conflicts_button.setText(f"{count} sync conflict{'s' if count != 1 else ''}")
            self.conflicts_button.setVisible(count > 0)
        self.conflicts_counted.emit(count)
        return count

    def _changed(self, changes: Any) -> None:
        if getattr(changes, "everything", False) or "sync_conflict" in getattr(changes, "tables", ()):
            self.refresh_conflicts()
        elif "contact" in getattr(changes, "tables", ()) and self.conflicts:
            self.refresh_conflicts()  # a contact deleted or merged takes its conflict with it

    def open_conflicts(self) -> QWidget:
        from netdesk.ui.sync_conflicts import SyncConflictDialog

        if self._conflicts_dialog is not None and isValid(self._conflicts_dialog):
            self._conflicts_dialog.raise_()
            self._conflicts_dialog.activateWindow()
            return self._conflicts_dialog
        dialog = SyncConflictDialog(self.db, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.status_message.connect(self.status_message)
        dialog.resolved.connect(lambda _id: self.refresh_conflicts())
        self._conflicts_dialog = dialog
        dialog.open()
        return dialog

    # -- the dialog ------------------------------------------------------------------------------
    def open_dialog(self) -> QWidget:
        from netdesk.ui.sync_dialog import SyncDialog

        if self._dialog is not None and isValid(self._dialog):
            self._dialog.raise_()
            self._dialog.activateWindow()
            return self._dialog
        dialog = SyncDialog(self, self.window)
        self._dialog = dialog
        dialog.open()
        return dialog
