"""Starting the GUI: one QApplication, the database opened (or a clear message why not), the window."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def run_gui(data_dir: Path | None = None, on_shown: Callable[[Any], None] | None = None) -> int:
    """Run the app until the window closes. ``on_shown(window)`` lets a smoke test look at it."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QMessageBox

    from netdesk import __version__
    from netdesk.services.database import DatabaseTooNewError, open_database
    from netdesk.services.paths import data_dir as resolve
    from netdesk.ui.busy import GUI_BUSY_TIMEOUT_MS
    from netdesk.ui.main_window import MainWindow
    from netdesk.ui.plain import inform
    from netdesk.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("netdesk")
    app.setApplicationDisplayName("netdesk")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("netdesk")
    app.setDesktopFileName("netdesk")
    apply_theme(app)
    try:
        # A short busy timeout: netdesk.ui.busy retries on a timer, so a lock never freezes the window.
        db = open_database(data_dir, busy_timeout_ms=GUI_BUSY_TIMEOUT_MS)
    except DatabaseTooNewError as exc:
        inform(None, "netdesk cannot open your data", str(exc), QMessageBox.Icon.Critical)
        return 1
    except Exception as exc:
        inform(  # the folder and the error are shown as text, whatever they contain
            None,
            "netdesk cannot open your data",
            f"The database in {resolve(data_dir)} could not be opened: {exc}\n\n"
            "Check the folder's permissions, or start netdesk with --data-dir pointing elsewhere.",
            QMessageBox.Icon.Critical,
        )
        return 1
    settings = QSettings(str(db.folder / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db, settings)
    window.show()
    if on_shown is not None:
        on_shown(window)
    try:
        return app.exec()
    finally:
        db.close()
