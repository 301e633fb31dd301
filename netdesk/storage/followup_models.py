"""Tables of the follow-up queue. Every change here needs an Alembic migration (see 0002).

Rule-made follow-ups (thank-you, keep-in-touch) carry a ``key`` naming the fact that produced
them, e.g. ``thank_you:event:3``; the pair (contact, key) is unique, so regenerating the queue
twice, or from two processes, never duplicates a reminder. Follow-ups the user adds by hand
(lead deadlines, custom) have no key and are never touched by the rules.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from netdesk.storage.models import Base, utcnow

FOLLOWUP_STATUSES = ("open", "done", "snoozed", "skipped")


def new_uid() -> str:
    """128 random bits: unique across every database, unlike the row id (which SQLite may even
    reuse after a delete), so calendars and sync servers never mix two follow-ups up."""
    return uuid.uuid4().hex


class FollowUpRow(Base):
    __tablename__ = "followup"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[datetime]
    deadline_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="open")
    snoozed_until: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interaction.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Filled at creation; rows written by plain SQL get one at their first calendar export.
    uid: Mapped[str | None] = mapped_column(String(64), default=new_uid)

    __table_args__ = (
        UniqueConstraint("contact_id", "key", name="uq_followup_contact_key"),
        Index("ix_followup_uid", "uid", unique=True),
        CheckConstraint(
            "status IN ('open', 'done', 'snoozed', 'skipped')",
            name="status_known",
        ),
        Index("ix_followup_contact_id", "contact_id"),
        Index("ix_followup_status", "status"),
    )


class ContactCadenceRow(Base):
    """A per-contact keep-in-touch cadence overriding the circle's; ``days`` NULL means never."""

    __tablename__ = "contact_cadence"

    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True)
    days: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (CheckConstraint("days IS NULL OR days > 0", name="days_positive"),)


class FollowUpSettingRow(Base):
    """Follow-up settings and the user's profile for drafts, as text key/value pairs."""

    __tablename__ = "followup_setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class FollowUpExportRow(Base):
    """What the last calendar export that changed it said about one follow-up UID (see
    ``netdesk.domain.calendar``): SEQUENCE moves on only when this changes, and follow-ups
    removed since are sent as cancelled. No foreign key: the record outlives its follow-up."""

    __tablename__ = "followup_export"

    uid: Mapped[str] = mapped_column(String(64), primary_key=True)
    followup_id: Mapped[int] = mapped_column(Integer)
    contact_id: Mapped[int | None] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(40), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[datetime]
    fingerprint: Mapped[str] = mapped_column(String(64))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    gone_at: Mapped[datetime | None]

    __table_args__ = (CheckConstraint("sequence >= 0", name="sequence_not_negative"),)


class FollowUpDirtyRow(Base):
    """A contact whose rule-made follow-ups may be out of date (see ``followup_stamps``): filled
    by TEMP triggers on every write of its facts, emptied by regeneration. No foreign key: a
    deleted contact's cascade marks it on its way out, and the next regeneration drops the mark.
    Contact id 0 stands for everyone."""

    __tablename__ = "followup_dirty"

    contact_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
