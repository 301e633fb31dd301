"""The generator of unseen business cards (tests/card_gen): deterministic, honest ground truth,
held-out layout and font kept out of the dev set, and its cards readable by the real OCR."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import phonenumbers
import pytest

from tests import card_gen
from tests.card_gen.layouts import LAYOUTS, installed_fonts
from tests.card_gen.people import ascii_name

pytestmark = pytest.mark.skipif(not installed_fonts(), reason="no TrueType font for the card generator")


def test_the_same_seed_gives_the_same_card_and_other_seeds_differ() -> None:
    first, again = card_gen.card(7, "dev"), card_gen.card(7, "dev")
    assert (first.layout, first.font, first.truth) == (again.layout, again.font, again.truth)
    assert np.array_equal(np.asarray(first.image), np.asarray(again.image))
    other = card_gen.card(8, "dev")
    assert other.truth != first.truth or not np.array_equal(np.asarray(other.image), np.asarray(first.image))
    # the same number in the other split is another card
    assert card_gen.card(7, "unseen").truth != first.truth


def test_ground_truth_is_complete_and_valid() -> None:
    for generated in card_gen.cards("dev", 12) + card_gen.cards("unseen", 12):
        truth = generated.truth
        assert set(truth) == {"fn", "title", "org", "email", "phone_digits"}
        assert all(truth.values())
        local, domain = truth["email"].split("@")
        assert local == local.lower() and local.isascii() and "." in domain
        # the address is built from the printed name, as people's addresses are
        spelled = ascii_name(truth["fn"]).replace(" ", "").replace("-", "").replace("'", "")
        assert local.replace(".", "")[0] == spelled[0]
        number = phonenumbers.parse("+" + truth["phone_digits"])
        assert phonenumbers.is_valid_number(number)
        assert generated.image.mode == "RGB" and min(generated.image.size) > 400


def test_the_held_out_layout_and_font_never_appear_in_the_dev_set() -> None:
    held_font = card_gen.held_out_font()
    dev = card_gen.cards("dev", 40)
    unseen = card_gen.cards("unseen", 40)
    assert card_gen.HELD_OUT_LAYOUT in LAYOUTS
    assert all(c.layout != card_gen.HELD_OUT_LAYOUT for c in dev)
    assert any(c.layout == card_gen.HELD_OUT_LAYOUT for c in unseen)
    if held_font is not None and len(installed_fonts()) > 1:
        assert all(c.font != held_font for c in dev)
        assert any(c.font == held_font for c in unseen)
    assert {c.layout for c in dev} == set(LAYOUTS) - {card_gen.HELD_OUT_LAYOUT}


def test_the_issue_forms_are_generated() -> None:
    """Cards carry the one-line forms the OCR rules must split (checked on the painted text)."""
    import random

    from tests.card_gen.layouts import lines_of
    from tests.card_gen.people import person

    seen: set[str] = set()
    for seed in range(200):
        rng = random.Random(seed)
        who = person(rng)
        blocks = lines_of(who, rng)
        texts = [line.text for line in (*blocks.job, *blocks.contact)]
        if f"{who.title}, {who.org}" in texts:
            seen.add("title, org")
        if f"{who.title} | {who.org}" in texts:
            seen.add("title | org")
        if any(who.email in t and who.website in t for t in texts):
            seen.add("email and web")
        if any(t.startswith(("Tel:", "T:", "M:", "Mobile", "Phone", "Cell")) for t in texts):
            seen.add("phone label")
        if any(t.startswith(("E:", "Email:")) for t in texts):
            seen.add("email label")
    assert seen == {"title, org", "title | org", "email and web", "phone label", "email label"}


def test_write_set_saves_pngs_with_an_expected_json(tmp_path: Path) -> None:
    path = card_gen.write_set(tmp_path, "dev", 3)
    expected = json.loads(path.read_text("utf-8"))
    assert len(expected) == 3
    for name, entry in expected.items():
        assert (tmp_path / name).is_file() and name.endswith(".png")
        assert set(entry["fields"]) == {"fn", "title", "org", "email", "phone_digits"}


@pytest.mark.slow
def test_ocr_reads_the_email_and_phone_of_unseen_cards() -> None:
    from netdesk.capture.drafts import phone_digits
    from netdesk.capture.ocr import recognize_card

    for generated in card_gen.cards("unseen", 6, start=500):
        draft = recognize_card(generated.bgr()).draft
        assert generated.truth["email"] in [e.address for e in draft.emails], generated.name
        assert generated.truth["phone_digits"] in [phone_digits(p) for p in draft.phones], generated.name
