"""``netdesk contacts list`` without SQLAlchemy when nothing else is due (issue 15): see
``services/plain_listing.py``. None from here means "take the usual path"."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from netdesk.commands.output import configure_stdout, print_json
from netdesk.domain.jsonshape import contact_json
from netdesk.domain.models import ContactDraft

if TYPE_CHECKING:
    from netdesk.services.plain_listing import PlainContact


def list_contacts_fast(args: argparse.Namespace) -> int | None:
    """The listing, printed, and 0; or None when the usual path must run instead."""
    if args.event:
        return None  # finding the event by name is the services' job
    from netdesk.services.plain_listing import plain_contacts

    contacts = plain_contacts(getattr(args, "data_dir", None), args.search)
    if contacts is None:
        return None
    configure_stdout()
    if args.json:
        print_json([_json(c) for c in contacts])
    else:
        print_table(contacts)
    return 0


def _json(contact: PlainContact) -> dict[str, object]:
    return contact_json(
        contact.draft,
        contact_id=contact.id,
        event=contact.event_name,
        introduced_by=contact.introduced_by_name,
    )


class Listed(Protocol):
    """A contact as the table prints it (a stored ``Contact`` or a ``PlainContact``)."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def draft(self) -> ContactDraft: ...
    @property
    def event_name(self) -> str | None: ...


def print_table(contacts: Sequence[Listed]) -> None:
    if not contacts:
        print("No contacts match.")
        return
    for c in contacts:
        d = c.draft
        where = f" · {c.event_name}" if c.event_name else ""
        role = ", ".join(p for p in (d.title, d.organization) if p)
        print(f"{c.id:>6}  {c.name}" + (f" — {role}" if role else "") + where)
