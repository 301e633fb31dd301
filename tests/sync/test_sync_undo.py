"""Undoing a sync (issue 17): what the server's adds, changes and deletes did here is put back in
one transaction after a backup, the next sync makes the server match again, and a contact
changed since stops it with nothing changed."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest

from netdesk.services.backup import BackupService
from netdesk.services.contacts import ContactService
from netdesk.services.demo import load_demo
from netdesk.services.followups import FollowUpService
from netdesk.services.sync import SyncService, SyncUndoError
from netdesk.services.sync.history import SyncHistory
from tests.dav_server import RadicaleServer
from tests.sync.conftest import collection_path, contact_state, counts, server_cards, sync, vcard

NOTHING = {"pushed": 0, "pulled": 0, "deleted_here": 0, "deleted_there": 0, "conflicts": 0}


def _uid(card: str) -> str:
    found = re.search(r"^UID:(.+?)\r?$", card, re.M)
    assert found is not None
    return found.group(1)


def _changes_there(db: Any, server: RadicaleServer) -> tuple[str, str]:
    """On the 'phone': one card changed, one deleted, one added. Returns (changed, deleted) UIDs."""
    folder = collection_path(db, "contacts")
    cards = server_cards(server, folder)
    text = "\n".join(cards.values()).replace("\r\n ", "")
    introducers = "".join(re.findall(r"X-NETDESK-INTRODUCED-BY[^:]*:([^\r\n]+)", text))
    hrefs = [h for h in sorted(cards) if _uid(cards[h]) not in introducers]
    changed, deleted = hrefs[0], hrefs[1]
    body = re.sub(r"\r\nTITLE:[^\r]*", "", cards[changed]).replace(
        "\r\nEND:VCARD", "\r\nTITLE:Set on the phone\r\nEND:VCARD"
    )
    assert server.request("PUT", changed, body.encode(), {"Content-Type": "text/vcard"})[0] == 204
    assert server.request("DELETE", deleted)[0] in (200, 204)
    new = vcard("phone-made-1", "Rosa Diaz", "EMAIL:rosa@example.org\r\n")
    assert server.request("PUT", folder + "phone-made-1.vcf", new, {"Content-Type": "text/vcard"})[0] == 201
    return _uid(cards[changed]), _uid(cards[deleted])


def test_undo_puts_back_what_the_server_changed_here_and_the_next_sync_sends_it(
    db: Any, server: RadicaleServer
) -> None:
    load_demo(db)
    sync(db, server)
    before = contact_state(db)
    changed_uid, deleted_uid = _changes_there(db, server)
    result = sync(db, server)
    assert (result.contacts.pulled, result.contacts.deleted_here) == (2, 1) and result.run_id is not None
    assert contact_state(db) != before

    undone = SyncService(db).undo_run(result.run_id)
    assert (undone.removed, undone.restored, undone.brought_back) == (1, 1, 1)
    assert undone.sentence() == (
        "Sync undone here: removed 1 contact it brought, put back the earlier values of 1 contact, "
        "brought back 1 deleted contact. The next sync sends this to the server."
    )
    assert contact_state(db) == before
    assert "before-undo-sync" in [b.reason for b in BackupService(db).backups()]
    assert SyncHistory(db).runs()[0].undone_at is not None
    with pytest.raises(SyncUndoError, match="already undone"):
        SyncService(db).undo_run(result.run_id)
    # found by the search index again
    assert [c.draft.uid for c in ContactService(db).search_full(before[deleted_uid][0].display_name)]

    again = sync(db, server)
    assert again.contacts.pushed == 2 and again.contacts.deleted_there == 1
    texts = "\n".join(server_cards(server, collection_path(db, "contacts")).values())
    assert "phone-made-1" not in texts and "Set on the phone" not in texts and f"UID:{deleted_uid}" in texts
    assert counts(sync(db, server)) == (NOTHING, NOTHING)
    assert contact_state(db) == before and changed_uid in before


def test_a_contact_changed_since_stops_the_undo_and_nothing_changes(db: Any, server: RadicaleServer) -> None:
    load_demo(db)
    sync(db, server)
    changed_uid, _deleted = _changes_there(db, server)
    result = sync(db, server)
    contacts = ContactService(db)
    person = next(c for c in contacts.search_full() if c.draft.uid == changed_uid)
    contacts.update(person.id, replace(person.draft, organization="Edited after the sync"))
    state = contact_state(db)
    backups = len(BackupService(db).backups())
    with pytest.raises(SyncUndoError, match=re.escape(person.name) + " changed again after that sync"):
        SyncService(db).undo_run(result.run_id)
    assert contact_state(db) == state and len(BackupService(db).backups()) == backups
    assert SyncHistory(db).runs()[0].undone_at is None


def test_a_task_done_on_the_phone_is_open_again_after_undo(db: Any, server: RadicaleServer) -> None:
    load_demo(db)
    sync(db, server)
    tasks = server_cards(server, collection_path(db, "followups"))
    href, text = sorted(tasks.items())[0]
    done = text.replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED")
    assert server.request("PUT", href, done.encode(), {"Content-Type": "text/calendar"})[0] == 204
    queue = {f.id for f in FollowUpService(db).queue()}
    result = sync(db, server)
    assert result.followups.pulled == 1 and len(FollowUpService(db).queue()) == len(queue) - 1
    undone = SyncService(db).undo_run(result.run_id)  # type: ignore[arg-type]
    assert undone.followups == 1
    assert {f.id for f in FollowUpService(db).queue()} == queue
    again = sync(db, server)
    assert again.followups.pushed == 1
    assert "STATUS:NEEDS-ACTION" in server_cards(server, collection_path(db, "followups"))[href]
