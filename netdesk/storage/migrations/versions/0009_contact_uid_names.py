"""contact uid and name parts: a stable UID per contact (vCard UID, sync), prefix/middle/suffix,
nickname, birthday and anniversary as fields, so exports carry them in every format

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 09:00:00.000000
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_TEXT = ("name_prefix", "middle_name", "name_suffix", "nickname", "birthday", "anniversary")


def upgrade() -> None:
    # In place (ALTER TABLE ADD COLUMN), never a table rebuild: recreating ``contact`` with
    # foreign keys on would cascade-delete its e-mails, phones, interactions and follow-ups.
    with op.batch_alter_table("contact", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("uid", sa.String(length=200), server_default="", nullable=False))
        for name in _TEXT:
            batch_op.add_column(sa.Column(name, sa.String(length=200), server_default="", nullable=False))
    conn = op.get_bind()
    ids = [row[0] for row in conn.exec_driver_sql("SELECT id FROM contact WHERE uid = ''")]
    if ids:
        conn.exec_driver_sql(
            "UPDATE contact SET uid = ? WHERE id = ?",
            [(f"urn:uuid:{uuid.uuid4()}", cid) for cid in ids],  # type: ignore[arg-type]
        )
    with op.batch_alter_table("contact", schema=None, recreate="never") as batch_op:
        batch_op.create_index("ix_contact_uid", ["uid"], unique=True)


def downgrade() -> None:
    # In place again (SQLite >= 3.35 drops a column no index uses): never recreate ``contact``.
    with op.batch_alter_table("contact", schema=None, recreate="never") as batch_op:
        batch_op.drop_index("ix_contact_uid")
        for name in reversed(_TEXT):
            batch_op.drop_column(name)
        batch_op.drop_column("uid")
