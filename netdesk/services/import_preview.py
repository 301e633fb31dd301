"""The import preview: its rows and what each will do, decided from a record and its match.

Split from ``importer`` (reading, matching, commit and undo). A record that matches nothing is
new; one that matches a stored contact or an earlier record of the same import is a duplicate,
skipped by default, or an update when the match is certain and brings something new. A match by
name (and organisation) alone between two people reached by different e-mails and phones is added
as a separate person: skipping it would drop those details.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from netdesk.domain.models import ContactDraft
from netdesk.interchange.matching import Match, merge_drafts
from netdesk.interchange.records import LINKEDIN, ImportRecord, ParsedFile


class Status(enum.StrEnum):
    NEW = "new"
    DUPLICATE = "duplicate"
    UPDATE = "update"


class Action(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    SKIP = "skip"


#: Why a name-only match is added rather than skipped (skipping would lose its e-mails and phones).
_APART = "; its e-mails and phones differ, so it is added as a separate person (merge them in Duplicates if they are one)"


def _points(draft: ContactDraft) -> set[str]:
    """Ways to reach a person: e-mail addresses (case-folded) and phone digits."""
    emails = {e.address.casefold() for e in draft.emails}
    phones = {"".join(ch for ch in (p.e164 or p.raw) if ch.isdigit()) for p in draft.phones}
    return emails | {p for p in phones if p}


def _reached_apart(first: ContactDraft, second: ContactDraft) -> bool:
    """Both can be reached and by nothing in common: two people who share a name and employer
    (or one person whose old and new details a merge would join, which the user can still do)."""
    a, b = _points(first), _points(second)
    return bool(a) and bool(b) and not a & b


@dataclass(frozen=True)
class PreviewItem:
    index: int
    file: str
    record: ImportRecord
    status: Status
    action: Action
    match_id: int | None = None
    match_name: str = ""
    reason: str = ""
    merged: ContactDraft | None = None


@dataclass(frozen=True)
class FileFailure:
    file: str
    message: str


@dataclass(frozen=True)
class ImportPreview:
    files: tuple[ParsedFile, ...]
    items: tuple[PreviewItem, ...]
    failures: tuple[FileFailure, ...] = ()
    # The stored contacts the matching saw (``import_recheck.contacts_stamp``).
    stamp: tuple[object, ...] = ()

    def count(self, status: Status, file: str | None = None) -> int:
        return sum(1 for i in self.items if i.status is status and (file is None or i.file == file))

    def items_of(self, file: str) -> list[PreviewItem]:
        return [i for i in self.items if i.file == file]

    @property
    def has_errors(self) -> bool:
        return bool(self.failures) or any(f.errors for f in self.files)


def decide(
    i: int,
    file: str,
    record: ImportRecord,
    match: Match | None,
    names: dict[int, str],
    drafts: dict[int, ContactDraft],
    extras: dict[int, tuple[str, ...]],
    dates: dict[int, set[str]],
    matches: list[tuple[str, ImportRecord, Match | None]],
) -> PreviewItem:
    """The preview row of one record: new, a duplicate to skip or add, or an update."""
    if match is None:
        return PreviewItem(i, file, record, Status.NEW, Action.CREATE)
    if match.key < 0:
        earlier_file, earlier, _m = matches[-match.key - 1]
        where = f"line {earlier.line}" + ("" if earlier_file == file else f" of {earlier_file}")
        apart = not match.strong and _reached_apart(earlier.draft, record.draft)
        return PreviewItem(
            i,
            file,
            record,
            Status.DUPLICATE,
            Action.CREATE if apart else Action.SKIP,
            None,
            earlier.draft.name,
            f"{match.reason} as {where}" + (_APART if apart else ""),
        )
    existing = drafts[match.key]
    if not match.strong and _reached_apart(existing, record.draft):
        return PreviewItem(
            i,
            file,
            record,
            Status.DUPLICATE,
            Action.CREATE,
            match.key,
            names.get(match.key, ""),
            match.reason + _APART,
        )
    merged = merge_drafts(existing, record.draft, job_from_other=record.source == LINKEDIN)
    new_extras = set(record.extras) - set(extras.get(match.key, ()))
    new_date = record.connected_at is not None and (
        record.connected_at.date().isoformat() not in dates.get(match.key, set())
    )
    changed = merged != existing or bool(new_extras) or new_date
    if match.strong and changed:
        status, action = Status.UPDATE, Action.UPDATE
    else:
        status, action = Status.DUPLICATE, Action.SKIP
    return PreviewItem(
        i, file, record, status, action, match.key, names.get(match.key, ""), match.reason, merged
    )
