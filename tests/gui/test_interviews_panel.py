"""pytest-qt tests of the interview, lead and network views: plan, questions, notes, completion;
lead save; intro dialog; clicking a person in the network picture."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from netdesk.domain.followups import FollowUpKind
from netdesk.domain.interviews import InterviewMode, InterviewStatus
from netdesk.domain.models import ContactDraft
from netdesk.services.contacts import ContactService
from netdesk.services.followups import FollowUpService
from netdesk.services.interviews import InterviewService
from netdesk.services.leads import LeadService
from tests.gui.conftest import type_text

# The offscreen platform cannot resize native windows; harmless here.
pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints")


def _contact(db: Any, name: str = "Elena Ramírez", **kw: Any) -> int:
    return ContactService(db).create(ContactDraft(display_name=name, given_name=name.split()[0], **kw)).id


def test_plan_questions_notes_and_complete(qtbot: Any, db: Any) -> None:
    from netdesk.ui.interviews_panel import QUESTIONS, REFLECT, RUN, InterviewsPanel

    cid = _contact(db, organization="South Coast Marine Lab")
    panel = InterviewsPanel(db)
    qtbot.addWidget(panel)
    panel.show()
    type_text(panel.field, "biología marina")
    panel.person_search.show_person(cid)
    panel.status.setCurrentIndex(panel.status.findData(InterviewStatus.SCHEDULED))
    panel.mode.setCurrentIndex(panel.mode.findData(InterviewMode.PHONE))
    panel.when.set_value(datetime.now().astimezone() + timedelta(days=7))  # a scheduled one has a date
    panel.generate_pitch()
    assert "biología marina" in panel.pitch.toPlainText()
    assert panel.save_plan()
    panel.wait_for_list()  # the list is read again in a pool thread
    assert panel.list.count() == 1 and panel.list.currentItem() is not None
    interview = InterviewService(db).list()[0]
    assert interview.status is InterviewStatus.SCHEDULED
    assert interview.draft.pitch.startswith("Hello Elena,")

    panel.tabs.setCurrentIndex(QUESTIONS)
    first_topic = panel.bank.topLevelItem(0)
    panel._add_from_bank(first_topic.child(0))
    panel._add_from_bank(first_topic.child(1))
    type_text(panel.own, "¿Cómo es el trabajo de campo?")
    qtbot.keyClick(panel.own, Qt.Key.Key_Return)
    assert panel.chosen.count() == 3
    panel.chosen.setCurrentRow(2)
    panel._move(-1)
    assert panel.chosen.item(1).text().endswith("¿Cómo es el trabajo de campo?")

    panel.tabs.setCurrentIndex(RUN)
    assert "1 of 3" in panel.run_progress.text()
    panel.run_note.setPlainText("Días de campo empiezan a las 6")
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert "2 of 3" in panel.run_progress.text()
    assert InterviewService(db).get(interview.id).questions[0].note == "Días de campo empiezan a las 6"

    panel.tabs.setCurrentIndex(REFLECT)
    panel.profession.setPlainText("Loves fieldwork")
    panel.interest.setValue(4)
    with qtbot.waitSignal(panel.interview_completed) as blocker:
        qtbot.mouseClick(panel.complete_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [interview.id]
    done = InterviewService(db).get(interview.id)
    assert done.status is InterviewStatus.DONE and done.reflection.interest == 4
    kinds = {f.kind for f in FollowUpService(db).queue(contact_ids=[cid])}
    assert FollowUpKind.INTERVIEW_THANK_YOU in kinds
    assert not panel.complete_button.isEnabled()


def test_plan_errors_are_shown(qtbot: Any, db: Any) -> None:
    from netdesk.ui.interviews_panel import InterviewsPanel

    panel = InterviewsPanel(db)
    qtbot.addWidget(panel)
    assert not panel.save_plan()
    assert "field" in panel.plan_error.text()


def test_leads_panel_saves_and_makes_a_reminder(qtbot: Any, db: Any) -> None:
    from netdesk.domain.leads import LeadStatus
    from netdesk.ui.leads_panel import LeadsPanel

    cid = _contact(db, "Grace Liu")
    panel = LeadsPanel(db)
    qtbot.addWidget(panel)
    type_text(panel.organization, "Woods Hole")
    type_text(panel.role, "Práctica de verano")
    panel.add_person_search.pick(cid)
    panel.deadline.set_value(datetime.now().astimezone() + timedelta(days=30))
    panel.status.setCurrentIndex(panel.status.findData(LeadStatus.APPLYING))
    with qtbot.waitSignal(panel.leads_changed):
        assert panel.save()
    (lead,) = LeadService(db).list()
    assert lead.draft.contact_ids == (cid,)
    assert [f.kind for f in LeadService(db).reminders(lead.id)] == [FollowUpKind.LEAD_DEADLINE]
    panel.wait_for_list()  # the list is read again in a pool thread
    assert panel.list.topLevelItemCount() == 1


def test_intro_dialog_and_network_click(qtbot: Any, db: Any) -> None:
    from netdesk.ui.intro_dialog import IntroDialog
    from netdesk.ui.network_view import NetworkPanel

    ana = _contact(db, "Ana Lima")
    eve = (
        ContactService(db)
        .create(ContactDraft(display_name="Eve Ståhl", organization="Harbor Lab", introduced_by_id=ana))
        .id
    )
    dialog = IntroDialog(db)
    qtbot.addWidget(dialog)
    dialog.open()
    type_text(dialog.query, "harbor")
    with qtbot.waitSignal(dialog.searched) as blocker:
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert blocker.args == ["harbor", 1]
    top = dialog.tree.topLevelItem(0)
    assert top.text(0) == "Eve Ståhl"
    with qtbot.waitSignal(dialog.contact_activated) as activated:
        dialog.tree.itemActivated.emit(top.child(0), 0)
    assert top.child(0).text(0) == "Ask Ana Lima"
    assert activated.args == [ana]  # a route opens the person to ask

    panel = NetworkPanel(db)
    qtbot.addWidget(panel)
    panel.resize(800, 600)
    panel.show()
    qtbot.waitExposed(panel)
    view = panel.view
    qtbot.waitUntil(lambda: view.loaded)  # read in a pool thread
    node = next(n for n in view.picture.nodes if n.contact_id == eve)
    at = view.mapFromScene(node.x, node.y)
    with qtbot.waitSignal(panel.contact_activated) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(at.x(), at.y()))
    assert clicked.args == [eve]
    before = view.zoom
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom > before
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert abs(view.zoom - before) < 1e-6
