"""``netdesk followups``: the follow-up queue, soonest first (see ../shared/CLI.md)."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING, Any

from netdesk.commands.common import open_db_or_exit, parse_when
from netdesk.commands.output import print_json
from netdesk.domain.followup_queue import group_of
from netdesk.domain.followups import FollowUp
from netdesk.domain.jsonshape import iso

if TYPE_CHECKING:
    from netdesk.services.followups import FollowUpService


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("followups", help="the follow-up queue, soonest first")
    parser.add_argument(
        "--due-before",
        default=None,
        metavar="ISO",
        help="only follow-ups due before this time (a date alone means its midnight, local time)",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.set_defaults(func=run)


def followup_json(item: FollowUp, now: datetime, service: FollowUpService) -> dict[str, Any]:
    """The CLI.md shape; keys after ``reason`` are additions."""
    return {
        "id": item.id,
        "contact": {"id": item.contact_id, "fn": item.contact_name or None},
        "kind": item.kind.value,
        "due_at": iso(item.due_at),
        "status": item.shown_status(now).value,
        "reason": item.reason or None,
        "title": item.title or None,
        "note": item.note or None,
        "deadline_at": iso(item.deadline_at),
        "snoozed_until": iso(item.snoozed_until) if item.is_snoozed(now) else None,
        "group": group_of(item, now, service.zone).name.lower(),
    }


def run(args: argparse.Namespace) -> int:
    from netdesk.services.followups import FollowUpService

    due_before = parse_when(args.due_before, "--due-before") if args.due_before else None
    db = open_db_or_exit(args)
    try:
        service = FollowUpService(db)
        items = service.queue(due_before=due_before)
        now = service.now()
        if args.json:
            print_json([followup_json(i, now, service) for i in items])
            return 0
        if not items:
            print("Nothing to follow up. Add people with `netdesk contacts add --event NAME`.")
            return 0
        for i in items:
            when = i.effective_due().astimezone(service.zone)
            group = group_of(i, now, service.zone).value
            print(f"{i.id:>5}  {when:%Y-%m-%d %H:%M}  {group:<9}  {i.headline}: {i.contact_name}")
            if i.reason and i.reason != i.title:
                print(f"{'':>7}{i.reason}")
        return 0
    finally:
        db.close()
