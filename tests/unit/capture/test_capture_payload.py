"""Payload formats with their real-world quirks, non-contacts, and hostile input."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from netdesk.capture import PayloadKind, parse_payload
from netdesk.capture.drafts import phone_digits
from netdesk.domain.models import PhoneKind, UrlKind


def test_mecard_escapes_and_colon_in_unescaped_url() -> None:
    text = r"MECARD:N:O\;Brien,Siobhán;ORG:Smith\, Jones \\ Co;TEL:+1 508 555 0142;URL:https://ex.com/a:b;NOTE:a\:b;;"
    result = parse_payload(text)
    assert result.kind is PayloadKind.MECARD
    draft = result.contact
    assert draft is not None
    assert (draft.family_name, draft.given_name, draft.name) == ("O;Brien", "Siobhán", "Siobhán O;Brien")
    assert draft.organization == "Smith, Jones \\ Co"
    assert [u.url for u in draft.urls] == ["https://ex.com/a:b"]
    assert draft.notes == "a:b"
    assert phone_digits(draft.phones[0]) == "15085550142"
    assert draft.raw_source == text


def test_mecard_name_without_comma_is_display_name() -> None:
    draft = parse_payload("MECARD:N:Sean Owen;TEL:+12125658770;EMAIL:srowen@google.com;;").contact
    assert draft is not None
    assert draft.display_name == "Sean Owen"
    assert draft.emails[0].address == "srowen@google.com"


def test_bizcard_fields() -> None:
    text = "BIZCARD:N:Zoë;X:Mensah;T:Associate Attorney;C:Coastal Biotech Inc.;A:1 Main St;B:+15085557147;M:+15085550000;E:zmensah@coastalbio.com;;"
    draft = parse_payload(text).contact
    assert draft is not None
    assert (draft.name, draft.title, draft.organization, draft.address) == (
        "Zoë Mensah",
        "Associate Attorney",
        "Coastal Biotech Inc.",
        "1 Main St",
    )
    assert [p.kind for p in draft.phones] == [PhoneKind.WORK, PhoneKind.MOBILE]


def test_mebkm_to_linkedin_is_contact_but_plain_page_is_not() -> None:
    linkedin = parse_payload(r"MEBKM:TITLE:Me;URL:https\://LinkedIn.com/in/JDoe/?trk=qr;;")
    assert linkedin.kind is PayloadKind.MEBKM
    assert linkedin.contact is not None
    assert linkedin.contact.urls[0].url == "https://www.linkedin.com/in/jdoe"
    page = parse_payload(r"MEBKM:URL:http\://en.wikipedia.org/wiki/Main_Page;;")
    assert not page.is_contact
    assert page.links[0].url == "http://en.wikipedia.org/wiki/Main_Page"
    assert "web page" in page.reason


def test_linkedin_url_normalised() -> None:
    for text in (
        "https://www.linkedin.com/in/arossi-848",
        "https://WWW.LINKEDIN.COM/in/ARossi-848/",
        "http://uk.linkedin.com/in/arossi-848?utm_source=share&trk=public_profile",
    ):
        result = parse_payload(text)
        assert result.kind is PayloadKind.URL
        assert result.contact is not None
        assert [(u.url, u.kind) for u in result.contact.urls] == [
            ("https://www.linkedin.com/in/arossi-848", UrlKind.LINKEDIN)
        ]


def test_hosted_card_url_kept_as_card_never_fetched() -> None:
    result = parse_payload("https://linktr.ee/jnunez")
    assert result.contact is not None
    assert result.contact.urls[0].kind is UrlKind.CARD


def test_mailto_and_tel_and_sms() -> None:
    mail = parse_payload("mailto:Jorg.Muller@Example.com?subject=Hello")
    assert mail.kind is PayloadKind.MAILTO
    assert mail.contact is not None and mail.contact.emails[0].address == "Jorg.Muller@example.com"
    tel = parse_payload("tel:+1-508-555-0142")
    assert tel.kind is PayloadKind.TEL
    assert tel.contact is not None and tel.contact.phones[0].e164 == "+15085550142"
    sms = parse_payload("SMSTO:+15085550142:see you at the fair")
    assert sms.contact is not None and sms.contact.phones[0].e164 == "+15085550142"
    matmsg = parse_payload("MATMSG:TO:a@example.org;SUB:Hi;BODY:x;;")
    assert matmsg.contact is not None and matmsg.contact.emails[0].address == "a@example.org"


def test_plain_text_fields_picked_out() -> None:
    text = "Sean Owen\nsrowen@google.com\n917-364-2918\nhttp://awesome-thoughts.com\n"
    result = parse_payload(text)
    assert result.kind is PayloadKind.TEXT
    draft = result.contact
    assert draft is not None
    assert draft.name == "Sean Owen"
    assert draft.phones[0].e164 == "+19173642918"
    assert draft.urls[0].url == "http://awesome-thoughts.com"


def test_text_without_contact_fields_is_not_a_contact() -> None:
    result = parse_payload("今度のバージョンでは文章の暗号化ができます。")
    assert not result.is_contact
    assert result.reason


def test_wifi_payment_calendar_are_not_contacts() -> None:
    cases = {
        "WIFI:S:Fair Guest;T:WPA;P:secret;;": PayloadKind.WIFI,
        "bitcoin:1BoatSLRHtKNngkdXEeobR76b53LETtpyT?amount=1": PayloadKind.PAYMENT,
        "BCD\n002\n1\nSCT\n\nRed Cross\nBE72000000001616\nEUR1\n": PayloadKind.PAYMENT,
        "BEGIN:VEVENT\nSUMMARY:Fair\nEND:VEVENT": PayloadKind.CALENDAR,
        "geo:41.63,-70.93": PayloadKind.GEO,
        "": PayloadKind.EMPTY,
    }
    for text, kind in cases.items():
        result = parse_payload(text)
        assert result.kind is kind, text
        assert not result.is_contact
        assert result.reason.endswith(".")


def test_unsafe_schemes_never_become_links() -> None:
    for text in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,<script>x</script>"):
        result = parse_payload(text)
        assert result.kind is PayloadKind.UNSAFE_LINK
        assert not result.is_contact and not result.links
    card = parse_payload("MECARD:N:Evil,Eve;URL:javascript\\:alert(1);EMAIL:eve@example.com;;").contact
    assert card is not None
    assert card.urls == ()
    assert card.emails[0].address == "eve@example.com"


def test_bidi_and_control_characters_neutralised() -> None:
    text = "MECARD:N:\u202eecilA\u202c,Bob\x07\x1b[31m;ORG:Acme\u200f\x00 Inc;EMAIL:bob@example.com;;"
    draft = parse_payload(text).contact
    assert draft is not None
    for value in (draft.family_name, draft.given_name, draft.organization, draft.name):
        assert not any(ord(ch) < 32 or ch in "\u202e\u202c\u200f" for ch in value), repr(value)
    assert draft.organization == "Acme Inc"


def test_huge_fields_capped_and_fast() -> None:
    text = "MECARD:N:" + "A" * 200_000 + ",B;NOTE:" + "x" * 500_000 + ";" + "TEL:1;" * 5_000 + ";"
    start = time.perf_counter()
    result = parse_payload(text)
    assert time.perf_counter() - start < 2
    draft = result.contact
    assert draft is not None
    assert len(draft.family_name) <= 500
    assert len(draft.phones) <= 20


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_parse_payload_never_raises_on_arbitrary_text(text: str) -> None:
    result = parse_payload(text)
    assert result.is_contact or result.reason
    for draft in result.contacts:
        assert all(u.url.startswith(("http://", "https://")) for u in draft.urls)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["MECARD:", "BIZCARD:", "BEGIN:VCARD\n", "MEBKM:", "mailto:", "tel:", "WIFI:"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
)
def test_parse_payload_never_raises_on_prefixed_garbage(prefix: str, body: str) -> None:
    result = parse_payload(prefix + body)
    assert result.is_contact or result.reason
