"""one "About me" profile and checkbox goals: the follow-up drafts' key/value profile
(``followup_setting`` rows ``profile.my_*``) moves into ``user_profile`` (My card), which gains
major, year and notes; ``event_goal_check`` holds the ticked checkbox goals of each event

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 12:00:00.000000
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

PROFILE_ID = 1
_PREFIX = "profile."
# (drafts key, user_profile column, what the notes call it) for the fields both records had.
_SHARED = (
    ("my_name", "display_name", "name"),
    ("my_school", "organization", "school / organisation"),
    ("my_email", "email", "e-mail"),
    ("my_phone", "phone", "phone"),
)
# Fields only the drafts profile had: they move into the new columns.
_MOVED = (("my_major", "major"), ("my_year", "year"))
_KEYS = tuple(k for k, *_ in _SHARED) + tuple(k for k, _ in _MOVED)
_NEW_COLUMNS = (("major", sa.String(length=300)), ("year", sa.String(length=100)), ("notes", sa.Text()))


def _same(kind: str, a: str, b: str) -> bool:
    if kind == "phone":  # "+1 508 555 0100" and "(508) 555-0100" are one number
        x, y = sorted((re.sub(r"\D", "", a), re.sub(r"\D", "", b)), key=len)
        return x == y or (len(x) >= 7 and y.endswith(x))
    fold = unicodedata.normalize("NFKD", " ".join(a.split()).casefold())
    other = unicodedata.normalize("NFKD", " ".join(b.split()).casefold())
    return fold == other


def _merge(conn: sa.Connection) -> None:
    """Move the drafts profile into user_profile. Nothing is lost: where both records hold a
    different value, My card's stays in its field and the drafts' value goes into the notes."""
    drafts = {
        key[len(_PREFIX) :]: (value or "").strip()
        for key, value in conn.exec_driver_sql(
            "SELECT key, value FROM followup_setting WHERE substr(key, 1, 8) = ?", (_PREFIX,)
        )
    }
    columns = [c for _, c, _ in _SHARED] + ["notes"]
    row = conn.exec_driver_sql(
        f"SELECT {', '.join(columns)} FROM user_profile WHERE id = ?", (PROFILE_ID,)
    ).first()
    if row is None and not any(drafts.get(k) for k in _KEYS):
        return
    card = dict(zip(columns, (row if row is not None else [""] * len(columns)), strict=True))
    values: dict[str, str] = {}
    notes: list[str] = []
    for key, column, label in _SHARED:
        mine, on_card = drafts.get(key, ""), (card[column] or "").strip()
        if not on_card:
            values[column] = mine
        elif mine and not _same(label, mine, on_card):
            notes.append(f"Your follow-up drafts used another {label}: {mine}")
    for key, column in _MOVED:
        values[column] = drafts.get(key, "")
    if notes:
        kept = (card["notes"] or "").strip()
        values["notes"] = "\n".join([kept, *notes] if kept else notes)
    if row is None:
        values.setdefault("notes", "")
        defaults = {"title": "", "linkedin": "", "website": "", "headline": ""}
        values.update(defaults, id=str(PROFILE_ID), updated_at=datetime.now(UTC).isoformat())
        names = list(values)
        conn.exec_driver_sql(
            f"INSERT INTO user_profile ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
            tuple(values[n] for n in names),
        )
    else:
        assignments = ", ".join(f"{name} = ?" for name in values)
        conn.exec_driver_sql(
            f"UPDATE user_profile SET {assignments} WHERE id = ?", (*values.values(), PROFILE_ID)
        )
    conn.exec_driver_sql(
        f"DELETE FROM followup_setting WHERE key IN ({', '.join('?' for _ in _KEYS)})",
        tuple(_PREFIX + k for k in _KEYS),
    )


def upgrade() -> None:
    # In place (ALTER TABLE ADD COLUMN), never a table rebuild.
    with op.batch_alter_table("user_profile", schema=None, recreate="never") as batch_op:
        for name, kind in _NEW_COLUMNS:
            batch_op.add_column(sa.Column(name, kind, server_default="", nullable=False))
    op.create_table(
        "event_goal_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("goal_key", sa.String(length=300), nullable=False),
        sa.Column("checked_at", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_goal_check_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_goal_check")),
        sa.UniqueConstraint("event_id", "goal_key", name="uq_event_goal_check_event_key"),
    )
    _merge(op.get_bind())


def downgrade() -> None:
    # The drafts profile comes back from the merged record (the notes have no older home).
    conn = op.get_bind()
    row = conn.exec_driver_sql(
        "SELECT display_name, organization, email, phone, major, year FROM user_profile WHERE id = ?",
        (PROFILE_ID,),
    ).first()
    if row is not None:
        keys = ("my_name", "my_school", "my_email", "my_phone", "my_major", "my_year")
        for key, value in zip(keys, row, strict=True):
            if value:
                conn.exec_driver_sql(
                    "INSERT OR REPLACE INTO followup_setting (key, value) VALUES (?, ?)",
                    (_PREFIX + key, value),
                )
    op.drop_table("event_goal_check")
    with op.batch_alter_table("user_profile", schema=None, recreate="never") as batch_op:
        for name, _kind in reversed(_NEW_COLUMNS):
            batch_op.drop_column(name)
