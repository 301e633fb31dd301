"""Keeps the stored follow-ups in step with the rules of ``netdesk.domain.followups``.

Why regenerate instead of reacting to every write: contacts, interactions and events are written
by several services (contact editor, event capture, import, scan, the command line). Rather than
have each remember to add or move reminders, the queue is recomputed from the facts whenever it
is read (``FollowUpService.queue`` calls ``regenerate``) — but only for the contacts whose facts
changed since their last regeneration, which the database itself stamps on every write
(``netdesk.storage.followup_stamps``), so a read with nothing new costs one SELECT at any size.
Reconciling writes only differences. Callers that want the reminder to exist the moment a contact
is saved call ``sync_contacts(session, [contact_id])`` inside their own transaction, or
``FollowUpService.ensure_followups(contact_id)`` after it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import case, delete, select, update
from sqlalchemy.orm import Session

from netdesk.domain.followups import (
    UNSET,
    ContactFacts,
    EventFacts,
    FollowUpKind,
    FollowUpSettings,
    FollowUpStatus,
    Plan,
    StoredRuleFollowUp,
    Touch,
    Unset,
    desired_followups,
    reconcile,
)
from netdesk.domain.models import Circle, EventKind, InteractionKind
from netdesk.storage import followup_stamps
from netdesk.storage.followup_models import ContactCadenceRow, FollowUpRow, FollowUpSettingRow
from netdesk.storage.models import ContactRow, EventRow, InteractionRow

E = TypeVar("E", Circle, EventKind, InteractionKind)

_OPEN = (FollowUpStatus.OPEN.value, FollowUpStatus.SNOOZED.value)

# -- settings ------------------------------------------------------------------------------------

_NONE = "none"


def _days_text(days: int | None) -> str:
    return _NONE if days is None else str(days)


def _days_value(text: str, default: int | None) -> int | None:
    if text.strip().lower() == _NONE:
        return None
    try:
        value = int(text)
    except ValueError:
        return default
    return value if value > 0 else default


def read_settings(s: Session) -> FollowUpSettings:
    """The stored settings; unknown or damaged values fall back to the defaults."""
    stored = dict(s.execute(select(FollowUpSettingRow.key, FollowUpSettingRow.value)).all())
    base = FollowUpSettings()

    def hours(key: str, default: timedelta, minimum: float = 1e-9) -> timedelta:
        try:
            value = float(stored[key])
        except (KeyError, ValueError):
            return default
        return timedelta(hours=value) if value >= minimum else default

    circle = dict(base.circle_cadence)
    for c in Circle:
        key = f"cadence.{c.value}"
        if key in stored:
            circle[c] = _days_value(stored[key], circle.get(c))
    default_days = base.default_cadence_days
    if "cadence.default" in stored:
        default_days = _days_value(stored["cadence.default"], default_days)
    return FollowUpSettings(
        thank_you_after=hours("thank_you_after_hours", base.thank_you_after),
        thank_you_window=hours("thank_you_window_hours", base.thank_you_window),
        lead_notice=hours("lead_notice_hours", base.lead_notice, minimum=0),
        default_cadence_days=default_days,
        circle_cadence=circle,
    )


def write_settings(s: Session, settings: FollowUpSettings) -> None:
    values = {
        "thank_you_after_hours": f"{settings.thank_you_after.total_seconds() / 3600:g}",
        "thank_you_window_hours": f"{settings.thank_you_window.total_seconds() / 3600:g}",
        "lead_notice_hours": f"{settings.lead_notice.total_seconds() / 3600:g}",
        "cadence.default": _days_text(settings.default_cadence_days),
    }
    for c, days in settings.circle_cadence.items():
        values[f"cadence.{c.value}"] = _days_text(days)
    write_values(s, values)


def write_values(s: Session, values: dict[str, str]) -> None:
    for key, value in values.items():
        row = s.get(FollowUpSettingRow, key)
        if row is None:
            s.add(FollowUpSettingRow(key=key, value=value))
        else:
            row.value = value


def read_values(s: Session, prefix: str) -> dict[str, str]:
    rows = s.execute(
        select(FollowUpSettingRow.key, FollowUpSettingRow.value).where(
            FollowUpSettingRow.key.startswith(prefix, autoescape=True)
        )
    )
    return {key[len(prefix) :]: value for key, value in rows}


# -- facts -------------------------------------------------------------------------------------


def _enum(kind: type[E], value: str | None, default: E) -> E:
    try:
        return kind(value) if value is not None else default
    except ValueError:
        return default


def gather_facts(s: Session, contact_ids: Sequence[int] | None = None) -> list[ContactFacts]:
    """Everything the rules need, in a handful of queries whatever the number of contacts."""
    events = {
        eid: EventFacts(eid, name, _enum(EventKind, kind, EventKind.OTHER))
        for eid, name, kind in s.execute(select(EventRow.id, EventRow.name, EventRow.kind))
    }
    contacts = select(
        ContactRow.id,
        ContactRow.display_name,
        ContactRow.created_at,
        ContactRow.circle,
        ContactRow.met_at,
        ContactRow.event_id,
        ContactRow.notes,
    )
    touches = select(
        InteractionRow.id,
        InteractionRow.contact_id,
        InteractionRow.kind,
        InteractionRow.occurred_at,
        InteractionRow.event_id,
        # Only a meeting at an event needs its words (for the thank-you's reason).
        case((InteractionRow.event_id.is_not(None), InteractionRow.summary), else_=""),
    )
    cadences = select(ContactCadenceRow.contact_id, ContactCadenceRow.days)
    skipped = select(FollowUpRow.contact_id, FollowUpRow.resolved_at).where(
        FollowUpRow.kind == FollowUpKind.KEEP_IN_TOUCH.value,
        FollowUpRow.status == FollowUpStatus.SKIPPED.value,
    )
    if contact_ids is not None:
        ids = list(contact_ids)
        contacts = contacts.where(ContactRow.id.in_(ids))
        touches = touches.where(InteractionRow.contact_id.in_(ids))
        cadences = cadences.where(ContactCadenceRow.contact_id.in_(ids))
        skipped = skipped.where(FollowUpRow.contact_id.in_(ids))
    by_contact: dict[int, list[Touch]] = defaultdict(list)
    for tid, cid, kind, at, event_id, summary in s.execute(touches):
        by_contact[cid].append(
            Touch(tid, _enum(InteractionKind, kind, InteractionKind.NOTE), at, event_id, summary)
        )
    override: dict[int, int | Unset | None] = dict(s.execute(cadences).all())
    last_skip: dict[int, datetime] = {}
    for cid, at in s.execute(skipped):
        if at is not None and (cid not in last_skip or at > last_skip[cid]):
            last_skip[cid] = at
    out = []
    for cid, name, created_at, circle, met_at, event_id, notes in s.execute(contacts):
        out.append(
            ContactFacts(
                contact_id=cid,
                name=name,
                created_at=created_at,
                circle=_enum(Circle, circle, Circle.OTHER) if circle else None,
                met_at=met_at,
                event=events.get(event_id) if event_id is not None else None,
                notes=notes,
                touches=tuple(by_contact.get(cid, ())),
                events=events,
                cadence_override=override.get(cid, UNSET),
                last_skipped_keep_in_touch=last_skip.get(cid),
            )
        )
    return out


def _stored(s: Session, contact_ids: Sequence[int] | None) -> dict[int, list[StoredRuleFollowUp]]:
    stmt = select(
        FollowUpRow.id,
        FollowUpRow.contact_id,
        FollowUpRow.key,
        FollowUpRow.status,
        FollowUpRow.due_at,
        FollowUpRow.reason,
    ).where(FollowUpRow.key.is_not(None))
    if contact_ids is not None:
        stmt = stmt.where(FollowUpRow.contact_id.in_(list(contact_ids)))
    out: dict[int, list[StoredRuleFollowUp]] = defaultdict(list)
    for fid, cid, key, status, due_at, reason in s.execute(stmt):
        out[cid].append(StoredRuleFollowUp(fid, key or "", _status(status), due_at, reason))
    return out


def _status(value: str) -> FollowUpStatus:
    try:
        return FollowUpStatus(value)
    except ValueError:
        return FollowUpStatus.OPEN


# -- applying ----------------------------------------------------------------------------------


def _apply(s: Session, contact_id: int, plan: Plan) -> None:
    for spec in plan.create:
        s.add(
            FollowUpRow(
                contact_id=contact_id,
                kind=spec.kind.value,
                key=spec.key,
                reason=spec.reason,
                due_at=spec.due_at,
                status=FollowUpStatus.OPEN.value,
            )
        )
    for fid, spec in plan.update:
        s.execute(
            update(FollowUpRow).where(FollowUpRow.id == fid).values(due_at=spec.due_at, reason=spec.reason)
        )
    for fid, spec in plan.complete:
        s.execute(
            update(FollowUpRow)
            .where(FollowUpRow.id == fid, FollowUpRow.status.in_(_OPEN))
            .values(
                status=FollowUpStatus.DONE.value,
                resolved_at=spec.satisfied_at,
                interaction_id=spec.satisfied_by,
                snoozed_until=None,
            )
        )
    if plan.delete:
        s.execute(delete(FollowUpRow).where(FollowUpRow.id.in_(plan.delete), FollowUpRow.status.in_(_OPEN)))


def sync_contacts(s: Session, contact_ids: Sequence[int] | None, now: datetime) -> int:
    """Bring the rule-made follow-ups of ``contact_ids`` (None: everyone) in line with the rules,
    inside the caller's transaction, and clear their change stamps (``followup_stamps``).
    Returns the number of follow-ups changed."""
    settings = read_settings(s)
    stored = _stored(s, contact_ids)
    changed = 0
    for facts in gather_facts(s, contact_ids):
        plan = reconcile(stored.get(facts.contact_id, []), desired_followups(facts, settings, now))
        if plan:
            _apply(s, facts.contact_id, plan)
            changed += len(plan.create) + len(plan.update) + len(plan.complete) + len(plan.delete)
    s.flush()  # the writes above stamp their contacts again: clear after them
    if contact_ids is None:
        followup_stamps.clear_all(s)
    else:
        followup_stamps.clear(s, contact_ids)
    return changed


def sync_dirty(s: Session, now: datetime, limit: int) -> tuple[int, int]:
    """Regenerate up to ``limit`` of the contacts whose facts changed since their follow-ups were
    last made, inside the caller's transaction. Returns (follow-ups changed, contacts read);
    fewer than ``limit`` read means none is left."""
    ids = followup_stamps.take(s, limit)
    if not ids:
        return 0, 0
    return sync_contacts(s, ids, now), len(ids)
