"""Alembic's ``op``/``context`` proxies are process-global: two upgrades at once in one process
(the daily backup checked in a worker while the window migrates another file) must not tear
each other down (``storage.migrate.run_alembic_upgrade`` runs them one at a time)."""

from __future__ import annotations

import threading
from pathlib import Path

from netdesk.storage.engine import create_db_engine
from netdesk.storage.integrity import connect_readonly, schema_of
from netdesk.storage.migrate import HEAD_REVISION, current_revision, run_alembic_upgrade


def test_upgrades_in_several_threads_at_once_all_complete(tmp_path: Path) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(4)
    paths = [tmp_path / f"db{i}.sqlite3" for i in range(4)]

    def upgrade(path: Path) -> None:
        engine = create_db_engine(path)
        try:
            start.wait()
            run_alembic_upgrade(engine, "head")
            assert current_revision(engine) == HEAD_REVISION
        except BaseException as exc:  # reported below, with the thread's own traceback
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=upgrade, args=(p,)) for p in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    shapes = []
    for path in paths:
        conn = connect_readonly(path)
        try:
            shapes.append(schema_of(conn))
        finally:
            conn.close()
    assert all(shape == shapes[0] for shape in shapes)
