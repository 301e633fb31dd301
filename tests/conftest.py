"""Shared fixtures: a private data folder per test, the opened database, the shared corpus."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt tests run headless unless a test starts its own X server.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("NETDESK_DATA_DIR", None)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CORPUS = (PROJECT_ROOT / ".." / "shared" / "corpus").resolve()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def db(data_dir: Path) -> Iterator[object]:
    from netdesk.services.database import open_database

    database = open_database(data_dir)
    yield database
    database.close()


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    return CORPUS
