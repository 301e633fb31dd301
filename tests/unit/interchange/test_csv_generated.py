"""Every generated client dialect imports field by field as it was written (tests/interchange_gen).

The files are written fresh from random people on each run (fixed seed for reproducible
failures), so passing here is not tuned to the corpus: a new language, separator or encoding
combination added to the generator is checked the same way.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from netdesk.interchange.csv_import import read_csv
from netdesk.interchange.records import ImportRecord
from tests.interchange_gen.csv_dialects import expected, variants, write_all


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _actual(record: ImportRecord) -> dict[str, object]:
    d = record.draft
    return {
        "display_name": _nfc(d.display_name),
        "given_name": _nfc(d.given_name),
        "family_name": _nfc(d.family_name),
        "organization": _nfc(d.organization),
        "title": _nfc(d.title),
        "emails": [e.address.lower() for e in d.emails],
        "phones": ["".join(ch for ch in p.raw if ch.isdigit()) for p in d.phones],
        "urls": [u.url for u in d.urls],
        "notes": _nfc(d.notes),
    }


def compare_all(folder: Path) -> tuple[int, int, int, int, list[str]]:
    """(files, files passing, fields, fields passing, failure lines) over every generated file."""
    files = ok_files = fields = ok_fields = 0
    failures: list[str] = []
    for path, variant, people in write_all(folder):
        files += 1
        parsed = read_csv(path)
        file_ok = not parsed.errors and len(parsed.records) == len(people)
        if not file_ok:
            failures.append(f"{path.name}: {len(parsed.records)} records, errors {parsed.errors[:2]}")
        for record, person in zip(parsed.records, people, strict=False):
            want = {k: _nfc(v) if isinstance(v, str) else v for k, v in expected(variant, person).items()}
            got = _actual(record)
            for key, value in want.items():
                fields += 1
                if got[key] == value:
                    ok_fields += 1
                else:
                    file_ok = False
                    failures.append(f"{path.name} line {record.line} {key}: {got[key]!r} != {value!r}")
        ok_files += file_ok
    return files, ok_files, fields, ok_fields, failures


def test_every_generated_dialect_imports_field_by_field(tmp_path: Path) -> None:
    files, ok_files, fields, ok_fields, failures = compare_all(tmp_path)
    assert files == len(list(variants())) > 150
    assert not failures, f"{ok_files}/{files} files, {ok_fields}/{fields} fields:\n" + "\n".join(
        failures[:40]
    )


@pytest.mark.parametrize("client", ["outlook", "thunderbird"])
def test_generated_files_report_their_encoding(tmp_path: Path, client: str) -> None:
    written = [w for w in write_all(tmp_path) if w[1].client == client]
    for path, variant, _people in written:
        encoding = read_csv(path).encoding
        want = {"utf-8-sig": "utf-8-sig", "utf-16-be-bom": "utf-16", "utf-16": "utf-16"}.get(
            variant.encoding, variant.encoding
        )
        # An all-ASCII cp1252 file is valid UTF-8 too; the generated ones always hold accents.
        assert encoding == want, path.name
