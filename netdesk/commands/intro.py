"""``netdesk intro TARGET``: who can introduce you to people at an organisation or in a field.

Each result is ``{"target": contact JSON, "path": [contact JSON...]}`` (../shared/CLI.md). The path
runs from the person to ask first up to and including the target: ``[target]`` means you know
them already; an empty path means nobody you know leads there yet (listed last). Added keys:
``hops``, ``warmth`` (of the first person) and ``links`` (why each step works).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from netdesk.commands.common import UsageError, open_db_or_exit
from netdesk.commands.output import print_json
from netdesk.domain.jsonshape import stored_contact_json

if TYPE_CHECKING:
    from netdesk.services.network import IntroResult


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "intro",
        help="who can introduce you to people at an organisation or in a field",
        description="Paths through your network to people whose organisation, title, field or tags "
        "match TARGET: shortest first, then warmest (most recently in touch) first.",
    )
    parser.add_argument("target", metavar="TARGET", help="an organisation or a field, e.g. “Harbor Music”")
    parser.add_argument(
        "--alternatives",
        type=int,
        default=1,
        metavar="N",
        help="up to N paths per person, each starting with someone different (default 1)",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.set_defaults(func=run)


def intro_json(item: IntroResult) -> dict[str, Any]:
    return {
        "target": stored_contact_json(item.target),
        "path": [stored_contact_json(c) for c in item.path],
        "hops": item.hops,
        "warmth": item.warmth.value if item.reachable else None,
        "links": list(item.links),
    }


def run(args: argparse.Namespace) -> int:
    target = " ".join(args.target.split())
    if not target:
        raise UsageError('Give an organisation or a field to look for, e.g. netdesk intro "Harbor Music".')
    if args.alternatives < 1:
        raise UsageError("--alternatives must be 1 or more.")
    from netdesk.services.network import NetworkService

    db = open_db_or_exit(args)
    try:
        results = NetworkService(db).intro(target, alternatives=args.alternatives)
    finally:
        db.close()
    if args.json:
        print_json([intro_json(r) for r in results])
        return 0
    if not results:
        print(
            f"Nobody in your network matches “{target}”. Try an organisation or a field as written on cards."
        )
        return 0
    for item in results:
        who = item.target.name
        org = f" ({item.target.draft.title + ', ' if item.target.draft.title else ''}{item.target.draft.organization})"
        print(f"{who}{org if item.target.draft.organization else ''}")
        print(f"    {item.describe()}")
        for link in item.links:
            print(f"      - {link}")
    return 0
