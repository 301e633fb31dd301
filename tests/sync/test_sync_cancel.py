"""Cancel from the window (issue 17): asked before every request and before writing here, so a
cancelled sync changes nothing here; once the local transaction committed it is not asked, and a
server that fails after that leaves what came saved and says the rest goes up next time."""

from __future__ import annotations

from typing import Any

import pytest

from netdesk.services.contacts import ContactService
from netdesk.services.demo import load_demo
from netdesk.services.sync import SyncCancelledError, SyncService
from tests.dav_server import PASSWORD, USER, RadicaleServer
from tests.sync.conftest import collection_path, sync, vcard


def _arrange(db: Any, server: RadicaleServer) -> SyncService:
    load_demo(db)
    sync(db, server)
    folder = collection_path(db, "contacts")
    server.request("PUT", folder + "p1.vcf", vcard("p1", "Rosa Diaz"), {"Content-Type": "text/vcard"})
    return SyncService(db)


def test_cancel_before_writing_here_changes_nothing(db: Any, server: RadicaleServer) -> None:
    service = _arrange(db, server)
    people = ContactService(db).count()
    stages: list[str] = []

    def progress(what: str, _done: int, _total: int) -> None:
        stages.append(what)

    account = service.resolve_account(server.url, USER)
    with pytest.raises(SyncCancelledError, match="nothing was changed here"):
        service.sync(account, PASSWORD, progress=progress, cancelled=lambda: "push" in stages)
    assert ContactService(db).count() == people
    assert service.sync(account, PASSWORD).contacts.pulled == 1


def test_cancel_after_the_commit_is_not_a_cancelled_sync(db: Any, server: RadicaleServer) -> None:
    service = _arrange(db, server)
    stages: list[str] = []
    account = service.resolve_account(server.url, USER)
    result = service.sync(
        account,
        PASSWORD,
        progress=lambda what, _d, _t: stages.append(what),
        cancelled=lambda: stages.count("apply") > 0 and stages[-1] == "request",
    )
    assert result.contacts.pulled == 1 and "Rosa Diaz" in {c.name for c in ContactService(db).search_full()}
    assert stages.index("apply") < len(stages) - 1  # requests went on after the commit


def test_a_server_failing_after_the_commit_keeps_what_came(db: Any, server: RadicaleServer) -> None:
    _arrange(db, server)
    applied: list[str] = []

    def hook(method: str, _url: str) -> None:
        if applied:
            server.stop()

    service = SyncService(db, on_request=hook)
    account = service.resolve_account(server.url, USER)
    result = service.sync(
        account, PASSWORD, progress=lambda what, _d, _t: applied.append(what) if what == "apply" else None
    )
    assert result.contacts.pulled == 1 and result.followups_later
    assert result.sentence().endswith("The new people's follow-ups go up at the next sync.")
    assert "Rosa Diaz" in {c.name for c in ContactService(db).search_full()}
