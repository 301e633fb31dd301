"""``netdesk demo``: load the sample network."""

from __future__ import annotations

import argparse

from netdesk.commands.common import open_db_or_exit
from netdesk.commands.output import error, print_json


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = sub.add_parser("demo", help="load a realistic sample network")
    demo.add_argument("--force", action="store_true", help="load even when the database holds contacts")
    demo.add_argument("--json", action="store_true")
    demo.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from netdesk.services.demo import DemoNotEmptyError, load_demo

    db = open_db_or_exit(args)
    try:
        summary = load_demo(db, force=args.force)
    except DemoNotEmptyError as exc:
        error(str(exc))
        return 1
    if args.json:
        print_json(summary.as_json())
    else:
        print(
            f"Loaded {summary.contacts} people, {summary.events} events and "
            f"{summary.interactions} interactions into {db.folder}."
        )
    return 0
