"""Issue 13 in the real window: the quick-add Lead box makes a lead on the Leads page, checkbox
goals are ticked in the summary, and My card opens full-screen from any page (About me first
when there is no card yet)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netdesk.domain.event_goals import goal_key
from netdesk.domain.models import EventDraft
from netdesk.services.event_capture import EventCaptureService
from netdesk.services.events import EventService
from netdesk.services.leads import LeadService
from netdesk.services.profile import MyCard, ProfileService
from netdesk.ui.about_me_dialog import AboutMeDialog
from netdesk.ui.event_mode.my_card import MyCardScreen
from tests.gui.conftest import type_text

EVENT_PAGE, LEADS_PAGE = 1, 4
GOALS = "hand out 10 résumés; talk to 3 employers\nAsk about R&D internships"
pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints")


@pytest.fixture
def panel(main_window: Any, db: Any) -> Any:
    EventService(db).create(EventDraft(name="Fall Career Fair", goals=GOALS))
    main_window.show_page(EVENT_PAGE)
    p = main_window.events_panel
    p.refresh()
    p.camera_lister = list
    return p


def _screens() -> list[MyCardScreen]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MyCardScreen) and w.isVisible()]


def test_quick_add_with_lead_ticked_shows_the_lead_on_the_leads_page(
    qtbot: Any, main_window: Any, panel: Any, db: Any
) -> None:
    view = panel.start_event(panel.selected_event_id())
    form = view.form
    type_text(form.name, "José Núñez")
    type_text(form.organization, "Harbor Music Studio")
    type_text(form.title, "Recruiter")
    type_text(form.conversation, "Percussion internship this summer")
    form.lead.setChecked(True)
    qtbot.keyClick(form.name, Qt.Key.Key_Return)
    assert form.name.text() == ""
    (lead,) = LeadService(db).list()
    assert lead.what == "Percussion internship this summer at Harbor Music Studio"
    assert lead.contact_names == ("José Núñez",) and lead.source_event_name == "Fall Career Fair"
    # Without the box: a person, no lead.
    type_text(form.name, "Zoë Ivanova")
    qtbot.keyClick(form.name, Qt.Key.Key_Return)
    assert len(LeadService(db).list()) == 1
    main_window.show_page(LEADS_PAGE)
    main_window.leads_panel.wait_for_list()  # read in a pool thread
    rows = [
        main_window.leads_panel.list.topLevelItem(i)
        for i in range(main_window.leads_panel.list.topLevelItemCount())
    ]
    assert [(r.text(0), r.text(2)) for r in rows] == [
        ("Percussion internship this summer at Harbor Music Studio", "José Núñez")
    ]


def test_summary_counts_resumes_given_and_ticks_a_checkbox_goal(qtbot: Any, panel: Any, db: Any) -> None:
    view = panel.start_event(panel.selected_event_id())
    qtbot.keyClick(view.form.name, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(view.my_card.give_button, Qt.MouseButton.LeftButton)
    event_id = view.event_id
    view.end_event()
    dialog = panel.summary_dialog
    assert dialog is not None and dialog.isVisible()
    goals = dialog.goals
    assert [bar.format() for bar in goals.bars] == ["2 of 10", "0 of 3"]  # résumés count cards given
    key = goal_key("Ask about R&D internships")
    box = goals.checks[key]
    assert box.text() == "Ask about R&&D internships" and box.isEnabled() and not box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert box.isChecked()
    stored = EventCaptureService(db).counters(event_id).goals
    assert [g.complete for g in stored if g.checkable] == [True]
    dialog.close()
    again = panel.show_summary(event_id)  # reopened later: still ticked
    assert again.goals.checks[key].isChecked()
    again.close()


def test_my_card_button_without_a_card_opens_about_me_then_the_card(
    qtbot: Any, main_window: Any, db: Any
) -> None:
    main_window.me.my_card_action.trigger()
    dialog = next(w for w in main_window.findChildren(AboutMeDialog) if w.isVisible())
    assert not _screens()
    dialog.edits["email"].setText("ana@example.edu")
    dialog.save()  # no name: says so and stays open
    assert dialog.isVisible() and "Enter your name" in dialog.error.text()
    type_text(dialog.edits["display_name"], "Ana Souza")
    dialog.edits["major"].setText("Biology")
    dialog.save()
    assert ProfileService(db).get().major == "Biology"
    (screen,) = _screens()
    assert screen.isFullScreen() and screen.name.text() == "Ana Souza"
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not _screens())


def test_shortcut_shows_the_card_full_screen_from_any_page(qtbot: Any, main_window: Any, db: Any) -> None:
    ProfileService(db).save(
        MyCard(display_name="Ana Souza", title="Biology student", email="ana@example.edu")
    )
    main_window.show_page(LEADS_PAGE)
    main_window.activateWindow()
    qtbot.keyClick(
        main_window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: len(_screens()) == 1)
    (screen,) = _screens()
    assert screen.isFullScreen()
    qtbot.waitExposed(screen)
    side = min(screen.qr.width(), screen.qr.height())
    modules = len(screen.qr.matrix)
    # The code fills most of the screen's height (on a 1280x720 laptop ~10 px per module).
    assert modules and side >= 0.6 * screen.height() and side // modules >= 5
    assert "Biology student" in screen.details.text()
    qtbot.keyClick(screen.close_button, Qt.Key.Key_Escape)  # Esc closes whatever has focus
    qtbot.waitUntil(lambda: not _screens())


def test_about_me_from_the_menu_feeds_the_drafts(qtbot: Any, main_window: Any, db: Any) -> None:
    dialog = main_window.me.edit_about_me()
    type_text(dialog.edits["display_name"], "Ana Souza")
    dialog.edits["organization"].setText("UMass Dartmouth")
    dialog.edits["year"].setText("junior")
    dialog.notes.setPlainText("Ask Prof. Lee for a reference")
    dialog.save()
    assert not dialog.isVisible()
    from netdesk.services.drafts import DraftService

    drafts = DraftService(db).profile()
    assert (drafts.my_name, drafts.my_school, drafts.my_year) == ("Ana Souza", "UMass Dartmouth", "junior")
    assert "About me" in main_window.statusBar().currentMessage()
