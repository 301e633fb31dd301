"""``netdesk contacts list`` and ``netdesk contacts add``."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from netdesk.commands.common import open_db_or_exit, parse_when
from netdesk.commands.contacts_fast import list_contacts_fast, print_table
from netdesk.commands.output import error, print_json
from netdesk.domain.jsonshape import stored_contact_json
from netdesk.domain.models import ContactDraft, Email, Phone, Url

# Services are imported where a command runs: see netdesk/cli.py on start-up time.


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    contacts = sub.add_parser("contacts", help="list or add contacts")
    actions = contacts.add_subparsers(dest="action", metavar="ACTION", required=True)

    ls = actions.add_parser("list", help="list stored contacts")
    ls.add_argument("--search", default="", help="words that must all match (as in the app)")
    ls.add_argument("--event", default=None, metavar="NAME", help="only people met at this event")
    ls.add_argument("--json", action="store_true", help="print a JSON array of contacts")
    # cli.main tries ``fast`` first: a plain sqlite3 read when nothing else is due
    ls.set_defaults(func=list_contacts, fast=list_contacts_fast)

    add = actions.add_parser("add", help="add a contact")
    add.add_argument("--name", required=True)
    add.add_argument("--email", action="append", default=[])
    add.add_argument("--phone", action="append", default=[])
    add.add_argument("--org", default="")
    add.add_argument("--title", default="")
    add.add_argument("--url", action="append", default=[])
    add.add_argument("--event", default=None, metavar="NAME", help="the event where you met (created if new)")
    add.add_argument(
        "--met-at", default=None, metavar="ISO", help="when you met (default: now, with --event)"
    )
    add.add_argument("--introduced-by", default=None, metavar="NAME_OR_ID")
    add.add_argument("--note", default="", help="what you talked about")
    add.add_argument("--tag", action="append", default=[])
    add.add_argument("--region", default="US", help="default region for phone numbers without +country")
    add.add_argument("--json", action="store_true", help="print the stored contact as JSON")
    add.set_defaults(func=add_contact)


def list_contacts(args: argparse.Namespace) -> int:
    from netdesk.services.contacts import ContactService

    db = open_db_or_exit(args)
    event_id = None
    if args.event:
        from netdesk.services.events import EventService

        found = EventService(db).find(args.event)
        if found is None:
            error(f"No event is called “{args.event}”; `netdesk events list` shows them.")
            return 1
        event_id = found.id
    contacts = ContactService(db).search_full(args.search, event_id)
    if args.json:
        print_json([stored_contact_json(c) for c in contacts])
    else:
        print_table(contacts)
    return 0


def add_contact(args: argparse.Namespace) -> int:
    from netdesk.services.contacts import ContactInputError
    from netdesk.services.people import PeopleService
    from netdesk.services.validation import DraftInvalidError

    db = open_db_or_exit(args)
    people = PeopleService(db)
    try:
        met_at: datetime | None = parse_when(args.met_at, "--met-at") if args.met_at else None
        if met_at is None and args.event:
            met_at = datetime.now().astimezone()
        introduced_by = people.resolve_contact(args.introduced_by) if args.introduced_by else None
        draft = ContactDraft(
            display_name=args.name,
            organization=args.org,
            title=args.title,
            emails=tuple(Email(e) for e in args.email),
            phones=tuple(Phone(p) for p in args.phone),
            urls=tuple(Url(u) for u in args.url),
            notes=args.note,
            tags=tuple(args.tag),
            met_at=met_at,
            introduced_by_id=introduced_by,
        )
        contact = people.add(draft, event_name=args.event, conversation=args.note, region=args.region)
    except DraftInvalidError as exc:
        for problem in exc.problems:
            error(problem.message)
        return 1
    except (ContactInputError, ValueError) as exc:
        error(str(exc))
        return 1
    if args.json:
        print_json(stored_contact_json(contact))
    else:
        print(f"Added {contact.name} (id {contact.id}).", file=sys.stdout)
    return 0
