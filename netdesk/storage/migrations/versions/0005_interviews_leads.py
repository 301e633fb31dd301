"""interviews and leads: informational interviews with chosen questions and a reflection;
leads linked to contacts, with the follow-ups made for their dates

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 17:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lead",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("source_event_id", sa.Integer(), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("deadline_at", sa.String(length=40), nullable=True),
        sa.Column("applied_at", sa.String(length=40), nullable=True),
        sa.Column("interview_at", sa.String(length=40), nullable=True),
        sa.Column("follow_up_at", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.String(length=40), nullable=False),
        sa.CheckConstraint(
            "status IN ('heard_of', 'applying', 'applied', 'interviewing', 'offer', 'closed')",
            name=op.f("ck_lead_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["source_event_id"], ["event.id"], name=op.f("fk_lead_source_event_id_event"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead")),
    )
    op.create_index("ix_lead_status", "lead", ["status"], unique=False)
    op.create_table(
        "interview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("organization", sa.String(length=300), nullable=False),
        sa.Column("field", sa.String(length=300), nullable=False),
        sa.Column("job_titles", sa.String(length=300), nullable=False),
        sa.Column("found_via", sa.String(length=40), nullable=False),
        sa.Column("pitch", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("scheduled_at", sa.String(length=40), nullable=True),
        sa.Column("mode", sa.String(length=20), nullable=True),
        sa.Column("location", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("impression_profession", sa.Text(), nullable=False),
        sa.Column("impression_workplace", sa.Text(), nullable=False),
        sa.Column("credentials", sa.Text(), nullable=False),
        sa.Column("interest", sa.Integer(), nullable=True),
        sa.Column("reflection_notes", sa.Text(), nullable=False),
        sa.Column("completed_at", sa.String(length=40), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.String(length=40), nullable=False),
        sa.CheckConstraint(
            "status IN ('not_contacted', 'asked', 'declined', 'scheduled', 'done')",
            name=op.f("ck_interview_status_known"),
        ),
        sa.CheckConstraint(
            "interest IS NULL OR (interest BETWEEN 1 AND 5)", name=op.f("ck_interview_interest_range")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_interview_contact_id_contact"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_interview_event_id_event"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview")),
    )
    op.create_index("ix_interview_contact_id", "interview", ["contact_id"], unique=False)
    op.create_table(
        "lead_contact",
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_lead_contact_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["lead.id"], name=op.f("fk_lead_contact_lead_id_lead"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("lead_id", "contact_id", name=op.f("pk_lead_contact")),
    )
    op.create_index("ix_lead_contact_contact_id", "lead_contact", ["contact_id"], unique=False)
    op.create_table(
        "interview_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("bank_key", sa.String(length=100), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interview.id"],
            name=op.f("fk_interview_question_interview_id_interview"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview_question")),
    )
    op.create_index(
        "ix_interview_question_interview_id", "interview_question", ["interview_id"], unique=False
    )
    op.create_table(
        "lead_followup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("followup_id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["followup_id"],
            ["followup.id"],
            name=op.f("fk_lead_followup_followup_id_followup"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["lead.id"], name=op.f("fk_lead_followup_lead_id_lead"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_followup")),
    )
    op.create_index("ix_lead_followup_followup_id", "lead_followup", ["followup_id"], unique=False)
    op.create_index("ix_lead_followup_lead_id", "lead_followup", ["lead_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_lead_followup_lead_id", table_name="lead_followup")
    op.drop_index("ix_lead_followup_followup_id", table_name="lead_followup")
    op.drop_table("lead_followup")
    op.drop_index("ix_interview_question_interview_id", table_name="interview_question")
    op.drop_table("interview_question")
    op.drop_index("ix_lead_contact_contact_id", table_name="lead_contact")
    op.drop_table("lead_contact")
    op.drop_index("ix_interview_contact_id", table_name="interview")
    op.drop_table("interview")
    op.drop_index("ix_lead_status", table_name="lead")
    op.drop_table("lead")
