"""Every file of ../shared/corpus/vcards and csv imports as its expected.json says."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from netdesk.interchange.files import read_contacts_file
from netdesk.interchange.records import ImportRecord

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus"


def _expected(kind: str) -> dict[str, Any]:
    path = CORPUS / kind / "expected.json"
    if not path.is_file():
        return {"files": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _digits(value: str) -> str:
    text = value.split(" ext")[0].split(";ext=")[0]
    return "".join(ch for ch in text if ch.isdigit())


def _is_kept_binary(line: str) -> bool:
    """A kept PHOTO/LOGO/SOUND/KEY in base64: where photo data belongs (and nothing else)."""
    head, _, data = line.partition(":")
    if ";ENCODING=b" not in head:
        return False
    assert re.fullmatch(r"[A-Za-z0-9+/=]*", data), f"{head}: not base64"
    return True


def _all_strings(record: ImportRecord) -> list[str]:
    d = record.draft
    out = [d.display_name, d.given_name, d.family_name, d.organization, d.title, d.notes, d.address]
    out += [e.address for e in d.emails] + [p.raw for p in d.phones] + [u.url for u in d.urls]
    return out + list(d.tags) + [e for e in record.extras if not _is_kept_binary(e)]


def _cases(kind: str) -> list[tuple[str, dict[str, Any]]]:
    files = _expected(kind)["files"]
    if not files:
        return [
            pytest.param("missing", {}, marks=pytest.mark.skip(reason=f"corpus {kind} not found at {CORPUS}"))
        ]
    return sorted(files.items())


def _check(kind: str, name: str, spec: dict[str, Any]) -> None:
    parsed = read_contacts_file(CORPUS / kind / name)
    contacts = spec["contacts"]
    assert not parsed.errors, parsed.errors
    assert len(parsed.records) == len(contacts), [r.draft.name for r in parsed.records]
    for number, (record, want) in enumerate(zip(parsed.records, contacts, strict=True), start=1):
        draft = record.draft
        where = f"{name} contact {number}"
        expected_name = want.get("fn") or want.get("display_name") or want.get("display_fallback")
        if expected_name:
            assert _nfc(draft.name) == _nfc(expected_name), where
        assert draft.name, f"{where}: no display name at all"
        emails = {e.address.casefold() for e in draft.emails}
        for email in want.get("emails", []):
            assert email.casefold() in emails, f"{where}: {email} missing from {emails}"
        digits = [_digits(p.raw) for p in draft.phones]
        for phone in want.get("phone_digits", []):
            if phone:
                assert phone in digits, f"{where}: phone {phone} missing from {digits}"
        for key, attr in (
            ("n_family", "family_name"),
            ("n_given", "given_name"),
            ("first", "given_name"),
            ("last", "family_name"),
            ("org", "organization"),
            ("title", "title"),
        ):
            if want.get(key):
                assert _nfc(getattr(draft, attr)).casefold() == _nfc(want[key]).casefold(), f"{where}: {key}"
        for text in _all_strings(record):
            assert "\r" not in text, f"{where}: stray CR in {text!r}"
            assert len(text) < 20_000, f"{where}: a value looks like raw photo data"
            if not (name.endswith("John_Doe_ANDROID.vcf") and number == 6):
                assert "\ufffd" not in text, f"{where}: replacement character in {text!r}"
        assert "notes:" not in draft.name.casefold(), f"{where}: a contact made from the preamble"


@pytest.mark.parametrize(("name", "spec"), _cases("vcards"))
def test_vcard_corpus_file_imports_as_expected(name: str, spec: dict[str, Any]) -> None:
    _check("vcards", name, spec)


@pytest.mark.parametrize(("name", "spec"), _cases("csv"))
def test_csv_corpus_file_imports_as_expected(name: str, spec: dict[str, Any]) -> None:
    _check("csv", name, spec)


def test_linkedin_connected_on_becomes_a_date() -> None:
    path = CORPUS / "csv" / "linkedin" / "hirefrank_network-jobs_Connections.csv"
    if not path.is_file():
        pytest.skip(f"corpus file missing: {path}")
    parsed = read_contacts_file(path)
    first = parsed.records[0]
    assert parsed.format == "linkedin"
    assert first.line == 5  # after the three preamble lines and the header
    assert first.connected_at is not None and first.connected_at.date().isoformat() == "2024-01-01"
    assert first.draft.urls[0].url == "https://www.linkedin.com/in/ada"
