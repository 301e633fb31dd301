"""A code that gives no name is completed by the card's printed text (issue 13).

The merge rules run on plain drafts and readings (no OCR engine); the capture pipeline is
checked with generated card photos and a fake OCR hook, so these tests take milliseconds.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from netdesk.capture import capture_file, capture_image
from netdesk.capture.card_fields import CardReading, TextLine
from netdesk.capture.merge import (
    CODE_CONFIDENCE,
    has_name,
    link_draft,
    merge_code_and_print,
    merge_drafts,
    needs_print,
)
from netdesk.domain.models import ContactDraft, Email, Phone, Url, UrlKind
from tests.qr_print_gen import SAMPLES, PrintedCard, draw_card, write_card

LINKEDIN = Url("https://www.linkedin.com/in/mgarcia-204", UrlKind.LINKEDIN)
WEBSITE = Url("https://www.harbormusic.net", UrlKind.WEBSITE)


def printed() -> ContactDraft:
    return ContactDraft(
        display_name="María García",
        given_name="María",
        family_name="García",
        title="Talent Acquisition Manager",
        organization="Harbor Music Studio",
        emails=(Email("mgarcia@harbormusic.net"),),
        phones=(Phone("+1 508 555 0142", "+15085550142"),),
        urls=(WEBSITE,),
    )


def line(text: str, top: float, score: float) -> TextLine:
    return TextLine(text, ((40.0, top), (400.0, top), (400.0, top + 30), (40.0, top + 30)), score)


def reading(draft: ContactDraft | None = None) -> CardReading:
    """The printed card as OCR reads it, unsure of the title (0.55)."""
    lines = (
        line("María García", 40, 0.99),
        line("Talent Acquisition Manager", 80, 0.55),
        line("Harbor Music Studio", 120, 0.97),
        line("mgarcia@harbormusic.net", 160, 0.98),
        line("+1 508 555 0142", 200, 0.96),
        line("www.harbormusic.net", 240, 0.93),
    )
    names = ("display_name", "title", "organization", "emails", "phones", "urls")
    return CardReading(
        draft or printed(),
        confidence={name: lines[i].score for i, name in enumerate(names)},
        lines=lines,
        sources={name: (i,) for i, name in enumerate(names)},
    )


def test_linkedin_code_gets_the_printed_person_and_keeps_its_link() -> None:
    code = ContactDraft(urls=(LINKEDIN,), raw_source=LINKEDIN.url)
    merged = merge_drafts(code, printed())
    assert merged.name == "María García"
    assert (merged.given_name, merged.family_name) == ("María", "García")
    assert merged.title == "Talent Acquisition Manager"
    assert merged.organization == "Harbor Music Studio"
    assert [e.address for e in merged.emails] == ["mgarcia@harbormusic.net"]
    assert [p.e164 for p in merged.phones] == ["+15085550142"]
    assert merged.urls == (LINKEDIN, WEBSITE)  # the code's profile first, the printed website after
    assert merged.raw_source == LINKEDIN.url  # the exact text the card's code carried


def test_the_codes_values_win_where_both_have_one() -> None:
    code = ContactDraft(
        emails=(Email("pnakamura@nbpd.gov"),),
        phones=(Phone("+15085550917", "+15085550917"),),
        urls=(LINKEDIN,),
    )
    misread = ContactDraft(
        display_name="Priya Nakamura",
        emails=(Email("pnakarnura@nbpd.gov"),),  # OCR's rn for m
        phones=(Phone("+1 508 555 0911", "+15085550911"),),
        urls=(Url("https://www.linkedin.com/in/mgarcia-2O4", UrlKind.LINKEDIN),),
    )
    merged = merge_drafts(code, misread)
    assert merged.name == "Priya Nakamura"
    assert [e.address for e in merged.emails] == ["pnakamura@nbpd.gov"]
    assert [p.e164 for p in merged.phones] == ["+15085550917"]
    assert merged.urls == (LINKEDIN,)  # a printed LinkedIn address never sits beside the code's


def test_a_code_with_a_name_keeps_its_name_and_parts_together() -> None:
    code = ContactDraft(family_name="Okafor", phones=(Phone("+15085550463", "+15085550463"),))
    merged = merge_drafts(code, printed())
    assert (merged.display_name, merged.given_name, merged.family_name) == ("", "", "Okafor")
    assert merged.organization == "Harbor Music Studio"  # still filled: the code had none


def test_confidences_code_fields_exact_printed_fields_as_read() -> None:
    code = ContactDraft(emails=(Email("mgarcia@harbormusic.net"),), urls=(LINKEDIN,))
    result = merge_code_and_print(code, reading())
    assert result.confidence["emails"] == CODE_CONFIDENCE
    assert result.confidence["display_name"] == 0.99
    assert result.confidence["title"] == 0.55
    assert result.confidence["urls"] == 0.93  # a printed website joined the code's profile
    assert result.low_confidence() == ("title",)
    # Outlines only for fields taken from the print; the e-mail line the code overruled is unplaced.
    assert "emails" not in result.sources and result.sources["title"] == (1,)
    assert 3 in result.unplaced
    assert result.draft.urls == (LINKEDIN, WEBSITE)


def test_confidence_of_a_list_field_only_from_the_code_is_exact() -> None:
    without_site = CardReading(
        ContactDraft(display_name="María García"), {"display_name": 0.7}, (line("María García", 0, 0.7),)
    )
    result = merge_code_and_print(ContactDraft(urls=(LINKEDIN,)), without_site)
    assert result.confidence == {"display_name": 0.7, "urls": CODE_CONFIDENCE}
    assert result.low_confidence() == ("display_name",)


def test_when_the_print_is_read() -> None:
    nameless = ContactDraft(urls=(LINKEDIN,))
    named = ContactDraft(display_name="María García")
    assert not has_name(nameless) and has_name(named) and has_name(ContactDraft(given_name="Noah"))
    assert needs_print([nameless])
    assert not needs_print([named])
    assert not needs_print([nameless, ContactDraft(urls=(WEBSITE,))])  # two cards: whose text?
    assert needs_print([], [WEBSITE])  # a website code is not a contact by itself
    assert not needs_print([], [])
    assert link_draft([WEBSITE, WEBSITE]).urls == (WEBSITE,)


class FakeOcr:
    """Stands in for the OCR hook: returns the printed person and counts its calls."""

    def __init__(self, drafts: list[ContactDraft]) -> None:
        self.drafts = drafts
        self.calls = 0

    def __call__(self, _image: object) -> list[ContactDraft]:
        self.calls += 1
        return list(self.drafts)


@pytest.mark.parametrize("sample", ["linkedin_only", "website_only", "mailto_only", "tel_only"])
def test_pipeline_merges_a_nameless_code_with_the_printed_text(sample: str, tmp_path: Path) -> None:
    card = SAMPLES[sample]
    person = ContactDraft(display_name=card.name, title=card.title, organization=card.organization)
    ocr = FakeOcr([person])
    result = capture_file(write_card(card, tmp_path / f"{sample}.png"), ocr=ocr)
    assert ocr.calls == 1
    [contact] = result.contacts
    assert [c.text for c in result.codes] == [card.payload]
    assert contact.name == card.name and contact.organization == card.organization
    assert contact.raw_source == card.payload
    assert result.origins[0].code == 0 and result.origins[0].printed
    if sample in ("linkedin_only", "website_only"):
        assert [u.url for u in contact.urls] == [card.payload]
    if sample == "website_only":
        assert not result.notes  # "links to a web page, not a contact" no longer applies
    if sample == "mailto_only":
        assert [e.address for e in contact.emails] == [card.email]


def test_pipeline_does_not_read_the_print_of_a_named_code(tmp_path: Path) -> None:
    vcard = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Noah Lee\r\nEMAIL:nlee@gscu.org\r\nEND:VCARD"
    ocr = FakeOcr([printed()])
    result = capture_file(write_card(PrintedCard(vcard, "Noah Lee"), tmp_path / "vcard.png"), ocr=ocr)
    assert ocr.calls == 0
    assert [c.name for c in result.contacts] == ["Noah Lee"]
    assert not result.origins[0].printed


def test_pipeline_keeps_the_nameless_code_when_the_print_gives_nothing(tmp_path: Path) -> None:
    path = write_card(PrintedCard(LINKEDIN.url), tmp_path / "bare.png")
    result = capture_file(path, ocr=FakeOcr([]))
    [contact] = result.contacts
    assert contact.urls == (LINKEDIN,) and not has_name(contact)
    assert not result.origins[0].printed
    website = capture_file(write_card(PrintedCard(WEBSITE.url), tmp_path / "site.png"), ocr=FakeOcr([]))
    assert website.contacts == () and website.notes  # still "a web page, not a contact"


def test_two_nameless_codes_in_one_photo_are_not_merged() -> None:
    left = np.asarray(draw_card(PrintedCard(LINKEDIN.url, "María García")).convert("L"))
    right = np.asarray(
        draw_card(PrintedCard("https://www.linkedin.com/in/nokafor-7", "Noah Okafor")).convert("L")
    )
    photo = np.ascontiguousarray(np.hstack([left, right]))
    ocr = FakeOcr([printed()])
    result = capture_image(photo, ocr=ocr)
    assert ocr.calls == 0
    assert sorted(u.url for c in result.contacts for u in c.urls) == [
        "https://www.linkedin.com/in/mgarcia-204",
        "https://www.linkedin.com/in/nokafor-7",
    ]
    assert not any(has_name(c) for c in result.contacts)
