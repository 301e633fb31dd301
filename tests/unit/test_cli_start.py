"""The command line starts fast because it imports only what the chosen command uses (issue 15).

Not timed (benchmarks/cli_start.py times it): these tests read ``python -X importtime`` in a real
process and fail when a heavy library is imported where it is not needed. Plus the guard of the
cheap "is the database at head?" check: the hard-coded head revision must be Alembic's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from netdesk.storage.migrate import HEAD_REVISION, head_revision, script_head_revision

HEAVY = ("sqlalchemy", "alembic", "cv2", "zxingcpp", "rapidocr", "onnxruntime", "PySide6")


def imported_packages(*args: str, data_dir: Path | None = None) -> set[str]:
    """Top-level packages a ``python -X importtime -m netdesk ARGS`` process imported."""
    env = {**os.environ, "LC_ALL": "C"}
    env.pop("NETDESK_DATA_DIR", None)
    prefix = ["--data-dir", str(data_dir)] if data_dir is not None else []
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "netdesk", *prefix, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            name = line.rsplit("|", 1)[1].strip()
            found.add(name.split(".")[0])
    assert "netdesk" in found  # the trace was really read
    return found


def test_version_imports_nothing_heavy() -> None:
    loaded = imported_packages("--version")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_help_imports_nothing_heavy() -> None:
    loaded = imported_packages("--help")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_contacts_list_imports_nothing_heavy(tmp_path: Path) -> None:
    data = tmp_path / "data"
    # The first command creates the database (Alembic runs) and makes today's backup.
    imported_packages(
        "contacts", "add", "--name", "Ada Lovelace", "--org", "Analytical Engines", data_dir=data
    )
    # then nothing else is due: sqlite3 alone reads the list (commands/contacts_fast.py)
    loaded = imported_packages("contacts", "list", "--json", data_dir=data)
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_events_list_imports_no_capture_or_migration_code(tmp_path: Path) -> None:
    data = tmp_path / "data"
    imported_packages("events", "add", "--name", "Fall Career Fair", data_dir=data)
    loaded = imported_packages("events", "list", "--json", data_dir=data)
    unwanted = set(HEAVY) - {"sqlalchemy"}
    assert not loaded & unwanted, sorted(loaded & unwanted)


def test_head_revision_constant_is_alembics_head() -> None:
    """A new migration must bump ``HEAD_REVISION``: the start-up check compares with it alone."""
    assert script_head_revision() == HEAD_REVISION
    assert head_revision() == HEAD_REVISION


def test_get_many_reads_the_same_contacts_as_get_one_by_one(tmp_path: Path) -> None:
    """``contacts list`` and export read whole contacts in batches (a few queries per 500, not
    seven per contact); the result is what reading each one alone gives, in the order asked."""
    from netdesk.domain.models import ContactDraft, Email, Phone, Url
    from netdesk.services.contacts import ContactService
    from netdesk.services.database import open_database
    from netdesk.services.people import PeopleService

    db = open_database(tmp_path / "data")
    try:
        people = PeopleService(db)
        first = people.add(ContactDraft(display_name="Ada Lovelace", emails=(Email("ada@example.org"),)))
        second = people.add(
            ContactDraft(
                display_name="José Núñez",
                organization="Harbor Music Studio",
                phones=(Phone("+1 508 555 0142"),),
                urls=(Url("https://www.linkedin.com/in/jnunez"),),
                tags=("music", "mentor"),
                introduced_by_id=first.id,
            ),
            event_name="Fall Career Fair",
            met_at=datetime(2026, 11, 20, 10, 15, tzinfo=UTC),
            conversation="Looking for a percussion intern",
        )
        service = ContactService(db)
        ids = [second.id, 999_999, first.id]
        many = service.get_many(ids)
        assert many == [service.get(second.id), service.get(first.id)]
        assert many[0].event_name == "Fall Career Fair"
        assert many[0].introduced_by_name == "Ada Lovelace"
        assert many[0].last_interaction_at is not None
    finally:
        db.close()
