"""What a sync moved, per kind (the ``netdesk sync --json`` document), and its undo record."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from netdesk.remote.errors import RemoteError
from netdesk.storage.followup_models import FollowUpRow
from netdesk.storage.models import ContactRow
from netdesk.storage.sync_models import SyncChangeRow, SyncRunRow


class SyncCancelledError(Exception):
    """The user pressed Cancel; nothing was changed here (what was sent is recognised next time)."""


class NoAccountError(RemoteError):
    """No server was given and none is saved."""


@dataclass
class Counts:
    pushed: int = 0
    pulled: int = 0
    deleted_here: int = 0
    deleted_there: int = 0
    conflicts: int = 0

    def as_json(self) -> dict[str, int]:
        return asdict(self)

    def __bool__(self) -> bool:
        return any(asdict(self).values())


@dataclass(frozen=True)
class SyncResult:
    server: str
    contacts: Counts
    followups: Counts
    run_id: int | None = None
    backup: str | None = None
    #: The follow-ups of people who arrived could not be sent (the server failed after the
    #: contacts were saved here): they go up at the next sync.
    followups_later: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "server": self.server,
            "contacts": self.contacts.as_json(),
            "followups": self.followups.as_json(),
        }

    def sentence(self) -> str:
        """ "Contacts: 2 received, 1 deleted here; follow-ups: 3 sent." (counts that are 0 left out)."""

        def part(name: str, c: Counts) -> str:
            bits = [
                f"{n} {what}"
                for n, what in (
                    (c.pushed, "sent"),
                    (c.pulled, "received"),
                    (c.deleted_here, "deleted here"),
                    (c.deleted_there, "deleted there"),
                )
                if n
            ]
            if c.conflicts:
                bits.append(f"{c.conflicts} conflict{'s' if c.conflicts != 1 else ''} to resolve")
            return f"{name}: " + (", ".join(bits) or "no change")

        if not self.contacts and not self.followups:
            return "Everything was already in sync."
        later = " The new people's follow-ups go up at the next sync." if self.followups_later else ""
        return f"{part('Contacts', self.contacts)}; {part('follow-ups', self.followups)}.{later}"


@dataclass(frozen=True)
class Discovered:
    """What a connection test found: collection paths on the server ("" when the first sync
    will create one named "netdesk") and their display names."""

    addressbook: str
    tasks: str
    addressbook_name: str = ""
    tasks_name: str = ""

    def sentence(self) -> str:
        def one(what: str, path: str, name: str) -> str:
            if not path:
                return f"no {what} yet: the first sync creates one named “netdesk”"
            return f"{what} “{name or path.rstrip('/').rsplit('/', 1)[-1]}”"

        book = one("address book", self.addressbook, self.addressbook_name)
        tasks = one("task list", self.tasks, self.tasks_name)
        return f"Connected. Found {book}; {tasks}."


@dataclass
class RunLog:
    """Collects what the sync changes here; stored (with a run row) only when it changed something."""

    changes: list[tuple[str, int, str, str]] = field(default_factory=list)

    def change(self, kind: str, local_id: int, action: str, before: str) -> None:
        self.changes.append((kind, local_id, action, before))

    def store(self, s: Session, summary: str, *, into: int | None = None) -> int | None:
        """The run's id (``into``: add to that run, the same sync's earlier transaction)."""
        if not self.changes:
            return into
        run_id = into
        if run_id is None:
            run = SyncRunRow(summary=summary)
            s.add(run)
            s.flush()
            run_id = run.id
        after = after_states(s, [(k, i) for k, i, a, _b in self.changes if a != "deleted"])
        s.add_all(
            SyncChangeRow(
                run_id=run_id, kind=k, local_id=i, action=a, before=b, after_state=after.get((k, i), "")
            )
            for k, i, a, b in self.changes
        )
        return run_id


def after_states(s: Session, records: list[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """What each record is now: a contact's version, a follow-up's updated_at (flushed first).
    Stored right after a sync changed them, compared again before that sync is undone."""
    s.flush()
    out: dict[tuple[str, int], str] = {}
    contacts = sorted({i for k, i in records if k == "contact"})
    followups = sorted({i for k, i in records if k == "followup"})
    for start in range(0, len(contacts), 500):
        chunk = contacts[start : start + 500]
        for cid, version in s.execute(
            select(ContactRow.id, ContactRow.version).where(ContactRow.id.in_(chunk))
        ):
            out[("contact", cid)] = str(version)
    for start in range(0, len(followups), 500):
        chunk = followups[start : start + 500]
        rows = s.execute(select(FollowUpRow.id, FollowUpRow.updated_at).where(FollowUpRow.id.in_(chunk)))
        for fid, updated in rows:
            out[("followup", fid)] = updated.isoformat()
    return out
