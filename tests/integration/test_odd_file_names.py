"""File names that are not valid UTF-8 get a sentence naming them, never a UnicodeEncodeError.

On Linux ``b"caf\\xe9.vcf"`` is a fine file name; Python hands it over as ``"caf\\udce9.vcf"``,
which cannot be printed, put into JSON or stored as is. netdesk writes it as ``caf\\xe9.vcf``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.integration.cli_runner import run

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux")

VCARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.org\r\nEND:VCARD\r\n"


def _odd(folder: Path, name: bytes, content: bytes | None = None) -> str:
    """``folder/name`` as the str Python gives for it (surrogate escapes); written if ``content``."""
    path = os.fsencode(folder) + b"/" + name
    if content is not None:
        try:
            with open(path, "wb") as handle:
                handle.write(content)
        except OSError as exc:  # a file system that insists on UTF-8 names
            pytest.skip(f"cannot create a non-UTF-8 file name here: {exc}")
    return os.fsdecode(path)


def _sentence(stderr: str, shown: str) -> None:
    assert "Traceback" not in stderr and "UnicodeEncodeError" not in stderr, stderr
    assert f"netdesk: {shown}" in stderr or shown in stderr, stderr


def test_import_names_the_file_in_text_and_json(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = _odd(tmp_path, b"caf\xe9.vcf", VCARD)
    shown = f"{tmp_path}/caf\\xe9.vcf"

    preview = run(data, "import", "--dry-run", "--json", path)
    assert preview.returncode == 0, preview.stderr
    assert json.loads(preview.stdout)["files"][0]["file"] == shown

    result = run(data, "import", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{shown}: vcard, 1 new")
    history = json.loads(run(data, "import", "--history", "--json").stdout)
    assert history[0]["files"] == [shown]


@pytest.mark.parametrize(
    ("name", "shown_name", "content", "says"),
    [
        (b"missing\xe9.vcf", "missing\\xe9.vcf", None, "does not exist or is not a file"),
        (b"bro\xe9ken.vcf", "bro\\xe9ken.vcf", b"\x00\x01 not a card", "holds no BEGIN:VCARD"),
        (b"esc\x1b[31m\xff.csv", "esc\\x1b[31m\\xff.csv", b"", "is empty"),  # a terminal escape too
    ],
)
def test_import_problems_are_sentences(
    tmp_path: Path, name: bytes, shown_name: str, content: bytes | None, says: str
) -> None:
    path = _odd(tmp_path, name, content)
    shown = f"{tmp_path}/{shown_name}"
    result = run(tmp_path / "data", "import", "--json", path)
    assert result.returncode == 1
    _sentence(result.stderr, shown)
    assert says in result.stderr
    report = json.loads(result.stdout)
    assert report["files"][0]["file"] == shown
    assert shown in report["files"][0]["errors"][0]["message"]


def test_export_to_an_odd_name_writes_that_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    run(data, "contacts", "add", "--name", "Ada Lovelace")
    target = _odd(tmp_path, b"out\xe9.vcf")
    result = run(data, "export", "--format", "vcf", "-o", target, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["file"] == f"{tmp_path}/out\\xe9.vcf"
    assert os.path.exists(os.fsencode(tmp_path) + b"/out\xe9.vcf")

    missing = _odd(tmp_path, b"nowhere\xe9/out.csv")
    result = run(data, "export", "--format", "csv", "-o", missing)
    assert result.returncode == 1
    _sentence(result.stderr, f"The folder {tmp_path}/nowhere\\xe9 does not exist")


def test_decode_and_scan_name_an_unreadable_photo(tmp_path: Path) -> None:
    path = _odd(tmp_path, b"card\xe9.jpg", b"not really a JPEG")
    shown = f"{tmp_path}/card\\xe9.jpg"

    decoded = run(tmp_path / "data", "decode", "--json", path)
    assert decoded.returncode == 1
    _sentence(decoded.stderr, shown)
    line = json.loads(decoded.stdout)
    assert line["file"] == shown and line["error"].startswith(f"{shown}: not an image")

    scanned = run(tmp_path / "data", "scan", "--event", "Fall Career Fair", "--json", path)
    assert scanned.returncode == 1
    _sentence(scanned.stderr, shown)
    assert json.loads(scanned.stdout)["failed"][0]["file"] == shown
