"""Entry to the GUI; the Qt code lives in ``netdesk.ui.application`` (Qt stays inside netdesk/ui)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def run_gui(data_dir: Path | None = None, files: Sequence[str] = ()) -> int:
    """Start the window; ``files`` (absolute paths) open in it once it shows."""
    from netdesk.ui.application import run_gui as run

    return run(data_dir, files=files)
