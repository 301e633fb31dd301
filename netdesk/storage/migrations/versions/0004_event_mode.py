"""event mode: the user's own card, payloads captured per event, kept card photos

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 16:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=300), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("organization", sa.String(length=300), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("phone", sa.String(length=100), nullable=False),
        sa.Column("linkedin", sa.String(length=2000), nullable=False),
        sa.Column("website", sa.String(length=2000), nullable=False),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_profile")),
    )
    op.create_table(
        "event_capture",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("payload_key", sa.String(length=64), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.CheckConstraint("action IN ('added', 'matched')", name=op.f("ck_event_capture_action_known")),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_event_capture_contact_id_contact"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_capture_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_capture")),
        sa.UniqueConstraint("event_id", "payload_key", name="uq_event_capture_event_payload"),
    )
    with op.batch_alter_table("event_capture", schema=None) as batch_op:
        batch_op.create_index("ix_event_capture_contact_id", ["contact_id"], unique=False)
    op.create_table(
        "contact_image",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_contact_image_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_contact_image_event_id_event"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_image")),
    )
    with op.batch_alter_table("contact_image", schema=None) as batch_op:
        batch_op.create_index("ix_contact_image_contact_id", ["contact_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("contact_image", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_image_contact_id")
    op.drop_table("contact_image")
    with op.batch_alter_table("event_capture", schema=None) as batch_op:
        batch_op.drop_index("ix_event_capture_contact_id")
    op.drop_table("event_capture")
    op.drop_table("user_profile")
