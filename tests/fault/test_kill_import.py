"""kill -9 at many points inside an import: a file's contacts are all there or none.

The import runs in a child process that SIGKILLs itself at statement N of the commit's unit of
work (see ``tests.fault.child``). Afterwards the database passes ``integrity_check`` and
``foreign_key_check`` and holds either exactly what it held before (no contact, no event, no
undo batch of the import) or exactly what a completed import leaves: every new contact, the
update of the known one with its "before" snapshot in the undo batch, the LinkedIn connection
interactions and the search index rows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netdesk.domain.models import ContactDraft, Email
from netdesk.services.contacts import ContactService
from netdesk.services.database import open_database
from netdesk.services.importer import ImportService
from tests.fault.harness import (
    check_sound,
    copy_data,
    differences,
    dump,
    kill_points,
    killed,
    run_child,
    statement_count,
)

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def _file(folder: Path) -> Path:
    rows = [
        # A known person who changed jobs: an update with an undo snapshot.
        "Ada,Lovelace,https://www.linkedin.com/in/ada,ada@a.org,Analytical Engines,Engineer,01 Jan 2024",
    ]
    rows += [
        f"Person{n},Tester,https://www.linkedin.com/in/p{n},p{n}@example.org,Org {n % 4},Analyst,0{1 + n % 9} Mar 2024"
        for n in range(40)
    ]
    path = folder / "Connections.csv"
    path.write_text(
        'Notes:\n"Some emails may be missing."\n\n' + HEADER + "\n".join(rows) + "\n", encoding="utf-8"
    )
    return path


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("import")
    base = root / "base"
    db = open_database(base)
    try:
        ContactService(db).create(
            ContactDraft(display_name="Ada Lovelace", organization="Old Co", emails=(Email("ada@a.org"),))
        )
        # An earlier import, so the undo history has a batch the killed one must not disturb.
        earlier = root / "earlier.csv"
        earlier.write_text(
            HEADER + "Grace,Hopper,,grace@navy.mil,Navy,Admiral,02 Feb 2024\n", encoding="utf-8"
        )
        service = ImportService(db)
        service.commit(service.preview_paths([earlier]), backup=False)
    finally:
        db.close()
    return base, _file(root)


def test_import_killed_anywhere_is_all_or_nothing(prepared: tuple[Path, Path], tmp_path: Path) -> None:
    base, csv_path = prepared
    before = dump(base)
    complete = copy_data(base, tmp_path / "complete")
    total = statement_count("import", complete, str(csv_path))
    imported = dump(complete)
    check_sound(complete)
    assert len(imported["contact"]) == len(before["contact"]) + 40
    assert len(imported["import_batch"]) == 2 and len(imported["import_item"]) == 1 + 41

    for point in kill_points(total, 9):
        folder = copy_data(base, tmp_path / f"kill-{point}")
        result = run_child("import", folder, point, str(csv_path))
        assert killed(result), f"statement {point} of {total}: {result.returncode} {result.stderr[-2000:]}"
        check_sound(folder)
        after = dump(folder)
        if after != before and after != imported:
            pytest.fail(
                f"killed at statement {point} of {total}: half-imported, {differences(before, after)} "
                f"differ from before and {differences(imported, after)} from the complete import"
            )
        # Killed before its COMMIT ran, so nothing of it may be there.
        assert after == before, f"statement {point} of {total}"
    # The killed imports left the database usable: the same file imports completely afterwards.
    db = open_database(folder)
    try:
        service = ImportService(db)
        outcome = service.commit(service.preview_paths([csv_path]), backup=False)
        assert (outcome.created, outcome.updated) == (40, 1)
    finally:
        db.close()


def test_undoing_an_import_killed_anywhere_is_all_or_nothing(
    prepared: tuple[Path, Path], tmp_path: Path
) -> None:
    """Edit › Undo of an import (issue 14) removes what it created and restores what it updated in
    one transaction: killed anywhere, the import is either still whole or undone whole."""
    base, csv_path = prepared
    imported_dir = copy_data(base, tmp_path / "imported")
    db = open_database(imported_dir)
    try:
        service = ImportService(db)
        batch = service.commit(service.preview_paths([csv_path]), backup=False).batch_id
    finally:
        db.close()
    assert batch is not None
    imported = dump(imported_dir)
    undone_dir = copy_data(imported_dir, tmp_path / "undone")
    total = statement_count("undo-import", undone_dir, str(batch))
    undone = dump(undone_dir)
    check_sound(undone_dir)
    assert len(undone["contact"]) == len(imported["contact"]) - 40

    for point in kill_points(total, 9):
        folder = copy_data(imported_dir, tmp_path / f"kill-undo-{point}")
        result = run_child("undo-import", folder, point, str(batch))
        assert killed(result), f"statement {point} of {total}: {result.returncode} {result.stderr[-2000:]}"
        check_sound(folder)
        after = dump(folder)
        assert after == imported, (
            f"killed at statement {point} of {total}: {differences(imported, after)} differ from the import"
        )
    # and the undo still works afterwards
    db = open_database(folder)
    try:
        assert ImportService(db).undo(batch, backup=False) == (40, 1)
    finally:
        db.close()
