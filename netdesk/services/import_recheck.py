"""Re-checking an import's duplicates inside its write transaction.

The preview decides "new" or "duplicate" from a read snapshot, possibly minutes before the user
presses Import; meanwhile another netdesk (a second window, a script running ``netdesk import``
on the same file) may have stored the same people. ``ImportService.commit`` therefore takes the
write lock first (BEGIN IMMEDIATE, which makes two importers take turns), compares this cheap
stamp of the stored contacts with the one the preview saw, and when they differ matches the
file again against what is stored now — so the second of two identical imports finds the first
one's contacts and skips or updates them, as its preview would have, instead of adding them twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from netdesk.storage.models import ContactEmailRow, ContactPhoneRow, ContactRow, ContactUrlRow

A = TypeVar("A")
Stamp = tuple[object, ...]


def contacts_stamp(s: Session) -> Stamp:
    """Changes whenever a contact, or an e-mail, phone or link matching compares, is added,
    edited or deleted (count and newest id of each, the latest ``updated_at`` of contacts).

    Five aggregate reads over indexed tables: cheap enough to take on every commit, so the
    full re-match only runs when something actually changed since the preview.
    """
    head = s.execute(
        select(func.count(ContactRow.id), func.max(ContactRow.id), func.max(ContactRow.updated_at))
    ).one()
    children = tuple(
        s.execute(select(func.count(table.id), func.max(table.id))).one()
        for table in (ContactEmailRow, ContactPhoneRow, ContactUrlRow)
    )
    return (*head, *children)


def carry_actions(
    old_defaults: Mapping[int, A], new_defaults: Mapping[int, A], chosen: Mapping[int, A] | None
) -> dict[int, A]:
    """The action per item after a re-check.

    An action the user picked that differs from what the first preview proposed is theirs and
    stands; everywhere else the re-check's proposal wins — "create" for a record that is now a
    stored contact becomes the skip or update the duplicate rule gives it.
    """
    out = dict(new_defaults)
    for index, action in (chosen or {}).items():
        if index in out and action != old_defaults.get(index):
            out[index] = action
    return out
