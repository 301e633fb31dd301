"""The queue read a section at a time (issue 15) is the queue ``grouped`` builds whole: the same
sections, sizes, order and header, paged with a cursor."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from netdesk.domain.followup_queue import queue_summary
from netdesk.domain.followups import FollowUpGroup, FollowUpKind
from netdesk.domain.models import Circle, ContactDraft
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database
from netdesk.services.followup_pages import QueueReader
from netdesk.services.followups import FollowUpService

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 20, 21, 0, tzinfo=NY)


def test_pages_add_up_to_the_whole_queue(db: Database) -> None:
    contacts = ContactService(db)
    service = FollowUpService(db, clock=lambda: NOW, zone=NY)
    people = [
        contacts.create(ContactDraft(display_name=f"Person {n}", circle=Circle.FAMILY)).id for n in range(6)
    ]
    # Due from 10 days ago to 40 days ahead, some at the same moment, around midnight and 24 h.
    offsets = [-240, -30, -1, 0, 1, 2, 2, 2, 3, 4, 23, 24, 25, 30, 100, 24 * 6, 24 * 7, 24 * 40]
    made = []
    for n, hours in enumerate(offsets):
        who = people[n % len(people)]
        made.append(service.add(who, FollowUpKind.CUSTOM, f"Task {n}", NOW + timedelta(hours=hours)).id)
    service.snooze(made[0], NOW + timedelta(days=2))  # still snoozed
    service.snooze(made[1], NOW + timedelta(hours=1))
    later = FollowUpService(db, clock=lambda: NOW + timedelta(hours=3), zone=NY)  # the 2nd snooze ran out

    whole = dict(later.grouped())
    reader = QueueReader(later)
    head = reader.head(per_group=2)
    assert head.counts.sizes == {group: len(items) for group, items in whole.items()}
    assert [page.group for page in head.pages] == [group for group in FollowUpGroup if group in whole]
    assert head.counts.summary() == queue_summary(
        [i for items in whole.values() for i in items], NOW + timedelta(hours=3), NY
    )
    assert head.counts.overdue == later.overdue_count() == len(whole[FollowUpGroup.OVERDUE])
    for page in head.pages:
        read = list(page.items)
        after = page.after
        while len(read) < head.counts.sizes[page.group]:
            more = reader.page(head.counts.bounds, page.group, after, limit=2)
            assert more.items, page.group
            read.extend(more.items)
            after = more.after
        assert [i.id for i in read] == [i.id for i in whole[page.group]], page.group
        assert not reader.page(head.counts.bounds, page.group, after).items


def test_an_empty_queue(db: Database) -> None:
    head = QueueReader(FollowUpService(db, clock=lambda: NOW, zone=NY)).head()
    assert head.pages == () and head.counts.overdue == 0
    assert head.counts.summary() == "Nothing due in the next 24 hours"
