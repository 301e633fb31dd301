"""The vCard normaliser: 2.1 quirks at byte level, multi-card files and the client-export corpus."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import pytest

from netdesk.capture import parse_payload, parse_vcards
from netdesk.capture.drafts import phone_digits
from netdesk.domain.models import EmailKind, PhoneKind
from tests.unit.capture.conftest import CORPUS, corpus_dir


def test_qp_soft_breaks_and_charset() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        b"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=B6rg\r\n"
        b"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=B6rg M=C3=\r\n"
        b"=BCller\r\n"
        b"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:Caf=E9 =\r\n"
        b"meeting=0D=0Anext line\r\n"
        b"END:VCARD\r\n"
    )
    card = parse_vcards(data).cards[0]
    assert card.draft.display_name == "Jörg Müller"
    assert (card.draft.given_name, card.draft.family_name) == ("Jörg", "Müller")
    assert card.draft.notes == "Café meeting\nnext line"
    assert card.version == "2.1"


def test_fold_splitting_a_utf8_character_is_unfolded_as_bytes() -> None:
    name = "Jörg Nüñez".encode()
    cut = name.index("ö".encode()) + 1  # between the two bytes of "ö"
    data = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + name[:cut] + b"\r\n " + name[cut:] + b"\r\nEND:VCARD\r\n"
    assert parse_vcards(data).cards[0].draft.display_name == "Jörg Nüñez"


def test_bare_21_params_quoted_type_list_and_tel_uri() -> None:
    data = (
        "BEGIN:VCARD\nVERSION:4.0\nFN:Ana\n"
        "TEL;CELL;VOICE:+1 508 555 0101\n"
        'TEL;TYPE="work,voice";VALUE=uri:tel:+1-418-656-9254;ext=102\n'
        "TEL;TYPE=fax:tel:+1-508-555-0103\n"
        "EMAIL;TYPE=work:ana@example.com\nitem1.EMAIL;type=INTERNET;type=HOME:ana@home.example\n"
        "END:VCARD\n"
    )
    draft = parse_vcards(data).cards[0].draft
    assert [(p.kind, phone_digits(p)) for p in draft.phones] == [
        (PhoneKind.MOBILE, "15085550101"),
        (PhoneKind.WORK, "14186569254"),
        (PhoneKind.FAX, "15085550103"),
    ]
    assert draft.phones[1].raw == "+1-418-656-9254 ext. 102"
    assert [(e.address, e.kind) for e in draft.emails] == [
        ("ana@example.com", EmailKind.WORK),
        ("ana@home.example", EmailKind.HOME),
    ]


def test_base64_photo_kept_out_of_text_fields() -> None:
    photo = "PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\n"
    body = "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8U\n" * 3
    data = f"BEGIN:VCARD\nVERSION:2.1\nFN:Pat\n{photo}{body}\nNOTE:hello\nEND:VCARD\n"
    draft = parse_vcards(data).cards[0].draft
    assert draft.notes == "hello"
    texts = (draft.display_name, draft.notes, draft.address, draft.organization, draft.title)
    assert not any("9j" in t for t in texts)
    assert [u.url for u in draft.urls] == [] and draft.phones == ()


def test_escapes_and_structured_values() -> None:
    data = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Doe\\, John\nN:Doe;John;;;\nORG:Acme\\; Co;R&D;Lab\n"
        "URL:http\\://example.com\nADR;TYPE=work:;;1 Main St;Boston;MA;02101;USA\n"
        "NOTE:line1\\nline2\\, ok\nEND:VCARD\n"
    )
    draft = parse_vcards(data).cards[0].draft
    assert draft.display_name == "Doe, John"
    assert (draft.organization, draft.department) == ("Acme; Co", "R&D, Lab")
    assert draft.urls[0].url == "http://example.com"
    assert draft.address == "1 Main St, Boston, MA, 02101, USA"
    assert draft.notes == "line1\nline2, ok"


def test_many_cards_bad_one_reported_with_line_good_ones_kept() -> None:
    data = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:First\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nNOTE:nothing usable\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Third\nEMAIL:not-an-address\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Unterminated\n"
    )
    result = parse_vcards(data)
    assert [c.draft.name for c in result.cards] == ["First", "Third", "Unterminated"]
    assert [c.line for c in result.cards] == [1, 9, 14]
    assert [(e.line, "line 5" in e.message) for e in result.errors] == [(5, True)]
    assert any("not an e-mail address" in w for w in result.cards[1].warnings)
    assert any("END:VCARD" in w for w in result.cards[2].warnings)


def test_not_a_vcard_gives_an_error_not_an_exception() -> None:
    result = parse_vcards(b"\x00\xff garbage")
    assert result.cards == ()
    assert result.errors[0].line == 1


def test_vcard_payload_raw_source_is_payload() -> None:
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë García\r\nEND:VCARD"
    result = parse_payload(text)
    assert result.contact is not None
    assert result.contact.raw_source == text


def _vcard_files() -> list[tuple[str, dict[str, Any]]]:
    path = CORPUS / "vcards" / "expected.json"
    if not path.is_file():
        return []
    files: dict[str, Any] = json.loads(path.read_text("utf-8"))["files"]
    return sorted(files.items())


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value.strip())


@pytest.mark.parametrize(("name", "expected"), _vcard_files(), ids=lambda v: v if isinstance(v, str) else "")
def test_client_exports(name: str, expected: dict[str, Any]) -> None:
    result = parse_vcards((corpus_dir("vcards") / name).read_bytes())
    assert len(result.cards) == len(expected["contacts"]), result.errors
    for card, want in zip(result.cards, expected["contacts"], strict=True):
        draft = card.draft
        if want["fn"] is not None:
            assert _nfc(draft.display_name) == _nfc(want["fn"])
        elif want.get("display_fallback"):
            assert draft.name == want["display_fallback"]
        assert {e.lower() for e in want["emails"]} <= {e.address.lower() for e in draft.emails}
        wanted_phones = {d for d in want["phone_digits"] if d}
        got_phones = {phone_digits(p) for p in draft.phones} | {_digits(p.raw) for p in draft.phones}
        assert wanted_phones <= got_phones
        for key, attr in (("n_family", "family_name"), ("n_given", "given_name"), ("org", "organization")):
            if want.get(key):
                assert _nfc(getattr(draft, attr)) == _nfc(want[key])
        for text in (draft.display_name, draft.organization, draft.notes, draft.address, draft.title):
            assert "\r" not in text
            assert "\ufffd" not in text or name.endswith("ANDROID.vcf")
            assert "/9j/" not in text
