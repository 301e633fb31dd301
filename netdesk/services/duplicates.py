"""Duplicates among stored contacts: finding pairs, merging one into another, and undoing it.

Finding reuses ``interchange.matching.DuplicateIndex`` (the same rules as the import preview):
contacts are fed in id order and each is looked up among the ones before it, so candidates
are blocked by e-mail, E.164 phone, LinkedIn URL and the first word of the organisation and
10,000 contacts never meet as 50 million pairs.

A merge keeps one contact (the survivor) with the values the user chose per field, moves every
row that points at the other contact (interactions, follow-ups, captures, images, import
items, people they introduced, and any table added later) to the survivor, and deletes the
other. Before that it snapshots, as stored, both contacts and everything it is about to change,
so ``undo`` puts both back exactly. The tables pointing at ``contact.id`` are discovered from the
schema, so a table added by a later feature is moved too instead of being cascaded away.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import ForeignKey, Table, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from netdesk.domain.models import Contact, ContactDraft, Email, Phone, Url, UrlKind
from netdesk.interchange.matching import DuplicateIndex, merge_drafts
from netdesk.services import import_writer as writer
from netdesk.services.database import Database
from netdesk.services.row_snapshot import Row, insert_raw, quote, raw_rows
from netdesk.storage import contacts as repo
from netdesk.storage import search_index, versioning
from netdesk.storage.models import (
    Base,
    ContactEmailRow,
    ContactPhoneRow,
    ContactRow,
    ContactUrlRow,
    utcnow,
)

#: Tables that belong to one contact: the survivor's are rewritten from the chosen values, the
#: other's go with it, and undo restores both sides from the snapshot.
OWNED_TABLES = (
    "contact_email",
    "contact_phone",
    "contact_url",
    "contact_tag",
    "contact_vcard_extra",
    "contact_cadence",
)
#: Tables whose rows are let go of rather than moved: an import item of the other contact must
#: not make "undo import" delete or roll back the survivor (this is what deleting it would do).
DETACHED_TABLES = ("import_item",)


class MergeError(ValueError):
    """A merge or its undo that cannot be done; the message says why and what to do."""


class Choice(enum.StrEnum):
    """Which value of a field survives: the kept contact's, the other's, or both (lists, notes)."""

    KEEP = "keep"
    OTHER = "other"
    BOTH = "both"


@dataclass(frozen=True, slots=True)
class MergeField:
    name: str
    label: str
    multi: bool = False


MERGE_FIELDS: tuple[MergeField, ...] = (
    MergeField("display_name", "Name"),
    MergeField("given_name", "Given name"),
    MergeField("family_name", "Family name"),
    MergeField("organization", "Organisation"),
    MergeField("title", "Title"),
    MergeField("department", "Department"),
    MergeField("field", "Field"),
    MergeField("emails", "E-mails", multi=True),
    MergeField("phones", "Phones", multi=True),
    MergeField("urls", "Links", multi=True),
    MergeField("tags", "Tags", multi=True),
    MergeField("address", "Address"),
    MergeField("notes", "Notes", multi=True),
    MergeField("circle", "Circle"),
    MergeField("how_met", "How met"),
    MergeField("met_at", "Met on"),
    MergeField("event_id", "Event"),
    MergeField("introduced_by_id", "Introduced by"),
)
_FIELDS = {f.name: f for f in MERGE_FIELDS}


def _empty(value: object) -> bool:
    return value is None or value == "" or value == ()


def default_choices(keep: ContactDraft, other: ContactDraft) -> dict[str, Choice]:
    """Lists and notes united; a single value is the kept contact's unless only the other has one."""
    out: dict[str, Choice] = {}
    for f in MERGE_FIELDS:
        if f.multi:
            out[f.name] = Choice.BOTH
        elif _empty(getattr(keep, f.name)) and not _empty(getattr(other, f.name)):
            out[f.name] = Choice.OTHER
        else:
            out[f.name] = Choice.KEEP
    return out


def compose(
    keep: ContactDraft, other: ContactDraft, choices: Mapping[str, Choice] | None = None
) -> ContactDraft:
    """The survivor's values after a merge; fields not in ``choices`` take ``default_choices``."""
    chosen = default_choices(keep, other)
    chosen.update(choices or {})
    united = merge_drafts(keep, other)
    changes: dict[str, object] = {}
    for name, choice in chosen.items():
        field = _FIELDS.get(name)
        if field is None:
            raise MergeError(f"{name!r} is not a field that can be merged.")
        if choice is Choice.OTHER:
            changes[name] = getattr(other, name)
        elif choice is Choice.BOTH and field.multi:
            changes[name] = getattr(united, name)
        else:
            changes[name] = getattr(keep, name)
    if not keep.raw_source and other.raw_source:
        changes["raw_source"] = other.raw_source
    return replace(keep, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """Two stored contacts that look like one person; ``first_id`` is the older one."""

    first_id: int
    first_name: str
    first_organization: str
    second_id: int
    second_name: str
    second_organization: str
    reason: str
    strong: bool


@dataclass(frozen=True)
class MergeCandidate:
    """Both contacts as they are now, and what merging them gives by default."""

    keep: Contact
    other: Contact
    choices: Mapping[str, Choice]
    merged: ContactDraft
    keep_interactions: int
    other_interactions: int


@dataclass(frozen=True)
class MergeSnapshot:
    """Everything a merge changed, as stored before it; plain data, held by the undo command."""

    keep_row: Row
    other_row: Row
    owned: tuple[tuple[str, Row], ...]
    moved: tuple[tuple[str, str, tuple[Any, ...]], ...]  # (table, column, primary key)
    dropped: tuple[tuple[str, Row], ...]


@dataclass(frozen=True)
class MergeResult:
    survivor_id: int
    removed_id: int
    removed_name: str
    moved: int
    snapshot: MergeSnapshot


# -- schema discovery --------------------------------------------------------------------------
def _references() -> list[tuple[Table, str]]:
    """(table, column) of every foreign key to ``contact.id``, the owned tables excepted."""
    contact = Base.metadata.tables["contact"]
    found: list[tuple[Table, str]] = []
    for table in Base.metadata.sorted_tables:
        if table.name in OWNED_TABLES:
            continue
        for column in table.columns:
            for fk in column.foreign_keys:
                if isinstance(fk, ForeignKey) and fk.column.table is contact:
                    found.append((table, column.name))
    return found


def _owned() -> list[Table]:
    return [Base.metadata.tables[name] for name in OWNED_TABLES if name in Base.metadata.tables]


def _pk(table: Table, row: Row) -> tuple[Any, ...]:
    return tuple(row[c.name] for c in table.primary_key.columns)


def _pk_where(table: Table) -> str:
    return " AND ".join(f"{quote(c.name)} = :pk{i}" for i, c in enumerate(table.primary_key.columns))


def _pk_params(key: tuple[Any, ...]) -> dict[str, Any]:
    return {f"pk{i}": v for i, v in enumerate(key)}


def _stubs(s: Session) -> list[tuple[int, ContactDraft]]:
    """What matching needs of every contact, read column-wise (fast for 100k contacts)."""
    emails: dict[int, list[Email]] = {}
    phones: dict[int, list[Phone]] = {}
    urls: dict[int, list[Url]] = {}
    for cid, address in s.execute(select(ContactEmailRow.contact_id, ContactEmailRow.address)):
        emails.setdefault(cid, []).append(Email(address))
    for cid, raw, e164 in s.execute(
        select(ContactPhoneRow.contact_id, ContactPhoneRow.raw, ContactPhoneRow.e164).where(
            ContactPhoneRow.e164.is_not(None)
        )
    ):
        phones.setdefault(cid, []).append(Phone(raw, e164))
    for cid, url in s.execute(
        select(ContactUrlRow.contact_id, ContactUrlRow.url).where(
            ContactUrlRow.kind == UrlKind.LINKEDIN.value
        )
    ):
        urls.setdefault(cid, []).append(Url(url, UrlKind.LINKEDIN))
    rows = s.execute(
        select(ContactRow.id, ContactRow.display_name, ContactRow.organization).order_by(ContactRow.id)
    )
    return [
        (
            cid,
            ContactDraft(
                display_name=name,
                organization=org,
                emails=tuple(emails.get(cid, ())),
                phones=tuple(phones.get(cid, ())),
                urls=tuple(urls.get(cid, ())),
            ),
        )
        for cid, name, org in rows
    ]


class DuplicateService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- finding -------------------------------------------------------------------------------
    def find(self, cancelled: Callable[[], bool] | None = None) -> list[DuplicatePair]:
        """Pairs of stored contacts that look like one person, certain ones first."""
        with self.db.sessions() as s:
            stubs = _stubs(s)
        index = DuplicateIndex()
        by_id = dict(stubs)
        pairs: list[DuplicatePair] = []
        for n, (cid, stub) in enumerate(stubs):
            if cancelled is not None and n % 1000 == 0 and cancelled():
                break
            match = index.find(stub)
            if match is not None:
                first = by_id[match.key]
                pairs.append(
                    DuplicatePair(
                        match.key,
                        first.name,
                        first.organization,
                        cid,
                        stub.name,
                        stub.organization,
                        match.reason,
                        match.strong,
                    )
                )
            index.add(cid, stub)
        pairs.sort(key=lambda p: (not p.strong, p.first_name.casefold(), p.first_id, p.second_id))
        return pairs

    # -- merging -------------------------------------------------------------------------------
    def candidate(self, keep_id: int, other_id: int) -> MergeCandidate:
        if keep_id == other_id:
            raise MergeError("Pick two different contacts to merge.")
        with self.db.sessions() as s:
            keep_row, other_row = repo.load(s, keep_id), repo.load(s, other_id)
            if keep_row is None or other_row is None:
                raise MergeError("One of the two contacts no longer exists; refresh the list of duplicates.")
            keep, other = repo.to_contact(s, keep_row), repo.to_contact(s, other_row)
            counts = {
                cid: len(raw_rows(s, "interaction", "contact_id", [cid])) for cid in (keep_id, other_id)
            }
        choices = default_choices(keep.draft, other.draft)
        return MergeCandidate(
            keep, other, choices, compose(keep.draft, other.draft, choices), counts[keep_id], counts[other_id]
        )

    def merge(self, keep_id: int, other_id: int, draft: ContactDraft) -> MergeResult:
        """Make ``keep_id`` the one contact with ``draft``'s values; ``other_id`` is folded in.

        One transaction, begun IMMEDIATE: the pair is read and rewritten under the write lock, so
        a kill at any point leaves it either untouched or fully merged, and a second writer waits
        instead of moving rows from a snapshot that is stale by then. ``undo(result)`` restores
        both contacts as they were.
        """
        if keep_id == other_id:
            raise MergeError("Pick two different contacts to merge.")
        if not draft.name:
            raise MergeError("The merged contact needs a name, an organisation, an e-mail or a phone.")
        if draft.introduced_by_id in (keep_id, other_id):
            draft = replace(draft, introduced_by_id=None)
        with self.db.writes.begin() as s:
            keep_rows = raw_rows(s, "contact", "id", [keep_id])
            other_rows = raw_rows(s, "contact", "id", [other_id])
            if not keep_rows or not other_rows:
                raise MergeError("One of the two contacts no longer exists; refresh the list of duplicates.")
            owned = [
                (t.name, r) for t in _owned() for r in raw_rows(s, t.name, "contact_id", [keep_id, other_id])
            ]
            moved: list[tuple[str, str, tuple[Any, ...]]] = []
            dropped: list[tuple[str, Row]] = []
            for table, column in _references():
                for row in raw_rows(s, table.name, column, [other_id]):
                    if table.name == "contact" and row["id"] in (keep_id, other_id):
                        continue  # the two themselves: their own fields are chosen by the user
                    key = _pk(table, row)
                    target = None if table.name in DETACHED_TABLES else keep_id
                    try:
                        with s.begin_nested():
                            s.execute(
                                text(
                                    f"UPDATE {quote(table.name)} SET {quote(column)} = :to WHERE {_pk_where(table)}"
                                ),
                                {"to": target, **_pk_params(key)},
                            )
                        moved.append((table.name, column, key))
                    except IntegrityError:
                        # e.g. both had the same rule-made follow-up: keep the survivor's
                        dropped.append((table.name, row))
                        s.execute(
                            text(f"DELETE FROM {quote(table.name)} WHERE {_pk_where(table)}"), _pk_params(key)
                        )
            # People the other one introduced now name the survivor: their rows changed.
            versioning.bump(s, [key[0] for name, _column, key in moved if name == "contact"])
            self._merge_owned_extras(s, keep_id, other_id)
            survivor = repo.load(s, keep_id)
            assert survivor is not None
            repo.apply_draft(survivor, draft)
            survivor.updated_at = utcnow()
            s.flush()
            writer.delete_contacts(s, [other_id])
            snapshot = MergeSnapshot(keep_rows[0], other_rows[0], tuple(owned), tuple(moved), tuple(dropped))
        name = str(other_rows[0].get("display_name") or "")
        return MergeResult(keep_id, other_id, name, len(moved), snapshot)

    def _merge_owned_extras(self, s: Session, keep_id: int, other_id: int) -> None:
        """Preserved vCard lines are united; a keep-in-touch cadence is the survivor's if it has one."""
        extras = writer.extras_of(s, [keep_id, other_id])
        united = tuple(dict.fromkeys([*extras.get(keep_id, ()), *extras.get(other_id, ())]))
        if united != extras.get(keep_id, ()):
            writer.set_extras(s, keep_id, united)
        if "contact_cadence" in Base.metadata.tables:
            has = s.execute(
                text("SELECT 1 FROM contact_cadence WHERE contact_id = :id"), {"id": keep_id}
            ).first()
            if has is None:
                s.execute(
                    text("UPDATE contact_cadence SET contact_id = :keep WHERE contact_id = :other"),
                    {"keep": keep_id, "other": other_id},
                )

    def undo(self, result: MergeResult) -> int:
        """Put both contacts back as they were before ``result``'s merge; returns the other's id.

        The other contact gets its old id back unless a new contact took it meanwhile.
        """
        snap = result.snapshot
        keep_id = result.survivor_id
        with self.db.writes.begin() as s:
            if not raw_rows(s, "contact", "id", [keep_id]):
                raise MergeError(
                    f"{snap.keep_row.get('display_name') or 'The merged contact'} was deleted after the "
                    "merge; undo that delete first."
                )
            other_id = int(snap.other_row["id"])
            if raw_rows(s, "contact", "id", [other_id]):
                other_row = {k: v for k, v in snap.other_row.items() if k != "id"}
                s.execute(
                    text(
                        f"INSERT INTO contact ({', '.join(quote(c) for c in other_row)}) "
                        f"VALUES ({', '.join(':' + c for c in other_row)})"
                    ),
                    other_row,
                )
                other_id = int(s.execute(text("SELECT last_insert_rowid()")).scalar_one())
            else:
                insert_raw(s, "contact", dict(snap.other_row))
            # The version moves on from the merged one (bumped below), never back to the old
            # number: a window holding the merged contact must not save over the restored one.
            keep_values = {k: v for k, v in snap.keep_row.items() if k not in ("id", "version")}
            if keep_values.get("introduced_by_id") == snap.other_row["id"]:
                keep_values["introduced_by_id"] = other_id
            s.execute(
                text(
                    f"UPDATE contact SET {', '.join(f'{quote(c)} = :{c}' for c in keep_values)} WHERE id = :id"
                ),
                {**keep_values, "id": keep_id},
            )
            ids = {int(snap.other_row["id"]): other_id, keep_id: keep_id}
            for table in _owned():
                s.execute(
                    text(f"DELETE FROM {table.name} WHERE contact_id IN (:a, :b)"),
                    {"a": keep_id, "b": other_id},
                )
            surrogate = {t.name: [c.name for c in t.primary_key.columns] == ["id"] for t in _owned()}
            for table_name, row in snap.owned:
                values = dict(row)
                if surrogate.get(table_name):
                    values.pop("id", None)
                values["contact_id"] = ids.get(int(values["contact_id"]), values["contact_id"])
                insert_raw(s, table_name, values)
            tables = Base.metadata.tables
            for table_name, column, key in snap.moved:
                table = tables[table_name]
                s.execute(
                    text(
                        f"UPDATE {quote(table_name)} SET {quote(column)} = :to "
                        f"WHERE {_pk_where(table)} AND ({quote(column)} = :keep OR {quote(column)} IS NULL)"
                    ),
                    {"to": other_id, "keep": keep_id, **_pk_params(key)},
                )
            for table_name, row in snap.dropped:
                values = dict(row)
                for column in values:
                    if values[column] == int(snap.other_row["id"]) and _is_contact_ref(table_name, column):
                        values[column] = other_id
                insert_raw(s, table_name, values)
            moved_people = [key[0] for name, _column, key in snap.moved if name == "contact"]
            versioning.bump(s, [keep_id, other_id, *moved_people])
            search_index.reindex(s, [keep_id, other_id])
        return other_id


def _is_contact_ref(table_name: str, column: str) -> bool:
    return any(t.name == table_name and c == column for t, c in _references())
