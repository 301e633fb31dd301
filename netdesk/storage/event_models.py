"""Tables behind event mode. Every change here needs an Alembic migration (see 0004).

``user_profile`` holds the user's own details (one row, "About me"): My card shows them as a QR
code and the follow-up drafts sign with them (migration 0011 merged the drafts' separate
key/value profile into it). ``event_capture`` remembers every payload
captured into an event, keyed by a digest of the normalised payload, so the same card is never
added twice in one event even across restarts. ``contact_image`` points at the reduced copy of a
card photo kept in the data folder (paths are relative to ``Database.images_dir``).
``pending_capture`` holds every card the moment it is found, until the person accepts or
discards it, so End event, quitting or a crash never lose a scanned card (migration 0010).
``event_goal_check`` holds the ticked checkbox goals of an event (migration 0011).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from netdesk.storage.models import Base, utcnow

CAPTURE_ACTIONS = ("added", "matched")
CAPTURE_SOURCES = ("camera", "photo", "manual", "cli")
#: pending: waits for review; duplicate: seen again at the event ("already captured"), shown
#: but not counted as waiting; accepted: became a contact or a logged meeting; discarded: left
#: out by the person (kept, with its image, so the discard can be undone).
PENDING_STATUSES = ("pending", "duplicate", "accepted", "discarded")


class UserProfileRow(Base):
    __tablename__ = "user_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(300), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    organization: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    linkedin: Mapped[str] = mapped_column(String(2000), default="")
    website: Mapped[str] = mapped_column(String(2000), default="")
    headline: Mapped[str] = mapped_column(Text, default="")
    major: Mapped[str] = mapped_column(String(300), default="")
    year: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")  # never on the card
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class EventCaptureRow(Base):
    """One payload captured into one event: the person it became, and how."""

    __tablename__ = "event_capture"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    payload_key: Mapped[str] = mapped_column(String(64))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("event_id", "payload_key", name="uq_event_capture_event_payload"),
        CheckConstraint("action IN ('added', 'matched')", name="action_known"),
        Index("ix_event_capture_contact_id", "contact_id"),
    )


class ContactImageRow(Base):
    """A reduced copy of a card photo, kept with the contact."""

    __tablename__ = "contact_image"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"))
    path: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(20), default="card")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_contact_image_contact_id", "contact_id"),)


class PendingCaptureRow(Base):
    """A found card waiting for review: what was read, how sure OCR was, and its picture."""

    __tablename__ = "pending_capture"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    payload_key: Mapped[str] = mapped_column(String(64), default="")
    payload_text: Mapped[str] = mapped_column(Text, default="")  # exact decoded code, "" for OCR
    draft_json: Mapped[str] = mapped_column(Text)  # the parsed fields (interchange.snapshot)
    confidence_json: Mapped[str] = mapped_column(Text, default="{}")  # OCR score per field
    outlines_json: Mapped[str] = mapped_column(Text, default="{}")  # OCR lines per field, image px
    ocr: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(500), default="")  # the photo, printable
    image_path: Mapped[str | None] = mapped_column(String(500))  # relative to images_dir
    status: Mapped[str] = mapped_column(String(20), default="pending")
    duplicate_of: Mapped[str] = mapped_column(String(300), default="")  # the name seen before
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint("status IN ('pending', 'duplicate', 'accepted', 'discarded')", name="status_known"),
        Index("ix_pending_capture_event_id_status", "event_id", "status"),
    )


class EventGoalCheckRow(Base):
    """A ticked checkbox goal of an event (``domain.event_goals.goal_key`` of its line); no row
    means not ticked, so a goal line edited into something else starts unticked."""

    __tablename__ = "event_goal_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    goal_key: Mapped[str] = mapped_column(String(300))
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("event_id", "goal_key", name="uq_event_goal_check_event_key"),)
