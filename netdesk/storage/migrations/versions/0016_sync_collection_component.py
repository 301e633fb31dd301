"""sync_collection.component: whether follow-ups live in the collection as tasks (VTODO) or, on a
server that keeps no tasks, as calendar events (VEVENT), so later syncs keep the mode the first
one chose

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-10 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A new column with a default: SQLite adds it in place. Every collection synced before this
    # was found as a task list, so VTODO is what they are.
    with op.batch_alter_table("sync_collection") as batch:
        batch.add_column(sa.Column("component", sa.String(length=10), nullable=False, server_default="VTODO"))


def downgrade() -> None:
    with op.batch_alter_table("sync_collection") as batch:
        batch.drop_column("component")
