"""Printing helpers shared by commands: UTF-8 JSON and sentences on stderr."""

from __future__ import annotations

import json
import sys
from typing import Any

from netdesk.domain.file_names import printable


def _printable(document: Any) -> Any:
    """Strings with undecodable file-name bytes (lone surrogates) escaped, so UTF-8 can carry them."""
    if isinstance(document, str):
        return printable(document)
    if isinstance(document, dict):
        return {_printable(k): _printable(v) for k, v in document.items()}
    if isinstance(document, list | tuple):
        return [_printable(v) for v in document]
    return document


def print_json(document: Any) -> None:
    """One JSON document, UTF-8, no ASCII escaping."""
    sys.stdout.write(json.dumps(_printable(document), ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def print_json_line(document: Any) -> None:
    sys.stdout.write(json.dumps(_printable(document), ensure_ascii=False) + "\n")
    sys.stdout.flush()


def error(message: str) -> None:
    print(f"netdesk: {printable(message)}", file=sys.stderr)


def configure_stdout() -> None:
    """Write UTF-8 whatever the locale says (a C locale would otherwise fail on 'Núñez')."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
