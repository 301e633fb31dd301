"""contact version: a change counter per contact, so a save over a newer version is noticed

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain-string server default lets SQLite add the column in place (ALTER TABLE ADD COLUMN)
    # and fills every existing contact with 1; an expression default would make batch mode copy
    # the whole table.
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    # Never recreate ``contact``: with foreign keys on, dropping the old table would cascade
    # the delete to every e-mail, phone, follow-up and interaction. SQLite >= 3.35 drops the
    # column in place.
    with op.batch_alter_table("contact", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("version")
