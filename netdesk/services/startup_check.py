"""The window's start-up quick_check, run beside the imports instead of after them.

At start the app checks the database (``PRAGMA quick_check``) before it shows anything; at
100,000 contacts that is a quarter of a second of SQLite reading every page. SQLite lets go of
the GIL while it reads, so the check runs in a thread on its own read-only connection while the
main thread imports SQLAlchemy and the window (about half a second), and ``open_database`` takes
its answer instead of checking again. Whatever the thread could not settle (no file yet, a lock,
a file SQLite will not open) is left to ``open_database``, which checks then as before.

This module imports nothing heavy: it is used before SQLAlchemy is loaded.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class EarlyCheck:
    """``quick_check`` of ``path`` in a daemon thread; ``answer()`` waits for it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._settled = False
        self._problem: str | None = None
        self._thread = threading.Thread(target=self._run, name="netdesk-quick-check", daemon=True)

    def start(self) -> EarlyCheck:
        # Imported here, not in the thread: two threads importing (compiling) at once can fail
        # on Python 3.11 ("AST constructor recursion depth mismatch"; see ui/warm_up.py).
        from netdesk.storage import integrity  # noqa: F401

        self._thread.start()
        return self

    def _run(self) -> None:
        from netdesk.storage.integrity import connect_readonly, quick_check  # imported by start()

        if not self.path.is_file() or self.path.stat().st_size == 0:
            return  # nothing to check yet: open_database decides what that means
        try:
            conn = connect_readonly(self.path)
        except sqlite3.Error:
            return
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # a file SQLite reads at all
            self._problem = quick_check(conn)
            self._settled = True
        except sqlite3.Error:
            return  # locked, or not a database: checked again, with the usual messages, at open
        finally:
            conn.close()

    def answer(self) -> tuple[bool, str | None]:
        """(settled, problem): ``settled`` False means "check again yourself"."""
        self._thread.join()
        return self._settled, self._problem


def start_early_check(folder: Path) -> EarlyCheck:
    from netdesk.storage.names import DB_FILENAME

    return EarlyCheck(folder / DB_FILENAME).start()
