"""A real Radicale per test (tests/dav_server.py) and helpers to look at both sides."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.dav_server import PASSWORD, USER, RadicaleServer


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RadicaleServer]:
    srv = RadicaleServer(tmp_path / "radicale").start()
    yield srv
    srv.stop()


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never the developer's real keyring: the fail backend, as on a system without one."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


def sync(db: Any, server: RadicaleServer, password: str = PASSWORD, **kwargs: Any) -> Any:
    from netdesk.services.sync import SyncService

    service = SyncService(db, **kwargs)
    return service.sync(service.resolve_account(server.url, USER), password)


def counts(result: Any) -> tuple[dict[str, int], dict[str, int]]:
    return result.contacts.as_json(), result.followups.as_json()


def collection_path(db: Any, kind: str) -> str:
    from netdesk.services.sync.state import load_state

    with db.sessions() as s:
        found = load_state(s, kind)
    assert found is not None
    return found.url


def server_cards(server: RadicaleServer, path: str) -> dict[str, str]:
    """href -> text of every resource in the collection, read with plain HTTP (PROPFIND + GET)."""
    status, body, _ = server.request(
        "PROPFIND", path, b"<propfind xmlns='DAV:'><prop><getetag/></prop></propfind>", {"Depth": "1"}
    )
    assert status == 207
    hrefs = [
        h for h in re.findall(r"<(?:\w+:)?href>([^<]+)</", body.decode()) if h.rstrip("/") != path.rstrip("/")
    ]
    out: dict[str, str] = {}
    for href in hrefs:
        status, data, _ = server.request("GET", href)
        assert status == 200
        out[href] = data.decode()
    return out


def contact_state(db: Any) -> dict[str, tuple[Any, ...]]:
    """uid -> what the contact is, ids left out: comparable across two data folders."""
    from netdesk.services.contacts import ContactService

    out: dict[str, tuple[Any, ...]] = {}
    for c in ContactService(db).search_full():
        draft = replace(c.draft, event_id=None, introduced_by_id=None, raw_source="")
        out[c.draft.uid] = (draft, c.event_name, c.introduced_by_name)
    return out


def vcard(uid: str, fn: str, extra: str = "") -> bytes:
    family, _, given = fn.partition(" ")[::-1]
    return (
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{fn}\r\nN:{family};{given};;;\r\n{extra}END:VCARD\r\n"
    ).encode()


__all__ = ["PASSWORD", "USER"]
