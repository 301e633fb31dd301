"""Imported old contacts make a steady trickle of keep-in-touch reminders, not a wall of overdue."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from netdesk.domain.followups import ContactFacts, FollowUpSettings, Touch, keep_in_touch_spec
from netdesk.domain.models import Circle, ContactDraft, InteractionKind
from netdesk.services.contacts import ContactService
from netdesk.services.database import open_database
from netdesk.services.followups import FollowUpService

IMPORTED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SETTINGS = FollowUpSettings()


def _imported(contact_id: int, met_years_ago: int | None = 6) -> ContactFacts:
    met = IMPORTED - timedelta(days=365 * met_years_ago) if met_years_ago is not None else None
    return ContactFacts(contact_id, "Someone", created_at=IMPORTED, circle=Circle.PROFESSIONAL, met_at=met)


def test_500_imported_contacts_spread_over_the_cadence() -> None:
    specs = [keep_in_touch_spec(_imported(cid), SETTINGS) for cid in range(1, 501)]
    dues = [spec.due_at for spec in specs if spec is not None]
    assert len(dues) == 500
    assert min(dues) > IMPORTED  # nothing overdue on the day of the import
    assert max(dues) <= IMPORTED + timedelta(days=90)
    per_day = Counter((due - IMPORTED).days for due in dues)
    assert len(per_day) == 90 and max(per_day.values()) <= 6  # ~5.6 a day, every day
    again = [keep_in_touch_spec(_imported(cid), SETTINGS) for cid in range(1, 501)]
    assert [s.due_at for s in again if s] == dues  # deterministic (by contact id)


def test_spreading_never_moves_a_reminder_earlier_or_touches_people_met_through_netdesk() -> None:
    recent = keep_in_touch_spec(_imported(7, met_years_ago=None), SETTINGS)
    assert recent is not None and IMPORTED < recent.due_at <= IMPORTED + timedelta(days=90)
    # Met after being added (event mode): a cadence after the meeting, as before.
    met = IMPORTED + timedelta(hours=1)
    live = ContactFacts(8, "Someone", created_at=IMPORTED, circle=Circle.PROFESSIONAL, met_at=met)
    spec = keep_in_touch_spec(live, SETTINGS)
    assert spec is not None and spec.due_at == met + timedelta(days=90)
    # Contacted through netdesk after the import: the cadence counts from that touch.
    call = IMPORTED + timedelta(days=3)
    touched = ContactFacts(
        9, "Someone", created_at=IMPORTED, circle=Circle.PROFESSIONAL,
        met_at=IMPORTED - timedelta(days=2000), touches=(Touch(1, InteractionKind.CALL, call),),
    )  # fmt: skip
    spec = keep_in_touch_spec(touched, SETTINGS)
    assert spec is not None and spec.due_at == call + timedelta(days=90)


def test_an_import_of_old_contacts_has_no_overdue_reminders(tmp_path: Path) -> None:
    db = open_database(tmp_path / "data")
    try:
        contacts = ContactService(db)
        long_ago = datetime(2019, 5, 1, 12, 0, tzinfo=UTC)
        for n in range(60):
            contacts.create(
                ContactDraft(display_name=f"Person {n}", circle=Circle.PROFESSIONAL, met_at=long_ago)
            )
        now = datetime.now(UTC) + timedelta(minutes=5)
        followups = FollowUpService(db, clock=lambda: now)
        assert followups.overdue_count() == 0
        days = Counter((i.due_at - now).days for i in followups.queue())
        assert sum(days.values()) == 60 and max(days.values()) <= 2
    finally:
        db.close()
