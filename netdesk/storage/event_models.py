"""Tables behind event mode. Every change here needs an Alembic migration (see 0004).

``user_profile`` holds the user's own card (one row). ``event_capture`` remembers every payload
captured into an event, keyed by a digest of the normalised payload, so the same card is never
added twice in one event even across restarts. ``contact_image`` points at the reduced copy of a
card photo kept in the data folder (paths are relative to ``Database.images_dir``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from netdesk.storage.models import Base, utcnow

CAPTURE_ACTIONS = ("added", "matched")
CAPTURE_SOURCES = ("camera", "photo", "manual", "cli")


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
