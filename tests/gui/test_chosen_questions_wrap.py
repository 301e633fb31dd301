"""The questions chosen for an interview wrap whole inside their rows, never cut with "…"."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt

from netdesk.domain.models import ContactDraft
from netdesk.services.contacts import ContactService
from tests.gui.conftest import type_text

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints")


def test_every_chosen_question_fits_its_row(qtbot: Any, db: Any) -> None:
    from netdesk.ui.interviews_panel import QUESTIONS, InterviewsPanel

    cid = ContactService(db).create(ContactDraft(display_name="Elena Ramírez")).id
    panel = InterviewsPanel(db)
    qtbot.addWidget(panel)
    panel.resize(1090, 620)  # the page's size in a 1280x720 window
    panel.show()
    qtbot.waitExposed(panel)
    panel.person_search.show_person(cid)
    type_text(panel.field, "marine biology")
    assert panel.save_plan()
    panel.wait_for_list()  # read again in a pool thread
    panel.tabs.setCurrentIndex(QUESTIONS)
    for t in range(panel.bank.topLevelItemCount()):
        topic = panel.bank.topLevelItem(t)
        for c in range(topic.childCount()):
            panel._add_from_bank(topic.child(c))
    chosen = panel.chosen
    assert chosen.count() >= 10
    metrics = chosen.fontMetrics()

    def all_fit() -> bool:
        for row in range(chosen.count()):
            rect = chosen.visualItemRect(chosen.item(row))
            text_width = rect.width() - 12  # the style sheet's 6 px item padding each side
            needed = metrics.boundingRect(
                QRect(0, 0, text_width, 10000), Qt.TextFlag.TextWordWrap, chosen.item(row).text()
            )
            if rect.height() - 12 < needed.height():
                return False
        return True

    qtbot.waitUntil(all_fit, timeout=3000)
