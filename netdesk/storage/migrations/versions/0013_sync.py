"""CardDAV/CalDAV sync: the account, the collections with their sync-token, one row per resource
on the server (href, ETag, UID, the local record and its version at the last sync, the agreed
card), conflicts kept for the merge dialog, and what each sync changed here (for undo)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # New tables only: nothing existing is rebuilt, so no cascade can touch stored data.
    op.create_table(
        "sync_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("username", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("last_synced_at", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_account")),
    )
    op.create_table(
        "sync_collection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("sync_token", sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('contacts', 'followups')", name=op.f("ck_sync_collection_kind_known")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_collection")),
        sa.UniqueConstraint("kind", name="uq_sync_collection_kind"),
    )
    op.create_table(
        "sync_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("collection_id", sa.Integer(), nullable=False),
        sa.Column("href", sa.String(length=2000), nullable=False),
        sa.Column("etag", sa.String(length=300), nullable=False),
        sa.Column("uid", sa.String(length=200), nullable=False),
        sa.Column("local_id", sa.Integer(), nullable=True),
        sa.Column("local_version", sa.Integer(), nullable=True),
        sa.Column("base", sa.Text(), nullable=False),
        sa.Column("base_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["sync_collection.id"],
            name=op.f("fk_sync_item_collection_id_sync_collection"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_item")),
        sa.UniqueConstraint("collection_id", "href", name="uq_sync_item_collection_id"),
    )
    op.create_index("ix_sync_item_uid", "sync_item", ["uid"], unique=False)
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("server_card", sa.Text(), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("resolved_at", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_sync_conflict_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflict")),
    )
    op.create_index("ix_sync_conflict_contact_id", "sync_conflict", ["contact_id"], unique=False)
    op.create_table(
        "sync_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.String(length=40), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("undone_at", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_run")),
    )
    op.create_table(
        "sync_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("local_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "action IN ('created', 'updated', 'deleted')", name=op.f("ck_sync_change_action_known")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["sync_run.id"], name=op.f("fk_sync_change_run_id_sync_run"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_change")),
    )
    op.create_index("ix_sync_change_run_id", "sync_change", ["run_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_sync_change_run_id", table_name="sync_change")
    op.drop_table("sync_change")
    op.drop_table("sync_run")
    op.drop_index("ix_sync_conflict_contact_id", table_name="sync_conflict")
    op.drop_table("sync_conflict")
    op.drop_index("ix_sync_item_uid", table_name="sync_item")
    op.drop_table("sync_item")
    op.drop_table("sync_collection")
    op.drop_table("sync_account")
