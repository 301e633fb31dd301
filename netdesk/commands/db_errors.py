"""Database errors at run time, turned into sentences at one place (``netdesk.cli.main``).

A "malformed" error found by a query in the middle of a command means damage that the start-up
checks did not see; it leads to the same recovery offer as damage found at start. A write to a
read-only data folder says so. Neither ever prints a traceback or any stored value.
"""

from __future__ import annotations

from pathlib import Path

from netdesk.services.health import is_damage_error, is_read_only_error
from netdesk.services.paths import data_dir
from netdesk.services.recovery import damaged


def explain(exc: BaseException, folder: Path | None = None) -> str | None:
    """A sentence for a damaged or read-only database, or None for any other error."""
    root = data_dir(folder)
    if is_damage_error(exc):
        return damaged(root, "it is damaged (SQLite found a malformed page while reading it)").sentence()
    if is_read_only_error(exc):
        return (
            f"The netdesk data folder {root} is read-only: netdesk can show and export your network "
            "but not change it. Make the folder writable, or copy it somewhere you can write."
        )
    return None
