"""kill -9 at many points inside a merge: the pair is either untouched or fully merged, never half.

The merge runs in a child process (``tests.fault.child``) that SIGKILLs itself at statement N of
the merge's unit of work, for N spread from the first statement to the COMMIT. After each kill the
database must pass ``integrity_check`` and ``foreign_key_check`` and hold exactly the rows it held
before the merge or exactly the rows a merge that ran to the end leaves. Before every unit of work
began explicitly (commit 4235088), each moved row's SAVEPOINT committed on its own and a kill in
the middle left interactions and follow-ups moved while both contacts still existed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from netdesk.domain.leads import LeadDraft
from netdesk.domain.models import ContactDraft, Email, EventDraft, InteractionDraft, InteractionKind, Phone
from netdesk.services import import_writer
from netdesk.services.contacts import ContactService
from netdesk.services.database import open_database
from netdesk.services.events import EventService
from netdesk.services.followups import FollowUpService
from netdesk.services.leads import LeadService
from netdesk.storage.followup_models import FollowUpRow
from tests.fault.harness import (
    check_sound,
    copy_data,
    differences,
    dump,
    kill_points,
    killed,
    run_child,
    statement_count,
)

WHEN = datetime(2024, 5, 2, 10, 15, tzinfo=UTC)


def _build(folder: Path) -> tuple[int, int]:
    """Two records of one person sharing everything a merge moves; returns (keep, other)."""
    db = open_database(folder)
    try:
        contacts = ContactService(db)
        fair = EventService(db).create(EventDraft(name="Spring Fair"))
        social = EventService(db).create(EventDraft(name="Alumni Social"))
        keep = contacts.create(
            ContactDraft(
                display_name="Ada Lovelace",
                emails=(Email("ada@a.org"),),
                tags=("python",),
                event_id=social.id,
            )
        )
        other = contacts.create(
            ContactDraft(
                display_name="Ada King",
                organization="Analytical Engines",
                emails=(Email("ada@a.org"), Email("ada@b.org")),
                phones=(Phone("+44 20 7946 0000", "+442079460000"),),
                tags=("maths", "python"),
                event_id=fair.id,
                introduced_by_id=keep.id,
            )
        )
        for n in range(6):
            contacts.create(ContactDraft(display_name=f"Friend {n}", introduced_by_id=other.id))
        for n in range(8):
            contacts.log_interaction(
                InteractionDraft(other.id, InteractionKind.COFFEE, WHEN, f"Coffee {n}", fair.id)
            )
        contacts.log_interaction(InteractionDraft(keep.id, InteractionKind.EMAIL, WHEN, "Thanks"))
        with db.sessions.begin() as s:
            s.add(
                FollowUpRow(
                    contact_id=keep.id, kind="custom", key="thank_you:event:1", title="T", due_at=WHEN
                )
            )
            s.add(
                FollowUpRow(
                    contact_id=other.id, kind="custom", key="thank_you:event:1", title="T", due_at=WHEN
                )
            )
            for n in range(4):
                s.add(
                    FollowUpRow(contact_id=other.id, kind="custom", key=None, title=f"Ask {n}", due_at=WHEN)
                )
            import_writer.set_extras(s, other.id, ["BDAY:1815-12-10"])
        LeadService(db).create(LeadDraft(organization="Analytical Engines", contact_ids=(other.id, keep.id)))
        LeadService(db).create(LeadDraft(organization="Babbage Labs", contact_ids=(other.id,)))
        FollowUpService(db).set_cadence(other.id, 30)
        return keep.id, other.id
    finally:
        db.close()


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, int]:
    base = tmp_path_factory.mktemp("merge") / "base"
    keep_id, other_id = _build(base)
    return base, keep_id, other_id


def test_merge_killed_anywhere_is_all_or_nothing(prepared: tuple[Path, int, int], tmp_path: Path) -> None:
    base, keep_id, other_id = prepared
    pair = (str(keep_id), str(other_id))
    before = dump(base)
    merged_dir = copy_data(base, tmp_path / "complete")
    total = statement_count("merge", merged_dir, *pair)
    merged = dump(merged_dir)
    assert merged != before
    assert total > 20, "the merge should move many rows, one statement each"

    outcomes: dict[int, str] = {}
    for point in kill_points(total, 9):
        folder = copy_data(base, tmp_path / f"kill-{point}")
        result = run_child("merge", folder, point, *pair)
        assert killed(result), f"statement {point} of {total}: {result.returncode} {result.stderr[-2000:]}"
        check_sound(folder)
        after = dump(folder)
        if after == before:
            outcomes[point] = "unmerged"
        elif after == merged:
            outcomes[point] = "merged"
        else:
            pytest.fail(
                f"killed at statement {point} of {total}: half-merged, {differences(before, after)} "
                f"differ from before and {differences(merged, after)} from merged"
            )
    # The kill before the COMMIT (and every earlier one) leaves the pair as it was.
    assert set(outcomes.values()) == {"unmerged"}, outcomes
