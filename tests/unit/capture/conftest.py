"""Shared fixtures: the corpus read in place at ../shared/corpus relative to the project root."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

CORPUS = (Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus").resolve()


def corpus_dir(sub: str) -> Path:
    path = CORPUS / sub
    if not path.is_dir():
        pytest.skip(f"corpus folder {path} is missing (expected ../shared/corpus next to the project)")
    return path


@pytest.fixture(scope="session")
def cards_expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((corpus_dir("cards") / "expected.json").read_text("utf-8"))
    return data
