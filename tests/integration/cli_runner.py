"""Running ``netdesk`` as scripts do: a real process, a private data folder, a C locale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

CONTACT_KEYS = [
    "id",
    "fn",
    "given",
    "family",
    "org",
    "title",
    "emails",
    "phones",
    "urls",
    "notes",
    "tags",
    "event",
    "met_at",
    "introduced_by",
]


def run(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``netdesk --data-dir DATA_DIR ARGS...``; LC_ALL=C proves the output is UTF-8 whatever the locale."""
    full_env = {**os.environ, "LC_ALL": "C"}
    full_env.pop("NETDESK_DATA_DIR", None)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "netdesk", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        timeout=180,
        check=False,
    )


def ok_json(data_dir: Path, *args: str) -> Any:
    """The JSON a successful command printed; fails the test with its stderr otherwise."""
    result = run(data_dir, *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
