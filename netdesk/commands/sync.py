"""``netdesk sync``: two-way sync with the user's CardDAV/CalDAV server (issue 17).

The first call with ``--url`` (and ``--user``) saves the account; later calls sync it. The password
comes from stdin with ``--password-stdin`` (saved in the system keyring when there is one), else
from the keyring; it is never written in plain text. Server unreachable, a refused password, a
rate limit or garbage: a sentence on stderr, exit 1, nothing changed here.
"""

from __future__ import annotations

import argparse
import sys

from netdesk.commands.common import open_db_or_exit
from netdesk.commands.output import error, print_json


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sync = sub.add_parser(
        "sync",
        help="two-way sync of contacts and follow-ups with a CardDAV/CalDAV server",
        description="Contacts <-> an address book, open follow-ups <-> tasks with alarms, on your own "
        "server (Nextcloud: https://HOST/remote.php/dav; Radicale: its root URL).",
    )
    sync.add_argument("--url", help="server root or collection URL (saved for later syncs)")
    sync.add_argument("--user", help="user name on the server (saved with the URL)")
    sync.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input (else: the system keyring)",
    )
    sync.add_argument("--json", action="store_true")
    sync.set_defaults(func=run)


def _password(args: argparse.Namespace, account: object) -> str | None:
    from netdesk.services.sync import Account, keyring_password, remember_password

    assert isinstance(account, Account)
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if password:
            remember_password(account, password)
        return password
    return keyring_password(account)


def run(args: argparse.Namespace) -> int:
    from netdesk.services.sync import RemoteError, SyncService

    db = open_db_or_exit(args)
    service = SyncService(db)
    try:
        account = service.resolve_account(args.url, args.user)
    except RemoteError as exc:
        error(str(exc))
        return 1
    password = _password(args, account)
    if password is None:
        error(
            "No password is saved for this account (or this system has no keyring); "
            "give it with --password-stdin."
        )
        return 1
    try:
        result = service.sync(account, password)
    except RemoteError as exc:
        error(str(exc))
        return 1
    if args.json:
        print_json(result.as_json())
    else:
        print(result.sentence())
    return 0
