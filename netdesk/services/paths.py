"""Where netdesk keeps its files: ``--data-dir``, else $NETDESK_DATA_DIR, else the platform's
user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "netdesk"


def data_dir(override: Path | str | None = None) -> Path:
    if override:
        return Path(override).expanduser()
    env = os.environ.get("NETDESK_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
