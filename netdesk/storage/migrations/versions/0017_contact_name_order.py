"""ix_contact_name_order on contact (display_name COLLATE NOCASE, id): the contacts table's
default order walks it (a covering index scan) instead of sorting the whole network with a
temporary B-tree at every start — 143 ms to 35 ms at 100,000 contacts (issue 15)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 09:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX ix_contact_name_order ON contact (display_name COLLATE NOCASE, id)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_contact_name_order")
