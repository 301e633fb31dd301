"""follow-up queue: follow-ups, per-contact keep-in-touch cadence, follow-up settings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 14:04:28.731180
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "followup_setting",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_followup_setting")),
    )
    op.create_table(
        "contact_cadence",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=True),
        sa.CheckConstraint("days IS NULL OR days > 0", name=op.f("ck_contact_cadence_days_positive")),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_contact_cadence_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contact_id", name=op.f("pk_contact_cadence")),
    )
    op.create_table(
        "followup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("due_at", sa.String(length=40), nullable=False),
        sa.Column("deadline_at", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("snoozed_until", sa.String(length=40), nullable=True),
        sa.Column("resolved_at", sa.String(length=40), nullable=True),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.String(length=40), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'done', 'snoozed', 'skipped')", name=op.f("ck_followup_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_followup_contact_id_contact"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_followup_interaction_id_interaction"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup")),
        sa.UniqueConstraint("contact_id", "key", name="uq_followup_contact_key"),
    )
    with op.batch_alter_table("followup", schema=None) as batch_op:
        batch_op.create_index("ix_followup_contact_id", ["contact_id"], unique=False)
        batch_op.create_index("ix_followup_status", ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("followup", schema=None) as batch_op:
        batch_op.drop_index("ix_followup_status")
        batch_op.drop_index("ix_followup_contact_id")

    op.drop_table("followup")
    op.drop_table("contact_cadence")
    op.drop_table("followup_setting")
