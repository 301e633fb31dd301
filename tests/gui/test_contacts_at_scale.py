"""The contacts table at size (issue 15): only the rows on screen are built, sorting and search
are done in SQL, and an answer to a query typed over since is never shown."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from netdesk.services.contacts import ContactService
from netdesk.services.importer import ImportService

PEOPLE = 5000
FIRST = ["Ada", "José", "Zoë", "Priya", "Sam", "Grace", "Mei", "Olu"]
ORGS = ["Stripe", "Figma", "Globex", "Harbor Music Studio", "Société Générale"]


@pytest.fixture
def big_network(db: Any, tmp_path: Path) -> Any:
    """5,000 people imported as a LinkedIn export (the services' batch path)."""
    path = tmp_path / "Connections.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(
            ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
        )
        for i in range(PEOPLE):
            writer.writerow(
                [
                    FIRST[i % len(FIRST)],
                    f"Person{i:05d}",
                    f"https://www.linkedin.com/in/p-{i}",
                    "",
                    ORGS[i % len(ORGS)],
                    "Engineer",
                    "12 Mar 2024",
                ]
            )
    importer = ImportService(db)
    importer.commit(importer.preview_paths([path]), backup=False)
    return db


def test_start_builds_only_the_rows_on_screen(big_network: Any, main_window: Any, qtbot: Any) -> None:
    panel = main_window.contacts_panel
    model = panel.model
    assert model.rowCount() == PEOPLE  # every person is listed...
    assert model.materialised() <= 300  # ...but only the rows the view asked for were built
    panel.table.scrollToBottom()
    qtbot.wait(50)
    assert model.materialised() <= 400
    names = [model.index(r, 0).data() for r in range(PEOPLE - 5, PEOPLE)]
    assert names == sorted(names, key=str.casefold)
    assert model.materialised() <= 400


def test_header_sort_and_search_run_in_sql(big_network: Any, main_window: Any, qtbot: Any) -> None:
    panel = main_window.contacts_panel
    model = panel.model
    panel.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # Organisation, Z-A
    qtbot.waitUntil(lambda: model.index(PEOPLE - 1, 1).data() == "Figma", timeout=5000)
    firsts = [model.index(r, 1).data() for r in range(0, PEOPLE, 250)]
    assert firsts == sorted(firsts, key=str.casefold, reverse=True)
    assert model.materialised() <= 2000

    panel.search.setFocus()
    qtbot.keyClicks(panel.search, "person0004")
    qtbot.waitUntil(lambda: panel.shown_search == "person0004", timeout=5000)
    expected = ContactService(big_network).list(search="person0004")
    assert sorted(model.id_at(r) for r in range(model.rowCount())) == sorted(c.id for c in expected)
    assert model.rowCount() == 10
    assert panel.count_label.text() == f"10 of {PEOPLE}"


def test_an_answer_typed_over_is_dropped(big_network: Any, main_window: Any, qtbot: Any) -> None:
    panel = main_window.contacts_panel
    shown: list[str | None] = []
    panel.model.modelReset.connect(lambda: shown.append(panel.search.text()))
    for text in ("a", "ad", "ada", "ada person0000"):
        panel.search.setText(text)
        panel.refresh_soon()  # as the search timer does; the worker is still busy with the last
    qtbot.waitUntil(lambda: panel.shown_search == "ada person0000", timeout=5000)
    qtbot.wait(200)
    assert panel.shown_search == "ada person0000"
    assert shown[-1] == "ada person0000"
    assert panel.model.index(0, 0).data() == "Ada Person00000"


def test_typing_shows_the_list_first_then_the_first_listed_person(
    big_network: Any, main_window: Any, qtbot: Any
) -> None:
    """A keystroke that leaves the open person out selects the first listed one at once and
    opens them on the next turn of the event loop, after the table has shown the result."""
    panel = main_window.contacts_panel
    qtbot.waitUntil(lambda: panel.editor.contact_id() is not None, timeout=5000)
    before = panel.editor.contact_id()
    from PySide6.QtCore import QEvent, QObject

    paints: list[int] = []

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                paints.append(1)
            return False

    counter = Paints()
    panel.table.viewport().installEventFilter(counter)
    opened: list[tuple[int | None, str | None]] = []
    # contacts_changed ends each shown result: what the details pane holds at that moment
    panel.contacts_changed.connect(lambda: opened.append((panel.editor.contact_id(), panel.shown_search)))
    at_result: list[int] = []
    panel.contacts_changed.connect(lambda: at_result.append(len(paints)))
    at_open: list[int] = []
    set_contact = panel.editor.set_contact

    def opening(contact: Any) -> None:
        at_open.append(len(paints))
        set_contact(contact)

    panel.editor.set_contact = opening
    qtbot.keyClicks(panel.search, "person04999")
    qtbot.waitUntil(lambda: panel.shown_search == "person04999", timeout=5000)
    assert opened[-1] == (before, "person04999")  # the result shown while the old person still showed
    target = panel.model.id_at(0)
    assert panel.table.currentIndex().row() == 0  # already selected
    qtbot.waitUntil(lambda: panel.editor.contact_id() == target, timeout=5000)
    assert at_open and at_open[-1] > at_result[-1]  # read after the table painted the result
    assert panel.editor.heading.text() == "Olu Person04999"
    assert panel.detail_stack.currentWidget() is panel.detail_tabs
