"""The Network page at any size (issue 15): read in a pool thread behind a placeholder, a large
network drawn as its circles with a bounded number of people, and a person's neighbourhood
drawn when the user centres on them."""

from __future__ import annotations

from typing import Any

import pytest

from netdesk.domain.models import Circle, ContactDraft
from netdesk.services.contacts import ContactService
from netdesk.ui.network_scene import CONTACT_ROLE
from netdesk.ui.network_view import NetworkPanel
from tests.gui.conftest import type_text

pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support")


def _people(db: Any, n: int) -> list[int]:
    contacts = ContactService(db)
    circles = list(Circle)
    return [
        contacts.create(
            ContactDraft(
                display_name=f"Person {i}", organization=f"Org {i % 7}", circle=circles[i % len(circles)]
            )
        ).id
        for i in range(n)
    ]


def test_a_large_network_is_drawn_as_circles_behind_a_placeholder(qtbot: Any, db: Any) -> None:
    ids = _people(db, 90)
    panel = NetworkPanel(db)
    qtbot.addWidget(panel)
    panel.view.limit = 30  # as a network of 100,000 is to the default limit
    panel.resize(1000, 650)
    panel.show()
    view = panel.view
    assert not view.loaded  # showing the page did not wait for the database
    qtbot.waitUntil(lambda: view.loaded, timeout=10_000)
    picture = view.picture
    assert picture.total == 90 and not picture.complete
    assert len(picture.nodes) <= 40
    drawn = {item.data(CONTACT_ROLE) for item in view.scene().items()} - {None}
    assert drawn == {n.contact_id for n in picture.nodes} and drawn < set(ids)
    assert len(view.scene().items()) < 8 * len(picture.nodes) + 120  # bounded by what is drawn
    summary = panel.summary.toolTip()  # the whole sentence (the label elides it when narrow)
    assert "90 people" in summary and "most in touch drawn" in summary


def test_centring_on_a_person_draws_their_neighbourhood(qtbot: Any, db: Any) -> None:
    ids = _people(db, 60)
    contacts = ContactService(db)
    focus = contacts.create(
        ContactDraft(display_name="Zed Focus", organization="Org 3", introduced_by_id=ids[-1])
    ).id
    panel = NetworkPanel(db)
    qtbot.addWidget(panel)
    panel.view.limit = 10
    panel.show()
    qtbot.waitUntil(lambda: panel.view.loaded, timeout=10_000)
    assert panel.person.choices.rowCount() == 0  # no list of everyone: the database is asked
    type_text(panel.person, "zed foc")
    qtbot.waitUntil(lambda: panel.person.choices.label_of(focus) is not None, timeout=10_000)
    assert panel.person.choices.rowCount() == 1  # the matches of what was typed, no more
    with qtbot.waitSignal(panel.view.picture_ready, timeout=10_000):
        panel.person.pick(focus)
    picture = panel.view.picture
    drawn = {n.contact_id for n in picture.nodes}
    colleagues = {cid for cid, why in picture.focus_links if why == "works there too"}
    assert picture.focus == focus and focus in drawn and ids[-1] in drawn
    assert colleagues and colleagues <= drawn
    assert all(contacts.get(c).draft.organization == "Org 3" for c in colleagues)
    with qtbot.waitSignal(panel.view.picture_ready, timeout=10_000):
        panel.person.clear()
        panel.person.textEdited.emit("")  # as clearing the field by keyboard does
    assert panel.view.picture.focus is None
