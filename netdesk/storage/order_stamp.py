"""The contact order's stamp: ``contact_order_stamp`` (migration 0018) holds one number, set to
a new random value whenever a contact is added, deleted or renamed, in the same transaction.
The contacts table keeps everyone's place in name order while the stamp stays the same
(``services/contacts.py`` ``listed``), so a search only matches and sorts ints.

As with the follow-up stamp (``followup_stamps``), the triggers are TEMP triggers made on each
connection netdesk opens (the engine's ``connect`` event), never stored in the file: a backup
holds no trigger (``integrity.verify_backup`` refuses any). Every netdesk process — the window,
the command line, sync — stamps; a change made by another tool is not stamped, and a window
open meanwhile keeps its order until netdesk itself next adds, deletes or renames someone.
Random rather than counted: a restored backup whose history went another way can never show
the same stamp for a different order.
"""

from __future__ import annotations

import sqlite3

TABLE = "contact_order_stamp"
_BUMP = f"UPDATE {TABLE} SET stamp = random();"
TRIGGERS: dict[str, str] = {
    "added": "AFTER INSERT ON main.contact",
    "deleted": "AFTER DELETE ON main.contact",
    "renamed": (
        "AFTER UPDATE OF display_name, id ON main.contact"
        " WHEN NEW.display_name IS NOT OLD.display_name OR NEW.id IS NOT OLD.id"
    ),
}
PREFIX = "netdesk_contact_order_"


def trigger_names() -> list[str]:
    return [PREFIX + name for name in TRIGGERS]


def install(dbapi_connection: sqlite3.Connection) -> bool:
    """The TEMP triggers on this connection, when the database has the stamp table."""
    present = dbapi_connection.execute(
        "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
    ).fetchone()
    if present is None:
        return False
    for name, when in TRIGGERS.items():
        dbapi_connection.execute(f"CREATE TEMP TRIGGER IF NOT EXISTS {PREFIX}{name} {when} BEGIN {_BUMP} END")
    return True


def drop(dbapi_connection: sqlite3.Connection) -> None:
    """Remove the TEMP triggers from this connection (before the stamp table is dropped)."""
    for name in trigger_names():
        dbapi_connection.execute(f"DROP TRIGGER IF EXISTS temp.{name}")
