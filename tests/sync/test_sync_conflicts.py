"""Conflicts kept by a sync, listed and resolved (issue 17): the server's copy side by side with
the contact here, the chosen values saved here and sent at the next sync, the conflict cleared."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from typing import Any

import pytest

from netdesk.services.contacts import ContactService
from netdesk.services.demo import load_demo
from netdesk.services.duplicates import Choice
from netdesk.services.sync.conflicts import ConflictError, SyncConflicts
from tests.dav_server import RadicaleServer
from tests.sync.conftest import collection_path, counts, server_cards, sync

NOTHING = {"pushed": 0, "pulled": 0, "deleted_here": 0, "deleted_there": 0, "conflicts": 0}


def make_conflict(db: Any, server: RadicaleServer) -> Any:
    """Sync the demo network, then change one contact's title here and there: one conflict."""
    load_demo(db)
    sync(db, server)
    contacts = ContactService(db)
    person = contacts.search_full()[0]
    contacts.update(person.id, replace(person.draft, title="Title here", notes="Notes here"))
    href, text = next(
        (h, t)
        for h, t in server_cards(server, collection_path(db, "contacts")).items()
        if person.draft.uid in t
    )
    text = re.sub(r"\r\nTITLE:[^\r]*", "", text).replace(
        "\r\nEND:VCARD", "\r\nTITLE:Title there\r\nEND:VCARD"
    )
    text = re.sub(r"\r\nNOTE:[^\r]*(\r\n [^\r]*)*", "", text).replace(
        "\r\nEND:VCARD", "\r\nNOTE:Notes there\r\nEND:VCARD"
    )
    assert server.request("PUT", href, text.encode(), {"Content-Type": "text/vcard"})[0] == 204
    assert sync(db, server).contacts.conflicts == 1
    return contacts.get(person.id)


def _server_text(db: Any, server: RadicaleServer, uid: str) -> str:
    return next(t for t in server_cards(server, collection_path(db, "contacts")).values() if uid in t)


def test_a_conflict_is_listed_with_both_sides(db: Any, server: RadicaleServer) -> None:
    person = make_conflict(db, server)
    conflicts = SyncConflicts(db)
    assert conflicts.count() == 1
    [summary] = conflicts.list()
    assert summary.contact_id == person.id and summary.name == person.name
    assert set(summary.fields) == {"title", "notes"} and summary.labels() in ("Title, Notes", "Notes, Title")
    sides = conflicts.sides(summary.id)
    assert (sides.here.draft.title, sides.server.draft.title) == ("Title here", "Title there")
    assert (sides.here.draft.notes, sides.server.draft.notes) == ("Notes here", "Notes there")
    assert sides.server.draft.uid == person.draft.uid and sides.server.id == person.id
    # the fields nobody fought over are the same on both sides
    for f in fields(person.draft):
        if f.name not in ("title", "notes", "raw_source", "met_at"):
            assert getattr(sides.server.draft, f.name) == getattr(sides.here.draft, f.name), f.name


def test_choosing_the_servers_value_saves_it_here_and_sends_it_next_time(
    db: Any, server: RadicaleServer
) -> None:
    person = make_conflict(db, server)
    conflicts = SyncConflicts(db)
    [summary] = conflicts.list()
    saved = conflicts.resolve(summary.id, {"title": Choice.OTHER, "notes": Choice.BOTH}, person.version)
    assert saved.draft.title == "Title there"
    assert "Notes here" in saved.draft.notes and "Notes there" in saved.draft.notes
    assert conflicts.count() == 0 and conflicts.list() == []
    result = sync(db, server)
    assert result.contacts.pushed == 1 and result.contacts.conflicts == 0
    assert "TITLE:Title there" in _server_text(db, server, person.draft.uid)
    assert counts(sync(db, server)) == (NOTHING, NOTHING)
    with pytest.raises(ConflictError, match="resolved already"):
        conflicts.resolve(summary.id, {}, saved.version)


def test_a_contact_changed_since_is_not_overwritten(db: Any, server: RadicaleServer) -> None:
    person = make_conflict(db, server)
    conflicts = SyncConflicts(db)
    [summary] = conflicts.list()
    ContactService(db).update(person.id, replace(person.draft, organization="Moved on"))
    with pytest.raises(ConflictError, match="was changed since"):
        conflicts.resolve(summary.id, {"title": Choice.OTHER}, person.version)
    assert ContactService(db).get(person.id).draft.title == "Title here" and conflicts.count() == 1


def test_keeping_this_computers_values_clears_it_and_sends_nothing(db: Any, server: RadicaleServer) -> None:
    person = make_conflict(db, server)
    conflicts = SyncConflicts(db)
    conflicts.keep_here(conflicts.list()[0].id)
    assert conflicts.count() == 0
    assert ContactService(db).get(person.id).version == person.version
    assert counts(sync(db, server)) == (NOTHING, NOTHING)
    assert "TITLE:Title here" in _server_text(db, server, person.draft.uid)
