"""Generated vCards of six producers (tests/interchange_gen): every value each card holds is in a
field after import, or kept verbatim (with its group and label) for export."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from netdesk.capture.vcard_values import unescape
from netdesk.interchange.vcard_fields import parse_date
from netdesk.interchange.vcard_import import read_vcards
from netdesk.interchange.vcard_versions import converted_lines
from tests.interchange_gen.vcard_dialects import DIALECTS, Expect, generate

SEEDS = range(20)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _parts(line: str) -> tuple[str, str, str]:
    """(group, NAME, value) of a kept line; the value follows the first colon outside quotes."""
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            head, value = line[:i], line[i + 1 :]
            break
    else:
        raise AssertionError(f"kept line without a value: {line!r}")
    group, _, name = head.split(";", 1)[0].rpartition(".")
    return group, name.upper(), value


def _check(expect: Expect, record_draft: object, extras: tuple[str, ...], where: str) -> None:
    d = record_draft
    assert _nfc(d.name) == _nfc(expect.fn), where  # type: ignore[attr-defined]
    emails = {e.address.casefold() for e in d.emails}  # type: ignore[attr-defined]
    assert {e.casefold() for e in expect.emails} <= emails, (where, emails)
    digits = {"".join(ch for ch in p.raw if ch.isdigit()) for p in d.phones}  # type: ignore[attr-defined]
    assert set(expect.phones) <= digits, (where, digits)
    for attr in ("org", "title", "note"):
        got = {"org": d.organization, "title": d.title, "note": d.notes}[attr]  # type: ignore[attr-defined]
        assert _nfc(got) == _nfc(getattr(expect, attr)), (where, attr, got)
    kept = [_parts(line) for line in extras]
    # NICKNAME, BDAY and ANNIVERSARY are fields since migration 0009 (vcard_fields), not kept lines.
    fields = {"NICKNAME": d.nickname, "BDAY": d.birthday, "ANNIVERSARY": d.anniversary, "UID": d.uid}  # type: ignore[attr-defined]
    for name, value in expect.kept:
        if name in fields:
            wanted = unescape(value) if name in ("NICKNAME", "UID") else parse_date(value) or value
            assert _nfc(wanted) in _nfc(fields[name]), (where, name, value, fields[name])
            continue
        values = [v if name == "PHOTO" else unescape(v) for _g, n, v in kept if n == name]
        assert _nfc(value) in [_nfc(v) for v in values], (where, name, value, values)
    for name, label in expect.labels:
        groups = {g for g, n, v in kept if n == "X-ABLABEL" and v == label and g}
        assert any(g in groups for g, n, _v in kept if n == name), (where, name, label, extras)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dialect", DIALECTS)
def test_generated_dialect_file_loses_nothing(tmp_path: Path, dialect: str, seed: int) -> None:
    data, expects = generate(dialect, seed)
    path = tmp_path / f"{dialect}-{seed}.vcf"
    path.write_bytes(data)
    parsed = read_vcards(path)
    assert parsed.errors == (), parsed.errors
    assert len(parsed.records) == len(expects), [r.draft.name for r in parsed.records]
    for number, (record, expect) in enumerate(zip(parsed.records, expects, strict=True), start=1):
        _check(expect, record.draft, record.extras, f"{dialect} seed {seed} card {number}")
        for warning in record.warnings:  # nothing of a well-formed card is left out
            assert not re.search(r"left out", warning), warning


@pytest.mark.parametrize("version", ["3.0", "4.0"])
@pytest.mark.parametrize("dialect", DIALECTS)
def test_generated_dialect_file_survives_export_and_reimport(
    tmp_path: Path, dialect: str, version: str
) -> None:
    from datetime import UTC, datetime

    from netdesk.domain.models import Contact
    from netdesk.interchange.vcard_export import export_vcards
    from netdesk.interchange.vcard_groups import group_of

    for seed in SEEDS:
        path = tmp_path / f"{dialect}-{seed}.vcf"
        path.write_bytes(generate(dialect, seed)[0])
        first = read_vcards(path).records
        now = datetime(2026, 1, 1, tzinfo=UTC)
        contacts = [Contact(i, r.draft, now, now) for i, r in enumerate(first, start=1)]
        out = tmp_path / "out.vcf"
        export_vcards(contacts, out, version, extras={i: r.extras for i, r in enumerate(first, start=1)})
        again = read_vcards(out)
        assert again.errors == ()
        for a, b in zip(first, again.records, strict=True):
            for attr in ("name", "given_name", "family_name", "organization", "department", "title", "notes"):
                assert getattr(a.draft, attr) == getattr(b.draft, attr), (dialect, seed, attr)
            assert a.draft.emails == b.draft.emails and a.draft.urls == b.draft.urls, (dialect, seed)
            assert [p.raw for p in a.draft.phones] == [p.raw for p in b.draft.phones], (dialect, seed)
            # Kept lines are converted to the version written (vcard_versions), never copied. A
            # group is written where its e-mail/phone/link stands among the others (so it moves
            # relative to ungrouped lines), but keeps its own lines in order.
            expected = converted_lines(list(a.extras), version)[0]
            assert sorted(expected) == sorted(b.extras), (dialect, seed)
            for group in {group_of(line) for line in expected}:
                in_a = [line for line in expected if group_of(line) == group]
                assert in_a == [line for line in b.extras if group_of(line) == group], (dialect, seed)
            for attr in (
                "nickname",
                "birthday",
                "anniversary",
                "name_prefix",
                "middle_name",
                "name_suffix",
                "uid",
            ):
                assert getattr(a.draft, attr) == getattr(b.draft, attr), (dialect, seed, attr)
