"""Tables behind import undo and lossless vCard round trips. Changes need a migration (see 0003).

An import is one batch; each item remembers what it did to one contact (created it, or updated
it from a JSON snapshot of the contact as it was), so the whole import can be undone later, even
after a restart. vCard properties netdesk has no field for are kept per contact so an export can
write them back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from netdesk.storage.models import Base, utcnow

IMPORT_ACTIONS = ("created", "updated")


class ImportBatchRow(Base):
    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    files: Mapped[str] = mapped_column(Text, default="")
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_count: Mapped[int] = mapped_column(Integer, default=0)
    undone_at: Mapped[datetime | None]


class ImportItemRow(Base):
    __tablename__ = "import_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))
    before: Mapped[str] = mapped_column(Text, default="")
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interaction.id", ondelete="SET NULL"))

    __table_args__ = (
        Index("ix_import_item_batch_id", "batch_id"),
        Index("ix_import_item_contact_id", "contact_id"),
    )


class ContactVcardExtraRow(Base):
    """One preserved vCard property line (unfolded, value decoded), in file order."""

    __tablename__ = "contact_vcard_extra"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    line: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_contact_vcard_extra_contact_id", "contact_id"),)
