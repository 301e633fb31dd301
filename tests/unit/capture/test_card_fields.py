"""Field extraction from recognised card text: no OCR engine, just lines and their boxes."""

from __future__ import annotations

import random

import pytest

from netdesk.capture.card_fields import (
    LOW_CONFIDENCE,
    TextLine,
    extract_fields,
    looks_like_person,
    merge_rows,
    prefix_match,
    split_name,
)
from netdesk.capture.drafts import phone_digits
from netdesk.domain.models import PhoneKind, UrlKind


def card(*rows: str | tuple[str, float] | tuple[str, float, float], left: float = 100.0) -> list[TextLine]:
    """Lines stacked top to bottom; a row is text, (text, height) or (text, height, score)."""
    lines, y = [], 50.0
    for row in rows:
        text, height, score = (row, 30.0, 0.99) if isinstance(row, str) else (*row, 0.99)[:3]
        width = 14.0 * len(text) * height / 30
        box = ((left, y), (left + width, y), (left + width, y + height), (left, y + height))
        lines.append(TextLine(text, box, score))
        y += height * 1.5
    return lines


US_CARD = card(
    ("Fatima Lee", 60),
    ("Senior Software Engineer", 36),
    ("Acme Marketing Group", 36),
    "+1 508 555 7748",
    "flee@acmemarketing.com",
    "www.acmemarketing.com",
)


def test_a_typical_card_fills_every_field_with_high_confidence() -> None:
    reading = extract_fields(US_CARD)
    d = reading.draft
    assert (d.display_name, d.given_name, d.family_name) == ("Fatima Lee", "Fatima", "Lee")
    assert d.title == "Senior Software Engineer"
    assert d.organization == "Acme Marketing Group"
    assert [e.address for e in d.emails] == ["flee@acmemarketing.com"]
    assert [(p.e164, p.kind) for p in d.phones] == [("+15085557748", PhoneKind.WORK)]
    assert [(u.url, u.kind) for u in d.urls] == [("https://www.acmemarketing.com", UrlKind.WEBSITE)]
    assert set(reading.confidence) == {"display_name", "title", "organization", "emails", "phones", "urls"}
    assert reading.low_confidence() == ()
    assert reading.sources["display_name"] == (0,) and reading.sources["emails"] == (4,)
    assert reading.unplaced == ()
    assert d.raw_source.splitlines()[0] == "Fatima Lee"


def test_reading_order_comes_from_the_boxes_not_the_input_order() -> None:
    shuffled = list(US_CARD)
    random.Random(4).shuffle(shuffled)
    assert extract_fields(shuffled).draft == extract_fields(US_CARD).draft


@pytest.mark.parametrize(
    ("name", "email", "family"),
    [
        ("Hannah García", "hgarca@bayviewvet.com", "García"),
        ("Zoë Rossi", "zrossi@nehp.org", "Rossi"),
        ("Björn Haddad", "bhaddad@bayviewvet.com", "Haddad"),
        ("Hannah Müller", "hmller@blueheron.io", "Müller"),
        ("Fatima O'Brien", "fobrien@acmemarketing.com", "O'Brien"),
        ("Olusegun Fernández", "ofernndez@lumen-analytics.co", "Fernández"),
        ("José Núñez", "jose.nunez@harbormusic.net", "Núñez"),
        ("Ludwig van Beethoven", "lvb@example.de", "van Beethoven"),
        ("Anne-Sophie Lefèvre", "aslefevre@example.fr", "Lefèvre"),
    ],
)
def test_international_names_are_kept_exactly(name: str, email: str, family: str) -> None:
    reading = extract_fields(card((name, 50), ("Marketing Director", 30), email))
    assert reading.draft.display_name == name
    assert reading.draft.family_name == family
    assert reading.confidence["display_name"] >= LOW_CONFIDENCE


def test_the_email_picks_the_name_when_the_logo_line_is_larger() -> None:
    reading = extract_fields(
        card(
            ("NORTHEAST HEALTH PARTNERS", 70),
            ("Priya Okafor", 40),
            "Veterinary Technician",
            "pokafor@nehp.org",
        )
    )
    d = reading.draft
    assert d.display_name == "Priya Okafor"
    assert d.organization == "NORTHEAST HEALTH PARTNERS"  # "nehp" spells its initials
    assert d.title == "Veterinary Technician"


def test_the_domain_points_at_an_organisation_without_a_legal_suffix() -> None:
    d = extract_fields(
        card(("Hannah Müller", 50), "University Recruiter", "Blue Heron", "hmuller@blueheron.io")
    ).draft
    assert (d.display_name, d.title, d.organization) == (
        "Hannah Müller",
        "University Recruiter",
        "Blue Heron",
    )


def test_a_surname_that_is_also_a_job_word_is_still_a_name() -> None:
    d = extract_fields(card(("James Dean", 50), "Dean of Admissions", "Bristol Community College")).draft
    assert (d.display_name, d.title, d.organization) == (
        "James Dean",
        "Dean of Admissions",
        "Bristol Community College",
    )


def test_a_webmail_domain_is_no_hint_and_a_title_is_not_taken_for_an_organisation() -> None:
    d = extract_fields(card(("Kwame Okafor", 50), "Senior Software Engineer", "kokafor@gmail.com")).draft
    assert d.title == "Senior Software Engineer"
    assert d.organization == ""


@pytest.mark.parametrize(
    ("line", "region", "e164", "kind", "raw_contains"),
    [
        ("+1 508 555 7748", "US", "+15085557748", PhoneKind.WORK, ""),
        ("(508) 555-0142 ext. 204", "US", "+15085550142", PhoneKind.WORK, "ext. 204"),
        ("T: 508.555.0199 x12", "US", "+15085550199", PhoneKind.WORK, "x12"),
        ("Mobile +1-508-555-0123", "US", "+15085550123", PhoneKind.MOBILE, ""),
        ("Tel: 020 7946 0958", "GB", "+442079460958", PhoneKind.WORK, ""),
        ("+44 20 7946 0958", "US", "+442079460958", PhoneKind.WORK, ""),
        ("M 07700 900123", "GB", "+447700900123", PhoneKind.MOBILE, ""),
        ("Telefon: 030 901820-15", "DE", "+493090182015", PhoneKind.WORK, ""),
        ("Fax +49 30 901820", "US", "+4930901820", PhoneKind.FAX, ""),
        ("Tél. 01 42 68 53 00", "FR", "+33142685300", PhoneKind.WORK, ""),
        ("Portable : +33 6 12 34 56 78", "US", "+33612345678", PhoneKind.MOBILE, ""),
        ("+1 5O8 555 O142", "US", "+15085550142", PhoneKind.WORK, ""),  # OCR read zeros as O
    ],
)
def test_phone_formats(line: str, region: str, e164: str, kind: PhoneKind, raw_contains: str) -> None:
    reading = extract_fields(card(("Noah Lee", 50), line), region=region)
    phones = reading.draft.phones
    assert [(p.e164, p.kind) for p in phones] == [(e164, kind)]
    assert raw_contains in phones[0].raw
    assert reading.unplaced == ()  # the label did not become a stray text line


def test_two_numbers_on_one_line_keep_their_labels() -> None:
    phones = extract_fields(card(("Noah Lee", 50), "T +1 508 555 0142 | M +1 508 555 0199")).draft.phones
    assert [(phone_digits(p), p.kind) for p in phones] == [
        ("15085550142", PhoneKind.WORK),
        ("15085550199", PhoneKind.MOBILE),
    ]


@pytest.mark.parametrize(
    ("rows", "region", "address"),
    [
        (
            ["123 Main Street, Suite 400", "Boston, MA 02110"],
            "US",
            "123 Main Street, Suite 400, Boston, MA 02110",
        ),
        (["Friedrichstraße 123", "10117 Berlin"], "DE", "Friedrichstraße 123, 10117 Berlin"),
        (["12 rue de la Paix", "75002 Paris"], "FR", "12 rue de la Paix, 75002 Paris"),
        (["221B Baker Street", "London NW1 6XE"], "GB", "221B Baker Street, London NW1 6XE"),
    ],
)
def test_address_lines_are_joined_and_not_read_as_phones(rows: list[str], region: str, address: str) -> None:
    reading = extract_fields(
        card(("Mateo Dubois", 50), "Community Outreach Officer", *rows, "+1 508 555 8858"), region=region
    )
    d = reading.draft
    assert d.address == address
    assert [phone_digits(p) for p in d.phones] == ["15085558858"]
    assert d.organization == "" and d.title == "Community Outreach Officer"


def test_linkedin_and_website_links_are_normalised() -> None:
    d = extract_fields(
        card(
            ("Ana Rossi", 50),
            "linkedin.com/in/ARossi-848",
            "https://lumen-analytics.co/team",
            "E: arossi@lumen-analytics.co",
        )
    ).draft
    assert [(u.url, u.kind) for u in d.urls] == [
        ("https://www.linkedin.com/in/arossi-848", UrlKind.LINKEDIN),
        ("https://lumen-analytics.co/team", UrlKind.WEBSITE),
    ]
    assert [e.address for e in d.emails] == ["arossi@lumen-analytics.co"]


def test_ocr_spacing_in_an_email_is_repaired() -> None:
    d = extract_fields(card(("Yuki Okafor", 50), "Email: yokafor @ bayviewvet . com")).draft
    assert [e.address for e in d.emails] == ["yokafor@bayviewvet.com"]


def test_weak_ocr_scores_and_guessed_fields_are_flagged_for_review() -> None:
    reading = extract_fields(card(("Noah Lee", 50, 0.62), "Barista", "+1 508 555 7768"))
    assert reading.draft.display_name == "Noah Lee"
    assert reading.draft.title == "Barista"  # no job word: taken from its place under the name
    flagged = reading.low_confidence()
    assert "display_name" in flagged and "title" in flagged
    assert "phones" not in flagged


@pytest.mark.parametrize("clockwise", [True, False])
def test_a_sideways_card_is_read_in_rows_and_boxes_stay_in_image_pixels(clockwise: bool) -> None:
    """Turn the fixture a quarter: (x, y) -> (H - y, x) clockwise, (y, W - x) counter-clockwise."""
    height, width = 600.0, 900.0

    def turn(box: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
        return tuple((height - y, x) if clockwise else (y, width - x) for x, y in box)

    lines = [TextLine(ln.text, turn(ln.box), ln.score) for ln in US_CARD]  # type: ignore[arg-type]
    reading = extract_fields(lines)
    assert reading.draft == extract_fields(US_CARD).draft
    x0, y0, x1, y1 = (
        f(p[i] for p in reading.lines[0].box) for f, i in ((min, 0), (min, 1), (max, 0), (max, 1))
    )
    expected = lines[0].box
    assert (x0, y0, x1, y1) == pytest.approx(
        (
            min(p[0] for p in expected),
            min(p[1] for p in expected),
            max(p[0] for p in expected),
            max(p[1] for p in expected),
        )
    )


def test_boxes_split_by_the_detector_are_merged_back_into_one_line() -> None:
    first = TextLine("Fatima", ((100, 50), (260, 50), (260, 110), (100, 110)), 0.99)
    second = TextLine("Lee", ((290, 52), (370, 52), (370, 112), (290, 112)), 0.97)
    far = TextLine("+1 508 555 7748", ((900, 55), (1200, 55), (1200, 105), (900, 105)), 0.99)
    merged = merge_rows([second, far, first])
    assert [ln.text for ln in merged] == ["Fatima Lee", "+1 508 555 7748"]
    assert merged[0].score == pytest.approx(0.97)


def test_without_a_name_no_line_is_guessed_into_title_or_organisation() -> None:
    reading = extract_fields(
        card(("Open Monday to Friday", 30), "Ask about our internships", "+1 508 555 0142")
    )
    d = reading.draft
    assert (d.display_name, d.title, d.organization) == ("", "", "")
    assert reading.has_contact and [phone_digits(p) for p in d.phones] == ["15085550142"]
    assert reading.unplaced == (0, 1)


def test_nothing_contact_like_gives_an_empty_reading() -> None:
    reading = extract_fields(card("Thank you for visiting", "2026"))
    assert not reading.has_contact
    assert reading.draft.display_name == "" and reading.draft.phones == ()
    assert extract_fields([]).draft.raw_source == ""


def test_hostile_control_and_bidi_characters_are_removed() -> None:
    d = extract_fields(card(("Zoë\u202e Rossi\x07", 50), "zrossi@nehp.org")).draft
    assert d.display_name == "Zoë Rossi"


@pytest.mark.parametrize(
    ("label", "text", "expected"),
    [
        ("flee", "Fatima Lee", True),
        ("fatima.lee", "Fatima Lee", True),
        ("nehp", "Northeast Health Partners", True),
        ("nbpd", "New Bedford Police Department", True),
        ("bayviewvet", "Bayview Veterinary Hospital", True),
        ("hgarca", "Hannah García", True),
        ("ofernandez", "Olusegun Fernández", True),
        ("jdoe", "John A. Doe", True),
        ("acmemarketing", "Northeast Health Partners", False),
        ("lee", "Senior Software Engineer", False),
        ("fl", "Fatima Lee", False),  # too short to mean anything
    ],
)
def test_prefix_match(label: str, text: str, expected: bool) -> None:
    assert prefix_match(label, text) is expected


def test_person_and_name_rules() -> None:
    assert looks_like_person("Dr. Priya Okafor")
    assert looks_like_person("FATIMA O'BRIEN")
    assert not looks_like_person("Marketing Director")
    assert not looks_like_person("Acme Marketing Group")
    assert not looks_like_person("Madonna")
    assert split_name("Dr. Priya Okafor, PhD") == ("Priya", "Okafor")
    assert split_name("Maria de la Cruz") == ("Maria", "de la Cruz")
