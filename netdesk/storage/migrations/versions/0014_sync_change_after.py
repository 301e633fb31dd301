"""sync_change.after_state: what a record was right after the sync changed it (a contact's
version, a follow-up's updated_at), so undoing a sync can refuse when it changed again since

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A new column with a default: SQLite adds it in place, no table is rebuilt. Changes recorded
    # before it have no after-state; undoing those runs is refused (nothing to compare with).
    with op.batch_alter_table("sync_change") as batch:
        batch.add_column(sa.Column("after_state", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("sync_change") as batch:
        batch.drop_column("after_state")
