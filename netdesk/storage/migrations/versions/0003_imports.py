"""imports: import batches and items (undo), preserved vCard properties

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 15:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("files", sa.Text(), nullable=False),
        sa.Column("created_count", sa.Integer(), nullable=False),
        sa.Column("updated_count", sa.Integer(), nullable=False),
        sa.Column("undone_at", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batch")),
    )
    op.create_table(
        "contact_vcard_extra",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("line", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_contact_vcard_extra_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_vcard_extra")),
    )
    with op.batch_alter_table("contact_vcard_extra", schema=None) as batch_op:
        batch_op.create_index("ix_contact_vcard_extra_contact_id", ["contact_id"], unique=False)
    op.create_table(
        "import_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
            name=op.f("fk_import_item_batch_id_import_batch"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_import_item_contact_id_contact"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_import_item_interaction_id_interaction"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_item")),
    )
    with op.batch_alter_table("import_item", schema=None) as batch_op:
        batch_op.create_index("ix_import_item_batch_id", ["batch_id"], unique=False)
        batch_op.create_index("ix_import_item_contact_id", ["contact_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("import_item", schema=None) as batch_op:
        batch_op.drop_index("ix_import_item_contact_id")
        batch_op.drop_index("ix_import_item_batch_id")
    op.drop_table("import_item")
    with op.batch_alter_table("contact_vcard_extra", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_vcard_extra_contact_id")
    op.drop_table("contact_vcard_extra")
    op.drop_table("import_batch")
