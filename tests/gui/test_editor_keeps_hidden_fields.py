"""Saving the editor never blanks fields it does not show (name parts, nickname, dates)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from netdesk.domain.models import ContactDraft
from netdesk.services.contacts import ContactService


def test_saving_the_form_keeps_fields_the_form_does_not_show(main_window: Any, db: Any) -> None:
    service = ContactService(db)
    draft = ContactDraft(display_name="Dr. Ana María López Jr.", given_name="Ana", family_name="López")
    draft = replace(
        draft,
        name_prefix="Dr.",
        middle_name="María",
        name_suffix="Jr.",
        nickname="Anita",
        birthday="1990-02-03",
        anniversary="--06-06",
    )
    contact = service.create(draft)
    editor = main_window.contacts_panel.editor
    editor.set_contact(service.get(contact.id))
    editor.title.setText("Engineer")
    saved = editor.draft()
    assert (saved.name_prefix, saved.middle_name, saved.name_suffix, saved.nickname) == (
        "Dr.",
        "María",
        "Jr.",
        "Anita",
    )
    assert (saved.birthday, saved.anniversary) == ("1990-02-03", "--06-06")
    assert saved.title == "Engineer"
