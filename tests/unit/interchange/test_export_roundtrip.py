"""Exports: vCard 3.0/4.0 and Google CSV read back to the same contacts; CSV cells are defused."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest

from netdesk.domain.models import (
    Circle,
    Contact,
    ContactDraft,
    Email,
    EmailKind,
    HowMet,
    Phone,
    PhoneKind,
    Url,
    UrlKind,
)
from netdesk.interchange.csv_export import export_csv, neutralise
from netdesk.interchange.csv_import import read_csv
from netdesk.interchange.vcard_export import export_vcards, fold
from netdesk.interchange.vcard_import import read_vcards

NOW = datetime(2026, 11, 20, 15, 15, tzinfo=UTC)


def _contact(cid: int, **fields: object) -> Contact:
    base = {
        "display_name": "José Núñez",
        "given_name": "José",
        "family_name": "Núñez",
        "organization": "Harbor Music Studio; Boston, MA",
        "department": "Percussion",
        "title": "Studio Owner",
        "emails": (
            Email("jnunez@harbormusic.net", EmailKind.WORK),
            Email("jose@example.org", EmailKind.HOME),
        ),
        "phones": (Phone("+1 508 555 0142", "+15085550142", PhoneKind.MOBILE),),
        "urls": (
            Url("https://www.linkedin.com/in/jnunez", UrlKind.LINKEDIN),
            Url("https://harbor.example", UrlKind.WEBSITE),
        ),
        "address": "12 Dock St, Boston",
        "notes": "Looking for a percussion intern\nAsked about: drums, marimba; vibes",
        "tags": ("music", "boston"),
        "circle": Circle.PROFESSIONAL,
        "how_met": HowMet.EVENT,
        "field": "Music production",
        "met_at": NOW,
    }
    base.update(fields)
    return Contact(cid, ContactDraft(**base), NOW, NOW, event_name="Fall Career Fair")  # type: ignore[arg-type]


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_vcard_round_trip_loses_nothing(tmp_path: Path, version: str) -> None:
    contacts = [_contact(1), _contact(2, display_name="Zoë 山田", given_name="", family_name="", tags=())]
    extras = {1: ("X-ABLABEL:_$!<Anniversary>!$_", "BDAY:1980-03-22", "NICKNAME:Joe")}
    path = tmp_path / "out.vcf"
    assert export_vcards(contacts, path, version, extras=extras) == 2
    parsed = read_vcards(path)
    assert parsed.errors == ()
    for contact, record in zip(contacts, parsed.records, strict=True):
        got, want = record.draft, contact.draft
        for attr in (
            "name",
            "given_name",
            "family_name",
            "organization",
            "department",
            "title",
            "address",
            "notes",
            "tags",
            "circle",
            "how_met",
            "field",
            "met_at",
            "emails",
            "urls",
        ):
            assert getattr(got, attr) == getattr(want, attr), attr
        assert [(p.raw, p.e164, p.kind) for p in got.phones] == [(p.raw, p.e164, p.kind) for p in want.phones]
        assert record.event_name == "Fall Career Fair"
    # BDAY and NICKNAME come back as fields (migration 0009), the label stays a kept line.
    assert parsed.records[0].extras == extras[1][:1]
    assert (parsed.records[0].draft.birthday, parsed.records[0].draft.nickname) == ("1980-03-22", "Joe")
    raw = path.read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    raw.decode("utf-8")  # folding never splits a character


def test_fold_keeps_characters_whole() -> None:
    line = "NOTE:" + "é" * 100
    folded = fold(line)
    assert all(len(part) <= 75 for part in folded.split(b"\r\n"))
    assert folded.replace(b"\r\n ", b"").rstrip(b"\r\n").decode("utf-8") == line


def test_csv_round_trip_in_google_columns(tmp_path: Path) -> None:
    contacts = [
        _contact(1),
        _contact(2, display_name="Cher", given_name="", family_name="", emails=(), phones=()),
    ]
    path = tmp_path / "out.csv"
    assert export_csv(contacts, path) == 2
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    parsed = read_csv(path)
    assert parsed.format == "google" and parsed.errors == ()
    first, second = (r.draft for r in parsed.records)
    want = contacts[0].draft
    assert (first.name, first.organization, first.title, first.department) == (
        want.name,
        want.organization,
        want.title,
        want.department,
    )
    assert [e.address for e in first.emails] == [e.address for e in want.emails]
    assert [p.e164 for p in first.phones] == ["+15085550142"]
    assert [u.url for u in first.urls] == [u.url for u in want.urls]
    assert first.tags == want.tags and first.notes == want.notes
    assert second.name == "Cher"


def test_formula_injection_is_neutralised_but_phones_stay_readable(tmp_path: Path) -> None:
    evil = _contact(
        1,
        display_name='=HYPERLINK("http://evil")',
        given_name="=cmd|' /C calc'!A0",
        family_name="@SUM(1)",
        notes="-2+3",
        organization="\tTabbed",
        phones=(Phone("+1 508 555 0142", "+15085550142"), Phone("+cmd|calc", None)),
    )
    path = tmp_path / "evil.csv"
    export_csv([evil], path)
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["First Name"] == "'=cmd|' /C calc'!A0"
    assert cells["Last Name"] == "'@SUM(1)"
    assert cells["Notes"] == "'-2+3"
    assert cells["Organization Name"] == "'\tTabbed"
    assert cells["Phone 1 - Value"] == "+1 508 555 0142"
    assert cells["Phone 2 - Value"] == "'+cmd|calc"
    for value in rows[1]:
        assert not value.startswith(("=", "@", "-", "\t", "\r")) and (
            not value.startswith("+") or value == "+1 508 555 0142"
        )


def test_neutralise_edge_cases() -> None:
    assert neutralise("") == ""
    assert neutralise("plain") == "plain"
    assert neutralise("\rx") == "'\rx"
    assert neutralise("-555-0142", phone=True) == "-555-0142"


def test_failed_export_leaves_the_previous_file(tmp_path: Path) -> None:
    path = tmp_path / "keep.vcf"
    path.write_text("previous", encoding="utf-8")

    class Boom(Exception):
        pass

    def contacts():  # type: ignore[no-untyped-def]
        yield _contact(1)
        raise Boom

    with pytest.raises(Boom):
        export_vcards(contacts(), path)
    assert path.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.vcf"]
