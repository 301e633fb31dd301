"""SQLAlchemy 2 typed ORM models. Every change here needs an Alembic migration.

Times are stored as ISO 8601 text with their original UTC offset (see ``IsoDateTime``), so a
meeting entered as 10:15-05:00 reads back exactly so; SQLite's ``julianday`` orders them.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    CheckConstraint,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from netdesk.storage.names import FTS_TABLE as FTS_TABLE  # re-exported

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class IsoDateTime(TypeDecorator[datetime]):
    """Aware datetimes as ISO 8601 text, offset preserved; naive datetimes are a bug."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r} cannot be stored; attach a time zone")
        return value.isoformat()

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_contact_uid() -> str:
    """A vCard UID for a contact created here: a URN (RFC 4122) so vCard 4.0 can carry it as a URI,
    and random, so two databases (or a sync server) never give two people the same one."""
    return f"urn:uuid:{uuid.uuid4()}"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: IsoDateTime()}


class EventRow(Base):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40), default="other")
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    location: Mapped[str] = mapped_column(String(300), default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    cards_given: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (CheckConstraint("cards_given >= 0", name="cards_given_nonnegative"),)


class ContactRow(Base):
    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(300), default="")
    given_name: Mapped[str] = mapped_column(String(200), default="")
    family_name: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    organization: Mapped[str] = mapped_column(String(300), default="")
    department: Mapped[str] = mapped_column(String(300), default="")
    field: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    circle: Mapped[str | None] = mapped_column(String(40))
    how_met: Mapped[str | None] = mapped_column(String(40))
    met_at: Mapped[datetime | None]
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"), index=True)
    introduced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL"), index=True
    )
    raw_source: Mapped[str] = mapped_column(Text, default="")
    # Stable across exports, imports and sync; kept from an imported card's UID. The database
    # default '' exists only so the column could be added in place (migration 0009); the unique
    # index makes a second row without one fail instead of sharing it.
    uid: Mapped[str] = mapped_column(String(200), default=new_contact_uid, server_default="")
    name_prefix: Mapped[str] = mapped_column(String(200), default="", server_default="")
    middle_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    name_suffix: Mapped[str] = mapped_column(String(200), default="", server_default="")
    nickname: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # ISO dates ("1985-04-12") or a date without year ("--04-12"), as vCard allows.
    birthday: Mapped[str] = mapped_column(String(200), default="", server_default="")
    anniversary: Mapped[str] = mapped_column(String(200), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Change counter: editors and sync save only over the version they read. ``version_id_col``
    # makes every ORM UPDATE of the row add one (and match the version it loaded); owned rows
    # and plain-SQL writes are covered by ``netdesk.storage.versioning``.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    emails: Mapped[list[ContactEmailRow]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        order_by="ContactEmailRow.position",
        passive_deletes=True,
    )
    phones: Mapped[list[ContactPhoneRow]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        order_by="ContactPhoneRow.position",
        passive_deletes=True,
    )
    urls: Mapped[list[ContactUrlRow]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        order_by="ContactUrlRow.position",
        passive_deletes=True,
    )
    tags: Mapped[list[ContactTagRow]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        order_by="ContactTagRow.position",
        passive_deletes=True,
    )
    event: Mapped[EventRow | None] = relationship()
    introduced_by: Mapped[ContactRow | None] = relationship(remote_side=[id])

    __table_args__ = (
        Index("ix_contact_uid", "uid", unique=True),
        # The contacts table's default order (storage/contact_listing.py) walks this index
        # instead of sorting the whole network at every start and every cleared search.
        Index("ix_contact_name_order", display_name.collate("NOCASE"), "id"),
    )
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012  (read once, when the class is mapped)


class ContactEmailRow(Base):
    __tablename__ = "contact_email"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    address: Mapped[str] = mapped_column(String(320))
    kind: Mapped[str] = mapped_column(String(20), default="other")
    contact: Mapped[ContactRow] = relationship(back_populates="emails")

    __table_args__ = (
        Index("ix_contact_email_contact_id", "contact_id"),
        Index("ix_contact_email_address", "address"),
    )


class ContactPhoneRow(Base):
    __tablename__ = "contact_phone"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    raw: Mapped[str] = mapped_column(String(100))
    e164: Mapped[str | None] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20), default="other")
    contact: Mapped[ContactRow] = relationship(back_populates="phones")

    __table_args__ = (
        Index("ix_contact_phone_contact_id", "contact_id"),
        Index("ix_contact_phone_e164", "e164"),
    )


class ContactUrlRow(Base):
    __tablename__ = "contact_url"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    url: Mapped[str] = mapped_column(String(2000))
    kind: Mapped[str] = mapped_column(String(20), default="other")
    contact: Mapped[ContactRow] = relationship(back_populates="urls")

    __table_args__ = (Index("ix_contact_url_contact_id", "contact_id"),)


class ContactTagRow(Base):
    __tablename__ = "contact_tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    tag: Mapped[str] = mapped_column(String(100))
    contact: Mapped[ContactRow] = relationship(back_populates="tags")

    __table_args__ = (
        Index("ix_contact_tag_contact_id", "contact_id"),
        Index("ix_contact_tag_tag", "tag"),
    )


class ContactOrderStampRow(Base):
    """One row, changed by triggers (migration 0018) whenever a contact is added, deleted or
    renamed: the contacts table's cached name order is current while it stays the same."""

    __tablename__ = "contact_order_stamp"

    id: Mapped[int] = mapped_column(primary_key=True)
    stamp: Mapped[int] = mapped_column(Integer)


class InteractionRow(Base):
    __tablename__ = "interaction"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[datetime]
    summary: Mapped[str] = mapped_column(Text, default="")
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_interaction_contact_id", "contact_id"),)


# The full-text index (FTS_TABLE, from storage/names.py) is an FTS5 virtual table that
# SQLAlchemy cannot model; it is created by the migration and maintained by
# ``netdesk.storage.search``. Drift checks ignore it.
