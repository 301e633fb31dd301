"""A test hook for fault injection: pause at a named step so a test can ``kill -9`` right there.

Backups and restores promise that a process killed at *any* moment leaves the database intact
and no half-written file that looks like a backup. That promise is only worth something if it
is tested at the dangerous moments (mid-copy, after fsync but before the rename, mid-restore…),
and a child process that is SIGKILLed at a random time rarely hits them. So those steps call
``fault_point("name")``: when the environment variable ``NETDESK_FAULT_POINT`` names that step,
the process announces it on stderr (``netdesk-fault-point NAME``) and sleeps, and the test kills
it. Otherwise the hook costs one environment look-up and does nothing.
"""

from __future__ import annotations

import os
import sys
import time

FAULT_ENV = "NETDESK_FAULT_POINT"
ANNOUNCE = "netdesk-fault-point"
PAUSE_SECONDS = 30.0  # bounded: a process whose test forgot to kill it carries on by itself


def fault_point(name: str) -> None:
    """Pause here if ``$NETDESK_FAULT_POINT == name`` (tests only; see the module docstring)."""
    if os.environ.get(FAULT_ENV) != name:
        return
    sys.stderr.write(f"{ANNOUNCE} {name}\n")
    sys.stderr.flush()
    time.sleep(PAUSE_SECONDS)
