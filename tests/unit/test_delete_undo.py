"""Deleting a contact and undoing it gives back every row exactly: the log, follow-up states, lead
links, cadence, card photos and the introductions that pointed at them."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

from netdesk.domain.leads import LeadDraft
from netdesk.domain.models import ContactDraft
from netdesk.services.contacts import ContactService
from netdesk.services.demo import load_demo
from netdesk.services.followups import FollowUpService
from netdesk.services.leads import LeadService


def _tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as conn:
        names = [
            r[0]
            for r in conn.execute(
                # the contact order's stamp moves on with every add/delete, undo included
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'contact_fts%'"
                " AND name != 'contact_order_stamp'"
            )
        ]
        out: dict[str, list[tuple[Any, ...]]] = {}
        for n in names:
            # contact.version moves on with every change, undo included (test_contact_version.py)
            columns = [c[1] for c in conn.execute(f'PRAGMA table_info("{n}")') if c[1] != "version"]
            listed = ", ".join(f'"{c}"' for c in columns)
            out[n] = sorted(conn.execute(f'SELECT {listed} FROM "{n}"').fetchall(), key=repr)
        return out


def test_delete_then_undo_restores_every_table(db: Any) -> None:
    load_demo(db)
    contacts = ContactService(db)
    followups = FollowUpService(db)
    ids = {c.name: c.id for c in contacts.list()}
    grace = ids["Grace Liu"]
    queue = followups.queue(contact_ids=[grace])
    followups.snooze(queue[0].id, followups.now() + timedelta(days=7))
    followups.set_cadence(grace, 30)
    LeadService(db).create(
        LeadDraft(organization="WHOI", role="Fellowship", contact_ids=(grace, ids["Liam O'Brien"]))
    )
    introduced = contacts.create(ContactDraft(display_name="Sam Ode", introduced_by_id=grace))
    before = _tables(db.path)

    snapshot = contacts.delete(grace)
    after_delete = _tables(db.path)
    assert not any(r[0] == grace for r in after_delete["contact"])
    assert contacts.get(introduced.id).draft.introduced_by_id is None
    assert contacts.list("grace") == []

    restored = contacts.undelete(snapshot)
    assert restored.id == grace
    assert _tables(db.path) == before
    assert [c.name for c in contacts.list("grace liu")] == ["Grace Liu"]
    assert contacts.get(introduced.id).draft.introduced_by_id == grace
    assert followups.cadence(grace) == 30


def test_undo_after_the_id_was_taken_gives_a_new_id_and_keeps_links(db: Any) -> None:
    contacts = ContactService(db)
    ada = contacts.create(ContactDraft(display_name="Ada Lovelace"))
    from netdesk.domain.models import InteractionDraft, InteractionKind

    contacts.log_interaction(
        InteractionDraft(ada.id, InteractionKind.NOTE, FollowUpService(db).now(), summary="Talked engines")
    )
    snapshot = contacts.delete(ada.id)
    taker = contacts.create(ContactDraft(display_name="Charles Babbage"))
    assert taker.id == ada.id  # SQLite reuses the highest rowid
    back = contacts.undelete(snapshot)
    assert back.id != ada.id and back.name == "Ada Lovelace"
    assert [i.draft.summary for i in contacts.interactions(back.id)] == ["Talked engines"]
    assert contacts.interactions(taker.id) == []
    assert {c.name for c in contacts.list("ada")} == {"Ada Lovelace"}
