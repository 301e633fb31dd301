"""``netdesk events list`` and ``netdesk events add``."""

from __future__ import annotations

import argparse

from netdesk.commands.common import open_db_or_exit, parse_when
from netdesk.commands.output import error, print_json
from netdesk.domain.jsonshape import event_json
from netdesk.domain.models import EventDraft, EventKind

KINDS = [k.value for k in EventKind]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    events = sub.add_parser("events", help="list or add events")
    actions = events.add_subparsers(dest="action", metavar="ACTION", required=True)
    ls = actions.add_parser("list", help="list events, newest first")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=list_events)
    add = actions.add_parser("add", help="add an event")
    add.add_argument("--name", required=True)
    add.add_argument("--kind", default="other", choices=KINDS)
    add.add_argument("--date", default=None, metavar="ISO", help="when it starts")
    add.add_argument("--location", default="")
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=add_event)


def list_events(args: argparse.Namespace) -> int:
    from netdesk.services.events import EventService

    db = open_db_or_exit(args)
    events = EventService(db).list()
    if args.json:
        print_json([event_json(e) for e in events])
        return 0
    if not events:
        print("No events yet. Add one with `netdesk events add --name NAME`.")
    for e in events:
        when = e.draft.starts_at.date().isoformat() if e.draft.starts_at else "no date"
        print(f"{e.id:>4}  {e.name}  ({e.draft.kind.label}, {when}, {e.contact_count} people)")
    return 0


def add_event(args: argparse.Namespace) -> int:
    from netdesk.services.events import EventInputError, EventService

    db = open_db_or_exit(args)
    try:
        starts = parse_when(args.date, "--date") if args.date else None
        event = EventService(db).create(
            EventDraft(name=args.name, kind=EventKind(args.kind), starts_at=starts, location=args.location)
        )
    except (EventInputError, ValueError) as exc:
        error(str(exc))
        return 1
    if args.json:
        print_json(event_json(event))
    else:
        print(f"Added event {event.name} (id {event.id}).")
    return 0
