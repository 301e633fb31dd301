"""vCard dialects of real clients: each rule of issue 12, read from a file as the importer reads it.

Values netdesk has no field for must come back as kept lines (group and label together); values
left out or changed must be warnings naming their line.
"""

from __future__ import annotations

import base64
from pathlib import Path

from netdesk.domain.models import Contact
from netdesk.interchange.records import ImportRecord, ParsedFile
from netdesk.interchange.vcard_export import export_vcards
from netdesk.interchange.vcard_import import read_vcards


def _read(tmp_path: Path, text: str | bytes, name: str = "in.vcf") -> ParsedFile:
    path = tmp_path / name
    data = text if isinstance(text, bytes) else text.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(data)
    return read_vcards(path)


def _one(tmp_path: Path, text: str | bytes) -> ImportRecord:
    parsed = _read(tmp_path, text)
    assert parsed.errors == (), parsed.errors
    assert len(parsed.records) == 1, [r.draft.name for r in parsed.records]
    return parsed.records[0]


def test_nested_card_anywhere_in_a_card_is_a_contact_of_its_own(tmp_path: Path) -> None:
    parsed = _read(
        tmp_path,
        "BEGIN:VCARD\nVERSION:2.1\nN:Outer;Olga\nFN:Olga Outer\n"
        "BEGIN:VCARD\nVERSION:2.1\nFN:Nina Nested\nTEL:+44 20 7946 0001\nEND:VCARD\n"
        "TEL;CELL:+44 20 7946 0999\nNOTE:after the child\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Next One\nEND:VCARD\n",
    )
    assert parsed.errors == ()
    assert [(r.draft.name, r.line) for r in parsed.records] == [
        ("Olga Outer", 1),
        ("Nina Nested", 5),
        ("Next One", 13),
    ]
    outer = parsed.records[0]
    assert [p.raw for p in outer.draft.phones] == ["+44 20 7946 0999"]
    assert outer.draft.notes == "after the child"
    assert any(w.startswith("Line 5:") and "nested" in w for w in outer.warnings)


def test_agent_card_is_imported_not_dropped(tmp_path: Path) -> None:
    parsed = _read(
        tmp_path,
        "BEGIN:VCARD\nVERSION:2.1\nFN:Boss Person\nAGENT:\n"
        "BEGIN:VCARD\nVERSION:2.1\nFN:Assistant Person\nEMAIL:assist@example.org\nEND:VCARD\n"
        "EMAIL:boss@example.org\nEND:VCARD\n",
    )
    assert parsed.errors == ()
    assert [r.draft.name for r in parsed.records] == ["Boss Person", "Assistant Person"]
    assert [e.address for e in parsed.records[0].draft.emails] == ["boss@example.org"]
    assert all("AGENT" not in e for e in parsed.records[0].extras)


def test_21_backslash_escapes_only_semicolons(tmp_path: Path) -> None:
    record = _one(
        tmp_path,
        "BEGIN:VCARD\nVERSION:2.1\nN:Doe;Jo\nFN:Jo Doe\nNOTE:Files in C:\\new\\temp, see \\n\n"
        "ORG:Smith\\; Sons;Sales, EMEA\nX-CUSTOM:a\\b, c\\; d\nEND:VCARD\n",
    )
    assert record.draft.notes == "Files in C:\\new\\temp, see \\n"
    assert (record.draft.organization, record.draft.department) == ("Smith; Sons", "Sales, EMEA")
    # kept in 3.0/4.0 escaping, so an export means the same text
    assert "X-CUSTOM:a\\\\b\\, c\\; d" in record.extras


def test_30_escapes_still_apply(tmp_path: Path) -> None:
    record = _one(tmp_path, "BEGIN:VCARD\nVERSION:3.0\nFN:A\\, B\nNOTE:one\\ntwo\\, three\nEND:VCARD\n")
    assert (record.draft.name, record.draft.notes) == ("A, B", "one\ntwo, three")


def test_email_in_name_and_angle_form_keeps_the_address_and_says_so(tmp_path: Path) -> None:
    record = _one(
        tmp_path,
        "BEGIN:VCARD\nVERSION:2.1\nFN:Ann Lee\nEMAIL;INTERNET:Ann Lee <ann.lee@example.org>\nEND:VCARD\n",
    )
    assert [e.address for e in record.draft.emails] == ["ann.lee@example.org"]
    assert any(w.startswith("Line 4:") and "ann.lee@example.org" in w for w in record.warnings)


def test_folded_21_value_keeps_the_white_space_it_was_folded_at(tmp_path: Path) -> None:
    record = _one(
        tmp_path,
        "BEGIN:VCARD\nVERSION:2.1\nFN:Long Note\nNOTE:Met at the fair and talked about\n"
        " internships in marine biology\nEND:VCARD\n",
    )
    assert record.draft.notes == "Met at the fair and talked about internships in marine biology"
    folded_30 = _one(tmp_path, "BEGIN:VCARD\nVERSION:3.0\nFN:Long Note\nNOTE:intern\n ships\nEND:VCARD\n")
    assert folded_30.draft.notes == "internships"


def test_quoted_printable_soft_breaks(tmp_path: Path) -> None:
    record = _one(
        tmp_path,
        "BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Dur=C3=\n=A9;Ren=C3=A9e\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:line one=0D=0A=\nline two=\nEND:VCARD\n",
    )
    assert (record.draft.family_name, record.draft.given_name) == ("Duré", "Renée")
    assert record.draft.notes == "line one\nline two"  # the last soft break does not eat END:VCARD


def test_item_groups_keep_their_label(tmp_path: Path) -> None:
    record = _one(
        tmp_path,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Grace Hopper\n"
        "item1.EMAIL;type=INTERNET;type=pref:grace@example.org\nitem1.X-ABLabel:Navy desk\n"
        "item2.X-ABDATE;type=pref:1987-06-05\nitem2.X-ABLabel:_$!<Anniversary>!$_\n"
        "item3.TEL:+1 202 555 0100\nEND:VCARD\n",
    )
    assert [e.address for e in record.draft.emails] == ["grace@example.org"]
    assert [p.raw for p in record.draft.phones] == ["+1 202 555 0100"]
    assert record.extras == (
        "item1.EMAIL;TYPE=INTERNET,pref:grace@example.org",
        "item1.X-ABLABEL:Navy desk",
        "item2.X-ABDATE;TYPE=pref:1987-06-05",
        "item2.X-ABLABEL:_$!<Anniversary>!$_",
    )


def test_labelled_email_exports_once_in_its_group_and_reads_back(tmp_path: Path) -> None:
    record = _one(
        tmp_path,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Grace Hopper\nEMAIL:other@example.org\n"
        "item1.EMAIL;type=INTERNET:grace@example.org\nitem1.X-ABLabel:Navy desk\nEND:VCARD\n",
    )
    out = tmp_path / "out.vcf"
    contact = Contact(1, record.draft, *(2 * [__import__("datetime").datetime(2026, 1, 1)]))
    export_vcards([contact], out, "3.0", extras={1: record.extras})
    text = out.read_text(encoding="utf-8")
    assert text.count("grace@example.org") == 1 and "item1.EMAIL" in text
    assert "other@example.org" in text
    again = read_vcards(out).records[0]
    assert {e.address for e in again.draft.emails} == {"grace@example.org", "other@example.org"}
    assert again.extras == record.extras
    # the address edited away in netdesk: its stale group (and label) is not written
    edited = Contact(
        1, record.draft.__class__(display_name="Grace Hopper"), contact.created_at, contact.updated_at
    )
    export_vcards([edited], out, "3.0", extras={1: record.extras})
    assert "item1" not in out.read_text(encoding="utf-8")


def test_title_is_the_title_and_role_is_kept(tmp_path: Path) -> None:
    record = _one(
        tmp_path,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nROLE:Project leader\nTITLE:Director of Research\nEND:VCARD\n",
    )
    assert record.draft.title == "Director of Research"
    assert "ROLE:Project leader" in record.extras
    only_role = _one(tmp_path, "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nROLE:Project leader\nEND:VCARD\n")
    assert only_role.draft.title == "Project leader"


def test_second_org_and_title_are_kept(tmp_path: Path) -> None:
    record = _one(
        tmp_path,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nORG:Analytical Engines;R&D\nTITLE:Engineer\n"
        "ORG:Royal Society\nTITLE:Fellow\nEND:VCARD\n",
    )
    assert (record.draft.organization, record.draft.department, record.draft.title) == (
        "Analytical Engines",
        "R&D",
        "Engineer",
    )
    assert tuple(e for e in record.extras if e[:3] in ("ORG", "TIT")) == ("ORG:Royal Society", "TITLE:Fellow")


def test_photos_base64_and_uri_are_kept(tmp_path: Path) -> None:
    jpeg = base64.b64encode(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 3).decode("ascii")
    lines_21 = "\n".join(jpeg[i : i + 76] for i in range(0, len(jpeg), 76))
    record = _one(
        tmp_path,
        f"BEGIN:VCARD\nVERSION:2.1\nFN:Photo 21\nPHOTO;JPEG;ENCODING=BASE64:{lines_21}\n\nEND:VCARD\n",
    )
    assert record.extras == (f"PHOTO;ENCODING=b;TYPE=JPEG:{jpeg}",)
    folded = "\n ".join(jpeg[i : i + 74] for i in range(0, len(jpeg), 74))
    record = _one(
        tmp_path,
        f"BEGIN:VCARD\nVERSION:3.0\nFN:Photo 30\nPHOTO;ENCODING=b;TYPE=JPEG:{folded}\n"
        "LOGO;VALUE=uri:https://example.org/logo.png\nEND:VCARD\n",
    )
    assert record.extras == (
        f"PHOTO;ENCODING=b;TYPE=JPEG:{jpeg}",
        "LOGO;VALUE=uri:https://example.org/logo.png",
    )
    assert base64.b64decode(record.extras[0].split(":", 1)[1]).startswith(b"\xff\xd8")


def test_dates_nickname_address_impp_and_x_properties_are_kept(tmp_path: Path) -> None:
    record = _one(
        tmp_path,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Kim\nNICKNAME:Kimmy,KK\nBDAY;VALUE=date:1990-02-03\n"
        "ANNIVERSARY:20150606\nADR;TYPE=work:;;1 Main St;;;;\n"
        "ADR;TYPE=home,pref:;Apt 4;22 Elm\\, Rear;Springfield;IL;62701;USA\n"
        'IMPP;X-SERVICE-TYPE=Skype:skype:kim.k\nX-AIM:kimaim\nX-CUSTOM-THING;X-P="a:b":value; with, stuff\n'
        "END:VCARD\n",
    )
    assert record.draft.address == "1 Main St"
    # Nickname and dates are fields since migration 0009 (vcard_fields), so they are not kept lines.
    assert (record.draft.nickname, record.draft.birthday, record.draft.anniversary) == (
        "Kimmy, KK",
        "1990-02-03",
        "2015-06-06",
    )
    assert record.extras == (
        "ADR;TYPE=work:;;1 Main St;;;;",
        "ADR;TYPE=home,pref:;Apt 4;22 Elm\\, Rear;Springfield;IL;62701;USA",
        "IMPP;X-SERVICE-TYPE=Skype:skype:kim.k",
        "X-AIM:kimaim",
        'X-CUSTOM-THING;X-P="a:b":value; with, stuff',
    )


def test_values_left_out_are_warnings_with_their_line(tmp_path: Path) -> None:
    record = _one(
        tmp_path,
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eve\r\nX-JUNK:\x01\x02binary\r\nFN:Second Name\r\nEND:VCARD\r\n",
    )
    assert any(w.startswith("Line 4:") and "X-JUNK" in w for w in record.warnings)
    assert any(w.startswith("Line 5:") and "FN" in w for w in record.warnings)
