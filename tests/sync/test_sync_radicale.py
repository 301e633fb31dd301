"""Two-way sync against a real Radicale started by the fixture (issue 17)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from netdesk.services.contacts import ContactService
from netdesk.services.database import open_database
from netdesk.services.demo import load_demo
from netdesk.services.followups import FollowUpService
from netdesk.services.sync import RemoteError, SyncService
from netdesk.storage.sync_models import SyncChangeRow, SyncConflictRow
from tests.dav_server import RadicaleServer
from tests.sync.conftest import collection_path, contact_state, counts, server_cards, sync, vcard

NOTHING = {"pushed": 0, "pulled": 0, "deleted_here": 0, "deleted_there": 0, "conflicts": 0}


@pytest.fixture
def demo_db(db: Any) -> Any:
    load_demo(db)
    return db


def _uid(card: str) -> str:
    found = re.search(r"^UID:(.+?)\r?$", card, re.M)
    assert found is not None
    return found.group(1)


def _first_synced(db: Any, server: RadicaleServer) -> Any:
    result = sync(db, server)
    assert result.contacts.pushed == ContactService(db).count()
    return result


def test_first_sync_sends_every_contact_with_its_uid_and_open_followups_as_tasks(
    demo_db: Any, server: RadicaleServer
) -> None:
    result = _first_synced(demo_db, server)
    assert result.backup is not None and Path(result.backup).exists()
    cards = server_cards(server, collection_path(demo_db, "contacts"))
    uids = {re.search(r"^UID:(.+?)\r?$", text, re.M).group(1) for text in cards.values()}  # type: ignore[union-attr]
    assert uids == set(contact_state(demo_db))
    assert all("X-NETDESK-" in text for text in cards.values())
    tasks = server_cards(server, collection_path(demo_db, "followups"))
    open_count = len(FollowUpService(demo_db).queue())
    assert len(tasks) == open_count == result.followups.pushed > 0
    assert all(
        "BEGIN:VTODO" in t and "BEGIN:VALARM" in t and "STATUS:NEEDS-ACTION" in t for t in tasks.values()
    )
    # a second sync moves nothing, and is quick
    assert counts(sync(demo_db, server)) == (NOTHING, NOTHING)


def test_changes_made_on_the_server_arrive_and_are_undoable(demo_db: Any, server: RadicaleServer) -> None:
    _first_synced(demo_db, server)
    folder = collection_path(demo_db, "contacts")
    cards = server_cards(server, folder)
    # the one deleted introduced nobody: else their "introduced by" is cleared here, a change to send
    introducers = "".join(
        re.findall(r"X-NETDESK-INTRODUCED-BY[^:]*:([^\r\n]+)", "\n".join(cards.values()).replace("\r\n ", ""))
    )
    hrefs = [h for h in sorted(cards) if _uid(cards[h]) not in introducers]
    changed_href, deleted_href = hrefs[0], hrefs[1]
    changed = cards[changed_href].replace("\nNOTE:", "\nNOTE:Called from the phone. ")
    if "\nNOTE:" not in cards[changed_href]:
        changed = cards[changed_href].replace("END:VCARD", "NOTE:Called from the phone.\r\nEND:VCARD")
    assert server.request("PUT", changed_href, changed.encode(), {"Content-Type": "text/vcard"})[0] in (
        201,
        204,
    )
    assert server.request("DELETE", deleted_href)[0] in (200, 204)
    new = vcard("phone-made-1", "Rosa Diaz", "EMAIL:rosa@example.org\r\nTEL:+1 617 555 0101\r\n")
    assert server.request("PUT", folder + "phone-made-1.vcf", new, {"Content-Type": "text/vcard"})[0] == 201
    deleted_uid = re.search(r"^UID:(.+?)\r?$", cards[deleted_href], re.M).group(1)  # type: ignore[union-attr]
    changed_uid = re.search(r"^UID:(.+?)\r?$", cards[changed_href], re.M).group(1)  # type: ignore[union-attr]

    result = sync(demo_db, server)
    assert result.contacts.pulled == 2 and result.contacts.deleted_here == 1 and result.contacts.pushed == 0
    state = contact_state(demo_db)
    assert deleted_uid not in state and "phone-made-1" in state
    assert "Called from the phone." in state[changed_uid][0].notes
    assert state["phone-made-1"][0].emails[0].address == "rosa@example.org"
    with demo_db.sessions() as s:
        actions = sorted(r.action for r in s.query(SyncChangeRow))
    assert actions == ["created", "deleted", "updated"]
    assert counts(sync(demo_db, server)) == (NOTHING, NOTHING)


def test_changes_made_here_go_up(demo_db: Any, server: RadicaleServer) -> None:
    from netdesk.domain.models import ContactDraft

    _first_synced(demo_db, server)
    contacts = ContactService(demo_db)
    people = contacts.search_full()
    edited, removed = people[0], people[1]
    contacts.update(edited.id, ContactDraft(**{**_fields(edited.draft), "title": "Head of Sound"}))
    contacts.delete(removed.id)
    added = contacts.create(ContactDraft(display_name="Nia Okafor", organization="Harbor Labs"))
    result = sync(demo_db, server)
    assert result.contacts.pushed == 2 and result.contacts.deleted_there == 1
    texts = "\n".join(server_cards(server, collection_path(demo_db, "contacts")).values())
    assert "TITLE:Head of Sound" in texts and f"UID:{added.draft.uid}" in texts
    assert f"UID:{removed.draft.uid}" not in texts
    assert counts(sync(demo_db, server)) == (NOTHING, NOTHING)


def _fields(draft: Any) -> dict[str, Any]:
    from dataclasses import fields

    return {f.name: getattr(draft, f.name) for f in fields(draft)}


def _server_copy(server: RadicaleServer, db: Any, uid: str) -> tuple[str, str]:
    cards = server_cards(server, collection_path(db, "contacts"))
    return next((h, t) for h, t in cards.items() if f"UID:{uid}\r" in t or f"UID:{uid}\n" in t)


def test_both_sides_merge_field_by_field_and_overlaps_become_a_conflict(
    demo_db: Any, server: RadicaleServer
) -> None:
    from netdesk.domain.models import ContactDraft

    _first_synced(demo_db, server)
    contacts = ContactService(demo_db)
    first, second = contacts.search_full()[:2]
    # first: different fields on each side -> merged; second: the same field -> conflict
    contacts.update(first.id, ContactDraft(**{**_fields(first.draft), "title": "Local title"}))
    contacts.update(second.id, ContactDraft(**{**_fields(second.draft), "title": "Local title 2"}))
    href, text = _server_copy(server, demo_db, first.draft.uid)
    text = re.sub(r"\r\nEND:VCARD", "\r\nNOTE:Server note\r\nEND:VCARD", re.sub(r"\r\nNOTE:[^\r]*", "", text))
    server.request("PUT", href, text.encode(), {"Content-Type": "text/vcard"})
    href2, text2 = _server_copy(server, demo_db, second.draft.uid)
    text2 = re.sub(r"\r\nTITLE:[^\r]*", "", text2).replace(
        "\r\nEND:VCARD", "\r\nTITLE:Server title\r\nEND:VCARD"
    )
    server.request("PUT", href2, text2.encode(), {"Content-Type": "text/vcard"})

    result = sync(demo_db, server)
    assert result.contacts.conflicts == 1
    merged = contacts.get(first.id).draft
    assert merged.title == "Local title" and merged.notes == "Server note"
    assert contacts.get(second.id).draft.title == "Local title 2"
    with demo_db.sessions() as s:
        conflict = s.query(SyncConflictRow).one()
        assert conflict.contact_id == second.id and "TITLE:Server title" in conflict.server_card
    assert "TITLE:Local title" in _server_copy(server, demo_db, first.draft.uid)[1]
    assert "NOTE:Server note" in _server_copy(server, demo_db, first.draft.uid)[1]
    assert counts(sync(demo_db, server)) == (NOTHING, NOTHING)


def test_a_local_delete_of_a_contact_changed_there_keeps_it(demo_db: Any, server: RadicaleServer) -> None:
    _first_synced(demo_db, server)
    contacts = ContactService(demo_db)
    person = contacts.search_full()[0]
    contacts.delete(person.id)
    href, text = _server_copy(server, demo_db, person.draft.uid)
    server.request("PUT", href, text.replace("END:VCARD", "NOTE:still here\r\nEND:VCARD").encode())
    result = sync(demo_db, server)
    assert result.contacts.deleted_there == 0 and result.contacts.pulled == 1
    assert person.draft.uid in contact_state(demo_db)


def test_a_task_done_on_the_phone_is_done_here(demo_db: Any, server: RadicaleServer) -> None:
    _first_synced(demo_db, server)
    tasks = server_cards(server, collection_path(demo_db, "followups"))
    href, text = sorted(tasks.items())[0]
    done = text.replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED")
    assert server.request("PUT", href, done.encode(), {"Content-Type": "text/calendar"})[0] == 204
    before = len(FollowUpService(demo_db).queue())
    result = sync(demo_db, server)
    assert result.followups.pulled == 1
    assert len(FollowUpService(demo_db).queue()) == before - 1


def _snapshot(db: Any) -> tuple[Any, ...]:
    with db.sessions() as s:
        tables = ("sync_account", "sync_collection", "sync_item", "sync_run", "contact", "followup")
        rows = tuple(tuple(s.execute(_sql(f"SELECT * FROM {t} ORDER BY 1")).all()) for t in tables)
    return rows


def _sql(text: str) -> Any:
    from sqlalchemy import text as sql

    return sql(text)


@pytest.mark.parametrize("kill_at", ["first request", "first PUT"])
def test_server_killed_mid_sync_leaves_nothing_half_applied(
    demo_db: Any, server: RadicaleServer, kill_at: str
) -> None:
    if kill_at == "first PUT":
        _first_synced(demo_db, server)
        ContactService(demo_db).create(
            __import__("netdesk.domain.models").domain.models.ContactDraft(display_name="New Person")
        )
        server.request("PUT", collection_path(demo_db, "contacts") + "x.vcf", vcard("x-1", "Remote Person"))
    FollowUpService(demo_db).regenerate()
    before = _snapshot(demo_db)
    seen: list[str] = []

    def hook(method: str, url: str) -> None:
        seen.append(method)
        if (kill_at == "first request" and len(seen) == 2) or (kill_at == "first PUT" and method == "PUT"):
            server.stop()

    with pytest.raises(RemoteError, match="cannot be reached"):
        sync(demo_db, server, on_request=hook)
    assert _snapshot(demo_db) == before


def test_a_wrong_password_gets_a_sentence_and_changes_nothing(demo_db: Any, server: RadicaleServer) -> None:
    with pytest.raises(RemoteError) as caught:
        sync(demo_db, server, password="wrong")
    assert "refused the user name or password" in str(caught.value) and "401" in str(caught.value)
    assert SyncService(demo_db).account() is None


def test_a_second_data_folder_ends_with_the_same_contacts(
    demo_db: Any, server: RadicaleServer, tmp_path: Path
) -> None:
    _first_synced(demo_db, server)
    other = open_database(tmp_path / "laptop2")
    try:
        result = sync(other, server)
        assert result.contacts.pulled == ContactService(demo_db).count()
        sync(other, server)
        assert counts(sync(demo_db, server))[0] == NOTHING
        assert contact_state(other) == contact_state(demo_db)
    finally:
        other.close()


def test_cli_sync_prints_the_contract_and_exits_1_when_the_server_is_down(
    data_dir: Path, server: RadicaleServer
) -> None:
    from tests.dav_server import PASSWORD, USER
    from tests.integration.cli_runner import run

    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    assert run(data_dir, "demo").returncode == 0
    done = _run_stdin(
        data_dir, ["sync", "--url", server.url, "--user", USER, "--password-stdin", "--json"], PASSWORD, env
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert set(document) == {"server", "contacts", "followups"}
    assert set(document["contacts"]) == set(NOTHING) == set(document["followups"])
    server.stop()
    failed = _run_stdin(data_dir, ["sync", "--password-stdin"], PASSWORD, env)
    assert failed.returncode == 1 and failed.stdout == ""
    assert (
        "cannot be reached" in failed.stderr and USER not in failed.stderr and PASSWORD not in failed.stderr
    )
    assert run(data_dir, "sync", env=env).returncode == 1  # no keyring, no --password-stdin


def _run_stdin(data_dir: Path, args: list[str], stdin: str, env: dict[str, str]) -> Any:
    import os
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "netdesk", "--data-dir", str(data_dir), *args],
        input=stdin + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **env},
        timeout=300,
    )
