"""Follow-up rules with an injected clock: thank-you timing, cadence resets, snooze, lead dates,
grouping by the user's calendar days across time zones, and reconciling with stored rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netdesk.domain.followup_queue import (
    SnoozeError,
    group_followups,
    group_of,
    lead_due,
    overdue_count,
    snooze_until,
)
from netdesk.domain.followups import (
    UNSET,
    ContactFacts,
    EventFacts,
    FollowUp,
    FollowUpGroup,
    FollowUpKind,
    FollowUpSettings,
    FollowUpSpec,
    FollowUpStatus,
    StoredRuleFollowUp,
    Touch,
    desired_followups,
    keep_in_touch_spec,
    reconcile,
    thank_you_specs,
)
from netdesk.domain.models import Circle, EventKind, InteractionKind

NY = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
FAIR = EventFacts(1, "Fall Career Fair", EventKind.CAREER_FAIR)
INTERVIEW = EventFacts(2, "Interview with Dr. Okafor", EventKind.INFORMATIONAL_INTERVIEW)
EVENTS = {FAIR.id: FAIR, INTERVIEW.id: INTERVIEW}
MET = datetime(2026, 11, 20, 10, 15, tzinfo=NY)
SETTINGS = FollowUpSettings()


def facts(**kw: object) -> ContactFacts:
    base: dict[str, object] = {
        "contact_id": 7,
        "name": "José Núñez",
        "created_at": MET,
        "events": EVENTS,
    }
    base.update(kw)
    return ContactFacts(**base)  # type: ignore[arg-type]


def item(due: datetime, **kw: object) -> FollowUp:
    base: dict[str, object] = {"id": 1, "contact_id": 7, "contact_name": "José", "kind": FollowUpKind.CUSTOM}
    base.update(kw)
    return FollowUp(due_at=due, **base)  # type: ignore[arg-type]


# -- thank-you ---------------------------------------------------------------------------------


def test_thank_you_is_due_24_hours_after_meeting_at_an_event() -> None:
    specs = thank_you_specs(facts(event=FAIR, met_at=MET, notes="The percussion internship"), SETTINGS, MET)
    assert len(specs) == 1
    spec = specs[0]
    assert spec.kind is FollowUpKind.THANK_YOU
    assert spec.due_at == MET + timedelta(hours=24)
    assert spec.due_at.astimezone(NY).hour == 10  # same wall-clock time the next day
    assert spec.key == "thank_you:event:1"
    assert spec.reason == "Met at Fall Career Fair on Nov 20 — you talked about the percussion internship"
    assert spec.create and spec.satisfied_at is None


def test_thank_you_interval_is_a_setting() -> None:
    settings = FollowUpSettings(thank_you_after=timedelta(hours=12))
    (spec,) = thank_you_specs(facts(event=FAIR, met_at=MET), settings, MET)
    assert spec.due_at == MET + timedelta(hours=12)


def test_no_thank_you_without_an_event() -> None:
    spontaneous = facts(met_at=MET, touches=(Touch(1, InteractionKind.MET, MET),))
    assert thank_you_specs(spontaneous, SETTINGS, MET) == []


def test_informational_interview_meeting_gets_interview_thank_you() -> None:
    at = datetime(2026, 11, 24, 15, 0, tzinfo=NY)
    touch = Touch(3, InteractionKind.MEETING, at, event_id=INTERVIEW.id, summary="Day-to-day lab work")
    (spec,) = thank_you_specs(facts(touches=(touch,)), SETTINGS, at)
    assert spec.kind is FollowUpKind.INTERVIEW_THANK_YOU
    assert spec.due_at == at + timedelta(hours=24)
    assert spec.reason == "Interview with Dr. Okafor on Nov 24 — you talked about day-to-day lab work"
    lab = EventFacts(5, "Genomix Labs visit", EventKind.INFORMATIONAL_INTERVIEW)
    (other,) = thank_you_specs(
        facts(touches=(Touch(4, InteractionKind.CALL, at, event_id=5),), events={5: lab}), SETTINGS, at
    )
    assert other.reason == "Informational interview (Genomix Labs visit) on Nov 24"


def test_met_interaction_at_event_and_contact_event_make_one_thank_you() -> None:
    touch = Touch(4, InteractionKind.MET, MET + timedelta(minutes=5), event_id=FAIR.id)
    specs = thank_you_specs(facts(event=FAIR, met_at=MET, touches=(touch,)), SETTINGS, MET)
    assert [s.key for s in specs] == ["thank_you:event:1"]
    assert specs[0].due_at == MET + timedelta(hours=24)


@pytest.mark.parametrize("kind", [InteractionKind.EMAIL, InteractionKind.LETTER])
def test_email_or_handwritten_note_after_meeting_satisfies_thank_you(kind: InteractionKind) -> None:
    sent = Touch(9, kind, MET + timedelta(hours=20))
    (spec,) = thank_you_specs(facts(event=FAIR, met_at=MET, touches=(sent,)), SETTINGS, MET)
    assert spec.satisfied_at == sent.at
    assert spec.satisfied_by == 9


def test_email_before_the_meeting_or_a_call_does_not_satisfy_thank_you() -> None:
    touches = (
        Touch(1, InteractionKind.EMAIL, MET - timedelta(days=2)),
        Touch(2, InteractionKind.CALL, MET + timedelta(hours=3)),
    )
    (spec,) = thank_you_specs(facts(event=FAIR, met_at=MET, touches=touches), SETTINGS, MET)
    assert spec.satisfied_at is None


def test_stale_meeting_is_not_created_afresh() -> None:
    long_ago = MET - timedelta(days=400)
    (spec,) = thank_you_specs(facts(event=FAIR, met_at=long_ago), SETTINGS, MET)
    assert not spec.create


# -- keep in touch -----------------------------------------------------------------------------


def test_keep_in_touch_counts_from_the_last_interaction_of_any_kind() -> None:
    touches = (
        Touch(1, InteractionKind.EMAIL, MET + timedelta(days=10)),
        Touch(2, InteractionKind.LINKEDIN, MET + timedelta(days=30)),
    )
    spec = keep_in_touch_spec(facts(circle=Circle.PROFESSIONAL, met_at=MET, touches=touches), SETTINGS)
    assert spec is not None
    assert spec.due_at == MET + timedelta(days=30 + 90)
    assert "LinkedIn".lower() in spec.reason


@pytest.mark.parametrize("kind", list(InteractionKind))
def test_any_interaction_resets_the_cadence(kind: InteractionKind) -> None:
    before = keep_in_touch_spec(facts(circle=Circle.COLLEAGUE, met_at=MET), SETTINGS)
    later = MET + timedelta(days=60)
    after = keep_in_touch_spec(
        facts(circle=Circle.COLLEAGUE, met_at=MET, touches=(Touch(1, kind, later),)), SETTINGS
    )
    assert before is not None and after is not None
    assert after.due_at == later + timedelta(days=90)
    assert after.key != before.key  # a new cycle: the old reminder is superseded


def test_family_has_no_cadence_but_a_contact_override_wins() -> None:
    assert keep_in_touch_spec(facts(circle=Circle.FAMILY), SETTINGS) is None
    spec = keep_in_touch_spec(facts(circle=Circle.FAMILY, cadence_override=30), SETTINGS)
    assert spec is not None and spec.due_at == MET + timedelta(days=30)
    assert keep_in_touch_spec(facts(circle=Circle.PROFESSIONAL, cadence_override=None), SETTINGS) is None


def test_contact_added_without_any_touch_counts_from_creation() -> None:
    added = datetime(2026, 1, 5, 12, tzinfo=UTC)
    spec = keep_in_touch_spec(facts(created_at=added, cadence_override=UNSET), SETTINGS)
    assert spec is not None and spec.due_at == added + timedelta(days=90)


def test_skipped_keep_in_touch_starts_a_new_cycle() -> None:
    skipped = MET + timedelta(days=95)
    spec = keep_in_touch_spec(facts(met_at=MET, last_skipped_keep_in_touch=skipped), SETTINGS)
    assert spec is not None and spec.due_at == skipped + timedelta(days=90)


# -- reconciling -------------------------------------------------------------------------------


def stored(
    key: str, status: FollowUpStatus, due: datetime = MET, reason: str = "", fid: int = 1
) -> StoredRuleFollowUp:
    return StoredRuleFollowUp(fid, key, status, due, reason)


def test_reconcile_creates_updates_completes_and_removes() -> None:
    spec_new = FollowUpSpec("thank_you:event:1", FollowUpKind.THANK_YOU, MET, "r")
    assert reconcile([], [spec_new]).create == [spec_new]

    moved = FollowUpSpec("k", FollowUpKind.KEEP_IN_TOUCH, MET + timedelta(days=1), "r")
    assert reconcile([stored("k", FollowUpStatus.OPEN, MET, "r")], [moved]).update == [(1, moved)]

    done = FollowUpSpec("t", FollowUpKind.THANK_YOU, MET, "r", satisfied_at=MET, satisfied_by=3)
    assert reconcile([stored("t", FollowUpStatus.SNOOZED)], [done]).complete == [(1, done)]

    superseded = reconcile([stored("keep_in_touch:old", FollowUpStatus.OPEN)], [])
    assert superseded.delete == [1]


def test_reconcile_respects_the_users_decisions() -> None:
    spec = FollowUpSpec("t", FollowUpKind.THANK_YOU, MET, "r")
    for status in (FollowUpStatus.DONE, FollowUpStatus.SKIPPED):
        plan = reconcile([stored("t", status, MET + timedelta(hours=1), "old")], [spec])
        assert not plan, status
        assert not reconcile([stored("gone", status)], [])


def test_reconcile_does_not_create_stale_or_already_satisfied() -> None:
    stale = FollowUpSpec("t", FollowUpKind.THANK_YOU, MET, "r", create=False)
    satisfied = FollowUpSpec("u", FollowUpKind.THANK_YOU, MET, "r", satisfied_at=MET)
    assert not reconcile([], [stale, satisfied])


def test_desired_then_reconciled_twice_is_stable() -> None:
    f = facts(event=FAIR, met_at=MET, circle=Circle.PROFESSIONAL)
    specs = desired_followups(f, SETTINGS, MET)
    rows = [stored(s.key, FollowUpStatus.OPEN, s.due_at, s.reason, fid=i) for i, s in enumerate(specs)]
    assert not reconcile(rows, desired_followups(f, SETTINGS, MET + timedelta(hours=3)))


# -- grouping, snooze, leads -------------------------------------------------------------------


def test_groups_follow_the_users_calendar_days() -> None:
    now = datetime(2026, 11, 20, 22, 0, tzinfo=NY)  # Friday evening in New York
    assert group_of(item(now - timedelta(minutes=1)), now, NY) is FollowUpGroup.OVERDUE
    assert group_of(item(now + timedelta(minutes=90)), now, NY) is FollowUpGroup.TODAY
    assert group_of(item(now + timedelta(hours=3)), now, NY) is FollowUpGroup.THIS_WEEK  # 01:00 Sat
    assert group_of(item(now + timedelta(days=6)), now, NY) is FollowUpGroup.THIS_WEEK
    assert group_of(item(now + timedelta(days=7)), now, NY) is FollowUpGroup.LATER


def test_same_instant_is_today_in_one_zone_and_tomorrow_in_another() -> None:
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    due = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)  # 15:00 New York, 05:00 next day Tokyo
    assert group_of(item(due), now, NY) is FollowUpGroup.TODAY
    assert group_of(item(due), now, TOKYO) is FollowUpGroup.THIS_WEEK


def test_due_times_in_other_offsets_compare_as_instants() -> None:
    now = datetime(2026, 11, 20, 10, 0, tzinfo=NY)
    due_tokyo = datetime(2026, 11, 20, 23, 30, tzinfo=TOKYO)  # 09:30 New York: already passed
    assert group_of(item(due_tokyo), now, NY) is FollowUpGroup.OVERDUE


def test_snoozed_item_waits_in_snoozed_then_returns_at_its_new_time() -> None:
    now = datetime(2026, 11, 20, 9, 0, tzinfo=NY)
    until = snooze_until(now, delta=timedelta(days=1))
    snoozed = item(now - timedelta(hours=5), status=FollowUpStatus.SNOOZED, snoozed_until=until)
    assert group_of(snoozed, now, NY) is FollowUpGroup.SNOOZED
    assert snoozed.shown_status(now) is FollowUpStatus.SNOOZED
    later = until + timedelta(minutes=1)
    assert group_of(snoozed, later, NY) is FollowUpGroup.OVERDUE
    assert snoozed.shown_status(later) is FollowUpStatus.OPEN
    assert snoozed.effective_due() == until


def test_snooze_options() -> None:
    now = datetime(2026, 11, 20, 9, 0, tzinfo=NY)
    assert snooze_until(now, delta=timedelta(weeks=1)) == now + timedelta(days=7)
    assert snooze_until(now, day=date(2026, 12, 1), tz=NY) == datetime(2026, 12, 1, 9, 0, tzinfo=NY)
    with pytest.raises(SnoozeError, match="future"):
        snooze_until(now, day=date(2026, 11, 19), tz=NY)
    with pytest.raises(SnoozeError):
        snooze_until(now, delta=timedelta(days=1), day=date(2026, 12, 1))


def test_lead_deadline_is_reminded_ahead() -> None:
    now = datetime(2026, 11, 20, 9, 0, tzinfo=NY)
    deadline = datetime(2027, 1, 15, 17, 0, tzinfo=NY)
    assert lead_due(deadline, SETTINGS, now) == deadline - timedelta(days=3)
    soon = now + timedelta(days=1)
    assert lead_due(soon, SETTINGS, now) == now  # less notice than wanted: remind right away
    past = now - timedelta(days=1)
    assert lead_due(past, SETTINGS, now) == past


def test_grouped_queue_is_sorted_and_skips_closed_items() -> None:
    now = datetime(2026, 11, 20, 9, 0, tzinfo=NY)
    items = [
        item(now + timedelta(days=2), id=1),
        item(now - timedelta(days=2), id=2),
        item(now - timedelta(days=3), id=3),
        item(now - timedelta(days=9), id=4, status=FollowUpStatus.DONE),
        item(now + timedelta(days=30), id=5, status=FollowUpStatus.SKIPPED),
    ]
    grouped = group_followups(items, now, NY)
    assert [(g, [i.id for i in rows]) for g, rows in grouped] == [
        (FollowUpGroup.OVERDUE, [3, 2]),
        (FollowUpGroup.THIS_WEEK, [1]),
    ]
    assert overdue_count(items, now, NY) == 2


@given(
    offset_minutes=st.integers(min_value=-12 * 60, max_value=14 * 60),
    hours_ahead=st.integers(min_value=-500, max_value=500),
)
def test_group_depends_on_the_instant_not_on_the_offset_it_was_written_in(
    offset_minutes: int, hours_ahead: int
) -> None:
    from datetime import timezone

    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    due = now + timedelta(hours=hours_ahead)
    written = due.astimezone(timezone(timedelta(minutes=offset_minutes)))
    assert group_of(item(written), now, NY) is group_of(item(due), now, NY)
