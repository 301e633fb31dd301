"""contact_order_stamp: one row whose value changes (to a random 64-bit number) whenever a
contact is added, deleted or renamed, set in the same transaction by TEMP triggers that each
netdesk connection makes (``storage/order_stamp.py``; the file holds no trigger). The contacts
table keeps everyone's place in name order between keystrokes and checks this stamp instead of
sorting each search's matches in SQL (22 ms for 10,000 matches at 100,000 contacts, most of a
keystroke; issue 15). Random rather than counted: a restored backup whose history went
another way can never show the same stamp for a different order.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 10:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE TABLE contact_order_stamp (id INTEGER NOT NULL PRIMARY KEY, stamp INTEGER NOT NULL)")
    op.execute("INSERT INTO contact_order_stamp (id, stamp) VALUES (1, random())")


def downgrade() -> None:
    # The TEMP triggers of this connection write into the table: they go first.
    from netdesk.storage.order_stamp import trigger_names

    for name in trigger_names():
        op.execute(f"DROP TRIGGER IF EXISTS temp.{name}")
    op.execute("DROP TABLE contact_order_stamp")
