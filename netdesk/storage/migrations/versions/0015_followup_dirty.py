"""followup_dirty: the contacts whose rule-made follow-ups may be out of date, so regeneration
reads only them (issue 15); filled by TEMP triggers that netdesk creates on each connection
(``netdesk.storage.followup_stamps``), so the file itself holds no trigger

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-09 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A new table only. Nothing says which contacts changed before the stamp existed, so the
    # row for everyone (0) is written: the first regeneration after this goes over the whole
    # network once, in chunks, in the background; every later one reads only what changed.
    op.create_table(
        "followup_dirty",
        sa.Column("contact_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("contact_id", name=op.f("pk_followup_dirty")),
    )
    op.execute("INSERT INTO followup_dirty (contact_id) VALUES (0)")


def downgrade() -> None:
    # The TEMP triggers of this connection write into the table: they go first.
    from netdesk.storage.followup_stamps import trigger_names

    for name in trigger_names():
        op.execute(f"DROP TRIGGER IF EXISTS temp.{name}")
    op.drop_table("followup_dirty")
