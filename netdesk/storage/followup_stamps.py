"""The follow-up change stamp: which contacts' rule-made follow-ups may be out of date.

``followup_dirty`` holds the ids of contacts whose facts changed since their follow-ups were last
regenerated; regeneration reads only those and deletes them in the same transaction
(``netdesk.services.followup_sync.sync_dirty``). The row ``EVERYONE`` (id 0, never a contact's)
stands for every contact: a new database, a migration to this schema, a salvage, or a change of
the follow-up settings, whose cadences and windows apply to everybody.

Why TEMP triggers rather than session hooks: contacts and their interactions are written by the
ORM, by plain SQL (the bulk import writer, merges and their undo, undo of a delete, sync undo)
and by SQLite itself (ON DELETE CASCADE / SET NULL when an event or contact goes). A hook in the
session sees only the first kind, and every new plain-SQL path would have to remember to mark its
contacts. A trigger sees all three, by construction. They are TEMP triggers, created on each
connection netdesk opens (``install``, from the engine's ``connect`` event) and never stored in
the file: a backup holds no trigger (``integrity.verify_backup`` refuses any), and a database
opened by another tool simply is not stamped — the same as before there was a stamp.

What the rules read, and so what marks a contact (see ``followup_sync.gather_facts``):
the contact's created_at, circle, met_at, event and notes; its interactions; its own cadence; its
rule-made follow-ups (a skip moves the keep-in-touch anchor, a sync may close or delete one); the
name and kind of an event it was met at or met someone at; and the follow-up settings (everyone).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection

from sqlalchemy import text
from sqlalchemy.orm import Session

TABLE = "followup_dirty"
EVERYONE = 0


def _mark(contact_id: str) -> str:
    """Mark one id unless marked already. Not INSERT OR IGNORE: inside a trigger fired by a
    foreign-key action (an event's ON DELETE SET NULL) SQLite applies the outer statement's
    conflict policy, ABORT, to the trigger's insert, and a second mark of the same contact failed."""
    return (
        f"INSERT INTO {TABLE}(contact_id) SELECT {contact_id} "
        f"WHERE NOT EXISTS (SELECT 1 FROM {TABLE} WHERE contact_id = {contact_id});"
    )


_CONTACT_FACTS = ("created_at", "circle", "met_at", "event_id", "notes")
_CHANGED = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _CONTACT_FACTS)


def _rule_setting(row: str) -> str:
    """The settings the rules read (``followup_sync.read_settings``), not the profile or templates."""
    return f"({row}.key IN ('thank_you_after_hours', 'thank_you_window_hours') OR {row}.key LIKE 'cadence.%')"


# name -> (event on table, body). Every body only inserts ids.
TRIGGERS: dict[str, tuple[str, str]] = {
    "contact_added": ("AFTER INSERT ON main.contact", _mark("NEW.id")),
    "contact_changed": (
        f"AFTER UPDATE OF {', '.join(_CONTACT_FACTS)} ON main.contact WHEN {_CHANGED}",
        _mark("NEW.id"),
    ),
    "interaction_added": ("AFTER INSERT ON main.interaction", _mark("NEW.contact_id")),
    "interaction_changed": (
        "AFTER UPDATE ON main.interaction",
        _mark("OLD.contact_id") + _mark("NEW.contact_id"),
    ),
    "interaction_removed": ("AFTER DELETE ON main.interaction", _mark("OLD.contact_id")),
    "cadence_added": ("AFTER INSERT ON main.contact_cadence", _mark("NEW.contact_id")),
    "cadence_changed": (
        "AFTER UPDATE ON main.contact_cadence",
        _mark("OLD.contact_id") + _mark("NEW.contact_id"),
    ),
    "cadence_removed": ("AFTER DELETE ON main.contact_cadence", _mark("OLD.contact_id")),
    "followup_added": ("AFTER INSERT ON main.followup", _mark("NEW.contact_id")),
    "followup_changed": (
        "AFTER UPDATE ON main.followup",
        _mark("OLD.contact_id") + _mark("NEW.contact_id"),
    ),
    "followup_removed": ("AFTER DELETE ON main.followup", _mark("OLD.contact_id")),
    "event_changed": (
        "AFTER UPDATE OF name, kind ON main.event WHEN NEW.name IS NOT OLD.name OR NEW.kind IS NOT OLD.kind",
        f"INSERT INTO {TABLE}(contact_id) SELECT id FROM contact WHERE event_id = NEW.id "
        "UNION SELECT contact_id FROM interaction WHERE event_id = NEW.id "
        f"EXCEPT SELECT contact_id FROM {TABLE};",
    ),
    # An event's deletion sets its contacts' and interactions' event_id to NULL, which the
    # update triggers above see (SQLite fires them for ON DELETE SET NULL).
    "settings_added": (
        f"AFTER INSERT ON main.followup_setting WHEN {_rule_setting('NEW')}",
        _mark(str(EVERYONE)),
    ),
    "settings_changed": (
        f"AFTER UPDATE ON main.followup_setting WHEN NEW.value IS NOT OLD.value AND {_rule_setting('NEW')}",
        _mark(str(EVERYONE)),
    ),
    "settings_removed": (
        f"AFTER DELETE ON main.followup_setting WHEN {_rule_setting('OLD')}",
        _mark(str(EVERYONE)),
    ),
}
PREFIX = "netdesk_followup_stamp_"


def trigger_names() -> list[str]:
    return [PREFIX + name for name in TRIGGERS]


def install(dbapi_connection: sqlite3.Connection) -> bool:
    """Create the TEMP triggers on this connection when the database has the stamp table (a
    database not migrated yet gets them on the connections opened after its migration: see
    ``migrate.upgrade``). True when they are in place."""
    present = dbapi_connection.execute(
        "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
    ).fetchone()
    if present is None:
        return False
    for name, (when, body) in TRIGGERS.items():
        dbapi_connection.execute(f"CREATE TEMP TRIGGER IF NOT EXISTS {PREFIX}{name} {when} BEGIN {body} END")
    return True


def drop(dbapi_connection: sqlite3.Connection) -> None:
    """Remove the TEMP triggers from this connection (before the stamp table is dropped)."""
    for name in trigger_names():
        dbapi_connection.execute(f"DROP TRIGGER IF EXISTS temp.{name}")


# -- reading and clearing, inside the regenerating transaction ------------------------------------


def has_dirty(session: Session) -> bool:
    return session.execute(text(f"SELECT EXISTS (SELECT 1 FROM {TABLE})")).scalar() == 1


def take(session: Session, limit: int) -> list[int]:
    """Up to ``limit`` marked contact ids, lowest first. ``EVERYONE`` is first expanded into the
    id of every contact (in this transaction), so a full pass goes in chunks like any other."""
    conn = session.connection()
    if conn.execute(text(f"SELECT 1 FROM {TABLE} WHERE contact_id = {EVERYONE}")).first() is not None:
        conn.execute(text(f"INSERT OR IGNORE INTO {TABLE}(contact_id) SELECT id FROM contact"))
        conn.execute(text(f"DELETE FROM {TABLE} WHERE contact_id = {EVERYONE}"))
    rows = conn.execute(text(f"SELECT contact_id FROM {TABLE} ORDER BY contact_id LIMIT :n"), {"n": limit})
    return [int(r[0]) for r in rows]


def clear(session: Session, contact_ids: Collection[int]) -> None:
    """Their follow-ups are current now (call after writing them: the writes mark them again)."""
    ids = sorted({int(i) for i in contact_ids})
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join(str(i) for i in chunk)  # ints only: no injection
        session.connection().execute(text(f"DELETE FROM {TABLE} WHERE contact_id IN ({marks})"))


def clear_all(session: Session) -> None:
    session.connection().execute(text(f"DELETE FROM {TABLE}"))


def mark_everyone(session: Session) -> None:
    """Regenerate everybody's follow-ups at the next read (after a salvage or a repair)."""
    session.connection().execute(text(f"INSERT OR IGNORE INTO {TABLE}(contact_id) VALUES ({EVERYONE})"))


def pending(session: Session) -> int:
    """How many contacts wait (the whole network when ``EVERYONE`` is marked)."""
    conn = session.connection()
    if conn.execute(text(f"SELECT 1 FROM {TABLE} WHERE contact_id = {EVERYONE}")).first() is not None:
        return int(conn.execute(text("SELECT count(*) FROM contact")).scalar() or 0)
    return int(conn.execute(text(f"SELECT count(*) FROM {TABLE}")).scalar() or 0)
