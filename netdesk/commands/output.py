"""Printing helpers shared by commands: UTF-8 JSON and sentences on stderr."""

from __future__ import annotations

import json
import sys
from typing import Any


def print_json(document: Any) -> None:
    """One JSON document, UTF-8, no ASCII escaping."""
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def print_json_line(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def error(message: str) -> None:
    print(f"netdesk: {message}", file=sys.stderr)


def configure_stdout() -> None:
    """Write UTF-8 whatever the locale says (a C locale would otherwise fail on 'Núñez')."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
