"""The process the fault tests kill: one merge, one import or one import undone, with a statement counter armed.

Run as ``python -m tests.fault.child MODE DATA_DIR KILL_AT [ARG...]`` from the project root.
Every SQL statement the unit of work sends is counted through sqlite3's trace callback; at
statement ``KILL_AT`` (before it runs) the process sends itself SIGKILL, so nothing — no
rollback, no ``finally``, no atexit — runs after it, exactly as when the machine loses power or
the user kills the app. ``KILL_AT`` 0 runs to the end and prints how many statements there were,
so the parent can spread its kill points over the whole transaction.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import event

from netdesk.services.database import Database, open_database


class StatementCounter:
    """Counts statements on every pooled connection once armed; kills the process at one of them."""

    def __init__(self, db: Database, kill_at: int) -> None:
        self.kill_at = kill_at
        self.count = 0
        self.armed = False
        event.listen(db.engine, "checkout", self._checkout)

    def _checkout(self, dbapi_connection: sqlite3.Connection, _record: Any, _proxy: Any) -> None:
        dbapi_connection.set_trace_callback(self._trace)

    def _trace(self, _sql: str) -> None:
        if not self.armed:
            return
        self.count += 1
        if self.count == self.kill_at:
            sys.stdout.flush()
            os.kill(os.getpid(), signal.SIGKILL)


def merge(db: Database, counter: StatementCounter, keep_id: int, other_id: int) -> None:
    from netdesk.services.duplicates import DuplicateService

    service = DuplicateService(db)
    candidate = service.candidate(keep_id, other_id)
    counter.armed = True
    service.merge(keep_id, other_id, candidate.merged)


def import_file(db: Database, counter: StatementCounter, path: str) -> None:
    from netdesk.services.importer import ImportService

    service = ImportService(db)
    preview = service.preview_paths([path])
    counter.armed = True
    # The pre-import backup is a separate file written before the transaction; what is killed
    # here is the transaction itself.
    service.commit(preview, backup=False)


def undo_import(db: Database, counter: StatementCounter, batch_id: str) -> None:
    from netdesk.services.importer import ImportService

    service = ImportService(db)
    counter.armed = True
    # The backup before an undo is a separate file written first; what is killed is the undo.
    service.undo(int(batch_id), backup=False)


def main(argv: list[str]) -> int:
    mode, data_dir, kill_at, *rest = argv
    db = open_database(Path(data_dir))
    counter = StatementCounter(db, int(kill_at))
    if mode == "merge":
        merge(db, counter, int(rest[0]), int(rest[1]))
    elif mode == "import":
        import_file(db, counter, rest[0])
    elif mode == "undo-import":
        undo_import(db, counter, rest[0])
    else:
        raise SystemExit(f"unknown mode {mode}")
    counter.armed = False
    db.close()
    print(f"STATEMENTS {counter.count}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
