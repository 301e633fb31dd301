"""The one-line forms and OCR slips of issue 13, on plain text fixtures (no OCR engine).

Each case is written as the recogniser returns it, including its usual slips: a pipe read as "l"
or "I" or glued to the next word, an l read as a capital I, spaces lost before a legal noun.
"""

from __future__ import annotations

import pytest

from netdesk.capture.card_fields import TextLine, extract_fields, fold, prefix_match
from netdesk.capture.card_forms import (
    cut_glued_website,
    fix_capital_i,
    fix_domain_slip,
    split_glued_name,
    split_job_line,
    tidy_text,
)
from netdesk.capture.drafts import phone_digits
from netdesk.domain.models import PhoneKind


def card(*rows: str | tuple[str, float]) -> list[TextLine]:
    """Lines stacked top to bottom; a row is text or (text, height)."""
    lines, y = [], 40.0
    for row in rows:
        text, height = (row, 28.0) if isinstance(row, str) else row
        width = 13.0 * len(text) * height / 28
        lines.append(
            TextLine(text, ((80, y), (80 + width, y), (80 + width, y + height), (80, y + height)), 0.98)
        )
        y += height * 1.5
    return lines


@pytest.mark.parametrize(
    ("line", "email", "title", "org"),
    [
        (
            "Product Manager, Saltmarsh Analytics",
            "ana@saltmarsh.io",
            "Product Manager",
            "Saltmarsh Analytics",
        ),
        ("Product Manager | Bright Orchard", "ana@brightorchard.com", "Product Manager", "Bright Orchard"),
        (
            "Head of Partnerships |Tidewater Museum of Art",
            "ana@tidewater.org",
            "Head of Partnerships",
            "Tidewater Museum of Art",
        ),
        ("Data Scientist l Alder & Finch", "ana@gmail.com", "Data Scientist", "Alder & Finch"),
        (
            "Sales Director · Northwind Robotics GmbH",
            "ana@gmail.com",
            "Sales Director",
            "Northwind Robotics GmbH",
        ),
        ("Lead Architect – Harrow & Vale", "ana@harrowvale.com", "Lead Architect", "Harrow & Vale"),
        ("Software Developer Kestrel Ventures", "ana@kestrel.vc", "Software Developer", "Kestrel Ventures"),
        (
            "Stonebridge Legal LLP | Associate Attorney",
            "ana@stonebridge.com",
            "Associate Attorney",
            "Stonebridge Legal LLP",
        ),
    ],
)
def test_title_and_organisation_on_one_line_are_split(line: str, email: str, title: str, org: str) -> None:
    d = extract_fields(card(("Ana Lindqvist", 52), line, email, "+44 20 7946 0321")).draft
    assert (d.display_name, d.title, d.organization) == ("Ana Lindqvist", title, org)


@pytest.mark.parametrize(
    "line",
    [
        "Director, Sales and Marketing",  # a comma inside a title: no organisation on the right
        "Vice President, Engineering",
        "Research & Development",  # no job word
    ],
)
def test_lines_without_both_fields_are_not_split(line: str) -> None:
    assert split_job_line(line, ["acme"]) is None


def test_a_title_after_a_name_with_a_pipe_is_not_taken_for_an_organisation() -> None:
    assert split_job_line("Designer | Ana Rossi", ["gmail"]) is None


@pytest.mark.parametrize(
    ("row", "email", "url"),
    [
        ("ana@saltmarsh.io  |  www.saltmarsh.io", "ana@saltmarsh.io", "https://www.saltmarsh.io"),
        ("E: ana@saltmarsh.io|www.saltmarsh.io", "ana@saltmarsh.io", "https://www.saltmarsh.io"),
        ("ana@saltmarsh.io · www.saltmarsh.io", "ana@saltmarsh.io", "https://www.saltmarsh.io"),
        (
            "ana@saltmarsh.iolwww.saltmarsh.io",
            "ana@saltmarsh.io",
            "https://www.saltmarsh.io",
        ),  # pipe read as l
        (
            "Email: ana@quillink.co.uk   www.quillink.co.uk",
            "ana@quillink.co.uk",
            "https://www.quillink.co.uk",
        ),
    ],
)
def test_email_and_website_on_one_line_are_split(row: str, email: str, url: str) -> None:
    reading = extract_fields(card(("Ana Rossi", 52), "Data Scientist", row))
    assert [e.address for e in reading.draft.emails] == [email]
    assert [u.url for u in reading.draft.urls] == [url]
    assert reading.draft.title == "Data Scientist" and reading.draft.organization == ""


def test_cut_glued_website_leaves_ordinary_addresses_alone() -> None:
    assert cut_glued_website("ana@www-tools.com") == ("ana@www-tools.com", "")
    assert cut_glued_website("ana@x.com") == ("ana@x.com", "")
    assert cut_glued_website("ana@x.comIwww.x.com") == ("ana@x.com", "www.x.com")


@pytest.mark.parametrize(
    ("name", "read", "expected"),
    [
        ("Lucía Whitlock", "Iwhitlock@harrowvale.com", "lwhitlock@harrowvale.com"),
        ("Lucas McAllister", "I.mcallister@bluelantern.games", "l.mcallister@bluelantern.games"),
        ("Lena Lund", "Iena.Iund@x.com", "lena.lund@x.com"),
        ("Ian Moss", "Imoss@x.com", "Imoss@x.com"),  # the name spells it with i: not changed
        ("Ana Rossi", "Iwhitlock@x.com", "Iwhitlock@x.com"),  # no printed name supports it
        ("Lucía Whitlock", "IWhitlock@x.com", "IWhitlock@x.com"),  # mixed case: not our slip
    ],
)
def test_capital_i_is_read_as_l_only_when_the_printed_name_supports_it(
    name: str, read: str, expected: str
) -> None:
    assert fix_capital_i(read, [name]) == expected
    reading = extract_fields(card((name, 52), "Account Executive", read))
    assert [e.address for e in reading.draft.emails] == [expected]
    assert reading.draft.display_name == name


@pytest.mark.parametrize(
    ("row", "digits", "kind"),
    [
        ("Tel: +44 20 7946 0321", "442079460321", PhoneKind.WORK),
        ("T: (617) 555-0134", "16175550134", PhoneKind.WORK),
        ("Tel. +33 1 42 68 53 00", "33142685300", PhoneKind.WORK),
        ("M: +49 30 1234 5678", "493012345678", PhoneKind.MOBILE),
        ("Mobile +61 2 9876 5432", "61298765432", PhoneKind.MOBILE),
        ("Mobile: 312.555.0188", "13125550188", PhoneKind.MOBILE),
        ("Cell (415) 555-0101", "14155550101", PhoneKind.MOBILE),
        ("Phone +31 20 123 4567", "31201234567", PhoneKind.WORK),
        ("Phone: +44 (0)20 7946 0999", "442079460999", PhoneKind.WORK),
    ],
)
def test_phone_labels_are_stripped_and_give_the_kind(row: str, digits: str, kind: PhoneKind) -> None:
    reading = extract_fields(card(("Ana Rossi", 52), "Data Scientist", row))
    assert [(phone_digits(p), p.kind) for p in reading.draft.phones] == [(digits, kind)]
    assert reading.unplaced == ()  # the label did not become a stray text line


@pytest.mark.parametrize(
    "row", ["E: ana@saltmarsh.io", "Email: ana@saltmarsh.io", "E-mail: ana@saltmarsh.io"]
)
def test_email_labels_are_stripped(row: str) -> None:
    reading = extract_fields(card(("Ana Rossi", 52), "Data Scientist", row))
    assert [e.address for e in reading.draft.emails] == ["ana@saltmarsh.io"]
    assert reading.unplaced == ()


def test_labels_in_a_column_of_their_own_are_not_text() -> None:
    lines = card(("Ana Rossi", 52), "Data Scientist")
    for y, label, value in ((200, "Mobile", "+1 617-555-0134"), (250, "Email", "ana@saltmarsh.io")):
        lines.append(TextLine(label, ((80, y), (160, y), (160, y + 28), (80, y + 28)), 0.97))
        lines.append(TextLine(value, ((600, y), (900, y), (900, y + 28), (600, y + 28)), 0.97))
    reading = extract_fields(lines)
    assert [p.kind for p in reading.draft.phones] == [PhoneKind.MOBILE]
    assert reading.draft.organization == "" and reading.draft.title == "Data Scientist"


def test_a_logo_monogram_beside_the_organisation_is_dropped() -> None:
    assert tidy_text("MC Meridian Credit Union") == "Meridian Credit Union"
    assert tidy_text("QI Quill & Ink Publishing") == "Quill & Ink Publishing"
    assert tidy_text("IBM Research Zurich") == "IBM Research Zurich"  # not its initials
    d = extract_fields(
        card(
            ("HB Halcyon Biotech Inc.", 40),
            ("Tamsin Fairweather", 52),
            "Associate Professor",
            "t@halcyonbio.com",
        )
    ).draft
    assert (d.organization, d.title) == ("Halcyon Biotech Inc.", "Associate Professor")


def test_a_legal_noun_glued_to_the_word_before_is_spaced_again_but_brands_are_left() -> None:
    assert tidy_text("Polaris EnergySystems") == "Polaris Energy Systems"
    assert tidy_text("Acme ConsultingGroup") == "Acme Consulting Group"
    assert tidy_text("HubSpot") == "HubSpot"
    assert tidy_text("McAllister") == "McAllister"


@pytest.mark.parametrize(
    ("local", "name"),
    [("soren.sorensen", "Søren Sørensen"), ("lwalesa", "Lech Wałęsa"), ("jstrauss", "Jana Strauß")],
)
def test_letters_without_an_accent_decomposition_are_transliterated(local: str, name: str) -> None:
    assert prefix_match(local, name)
    assert fold("Æsa Dvořák") == "aesadvorak"


@pytest.mark.parametrize(
    ("read", "addresses", "expected"),
    [
        ("NoémieTakahashi", ["n.takahashi"], "Noémie Takahashi"),
        ("AmaraSandoval", ["amara.sandoval"], "Amara Sandoval"),
        ("DagnyNakagawa", ["dnakagawa"], "Dagny Nakagawa"),
        ("ZoëÅkesson", ["akesson.z"], "Zoë Åkesson"),
        ("SeanMcDonald", ["smcdonald"], "Sean McDonald"),  # only the split before Mc is spelled
        ("LaToyaJackson", ["latoyajackson"], "LaToyaJackson"),  # two splits spelled: left alone
        ("SeanMcDonald", [], "SeanMcDonald"),  # no address, no evidence
        ("DagnyNakagawa", ["info"], "DagnyNakagawa"),
        ("Dagny Nakagawa", ["dnakagawa"], "Dagny Nakagawa"),
        ("McKenzie", ["mckenzie"], "McKenzie"),  # the whole word spelled: no evidence of a space
        ("LiWang", ["li.wang"], "Li Wang"),
        ("PalomaLombardi", ["paloma"], "Paloma Lombardi"),
        ("LaToyaJackson", ["latoya"], "LaToya Jackson"),  # only one split leaves "latoya" whole
        ("SeanMcDonald", ["mcdonald"], "Sean McDonald"),
        ("LiWang", ["liwang"], "LiWang"),
    ],
)
def test_a_glued_name_is_split_only_where_the_address_spells_it(
    read: str, addresses: list[str], expected: str
) -> None:
    assert split_glued_name(read, addresses) == expected


@pytest.mark.parametrize(
    ("read", "org", "hosts", "expected"),
    [
        ("oskar@bluelantem.games", "", ["www.bluelantern.games"], "oskar@bluelantern.games"),
        ("oskar@bluelantem.games", "Blue Lantern Games", [], "oskar@bluelantern.games"),
        ("ana@hamsworth.co.uk", "Harnsworth Legal", [], "ana@harnsworth.co.uk"),
        ("jo@acrneglobal.com", "", ["acmeglobal.com"], "jo@acmeglobal.com"),
        ("li@harborlabs.com", "Harbor Labs", ["www.harborlabs.com"], "li@harborlabs.com"),
        ("sam@gmail.com", "Emerald Mining", ["emerald.com"], "sam@gmail.com"),  # no slip spells it
        ("kim@moderna.com", "Moderna", [], "kim@moderna.com"),  # already spelled: unchanged
        ("kim@steam.com", "Unrelated Co", [], "kim@steam.com"),
    ],
)
def test_an_ocr_slip_in_the_domain_is_undone_only_when_the_card_spells_it(
    read: str, org: str, hosts: list[str], expected: str
) -> None:
    assert fix_domain_slip(read, org, hosts) == expected


def test_a_title_that_reads_like_a_name_splits_only_when_the_name_is_elsewhere() -> None:
    line = "Talent Partner, Greenfield Community College"
    assert split_job_line(line, ["greenfieldcc"], name_elsewhere=True) == (
        "Talent Partner",
        "Greenfield Community College",
    )
    assert split_job_line(line, ["greenfieldcc"]) is None  # it may be the card's only name line
    assert split_job_line("Grace Partner, Acme Inc.", ["acme"]) is None
    assert split_job_line("Ana Rossi, PhD", ["acme"], name_elsewhere=True) is None
