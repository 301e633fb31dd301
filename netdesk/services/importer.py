"""Import use case: preview (new / duplicates / updates / errors), commit in one transaction, undo.

Nothing is written until ``commit``: the preview is what the dialog and ``import --dry-run``
show. Duplicates are never created silently — a record that matches a stored contact (same
e-mail, phone, LinkedIn profile, or a close name and organisation) or an earlier record of the
same import is reported, and by default either skipped or, when the match is certain and brings
something new (a LinkedIn re-import after a job change), applied as an update. Each commit is
one batch that ``undo`` reverses as a whole, even after a restart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from netdesk.domain.models import ContactDraft
from netdesk.interchange.csv_formats import ColumnMapping
from netdesk.interchange.files import read_contacts_file
from netdesk.interchange.matching import DuplicateIndex, Match, merge_drafts, name_key
from netdesk.interchange.records import LINKEDIN, ImportFileError, ImportRecord, ParsedFile
from netdesk.interchange.snapshot import draft_from_json, draft_to_json
from netdesk.services import import_recheck as recheck
from netdesk.services import import_writer as writer
from netdesk.services.backup import BackupService
from netdesk.services.database import Database
from netdesk.services.import_links import ImportLinks
from netdesk.services.import_preview import (
    Action,
    FileFailure,
    ImportPreview,
    PreviewItem,
    Status,
    decide,
)
from netdesk.storage import contacts as repo
from netdesk.storage.import_models import ImportBatchRow, ImportItemRow
from netdesk.storage.models import (
    ContactRow,
    InteractionRow,
    utcnow,
)

__all__ = [
    "Action",
    "FileFailure",
    "ImportCancelledError",
    "ImportOutcome",
    "ImportPreview",
    "ImportService",
    "PreviewItem",
    "Status",
    "UndoError",
]

Progress = Callable[[int, int], None]
CONNECTED_SUMMARY = "Connected on LinkedIn"


class ImportCancelledError(Exception):
    """The user pressed Cancel; the transaction was rolled back."""


class UndoError(RuntimeError):
    """An import that cannot be undone (unknown, or already undone)."""


@dataclass(frozen=True)
class ImportOutcome:
    batch_id: int | None
    created: int = 0
    updated: int = 0
    skipped: int = 0
    created_ids: tuple[int, ...] = ()
    backup: Path | None = None
    # What was applied: the preview as re-checked inside the write transaction.
    preview: ImportPreview | None = None


@dataclass(frozen=True)
class BatchInfo:
    id: int
    created_at: datetime
    files: tuple[str, ...]
    created: int
    updated: int
    undone_at: datetime | None


@dataclass
class _Plan:
    creates: list[PreviewItem] = field(default_factory=list)
    updates: list[PreviewItem] = field(default_factory=list)
    skipped: int = 0


def _plan(preview: ImportPreview, actions: Mapping[int, Action] | None) -> _Plan:
    plan = _Plan()
    for item in preview.items:
        action = (actions or {}).get(item.index, item.action)
        if action is Action.CREATE:
            plan.creates.append(item)
        elif action is Action.UPDATE and item.match_id is not None:
            plan.updates.append(item)
        else:
            plan.skipped += 1
    return plan


class ImportService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- reading and preview -------------------------------------------------------------------
    def read(
        self,
        paths: Iterable[Path | str],
        mapping: ColumnMapping | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> tuple[list[ParsedFile], list[FileFailure]]:
        parsed: list[ParsedFile] = []
        failures: list[FileFailure] = []
        for path in paths:
            try:
                parsed.append(read_contacts_file(path, mapping=mapping, cancelled=cancelled))
            except ImportFileError as exc:
                failures.append(FileFailure(str(path), str(exc)))
        return parsed, failures

    def preview_paths(
        self, paths: Iterable[Path | str], mapping: ColumnMapping | None = None
    ) -> ImportPreview:
        parsed, failures = self.read(paths, mapping)
        return self.preview(parsed, failures)

    def preview(self, files: Sequence[ParsedFile], failures: Sequence[FileFailure] = ()) -> ImportPreview:
        with self.db.sessions() as s:
            return self._match(s, files, failures)

    def _match(
        self, s: Session, files: Sequence[ParsedFile], failures: Sequence[FileFailure]
    ) -> ImportPreview:
        """Every record matched against the stored contacts ``s`` sees and the earlier records."""
        stamp = recheck.contacts_stamp(s)
        index, names, connected = self._existing(s)
        matches: list[tuple[str, ImportRecord, Match | None]] = []
        for parsed in files:
            for record in parsed.records:
                match = index.find(record.draft)
                if match is None and record.source == LINKEDIN and record.connected_at:
                    key = (name_key(record.draft), record.connected_at.date().isoformat())
                    if key in connected:
                        match = Match(connected[key], "same name and LinkedIn connection date", True)
                if match is None:
                    index.add(-(len(matches) + 1), record.draft)
                matches.append((parsed.name, record, match))
        stored = [m.key for _f, _r, m in matches if m is not None and m.key > 0]
        drafts = self._drafts(s, stored)
        extras = writer.extras_of(s, stored)
        dates = writer.linkedin_connections(s)
        items = [
            decide(i, file, record, match, names, drafts, extras, dates, matches)
            for i, (file, record, match) in enumerate(matches)
        ]
        return ImportPreview(tuple(files), tuple(items), tuple(failures), stamp)

    def _existing(self, s: Session) -> tuple[DuplicateIndex, dict[int, str], dict[tuple[str, str], int]]:
        """Match keys of every stored contact, read column-wise (fast for 100k contacts)."""
        index = DuplicateIndex()
        names: dict[int, str] = {}
        by_name: dict[int, str] = {}
        for cid, name, stub in repo.match_stubs(s):
            index.add(cid, stub)
            names[cid] = name
            by_name[cid] = name_key(stub)
        connected = {
            (by_name[cid], day): cid
            for cid, days in writer.linkedin_connections(s).items()
            if cid in by_name
            for day in days
        }
        return index, names, connected

    def _drafts(self, s: Session, ids: Sequence[int]) -> dict[int, ContactDraft]:
        out: dict[int, ContactDraft] = {}
        unique = sorted(set(ids))
        for start in range(0, len(unique), 500):
            rows = s.scalars(
                select(ContactRow)
                .where(ContactRow.id.in_(unique[start : start + 500]))
                .options(
                    selectinload(ContactRow.emails),
                    selectinload(ContactRow.phones),
                    selectinload(ContactRow.urls),
                    selectinload(ContactRow.tags),
                )
            )
            out.update((row.id, repo.to_draft(row)) for row in rows)
        return out

    # -- commit --------------------------------------------------------------------------------
    def commit(
        self,
        preview: ImportPreview,
        actions: Mapping[int, Action] | None = None,
        *,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        backup: bool = True,
    ) -> ImportOutcome:
        """Apply the preview (with the user's per-item ``actions``) in one transaction.

        The transaction begins IMMEDIATE and re-checks duplicates against what is stored by then
        (``import_recheck``): the outcome's ``preview`` is what was applied. Raises
        ImportCancelledError when ``cancelled()`` turns true; nothing is written then.
        """
        plan = _plan(preview, actions)
        if not plan.creates and not plan.updates:
            return ImportOutcome(None, skipped=plan.skipped, preview=preview)
        backup_path = BackupService(self.db).backup_now("before-import") if backup else None
        total = len(plan.creates) + len(plan.updates)

        def check(done: int) -> None:
            if cancelled is not None and cancelled():
                raise ImportCancelledError("The import was cancelled; nothing was imported.")
            if progress is not None:
                progress(done, total)

        with self.db.writes.begin() as s:
            if recheck.contacts_stamp(s) != preview.stamp:
                fresh = self._match(s, preview.files, preview.failures)
                actions = recheck.carry_actions(
                    {i.index: i.action for i in preview.items},
                    {i.index: i.action for i in fresh.items},
                    actions,
                )
                preview, plan = fresh, _plan(fresh, actions)
                total = len(plan.creates) + len(plan.updates)
                if not plan.creates and not plan.updates:
                    return ImportOutcome(None, skipped=plan.skipped, backup=backup_path, preview=preview)
            batch = ImportBatchRow(files="\n".join(f.name for f in preview.files))
            s.add(batch)
            s.flush()
            created_ids = self._create(s, batch.id, plan.creates, check, preview.items)
            for n, item in enumerate(plan.updates):
                if n % 200 == 0:
                    check(len(plan.creates) + n)
                self._update(s, batch.id, item)
            batch.created_count = len(created_ids)
            batch.updated_count = len(plan.updates)
            batch_id = batch.id
        if progress is not None:
            progress(total, total)
        return ImportOutcome(
            batch_id,
            len(created_ids),
            len(plan.updates),
            plan.skipped,
            tuple(created_ids),
            backup_path,
            preview,
        )

    def _create(
        self,
        s: Session,
        batch_id: int,
        items: list[PreviewItem],
        check: Callable[[int], None],
        every: Sequence[PreviewItem] = (),
    ) -> list[int]:
        links = ImportLinks(s, every)
        ids: list[int] = []
        step = 5_000
        for start in range(0, len(items), step):
            check(start)
            chunk = items[start : start + step]
            drafts = [links.apply(i.record) for i in chunk]
            chunk_ids = writer.insert_contacts(s, drafts)
            ids.extend(chunk_ids)
            writer.add_extras(s, [(cid, i.record.extras) for cid, i in zip(chunk_ids, chunk, strict=True)])
            dated = [
                (cid, i.record.connected_at)
                for cid, i in zip(chunk_ids, chunk, strict=True)
                if i.record.connected_at is not None
            ]
            interaction_ids = dict(
                zip(
                    [cid for cid, _ in dated],
                    writer.insert_interactions(s, dated, CONNECTED_SUMMARY),
                    strict=True,
                )
            )
            writer.add_created_items(s, batch_id, [(cid, interaction_ids.get(cid)) for cid in chunk_ids])
        links.link(list(zip(items, ids, strict=True)))  # introducers, also later in the same file
        return ids

    def _update(self, s: Session, batch_id: int, item: PreviewItem) -> None:
        assert item.match_id is not None
        row = repo.load(s, item.match_id)
        if row is None:
            return  # deleted since the preview: nothing to update
        before = repo.to_draft(row)
        old_extras = writer.extras_of(s, [row.id]).get(row.id, ())
        record = item.record
        merged = merge_drafts(before, record.draft, job_from_other=record.source == LINKEDIN)
        repo.apply_draft(row, merged)
        row.updated_at = utcnow()
        new_extras = tuple(dict.fromkeys([*old_extras, *record.extras]))
        if new_extras != old_extras:
            writer.set_extras(s, row.id, new_extras)
        interaction_id = None
        if record.connected_at is not None:
            days = writer.linkedin_connections_of(s, row.id)
            if record.connected_at.date().isoformat() not in days:
                interaction = InteractionRow(
                    contact_id=row.id,
                    kind="linkedin",
                    occurred_at=record.connected_at,
                    summary=CONNECTED_SUMMARY,
                )
                s.add(interaction)
                s.flush()
                interaction_id = interaction.id
        s.add(
            ImportItemRow(
                batch_id=batch_id,
                contact_id=row.id,
                action="updated",
                before=draft_to_json(before, old_extras),
                interaction_id=interaction_id,
            )
        )

    # -- undo and history ----------------------------------------------------------------------
    def batches(self) -> list[BatchInfo]:
        with self.db.sessions() as s:
            rows = s.scalars(select(ImportBatchRow).order_by(ImportBatchRow.id.desc()))
            return [
                BatchInfo(
                    r.id,
                    r.created_at,
                    tuple(r.files.splitlines()),
                    r.created_count,
                    r.updated_count,
                    r.undone_at,
                )
                for r in rows
            ]

    def undo(self, batch_id: int, *, backup: bool = True) -> tuple[int, int]:
        """Remove the contacts an import created and restore the ones it updated.

        Returns (removed, restored). Contacts deleted since are simply gone already. Undoing
        cannot be redone and takes with it what was added to those contacts since (their log,
        follow-ups), so the database is backed up first ("before-undo-import").
        """
        if backup:
            self._check_undoable(batch_id)
            BackupService(self.db).backup_now("before-undo-import")
        with self.db.sessions.begin() as s:
            batch = _undoable_batch(s, batch_id)
            items = list(s.scalars(select(ImportItemRow).where(ImportItemRow.batch_id == batch_id)))
            created = [i.contact_id for i in items if i.action == "created" and i.contact_id is not None]
            restored = 0
            for item in items:
                if item.action != "updated" or item.contact_id is None:
                    continue
                row = repo.load(s, item.contact_id)
                if row is None:
                    continue
                draft, extras = draft_from_json(item.before)
                repo.apply_draft(row, draft)
                row.updated_at = utcnow()
                writer.set_extras(s, row.id, extras)
                if item.interaction_id is not None:
                    interaction = s.get(InteractionRow, item.interaction_id)
                    if interaction is not None:
                        s.delete(interaction)
                restored += 1
            s.flush()
            writer.delete_contacts(s, created)
            batch.undone_at = utcnow()
        return len(created), restored

    def _check_undoable(self, batch_id: int) -> None:
        """The same refusals as ``undo``, before a backup is written for nothing."""
        with self.db.sessions() as s:
            _undoable_batch(s, batch_id)

    def vcard_extras(self, contact_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
        """Preserved vCard properties per contact, for ``export_vcards(..., extras=...)``."""
        with self.db.sessions() as s:
            return writer.extras_of(s, contact_ids)


def _undoable_batch(s: Session, batch_id: int) -> ImportBatchRow:
    batch = s.get(ImportBatchRow, batch_id)
    if batch is None:
        raise UndoError(f"There is no import {batch_id}; `netdesk import --history` lists them.")
    if batch.undone_at is not None:
        raise UndoError(f"Import {batch_id} was already undone on {batch.undone_at:%Y-%m-%d %H:%M}.")
    return batch
