"""The follow-up queue read a section at a time, for the Follow-ups page at any size.

``FollowUpService.grouped`` builds every open follow-up (100,000 at 100,000 contacts, one
keep-in-touch each) to show the first screen. Here the sections are decided in SQL (the same
boundaries as ``domain.followup_queue.group_of``, as instants: ``QueueBounds``), counted in one
pass, and read a page at a time in the queue's order (effective due, then id) with a keyset
cursor, so the page shows Overdue and Today at once and reads the long tail when scrolled to.

The database compares times as ``julianday`` (millisecond precision): two follow-ups due within
the same millisecond are ordered by id here, by the microsecond in ``grouped``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from netdesk.domain.followup_queue import Cursor, QueueBounds, QueueCounts, QueueHead, QueuePage
from netdesk.domain.followups import FollowUpGroup, FollowUpStatus
from netdesk.services.followups import FollowUpService, to_followup
from netdesk.storage.followup_models import FollowUpRow
from netdesk.storage.models import ContactRow

#: Follow-ups read per section at first, and per page after.
PAGE = 200
_OPEN = (FollowUpStatus.OPEN.value, FollowUpStatus.SNOOZED.value)
_SNOOZED = FollowUpStatus.SNOOZED.value


def _jd(moment: datetime) -> ColumnElement[float]:
    return func.julianday(literal(moment.isoformat()))


def _effective_due() -> ColumnElement[float]:
    """``FollowUp.effective_due``: a snooze moves it, never earlier than it was due."""
    snoozed = and_(FollowUpRow.status == _SNOOZED, FollowUpRow.snoozed_until.is_not(None))
    due = func.julianday(FollowUpRow.due_at)
    return case((snoozed, func.max(due, func.julianday(FollowUpRow.snoozed_until))), else_=due)


def _group(bounds: QueueBounds, eff: ColumnElement[float]) -> ColumnElement[str]:
    """``group_of`` in SQL: the section's name."""
    still_snoozed = and_(
        FollowUpRow.status == _SNOOZED,
        FollowUpRow.snoozed_until.is_not(None),
        func.julianday(FollowUpRow.snoozed_until) > _jd(bounds.now),
    )
    return case(
        (still_snoozed, FollowUpGroup.SNOOZED.name),
        (eff < _jd(bounds.now), FollowUpGroup.OVERDUE.name),
        (eff < _jd(bounds.today_ends), FollowUpGroup.TODAY.name),
        (eff < _jd(bounds.week_ends), FollowUpGroup.THIS_WEEK.name),
        else_=FollowUpGroup.LATER.name,
    )


class QueueReader:
    """Reads for the Follow-ups page through a ``FollowUpService`` (its clock and zone)."""

    def __init__(self, service: FollowUpService) -> None:
        self.service = service
        self.db = service.db

    def bounds(self) -> QueueBounds:
        return QueueBounds.at(self.service.now(), self.service.zone)

    def counts(self, bounds: QueueBounds | None = None) -> QueueCounts:
        """Each section's size and how many are due in the next 24 hours (after regenerating
        what changed)."""
        self.service.regenerate()
        bounds = bounds or self.bounds()
        with self.db.sessions() as s:
            return self._counts(s, bounds)

    def head(self, per_group: int = PAGE) -> QueueHead:
        """Sizes and the first ``per_group`` of every section, in one read transaction."""
        self.service.regenerate()
        bounds = self.bounds()
        with self.db.sessions() as s:
            counts = self._counts(s, bounds)
            pages = tuple(
                self._page(s, bounds, group, None, per_group)
                for group in FollowUpGroup
                if counts.sizes.get(group, 0)
            )
        return QueueHead(counts, pages)

    def page(self, bounds: QueueBounds, group: FollowUpGroup, after: Cursor, limit: int = PAGE) -> QueuePage:
        """The next ``limit`` follow-ups of ``group`` after ``after``, with the same ``bounds`` as
        the head they continue (a section does not shift under the user's scrolling)."""
        with self.db.sessions() as s:
            return self._page(s, bounds, group, after, limit)

    # -- queries -------------------------------------------------------------------------------
    def _counts(self, s: Session, bounds: QueueBounds) -> QueueCounts:
        eff = _effective_due()
        group = _group(bounds, eff).label("grp")
        soon = and_(eff >= _jd(bounds.now), eff <= _jd(bounds.soon_ends))
        inner = (
            select(group, case((soon, 1), else_=0).label("soon"))
            .where(FollowUpRow.status.in_(_OPEN))
            .subquery()
        )
        rows = s.execute(
            select(inner.c.grp, func.count(), func.sum(inner.c.soon)).group_by(inner.c.grp)
        ).all()
        sizes = {FollowUpGroup[name]: int(n) for name, n, _soon in rows}
        due_soon = sum(int(n or 0) for name, _n, n in rows if name != FollowUpGroup.SNOOZED.name)
        return QueueCounts(bounds, sizes, due_soon)

    def _page(
        self, s: Session, bounds: QueueBounds, group: FollowUpGroup, after: Cursor, limit: int
    ) -> QueuePage:
        eff = _effective_due()
        stmt = (
            select(FollowUpRow, ContactRow.display_name, eff)
            .join(ContactRow, ContactRow.id == FollowUpRow.contact_id)
            .where(FollowUpRow.status.in_(_OPEN), _group(bounds, eff) == group.name)
        )
        if after is not None:
            at, fid = after
            stmt = stmt.where(or_(eff > at, and_(eff == at, FollowUpRow.id > fid)))
        rows = s.execute(stmt.order_by(eff, FollowUpRow.id).limit(limit)).all()
        items = tuple(to_followup(row, name) for row, name, _eff in rows)
        cursor: Cursor = (float(rows[-1][2]), rows[-1][0].id) if rows else after
        return QueuePage(group, items, cursor)
