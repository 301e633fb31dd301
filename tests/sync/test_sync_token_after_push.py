"""The sync-token stored after a sync that sent things (``Collection.token_after``).

The token a sync reads comes before its own PUTs; stored as is, the next sync — with nothing
new — is handed back every resource this one sent (5,000 cards after a first sync: seconds of
the server's time, benchmarks/sync.py). So the token is moved past the sync's own writes, but
only when nothing else changed on the server meanwhile: a card a phone sent during the sync must
still arrive at the next one.
"""

from __future__ import annotations

import re
from typing import Any

from netdesk.services.contacts import ContactService
from netdesk.services.demo import load_demo
from netdesk.services.sync.state import load_state
from tests.dav_server import RadicaleServer
from tests.sync.conftest import collection_path, sync, vcard


def _entries_since(server: RadicaleServer, db: Any, kind: str) -> list[str]:
    """The hrefs a sync-collection REPORT with the stored token lists (plain HTTP)."""
    with db.sessions() as s:
        found = load_state(s, kind)
    assert found is not None and found.token
    body = (
        "<?xml version='1.0' encoding='utf-8'?><sync-collection xmlns='DAV:'>"
        f"<sync-token>{found.token}</sync-token><sync-level>1</sync-level>"
        "<prop><getetag/></prop></sync-collection>"
    ).encode()
    status, reply, _ = server.request("REPORT", found.url, body, {"Depth": "1"})
    assert status == 207
    return [h for h in re.findall(r"<(?:\w+:)?href>([^<]+)</", reply.decode()) if h != found.url]


def test_a_sync_that_sent_everything_stores_a_token_past_its_own_writes(
    db: Any, server: RadicaleServer
) -> None:
    load_demo(db)
    result = sync(db, server)
    assert result.contacts.pushed == ContactService(db).count() > 0 and result.followups.pushed > 0
    assert _entries_since(server, db, "contacts") == []
    assert _entries_since(server, db, "followups") == []
    # and a change there after it is still seen
    server.request(
        "PUT",
        collection_path(db, "contacts") + "phone.vcf",
        vcard("phone-1", "Rosa Diaz"),
        {"Content-Type": "text/vcard"},
    )
    assert _entries_since(server, db, "contacts") == [collection_path(db, "contacts") + "phone.vcf"]
    assert sync(db, server).contacts.pulled == 1


def test_a_card_sent_by_someone_else_during_the_sync_arrives_at_the_next(
    db: Any, server: RadicaleServer
) -> None:
    load_demo(db)
    sent: list[str] = []

    def phone_writes_during_our_push(method: str, url: str) -> None:
        if method == "PUT" and url.endswith(".vcf") and not sent:
            folder = url[len(server.url) - 1 : url.rindex("/") + 1]
            sent.append(folder + "phone.vcf")
            status, _, _ = server.request(
                "PUT", sent[0], vcard("phone-1", "Rosa Diaz"), {"Content-Type": "text/vcard"}
            )
            assert status == 201

    first = sync(db, server, on_request=phone_writes_during_our_push)
    assert sent and first.contacts.pulled == 0
    assert sent[0] in _entries_since(server, db, "contacts")  # the older token was kept
    again = sync(db, server)
    assert again.contacts.pulled == 1 and again.contacts.pushed == 0
    assert "Rosa Diaz" in {c.name for c in ContactService(db).search_full()}
