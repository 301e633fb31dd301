"""pending captures: every card found in event mode is stored the moment it is found, until the
person accepts or discards it, so End event, quitting or a crash never lose it

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A new table only: nothing existing is rebuilt, so no cascade can touch stored data.
    op.create_table(
        "pending_capture",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("payload_key", sa.String(length=64), nullable=False),
        sa.Column("payload_text", sa.Text(), nullable=False),
        sa.Column("draft_json", sa.Text(), nullable=False),
        sa.Column("confidence_json", sa.Text(), nullable=False),
        sa.Column("outlines_json", sa.Text(), nullable=False),
        sa.Column("ocr", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("image_path", sa.String(length=500), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("duplicate_of", sa.String(length=300), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'duplicate', 'accepted', 'discarded')",
            name=op.f("ck_pending_capture_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_pending_capture_contact_id_contact"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_pending_capture_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_capture")),
    )
    op.create_index("ix_pending_capture_event_id_status", "pending_capture", ["event_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_pending_capture_event_id_status", table_name="pending_capture")
    op.drop_table("pending_capture")
