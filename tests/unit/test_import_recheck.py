"""An import's duplicates are re-checked inside its write transaction, not only in the preview."""

from __future__ import annotations

from pathlib import Path

from netdesk.domain.models import ContactDraft, Email
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database
from netdesk.services.import_recheck import carry_actions
from netdesk.services.importer import Action, ImportService, Status

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
ROWS = (
    "Ada,Lovelace,https://www.linkedin.com/in/ada,ada@a.org,Analytical Engines,Engineer,01 Jan 2024\n"
    "Jane,Doe,https://www.linkedin.com/in/jane,jane@d.org,Stripe,PM,02 Feb 2024\n"
    "Sam,Ode,,sam@o.org,Initech,Dev,03 Mar 2024\n"
)


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "Connections.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    return path


def test_a_stale_preview_does_not_create_what_another_import_stored(db: Database, tmp_path: Path) -> None:
    path = _csv(tmp_path)
    service = ImportService(db)
    first, second = service.preview_paths([path]), service.preview_paths([path])
    assert second.count(Status.NEW) == 3
    assert service.commit(first, backup=False).created == 3
    outcome = service.commit(second, backup=False)  # decided "new" before the first one landed
    assert (outcome.created, outcome.updated, outcome.skipped) == (0, 0, 3)
    assert outcome.batch_id is None
    assert outcome.preview is not None and outcome.preview.count(Status.DUPLICATE) == 3
    assert ContactService(db).count() == 3


def test_a_changed_job_found_at_commit_is_an_update(db: Database, tmp_path: Path) -> None:
    path = _csv(tmp_path)
    service = ImportService(db)
    preview = service.preview_paths([path])
    contacts = ContactService(db)
    contacts.create(
        ContactDraft(display_name="Ada Lovelace", organization="Old Co", emails=(Email("ada@a.org"),))
    )
    outcome = service.commit(preview, backup=False)
    assert (outcome.created, outcome.updated) == (2, 1)
    assert contacts.count() == 3
    ada = contacts.get(contacts.find_by_name("Ada Lovelace")[0])
    assert ada.draft.organization == "Analytical Engines"


def test_an_unchanged_network_keeps_the_users_choices(db: Database, tmp_path: Path) -> None:
    path = _csv(tmp_path)
    service = ImportService(db)
    preview = service.preview_paths([path])
    outcome = service.commit(preview, {0: Action.SKIP}, backup=False)
    assert (outcome.created, outcome.skipped) == (2, 1)
    assert outcome.preview is preview


def test_carry_actions_keeps_only_what_the_user_changed() -> None:
    old = {0: Action.CREATE, 1: Action.CREATE, 2: Action.SKIP}
    new = {0: Action.SKIP, 1: Action.UPDATE, 2: Action.SKIP}
    # The dialog passes every row's action; only row 2 was changed by the user.
    chosen = {0: Action.CREATE, 1: Action.CREATE, 2: Action.CREATE}
    assert carry_actions(old, new, chosen) == {0: Action.SKIP, 1: Action.UPDATE, 2: Action.CREATE}
    assert carry_actions(old, new, None) == new
