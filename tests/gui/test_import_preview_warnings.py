"""The import preview shows warnings: a record's in its Details cell, the file's as rows of their own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netdesk.services.database import Database
from netdesk.services.importer import ImportService
from netdesk.ui.import_preview_model import DETAILS, LINE, STATUS, WARNING, ImportPreviewModel, StatusFilter


def test_preview_lists_record_and_file_warnings(
    qtbot: Any, qtmodeltester: Any, db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Name,Email,Birthday\nAda Lovelace,ada@host.invalid,1815-12-10\n", encoding="utf-8")
    model = ImportPreviewModel()
    model.set_preview(ImportService(db).preview_paths([path]))
    qtmodeltester.check(model)
    rows = [
        (model.index(r, LINE).data(), model.index(r, STATUS).data(), model.index(r, DETAILS).data())
        for r in range(model.rowCount())
    ]
    assert rows[0][:2] == ("2", "Warning") and "Birthday" in rows[0][2]
    assert rows[1][:2] == ("2", "New") and "does not look deliverable" in rows[1][2]
    proxy = StatusFilter()
    proxy.setSourceModel(model)
    proxy.set_status(WARNING)
    assert proxy.rowCount() == 1
