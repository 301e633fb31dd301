"""Hostile files end in a clear error naming the line, fast and in bounded memory; good cards
around them still import."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from netdesk.interchange.csv_import import read_csv
from netdesk.interchange.vcard_import import read_vcards

GOOD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Good {n}\r\nEMAIL:good{n}@example.org\r\nEND:VCARD\r\n"


def _measure(func):  # type: ignore[no-untyped-def]
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = func()
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return result, time.perf_counter() - started, peak


@pytest.mark.parametrize(
    "opening",
    ["BEGIN:VCARD\r\n", "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Outer\r\nAGENT:\r\n"],
    ids=["bare", "agent"],
)
def test_cards_nested_5000_deep(tmp_path: Path, opening: str) -> None:
    path = tmp_path / "nested.vcf"
    body = opening * 5000 + "END:VCARD\r\n" * 5000
    path.write_text(GOOD.format(n=1) + body + GOOD.format(n=2), encoding="utf-8")
    parsed, seconds, peak = _measure(lambda: read_vcards(path))
    assert [r.draft.name for r in parsed.records] == ["Good 1", "Good 2"]
    assert len(parsed.errors) == 1
    assert parsed.errors[0].line == 6 and "more than 10 deep" in parsed.errors[0].message
    assert seconds < 5 and peak < 50 << 20


def test_missing_end_is_reported_and_the_next_card_survives(tmp_path: Path) -> None:
    path = tmp_path / "noend.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut Short\r\n"
        + GOOD.format(n=1)
        + "BEGIN:VCARD\r\nFN:Truncated\r\n",
        encoding="utf-8",
    )
    parsed = read_vcards(path)
    assert [r.draft.name for r in parsed.records] == ["Good 1"]
    assert [e.line for e in parsed.errors] == [1, 9]
    assert all("END:VCARD" in e.message for e in parsed.errors)


def test_a_50_mb_line_is_skipped_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "huge.vcf"
    with path.open("wb") as f:
        f.write(GOOD.format(n=1).encode())
        f.write(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Photo\r\nPHOTO;ENCODING=b:")
        chunk = b"A" * (1 << 20)
        for _ in range(50):
            f.write(chunk)
        f.write(b"\r\nEMAIL:big@example.org\r\nEND:VCARD\r\n")
        f.write(GOOD.format(n=2).encode())
    parsed, seconds, peak = _measure(lambda: read_vcards(path))
    assert [r.draft.name for r in parsed.records] == ["Good 1", "Big Photo", "Good 2"]
    assert [e.line for e in parsed.errors] == [9]
    assert "longer than" in parsed.errors[0].message
    assert seconds < 10
    assert peak < 40 << 20  # the 50 MB line is never held whole


def test_invalid_bytes_do_not_stop_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bytes.vcf"
    path.write_bytes(
        GOOD.format(n=1).encode()
        + b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:M\xfcller \xff\xfe\x00\x01\r\nTEL:+49 30 1234567\r\nEND:VCARD\r\n"
        + b"\x00\xff garbage between cards \x80\r\n"
        + GOOD.format(n=2).encode()
    )
    parsed = read_vcards(path)
    names = [r.draft.name for r in parsed.records]
    assert names[0] == "Good 1" and names[2] == "Good 2"
    assert names[1].startswith("Müller")
    assert all("\x00" not in n for n in names)


def test_csv_line_of_50_mb_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:
        f.write(b"Name,Email\nAnn,ann@example.org\nBob,")
        for _ in range(50):
            f.write(b"b" * (1 << 20))
        f.write(b"\nCid,cid@example.org\n")
    parsed, seconds, peak = _measure(lambda: read_csv(path))
    assert [r.draft.name for r in parsed.records] == ["Ann", "Cid"]
    assert [e.line for e in parsed.errors] == [3]
    assert seconds < 10 and peak < 40 << 20


def test_not_a_vcard_at_all(tmp_path: Path) -> None:
    from netdesk.interchange.files import read_contacts_file
    from netdesk.interchange.records import ImportFileError

    path = tmp_path / "empty.vcf"
    path.write_text("hello\n", encoding="utf-8")
    try:
        read_contacts_file(path)
    except ImportFileError as exc:
        assert "empty.vcf" in str(exc)
    else:  # pragma: no cover - the assertion below reports it
        raise AssertionError("a file without cards must be refused")


def test_begin_without_end_repeated_5000_times_stays_fast(tmp_path: Path) -> None:
    path = tmp_path / "unclosed.vcf"
    path.write_text(
        GOOD.format(n=1) + "BEGIN:VCARD\r\nFN:Open\r\n" * 5000 + GOOD.format(n=2), encoding="utf-8"
    )
    parsed, seconds, peak = _measure(lambda: read_vcards(path))
    assert [r.draft.name for r in parsed.records] == ["Good 1", "Good 2"]
    assert len(parsed.errors) == 5000 and parsed.errors[0].line == 6
    assert seconds < 5 and peak < 50 << 20


def test_csv_quote_left_open_at_the_end_of_the_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "open-quote.csv"
    path.write_bytes(b'First Name,Last Name,Notes\nTall,Guy,5"11\nAda,Lovelace,\n"Bad,Row\n')
    parsed = read_csv(path)
    assert [r.draft.name for r in parsed.records] == ["Tall Guy", "Ada Lovelace"]
    assert [(e.line, "never closed" in e.message) for e in parsed.errors] == [(4, True)]
