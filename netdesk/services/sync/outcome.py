"""What a sync moved, per kind (the ``netdesk sync --json`` document), and its undo record."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy.orm import Session

from netdesk.storage.sync_models import SyncChangeRow, SyncRunRow


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

    def as_json(self) -> dict[str, object]:
        return {
            "server": self.server,
            "contacts": self.contacts.as_json(),
            "followups": self.followups.as_json(),
        }

    def sentence(self) -> str:
        def part(name: str, c: Counts) -> str:
            bits = [
                f"{c.pushed} sent",
                f"{c.pulled} received",
                f"{c.deleted_here} deleted here",
                f"{c.deleted_there} deleted there",
            ]
            if c.conflicts:
                bits.append(f"{c.conflicts} conflict{'s' if c.conflicts != 1 else ''} to resolve")
            return f"{name}: " + ", ".join(bits)

        if not self.contacts and not self.followups:
            return "Everything was already in sync."
        return f"{part('Contacts', self.contacts)}; {part('follow-ups', self.followups)}."


@dataclass
class RunLog:
    """Collects what the sync changes here; stored (with a run row) only when it changed something."""

    changes: list[tuple[str, int, str, str]] = field(default_factory=list)

    def change(self, kind: str, local_id: int, action: str, before: str) -> None:
        self.changes.append((kind, local_id, action, before))

    def store(self, s: Session, summary: str) -> int | None:
        if not self.changes:
            return None
        run = SyncRunRow(summary=summary)
        s.add(run)
        s.flush()
        s.add_all(
            SyncChangeRow(run_id=run.id, kind=k, local_id=i, action=a, before=b)
            for k, i, a, b in self.changes
        )
        return run.id
