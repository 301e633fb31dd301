"""Entry to the GUI; the Qt code lives in ``netdesk.ui.application`` (Qt stays inside netdesk/ui)."""

from __future__ import annotations

from pathlib import Path


def run_gui(data_dir: Path | None = None) -> int:
    from netdesk.ui.application import run_gui as run

    return run(data_dir)
