"""Tables of CardDAV/CalDAV sync (issue 17). Every change here needs an Alembic migration (0013, 0014, 0016).

What links a contact or follow-up to its resource on the server is its UID, not its row id: a
row id changes when a delete is undone into a taken id, and a merge removes one contact of two.
So a ``sync_item`` whose UID no stored contact (or follow-up) has any more *is* the record of a
local delete, and the next sync deletes the resource on the server: no trigger, no queue to
forget to fill. ``local_version`` is the contact's change counter when the item was last synced,
so a sync reads only the contacts changed since; ``base`` is the card (or VTODO) both sides
agreed on then, the common ancestor of a field-by-field merge.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from netdesk.storage.models import Base, utcnow

SYNC_KINDS = ("contacts", "followups")


class SyncAccountRow(Base):
    """The one server account (id 1): where, who, and the collections discovery picked.
    The password is never here (system keyring, or asked at each sync)."""

    __tablename__ = "sync_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    username: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_synced_at: Mapped[datetime | None]


class SyncCollectionRow(Base):
    """The address book (kind ``contacts``) or task list (``followups``) synced, and the
    RFC 6578 sync-token of the last sync that completed (empty: compare ETags). ``component`` is
    what follow-ups are in it: VTODO, or VEVENT on a server that keeps no tasks."""

    __tablename__ = "sync_collection"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(String(2000))
    sync_token: Mapped[str] = mapped_column(Text, default="")
    component: Mapped[str] = mapped_column(String(10), default="VTODO", server_default="VTODO")

    __table_args__ = (
        UniqueConstraint("kind", name="uq_sync_collection_kind"),
        CheckConstraint("kind IN ('contacts', 'followups')", name="kind_known"),
    )


class SyncItemRow(Base):
    """One resource on the server as of the last sync, and the local record it stands for."""

    __tablename__ = "sync_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    collection_id: Mapped[int] = mapped_column(ForeignKey("sync_collection.id", ondelete="CASCADE"))
    href: Mapped[str] = mapped_column(String(2000))
    etag: Mapped[str] = mapped_column(String(300), default="")
    uid: Mapped[str] = mapped_column(String(200))
    local_id: Mapped[int | None] = mapped_column(Integer)
    local_version: Mapped[int | None] = mapped_column(Integer)
    base: Mapped[str] = mapped_column(Text, default="")
    base_hash: Mapped[str] = mapped_column(String(64), default="")

    __table_args__ = (
        UniqueConstraint("collection_id", "href", name="uq_sync_item_collection_id"),
        Index("ix_sync_item_uid", "uid"),
    )


class SyncConflictRow(Base):
    """The server's copy of a contact changed on both sides where the changes overlapped: the
    local values were kept (and sent), this card waits for the user in the merge dialog."""

    __tablename__ = "sync_conflict"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"))
    server_card: Mapped[str] = mapped_column(Text)
    fields: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_sync_conflict_contact_id", "contact_id"),)


class SyncRunRow(Base):
    """One sync that changed something here; its ``sync_change`` rows undo it."""

    __tablename__ = "sync_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    summary: Mapped[str] = mapped_column(Text, default="")
    undone_at: Mapped[datetime | None]


class SyncChangeRow(Base):
    """What a sync did to one local record, with the state before it: ``created`` (undo deletes
    it), ``updated`` (``before`` is the contact as JSON, or the follow-up's row) or ``deleted``
    (``before`` is the exact row snapshot). ``after_state`` is what the record was right after
    the sync (a contact's version, a follow-up's updated_at): undo refuses when it moved since.
    No foreign key to the record: the change outlives it."""

    __tablename__ = "sync_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("sync_run.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    local_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    before: Mapped[str] = mapped_column(Text, default="")
    after_state: Mapped[str] = mapped_column(Text, default="", server_default="")

    __table_args__ = (
        Index("ix_sync_change_run_id", "run_id"),
        CheckConstraint("action IN ('created', 'updated', 'deleted')", name="action_known"),
    )
