"""Undoing a sync (issue 17): what one sync changed here, put back as it was before.

A sync records each contact it created, changed or deleted here, and each follow-up it closed or
moved, with the state before (``sync_change.before``) and what it was right after
(``after_state``: a contact's version, a follow-up's updated_at). ``undo_run`` puts every one of
them back in one transaction, after a backup ("before-undo-sync"): contacts the sync brought are
removed, contacts it changed get their earlier values, contacts it deleted come back with
everything they had (``row_snapshot``), follow-ups get their earlier status and dates.

It refuses, changing nothing, when any of them changed again since (edited here, or by a later
sync): putting the old state back would lose that change. The records it touches count as
changed here, so the next sync sends the undone state to the server, and the server matches
this computer again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from netdesk.interchange.snapshot import draft_from_json
from netdesk.services import import_writer as writer
from netdesk.services.backup import BackupService
from netdesk.services.database import Database
from netdesk.services.row_snapshot import RowSnapshot, restore
from netdesk.storage import contacts as repo
from netdesk.storage import search_index
from netdesk.storage.followup_models import FollowUpRow
from netdesk.storage.models import ContactRow, utcnow
from netdesk.storage.sync_models import SyncChangeRow, SyncRunRow

BACKUP_REASON = "before-undo-sync"


class SyncUndoError(ValueError):
    """A sync that cannot be undone; the message says why, and that nothing was changed."""


@dataclass(frozen=True)
class SyncRun:
    id: int
    started_at: datetime
    summary: str
    changes: int
    undone_at: datetime | None


@dataclass(frozen=True)
class UndoneSync:
    run_id: int
    removed: int  # contacts the sync brought
    restored: int  # contacts it changed, back to their earlier values
    brought_back: int  # contacts it deleted
    followups: int

    def sentence(self) -> str:
        def n(count: int, what: str) -> str:
            return f"{count} {what}{'s' if count != 1 else ''}"

        parts = []
        if self.removed:
            parts.append(f"removed {n(self.removed, 'contact')} it brought")
        if self.restored:
            parts.append(f"put back the earlier values of {n(self.restored, 'contact')}")
        if self.brought_back:
            parts.append(f"brought back {n(self.brought_back, 'deleted contact')}")
        if self.followups:
            parts.append(f"reopened or moved back {n(self.followups, 'follow-up')}")
        done = ", ".join(parts) or "nothing was left to put back"
        return f"Sync undone here: {done}. The next sync sends this to the server."


def _uid_of(snapshot: RowSnapshot) -> str:
    return next((str(row.get("uid") or "") for table, row in snapshot.rows if table == "contact"), "")


def _snapshot(text: str) -> RowSnapshot:
    data = json.loads(text)
    return RowSnapshot(
        rows=tuple((str(t), dict(r)) for t, r in data.get("rows", [])),
        nulled=tuple((str(t), str(c), tuple(k), v) for t, c, k, v in data.get("nulled", [])),
    )


class SyncHistory:
    def __init__(self, db: Database) -> None:
        self.db = db

    def runs(self, limit: int = 20) -> list[SyncRun]:
        """The syncs that changed something here, newest first."""
        with self.db.sessions() as s:
            rows = list(s.scalars(select(SyncRunRow).order_by(SyncRunRow.id.desc()).limit(limit)))
            counts: dict[int, int] = {}
            for (run_id,) in s.execute(
                select(SyncChangeRow.run_id).where(SyncChangeRow.run_id.in_([r.id for r in rows]))
            ):
                counts[run_id] = counts.get(run_id, 0) + 1
            return [SyncRun(r.id, r.started_at, r.summary, counts.get(r.id, 0), r.undone_at) for r in rows]

    def undo_run(self, run_id: int, *, backup: bool = True) -> UndoneSync:
        """Put back what sync ``run_id`` changed here: one transaction, a backup first; refused
        (nothing changed) when one of those records changed since."""
        with self.db.sessions() as s:
            self._check(s, run_id)  # refusals before a backup is written for nothing
        if backup:
            BackupService(self.db).backup_now(BACKUP_REASON)
        with self.db.writes.begin() as s:
            changes = self._check(s, run_id)  # again, under the write lock
            result = self._undo(s, run_id, changes)
            run = s.get(SyncRunRow, run_id)
            assert run is not None
            run.undone_at = utcnow()
        return result

    # -- checking --------------------------------------------------------------------------------
    def _check(self, s: Session, run_id: int) -> list[SyncChangeRow]:
        run = s.get(SyncRunRow, run_id)
        if run is None:
            raise SyncUndoError("That sync is not recorded here; nothing was undone.")
        if run.undone_at is not None:
            raise SyncUndoError(
                f"That sync was already undone on {run.undone_at.astimezone():%Y-%m-%d %H:%M}."
            )
        changes = list(
            s.scalars(select(SyncChangeRow).where(SyncChangeRow.run_id == run_id).order_by(SyncChangeRow.id))
        )
        moved: list[str] = []
        for change in changes:
            name = self._changed_since(s, change)
            if name is not None:
                moved.append(name)
        if moved:
            named = [n for n in moved if n] or ["a follow-up"]
            who = ", ".join(named[:3]) + (f" and {len(named) - 3} more" if len(named) > 3 else "")
            raise SyncUndoError(
                f"{who} changed again after that sync, so undoing it would lose that change; "
                "nothing was undone. Edit them by hand, or restore the backup made before the sync "
                "(File › Restore…)."
            )
        return changes

    def _changed_since(self, s: Session, change: SyncChangeRow) -> str | None:
        """The name of the record when it changed since the sync ("" for a follow-up), else None."""
        if change.kind == "followup":
            fu = s.get(FollowUpRow, change.local_id)
            if fu is None:
                return None  # deleted since (with its contact): nothing to put back
            return "" if fu.updated_at.isoformat() != change.after_state else None
        if change.action == "deleted":
            uid = _uid_of(_snapshot(change.before))
            again = s.scalar(select(ContactRow.display_name).where(ContactRow.uid == uid)) if uid else None
            return again  # back since (a later sync, an undo of a delete): do not bring it twice
        found = s.execute(
            select(ContactRow.display_name, ContactRow.version).where(ContactRow.id == change.local_id)
        ).first()
        if found is None:
            return None  # deleted since: gone already
        return None if str(found[1]) == change.after_state else str(found[0] or "a contact")

    # -- undoing ---------------------------------------------------------------------------------
    def _undo(self, s: Session, run_id: int, changes: Sequence[SyncChangeRow]) -> UndoneSync:
        removed: list[int] = []
        restored = brought_back = followups = 0
        reindex: list[int] = []
        for change in reversed(changes):
            if change.kind == "followup":
                followups += self._followup(s, change)
            elif change.action == "created":
                if s.get(ContactRow, change.local_id) is not None:
                    removed.append(change.local_id)
            elif change.action == "updated":
                row = repo.load(s, change.local_id)
                if row is None:
                    continue
                draft, extras = draft_from_json(change.before)
                repo.apply_draft(row, draft)
                row.updated_at = utcnow()
                writer.set_extras(s, row.id, extras)
                restored += 1
            else:
                moved = restore(s, _snapshot(change.before))
                reindex.append(int(moved.get("contact", {}).get(change.local_id, change.local_id)))
                brought_back += 1
        s.flush()
        writer.delete_contacts(s, removed)
        if reindex:
            search_index.reindex(s, reindex)
        return UndoneSync(run_id, len(removed), restored, brought_back, followups)

    def _followup(self, s: Session, change: SyncChangeRow) -> int:
        row = s.get(FollowUpRow, change.local_id)
        if row is None:
            return 0
        text = change.before
        if not text.startswith("{"):  # recorded before 0014: the status alone
            row.status = text
            return 1
        data = json.loads(text)
        row.status = str(data["status"])
        for name in ("due_at", "resolved_at", "snoozed_until"):
            value = data.get(name)
            if name == "due_at" and value is None:
                continue
            setattr(row, name, datetime.fromisoformat(value) if value else None)
        return 1
