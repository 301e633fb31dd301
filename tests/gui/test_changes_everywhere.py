"""Issue 14, "every change is seen everywhere, at once", in the real window: people added in event
mode are in the Interviews and Leads pickers without a restart; a contact added by the command
line while the window is open shows in the Contacts list within seconds; pickers match any word,
accents and case aside."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from netdesk.domain.models import ContactDraft, EventDraft
from netdesk.services.contacts import ContactService
from netdesk.services.events import EventService
from netdesk.ui.contact_picker import ContactPicker
from tests.gui.conftest import type_text

EVENT_PAGE, INTERVIEWS_PAGE, LEADS_PAGE = 1, 3, 4
PEOPLE = ["José Núñez", "Zoë Ivanova", "Grace Liu"]
pytestmark = pytest.mark.qt_log_ignore(
    r"^This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)"
)


def _labels(picker: ContactPicker) -> list[str]:
    model = picker.matches
    return [str(model.index(row, 0).data()) for row in range(model.rowCount())]


def _search(qtbot: Any, picker: ContactPicker, text: str) -> list[str]:
    """Type ``text`` and wait for the matches the search index gives (pickers list nobody else)."""
    picker.selectAll()
    type_text(picker, text)
    qtbot.waitUntil(lambda: bool(_labels(picker)), timeout=5000)
    return _labels(picker)


def test_people_added_in_event_mode_are_in_the_pickers_at_once(qtbot: Any, main_window: Any, db: Any) -> None:
    EventService(db).create(EventDraft(name="Fall Career Fair"))
    main_window.show_page(EVENT_PAGE)
    panel = main_window.events_panel
    panel.refresh()
    panel.camera_lister = list
    view = panel.start_event(panel.selected_event_id())
    for name in PEOPLE:
        type_text(view.form.name, name)
        type_text(view.form.organization, "Harbor Music Studio")
        qtbot.keyClick(view.form.name, Qt.Key.Key_Return)
        assert view.form.name.text() == ""
    main_window.show_page(INTERVIEWS_PAGE)
    person = main_window.interviews_panel.person
    assert len(_search(qtbot, person, "harbor")) == 3  # all three, found at once
    assert _search(qtbot, person, "nunez harbor") == ["José Núñez — Harbor Music Studio"]  # accents aside
    assert person.completer_popup() is not None and person.completer_popup().isVisible()
    person.clear()  # a name typed in a new interview is unsaved work: leaving would ask
    main_window.show_page(LEADS_PAGE)
    link = main_window.leads_panel.add_person
    assert _search(qtbot, link, "zoe") == ["Zoë Ivanova — Harbor Music Studio"]
    zoe = ContactService(db).find_by_name("Zoë Ivanova")[0]
    link.pick(zoe)
    assert [
        main_window.leads_panel.people.item(i).text() for i in range(main_window.leads_panel.people.count())
    ] == ["Zoë Ivanova"]
    assert link.text() == ""  # ready for the next person
    main_window.leads_panel.new_lead()  # leave no half-made lead behind for the closing window


def test_a_contact_saved_elsewhere_in_the_window_reaches_the_pickers(
    qtbot: Any, main_window: Any, db: Any
) -> None:
    main_window.show_page(INTERVIEWS_PAGE)
    person = main_window.interviews_panel.person
    assert _labels(person) == []
    elena = ContactService(db).create(
        ContactDraft(display_name="Elena Ramírez", organization="South Coast Marine Lab")
    )
    assert _search(qtbot, person, "elena") == ["Elena Ramírez — South Coast Marine Lab"]
    person.pick(elena.id)
    ContactService(db).update(  # renamed elsewhere in the window: the picker shows the new name
        elena.id, ContactDraft(display_name="Elena Ramírez-Soto", organization="South Coast Marine Lab")
    )
    qtbot.waitUntil(lambda: person.text() == "Elena Ramírez-Soto — South Coast Marine Lab", timeout=2000)
    assert person.contact_id() == elena.id
    assert _search(qtbot, main_window.leads_panel.add_person, "ramirez") == [
        "Elena Ramírez-Soto — South Coast Marine Lab"
    ]


def test_a_contact_added_by_the_command_line_appears_in_the_open_window(
    qtbot: Any, main_window: Any, db: Any, data_dir: Path
) -> None:
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow, timeout=2000)
    model = main_window.contacts_panel.model
    assert model.rowCount() == 0
    env = {**os.environ, "NETDESK_DATA_DIR": str(data_dir)}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "netdesk",
            "--data-dir",
            str(data_dir),
            "contacts",
            "add",
            "--name",
            "Ana Lima",
            "--org",
            "Globex",
        ],
        check=True,
        capture_output=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
    )
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=6000)  # the 2-second data-version check
    assert model.row_at(0).name == "Ana Lima"
    assert _search(qtbot, main_window.interviews_panel.person, "ana") == ["Ana Lima — Globex"]
    main_window.interviews_panel.person.clear()


def test_sample_data_refreshes_each_view_once(main_window: Any, qtbot: Any) -> None:
    """One committed load is one change: the events page is read once, not again by a second
    "reload everything" after the change bridge already did (slow at scale)."""
    calls = []
    events_refresh = main_window.events_panel.refresh

    def count_events(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return events_refresh(*args, **kwargs)

    main_window.events_panel.refresh = count_events
    main_window.load_sample_data()
    qtbot.waitUntil(lambda: main_window.contacts_panel.model.rowCount() >= 30)
    qtbot.wait(300)  # anything still queued lands
    assert len(calls) == 1
