"""Starting the GUI: one QApplication, the database opened (or a clear message why not), the window."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

RECOVER = 75  # the event loop's exit code when damage was found while the window ran


def run_gui(
    data_dir: Path | None = None,
    on_shown: Callable[[Any], None] | None = None,
    *,
    files: Sequence[str] = (),
) -> int:
    """Run the app until the window closes. ``on_shown(window)`` lets a smoke test look at it;
    ``files`` open in the window once it shows (ui/file_opener.py).

    A database that cannot be used — at start, or damaged while the window runs — leads to the
    recovery dialog; once it is put right, the window opens (again) on the recovered data.
    """
    from PySide6.QtWidgets import QApplication

    from netdesk import APP_ID, __version__
    from netdesk.services.paths import data_dir as resolve
    from netdesk.services.startup_check import start_early_check
    from netdesk.ui.single_instance import Handover, Inbox, claim, server_name
    from netdesk.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("netdesk")
    app.setApplicationDisplayName("netdesk")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("netdesk")
    app.setDesktopFileName(APP_ID)  # the installed launcher: Wayland matches its icon and name
    # A window already open on this data folder takes the files instead (ui/single_instance.py).
    claimed = claim(server_name(resolve(data_dir)), files)
    if claimed is Handover.DONE:
        return 0
    if claimed is Handover.UNANSWERED:
        print(
            "netdesk: netdesk is already open on this data folder but did not answer; switch to its "
            "window, or close it and try again.",
            file=sys.stderr,
        )
        return 1
    assert not isinstance(claimed, Handover)
    inbox = Inbox(files)  # opened in the window once it shows
    claimed.files_received.connect(inbox.deliver)
    # The start-up quick_check reads the file while SQLAlchemy and the window are imported.
    early: Any = start_early_check(resolve(data_dir))
    apply_theme(app)
    # When nothing unusual is due, the window paints its list before SQLAlchemy is imported.
    first: Any = first_paint(app, resolve(data_dir))
    if first is not None:
        first.settle(app)
    forced: Any = None  # a RecoveryNeeded found while the last window ran
    message = ""
    try:
        while True:
            # Should the database need a word (recovery, an error), the painted window goes first.
            db = _open_or_recover(data_dir, forced, early, first.discard if first is not None else None)
            early = None  # a recovered or reopened file is checked at open, as usual
            if first is not None and (db is None or isinstance(db, str)):
                first = None  # discarded
            elif first is not None and first.window.closed_early:  # closed while it opened
                first.discard()
                db.close()
                return 0
            elif first is not None:
                first.attach(db)  # the painted window gets the services
            if db is None:
                return 1
            if isinstance(db, str):
                message, forced = db, None
                continue
            window, first = (first.window if first is not None else None), None
            code, forced = _run_window(app, db, on_shown, message, inbox, window)
            if forced is None:
                return code
            message = ""
    finally:
        if first is not None:
            first.discard()
        claimed.close()
        claimed.deleteLater()


# What opening and attach() import, biggest first; each is imported between two turns of events.
_OPENING = (
    "sqlalchemy",
    "sqlalchemy.orm",
    "netdesk.storage.models",
    "netdesk.services.database",
    "netdesk.services.contacts",
    "netdesk.services.followups",
    "netdesk.ui.contact_editor",
    "netdesk.ui.interaction_log",
    "netdesk.ui.backup_actions",
    "netdesk.ui.changes",
    "netdesk.ui.change_routes",
    "netdesk.ui.me_actions",
    "netdesk.ui.merge_dialog",
    "netdesk.ui.sync_actions",
    "netdesk.ui.recovery_dialog",
    "netdesk.ui.db_health",
)


class _FirstPaint:
    """The window painted over a plain read-only listing, waiting for the open database."""

    def __init__(self, window: Any, listing: Any) -> None:
        self.window = window
        self.listing = listing

    def settle(self, app: Any) -> None:
        """Import what opening the database and the rest of the window needs a piece at a time,
        the window painting and taking input between them (a search typed now runs once the
        services are there). ``sqlalchemy`` is one piece of ~0.2 s: its package imports it all."""
        import importlib

        for name in _OPENING:
            importlib.import_module(name)
            app.processEvents()

    def attach(self, db: Any) -> None:
        self.window.attach(db)
        self.listing.close()  # the services read the table's rows from now on

    def discard(self) -> None:
        """The database needs a word first (recovery, an error): the usual path takes over."""
        if self.listing.closed:
            return
        self.window.hide()
        self.window.deleteLater()
        self.listing.close()


def first_paint(app: Any, folder: Path) -> _FirstPaint | None:
    """Show the window over ``services/early_listing.py`` and return once it has painted; None
    when the window must wait for the database (none yet, a migration due, unreadable)."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, QTimer

    from netdesk.services.early_listing import open_early
    from netdesk.ui.main_window import MainWindow

    listing = open_early(folder)
    if listing is None:
        return None
    settings = QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(None, settings, early=listing)
    loop = QEventLoop()

    class Painted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                QTimer.singleShot(0, loop.quit)  # once this paint pass is on the screen
            return False

    painted = Painted()
    window.installEventFilter(painted)
    QTimer.singleShot(1000, loop.quit)  # no paint (a hidden screen): go on anyway
    window.show()
    loop.exec()
    window.removeEventFilter(painted)
    return _FirstPaint(window, listing)


def _open_or_recover(
    data_dir: Path | None, forced: Any, early: Any = None, trouble: Callable[[], None] | None = None
) -> Any:
    """The opened database; a status sentence after a recovery (then open again); None to quit.
    ``trouble()`` runs before any dialog shows."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    from netdesk.services.database import (
        DatabaseTooNewError,
        ReadOnlyDataError,
        RecoveryNeeded,
        open_database,
    )
    from netdesk.services.paths import data_dir as resolve
    from netdesk.ui.busy import GUI_BUSY_TIMEOUT_MS
    from netdesk.ui.plain import inform
    from netdesk.ui.recovery_dialog import RecoveryDialog, describe

    need = forced
    if need is None:
        try:
            # A short busy timeout: netdesk.ui.busy retries on a timer, so a lock never freezes the window.
            return open_database(data_dir, check=True, busy_timeout_ms=GUI_BUSY_TIMEOUT_MS, early=early)
        except RecoveryNeeded as exc:
            need = exc
        except (DatabaseTooNewError, ReadOnlyDataError) as exc:
            if trouble is not None:
                trouble()
            inform(None, "netdesk cannot open your data", str(exc), QMessageBox.Icon.Critical)
            return None
        except Exception as exc:
            if trouble is not None:
                trouble()
            inform(  # the folder and the error are shown as text, whatever they contain
                None,
                "netdesk cannot open your data",
                f"The database in {resolve(data_dir)} could not be opened: {exc}\n\n"
                "Check the folder's permissions, or start netdesk with --data-dir pointing elsewhere.",
                QMessageBox.Icon.Critical,
            )
            return None
    if trouble is not None:
        trouble()
    dialog = RecoveryDialog(need)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.summary is None:
        return None
    return describe(dialog.summary)


def _run_window(
    app: Any, db: Any, on_shown: Callable[[Any], None] | None, message: str, inbox: Any, window: Any = None
) -> tuple[int, Any]:
    """Show the window until it closes: (exit code, RecoveryNeeded if damage was found meanwhile).

    Files in ``inbox`` (given at start, or by a later launch) are opened in it while it shows.
    ``window``: already shown by first_paint() and attached to ``db``.
    """
    from PySide6.QtCore import QSettings, QThreadPool, QTimer
    from PySide6.QtWidgets import QLabel

    from netdesk.services.recovery import damaged
    from netdesk.ui.db_health import DatabaseHealth
    from netdesk.ui.main_window import MainWindow
    from netdesk.ui.plain import inform

    if window is None:
        window = MainWindow(db, QSettings(str(db.folder / "window.ini"), QSettings.Format.IniFormat))
    settings = window.settings
    health = DatabaseHealth(db, window)
    found: list[str] = []

    def on_damage(problem: str) -> None:
        found.append(problem)
        QTimer.singleShot(0, lambda: app.exit(RECOVER))

    health.damage_found.connect(on_damage)
    health.read_only_write.connect(
        lambda: inform(
            window,
            "Read-only",
            f"Your data folder {db.folder} cannot be written to, so netdesk can show and export your "
            "network but not change it.",
        )
    )
    health.busy.connect(
        lambda: window.statusBar().showMessage(
            "Another program is writing to your network; nothing was changed — try again in a moment.", 10000
        )
    )
    health.install()
    if db.read_only:
        banner = QLabel("Read-only: this data folder cannot be written to — browse and export only.", window)
        banner.setObjectName("fieldError")
        window.statusBar().addPermanentWidget(banner)
        window.setWindowTitle("netdesk — read-only")
    window.show()
    if message:
        window.statusBar().showMessage(message, 15000)
    if not db.read_only:
        QTimer.singleShot(5000, lambda: health.start_daily_check(settings))
    openers: list[Any] = []

    def receive(files: list[str]) -> None:
        if not openers:  # event mode and the importers (OpenCV, zxing-cpp) load with the first files
            from netdesk.ui.file_opener import FileOpener

            openers.append(FileOpener(window))
        openers[0].receive(files)

    inbox.attach(receive)
    if on_shown is not None:
        on_shown(window)
    try:
        code = app.exec()
    finally:
        inbox.detach()
        health.uninstall()
        window.close()
        # Work still running in the window's pools (a list read, the badges, a backup) ends
        # before the database closes under it and before the interpreter does.
        for pool in window.findChildren(QThreadPool):
            pool.waitForDone(30_000)
        window.deleteLater()
        db.close()
    if code == RECOVER and found:
        return code, damaged(db.folder, found[0])
    return code, None
