"""Kept properties converted per vCard version: each case found in a real client's file."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from netdesk.domain.models import Contact, ContactDraft, Phone, PhoneKind, Url, UrlKind
from netdesk.interchange.vcard_versions import converted_lines
from netdesk.interchange.vcard_writer import card_lines


@pytest.mark.parametrize(
    ("line", "version", "expected"),
    [
        ("GEO;TYPE=work:geo:46.772673,-71.282945", "3.0", ["GEO:46.772673;-71.282945"]),
        ("GEO:-2.600000;3.400000", "4.0", ["GEO:geo:-2.600000,3.400000"]),
        ("GEO:geo:46.7,-71.2", "4.0", ["GEO:geo:46.7,-71.2"]),
        ("GEO:somewhere", "3.0", []),
        ("TZ:1:00", "3.0", ["TZ:+01:00"]),
        ("TZ:-05:00", "3.0", ["TZ:-05:00"]),
        ("TZ:America/New_York", "3.0", ["TZ;VALUE=text:America/New_York"]),
        ("PROFILE:VCard", "3.0", []),
        ("ADR;TYPE=HOME,pref:;;1 Main St;Town;;;", "3.0", ["ADR;TYPE=home,pref:;;1 Main St;Town;;;"]),
        ("ADR;TYPE=other:;;1 Main St;Town;;;", "3.0", ["ADR:;;1 Main St;Town;;;"]),
        ("ADR;TYPE=other:;;1 Main St;Town;;;", "4.0", ["ADR;TYPE=other:;;1 Main St;Town;;;"]),
        ("item2.URL;TYPE=pref:http://www.sun.com", "3.0", ["item2.URL:http://www.sun.com"]),
        ("item2.URL;TYPE=pref:http://www.sun.com", "4.0", ["item2.URL;PREF=1:http://www.sun.com"]),
        (
            'ADR;TYPE=work;LABEL="1 Harbor Rd\\nBoston":;;1 Harbor Rd;Boston;;;',
            "3.0",
            ["ADR;TYPE=work:;;1 Harbor Rd;Boston;;;", "LABEL;TYPE=work:1 Harbor Rd\\nBoston"],
        ),
        # 1169 base64 characters: one is missing (the ez-vcard Android sample), so it cannot decode.
        ("PHOTO;ENCODING=b;TYPE=JPEG:" + "A" * 1169, "3.0", []),
        ("PHOTO;ENCODING=b;TYPE=JPEG:" + "A" * 1169, "4.0", []),
        ("PHOTO:data:image/jpeg;base64,AAA", "3.0", []),
        ("PHOTO;ENCODING=b;TYPE=JPEG:" + "A" * 1168, "3.0", ["PHOTO;ENCODING=b;TYPE=JPEG:" + "A" * 1168]),
    ],
)
def test_kept_line_is_converted_for_the_version(line: str, version: str, expected: list[str]) -> None:
    lines, notes = converted_lines([line], version)
    assert lines == expected
    if [x.casefold() for x in lines] != [line.casefold()] and "PREF=1" not in line + "".join(lines):
        # every change or drop is noted (not a type's case or pref's spelling); no values in notes
        assert notes and not any(v in " ".join(notes) for v in ("Harbor", "sun.com", "46.77", "America"))


def test_3_0_label_becomes_the_label_parameter_of_its_address_in_4_0() -> None:
    lines = [
        "ADR;TYPE=home:;;2 Elm St;Salem;;;",
        "ADR;TYPE=work,pref:;;1 Harbor Rd;Boston;;;",
        "LABEL;TYPE=work:1 Harbor Rd\\nBoston\\, MA",
        "item3.ADR:;;9 Dock Ln;Lynn;;;",
        "item3.LABEL;TYPE=home:9 Dock Ln\\nLynn",
        "LABEL;TYPE=dom:Nowhere St",
    ]
    out, notes = converted_lines(lines, "4.0")
    assert out == [
        "ADR;TYPE=home:;;2 Elm St;Salem;;;",
        'ADR;TYPE=work;LABEL="1 Harbor Rd\\nBoston, MA";PREF=1:;;1 Harbor Rd;Boston;;;',
        "item3.ADR;LABEL=9 Dock Ln\\nLynn:;;9 Dock Ln;Lynn;;;",
        "X-LABEL;TYPE=dom:Nowhere St",
    ]
    assert notes.count("address LABEL property written as the LABEL parameter of its ADR (vCard 4.0)") == 2
    back, _ = converted_lines(out[:3], "3.0")  # and back: the 3.0 label properties again
    assert "LABEL;TYPE=work,pref:1 Harbor Rd\\nBoston\\, MA" in back


def _contact(draft: ContactDraft) -> Contact:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return Contact(1, draft, now, now)


def test_grouped_values_are_written_where_they_stand_among_the_others() -> None:
    draft = ContactDraft(
        display_name="Ann",
        phones=(
            Phone("5551", None, PhoneKind.OTHER),
            Phone("5552", None, PhoneKind.OTHER),
            Phone("5553", None, PhoneKind.WORK),
        ),
        urls=(Url("https://a.example/", UrlKind.WEBSITE), Url("https://b.example/", UrlKind.WEBSITE)),
    )
    extras = ["item2.TEL:5552", "item2.X-ABLabel:GRAND_CENTRAL", "item5.URL:https://a.example/", "X-FOO:bar"]
    lines = card_lines(_contact(draft), "3.0", extras)
    names = ("TEL", "URL", "X-ABLABEL")
    body = [line for line in lines if line.split(":")[0].split(";")[0].split(".")[-1] in names]
    assert body == [
        "TEL;TYPE=pref:5551",
        "item2.TEL:5552",
        "item2.X-ABLABEL:GRAND_CENTRAL",
        "TEL;TYPE=WORK:5553",
        "item5.URL:https://a.example/",
        "URL:https://b.example/",
    ]
    assert lines[-2:] == ["X-FOO:bar", "END:VCARD"]


@pytest.mark.parametrize(
    ("nickname", "written"), [("Johny,JayJay", "Johny\\,JayJay"), ("Pepe, Pep", "Pepe,Pep")]
)
def test_nicknames_split_only_where_the_importer_joined_them(nickname: str, written: str) -> None:
    lines = card_lines(_contact(ContactDraft(display_name="Ann", nickname=nickname)), "4.0")
    assert f"NICKNAME:{written}" in lines
