"""Leaving a half-typed form asks Save / Discard / Cancel (issue 14): switching page in the
sidebar, closing the window (Ctrl+Q closes it too). Cancel keeps the page and its text."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from netdesk.services.contacts import ContactService
from netdesk.services.leads import LeadService
from netdesk.ui.main_window import CONTACTS, EVENTS, LEADS

Button = QMessageBox.StandardButton


class Answers:
    """Answers queued for the next questions; each question's text is kept with its answer."""

    def __init__(self) -> None:
        self.queue: list[Button] = []
        self.asked: list[tuple[str, Button]] = []

    def __call__(self, *buttons: Button) -> None:
        self.queue.extend(buttons)

    def exec_(self, box: QMessageBox) -> int:
        answer = self.queue.pop(0)
        self.asked.append((box.text(), answer))
        box.deleteLater()  # a real exec() returns after the box closed; nothing stays behind
        return int(answer.value)


@pytest.fixture
def answer(monkeypatch: pytest.MonkeyPatch) -> Answers:
    answers = Answers()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: answers.exec_(box))
    return answers


def test_switching_page_asks_cancel_discard_save(
    main_window: Any, qtbot: Any, db: Any, answer: Answers
) -> None:
    leads = main_window.leads_panel
    main_window.show_page(LEADS)
    qtbot.keyClicks(leads.organization, "Woods Hole")
    assert leads.has_unsaved_changes()

    answer(Button.Cancel)
    main_window.show_page(CONTACTS)
    assert main_window.pages.currentWidget() is leads and main_window.nav.currentRow() == LEADS
    assert leads.organization.text() == "Woods Hole"
    assert answer.asked[-1][0] == "The Leads page has changes that are not saved."

    answer(Button.Discard)
    main_window.show_page(CONTACTS)
    assert main_window.pages.currentIndex() == CONTACTS
    assert leads.organization.text() == "" and LeadService(db).list() == []

    main_window.show_page(LEADS)
    qtbot.keyClicks(leads.organization, "Woods Hole")
    answer(Button.Save)
    main_window.show_page(EVENTS)
    assert main_window.pages.currentIndex() == EVENTS
    assert [lead.draft.organization for lead in LeadService(db).list()] == ["Woods Hole"]
    assert len(answer.asked) == 3

    main_window.show_page(LEADS)  # nothing typed since: no question
    main_window.show_page(CONTACTS)
    assert len(answer.asked) == 3


def test_save_with_a_bad_date_stays_on_the_page(
    main_window: Any, qtbot: Any, db: Any, answer: Answers
) -> None:
    leads = main_window.leads_panel
    main_window.show_page(LEADS)
    qtbot.keyClicks(leads.organization, "Woods Hole")
    qtbot.keyClicks(leads.deadline.edit, "tomorrow")
    answer(Button.Save)
    main_window.show_page(CONTACTS)
    assert main_window.pages.currentIndex() == LEADS  # not saved: the page stays with its sentence
    assert "not a date" in leads.deadline.note.text()
    assert LeadService(db).list() == []


def test_closing_asks_about_the_contact_and_the_interview(
    main_window: Any, qtbot: Any, db: Any, answer: Answers
) -> None:
    editor = main_window.contacts_panel.editor
    main_window.new_contact()
    qtbot.keyClicks(editor.display_name, "Ada Lovelace")
    answer(Button.Cancel)
    assert main_window.close() is False
    assert main_window.isVisible() and editor.display_name.text() == "Ada Lovelace"

    main_window.interviews_panel.field.setText("marine biology")
    answer(Button.Save, Button.Discard)
    assert main_window.close() is True
    assert [c.name for c in ContactService(db).list()] == ["Ada Lovelace"]
    assert [text for text, _ in answer.asked] == [
        "The Contacts page has changes that are not saved.",
        "The Contacts page has changes that are not saved.",
        "The Interviews page has changes that are not saved.",
    ]
