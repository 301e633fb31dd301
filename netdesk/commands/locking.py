"""A command that meets another program's write lock waits, retries, then says who holds it.

SQLite waits ``busy_timeout`` for a lock inside one statement; a unit of work that had already
read (a snapshot that went stale) fails at once instead. Every unit of work is all-or-nothing,
so the whole command can simply run again: ``run_with_retries`` does so with growing pauses for
about 30 seconds (``NETDESK_LOCK_TIMEOUT`` seconds, for tests and impatient scripts), then exits
1 with a sentence naming the program that holds the database and what to do — never a traceback.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from netdesk.services.locks import database_path, describe, holders, is_lock_error

ENV_TIMEOUT = "NETDESK_LOCK_TIMEOUT"
DEFAULT_TOTAL_SECONDS = 30.0
#: The longest one statement waits for the lock; the rest of the window is spent retrying.
_STATEMENT_WAIT_SECONDS = 5.0


def total_wait() -> float:
    """Seconds a command keeps trying before it gives up on a locked database."""
    try:
        value = float(os.environ.get(ENV_TIMEOUT, ""))
    except ValueError:
        return DEFAULT_TOTAL_SECONDS
    return value if value >= 0 else DEFAULT_TOTAL_SECONDS


def busy_timeout_ms() -> int:
    """SQLite's own wait per statement: 5 s, or a quarter of a shorter total window."""
    return max(50, int(min(_STATEMENT_WAIT_SECONDS, total_wait() / 4) * 1000))


def locked_sentence(folder: Path | None, waited: float) -> str:
    who = describe(holders(database_path(folder)))
    return (
        f"The netdesk database is locked by {who}, which is writing to it; nothing was changed "
        f"after waiting {waited:.0f} seconds. Close that program or wait until it has finished, "
        "then run the command again."
    )


def run_with_retries(
    command: Callable[[], int],
    folder: Path | None,
    *,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """``command()``, run again after each "database is locked" until the window closes."""
    started = clock()
    deadline = started + total_wait()
    pause = 0.25
    while True:
        try:
            return command()
        except Exception as exc:
            if not is_lock_error(exc):
                raise
            remaining = deadline - clock()
            if remaining <= 0:
                print(f"netdesk: {locked_sentence(folder, clock() - started)}", file=sys.stderr)
                return 1
            sleep(min(pause, remaining))
            pause = min(pause * 2, 4.0)
