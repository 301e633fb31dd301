"""CSV exports as real clients write them: encodings, separators, preambles, multi-values."""

from __future__ import annotations

from pathlib import Path

import pytest

from netdesk.domain.models import PhoneKind
from netdesk.interchange.csv_import import inspect_csv, read_csv
from netdesk.interchange.records import GENERIC_CSV, GOOGLE, LINKEDIN, OUTLOOK, ImportFileError

LINKEDIN_TEXT = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "José,Núñez,https://www.linkedin.com/in/jnunez/,jnunez@harbormusic.net,Harbor Music Studio,Owner,20 Nov 2025\n"
    'Zoë,Müller,https://linkedin.com/in/zoe-m,,"Acme, Inc.","Engineer\nand Mentor",02 Feb 2024\n'
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"])
def test_linkedin_in_every_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(LINKEDIN_TEXT.encode(encoding))
    parsed = read_csv(path)
    assert parsed.format == LINKEDIN
    assert parsed.errors == ()
    assert [r.draft.name for r in parsed.records] == ["José Núñez", "Zoë Müller"]
    jose, zoe = parsed.records
    assert jose.line == 5 and zoe.line == 6
    assert jose.draft.urls[0].url == "https://www.linkedin.com/in/jnunez"
    assert jose.draft.emails[0].address == "jnunez@harbormusic.net"
    assert jose.connected_at is not None and jose.connected_at.date().isoformat() == "2025-11-20"
    assert zoe.draft.organization == "Acme, Inc."
    assert zoe.draft.title == "Engineer and Mentor"  # a quoted newline inside a cell


def test_shift_jis_generic_csv(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes("名前,メール,電話\n山田 太郎,taro@example.jp,+81 3-1234-5678\n".encode("shift_jis"))
    layout = inspect_csv(path)
    assert layout.encoding == "cp932"  # Windows' Shift_JIS superset
    parsed = read_csv(path, mapping={0: "display_name", 1: "email", 2: "phone"})
    assert parsed.records[0].draft.name == "山田 太郎"
    assert parsed.records[0].draft.phones[0].e164 == "+81312345678"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_separators_are_detected(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "people.csv"
    rows = [
        ["Name", "E-mail", "Company", "Phone"],
        ["Ann Lee", "ann@example.org", "Lee; Co, Ltd", "+44 20 7946 0958"],
    ]
    path.write_text(
        "\n".join(
            delimiter.join(f'"{c}"' if delimiter in c or "," in c or ";" in c else c for c in r) for r in rows
        )
        + "\n",
        encoding="utf-8",
    )
    parsed = read_csv(path)
    assert parsed.format == GENERIC_CSV
    draft = parsed.records[0].draft
    assert (draft.name, draft.organization) == ("Ann Lee", "Lee; Co, Ltd")
    assert draft.emails[0].address == "ann@example.org"


def test_google_current_with_multi_values_and_labels(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(
        "First Name,Middle Name,Last Name,Organization Name,Organization Title,Notes,Labels,"
        "E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Website 1 - Label,Website 1 - Value\n"
        'Priya,,Patel,Globex,Recruiter,"Met at fair\nasked about internships",* myContacts ::: Recruiters,'
        "* Work,priya@globex.com ::: p.patel@gmail.com,Mobile,+1 415 555 0100 ::: +1 415 555 0101,,"
        "https://www.linkedin.com/in/priyap\n",
        encoding="utf-8",
    )
    parsed = read_csv(path)
    assert parsed.format == GOOGLE
    draft = parsed.records[0].draft
    assert draft.name == "Priya Patel"
    assert [e.address for e in draft.emails] == ["priya@globex.com", "p.patel@gmail.com"]
    assert [p.e164 for p in draft.phones] == ["+14155550100", "+14155550101"]
    assert {p.kind for p in draft.phones} == {PhoneKind.MOBILE}
    assert draft.tags == ("Recruiters",)
    assert draft.notes == "Met at fair\nasked about internships"


def test_google_legacy_header(tmp_path: Path) -> None:
    path = tmp_path / "google.csv"
    path.write_text(
        "Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,"
        "Organization 1 - Name,Organization 1 - Title\n"
        "Dr. Sam Ode,Sam,Ode,* myContacts ::: Professors,* Work,sam@uni.edu,State University,Professor\n",
        encoding="utf-8",
    )
    parsed = read_csv(path)
    assert parsed.format == GOOGLE
    draft = parsed.records[0].draft
    assert (draft.name, draft.organization, draft.title, draft.tags) == (
        "Dr. Sam Ode",
        "State University",
        "Professor",
        ("Professors",),
    )


def test_outlook_export(tmp_path: Path) -> None:
    path = tmp_path / "outlook.csv"
    path.write_bytes(
        (
            "First Name,Middle Name,Last Name,Title,Company,Department,Job Title,Business Phone,Mobile Phone,"
            "E-mail Address,E-mail 2 Address,Web Page,Notes,Categories\r\n"
            "Renée,,Dubois,Ms.,Société Générale,IT,Analyst,+33 1 42 14 20 00,,renee@sg.fr,,,,Finance;Paris\r\n"
        ).encode("cp1252")
    )
    parsed = read_csv(path)
    assert parsed.format == OUTLOOK
    draft = parsed.records[0].draft
    assert (draft.name, draft.title, draft.organization) == ("Renée Dubois", "Analyst", "Société Générale")
    assert draft.phones[0].kind is PhoneKind.WORK
    assert draft.tags == ("Finance", "Paris")


def test_unterminated_quote_reports_the_line_and_keeps_the_other_rows(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text(
        'Name,Email\nAnn,ann@example.org\n"Bob,bob@example.org\nCid,cid@example.org\nDee,dee@example.org\n',
        encoding="utf-8",
    )
    parsed = read_csv(path)
    assert [e.line for e in parsed.errors] == [3]
    assert "quote" in parsed.errors[0].message and "line 3" in parsed.errors[0].message
    assert [r.draft.name for r in parsed.records] == ["Ann", "Cid", "Dee"]


def test_unterminated_quote_in_a_big_file_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    good = "".join(f"Person {i},p{i}@example.org\n" for i in range(20_000))
    path.write_text('Name,Email\nAnn,ann@example.org\n"Bob,never closed\n' + good, encoding="utf-8")
    parsed = read_csv(path)
    assert parsed.errors and parsed.errors[0].line == 3
    assert len(parsed.records) == 20_001


def test_rows_with_too_many_cells_and_empty_rows(tmp_path: Path) -> None:
    path = tmp_path / "cells.csv"
    path.write_text(
        "Name,Email\n,\nAnn,ann@example.org,extra,cells\nBo,bo@example.org,,\n,notes only?\n",
        encoding="utf-8",
    )
    parsed = read_csv(path)
    assert [r.draft.name for r in parsed.records] == ["Bo"]
    assert [e.line for e in parsed.errors] == [3, 5]


def test_file_without_any_known_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "numbers.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="no column could be recognised"):
        read_csv(path)


def test_binary_file_is_refused_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(bytes(range(256)) * 50)
    with pytest.raises(ImportFileError):
        read_csv(path)


def test_formula_guard_is_undone_on_import(tmp_path: Path) -> None:
    path = tmp_path / "guarded.csv"
    path.write_text("Name,Notes\nAnn,'=1+1 is two\n", encoding="utf-8")
    assert read_csv(path).records[0].draft.notes == "=1+1 is two"
