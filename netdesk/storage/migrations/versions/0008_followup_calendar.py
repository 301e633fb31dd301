"""follow-up calendar: a globally unique UID per follow-up and a record of calendar exports

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-01 08:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place (ALTER TABLE ADD COLUMN) and filled with 128 random bits per row: recreating
    # ``followup`` would cascade-delete the interview questions that point at it.
    with op.batch_alter_table("followup", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("uid", sa.String(length=64), nullable=True))
    op.execute("UPDATE followup SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL")
    with op.batch_alter_table("followup", schema=None, recreate="never") as batch_op:
        batch_op.create_index("ix_followup_uid", ["uid"], unique=True)
    op.create_table(
        "followup_export",
        sa.Column("uid", sa.String(length=64), nullable=False),
        sa.Column("followup_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("start", sa.String(length=40), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("gone_at", sa.String(length=40), nullable=True),
        sa.CheckConstraint("sequence >= 0", name=op.f("ck_followup_export_sequence_not_negative")),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_followup_export")),
    )


def downgrade() -> None:
    op.drop_table("followup_export")
    # In place again (SQLite >= 3.35 drops a column that no index uses): never recreate
    # ``followup``, whose delete would cascade.
    with op.batch_alter_table("followup", schema=None, recreate="never") as batch_op:
        batch_op.drop_index("ix_followup_uid")
        batch_op.drop_column("uid")
