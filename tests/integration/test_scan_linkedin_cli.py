"""``netdesk scan`` and ``decode --ocr`` on cards whose QR code holds only a link (issue 13).

Done when: scanning a card whose QR holds only a LinkedIn URL adds the person printed on it,
named. These run the real OCR engine in a real process, on generated cards (exact expectations)
and on the LinkedIn cards of the shared corpus (whose profile slug is the printed person's
initial and family name, so the name read can be checked against it).
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tests.integration.test_scan_cli import CONTACT_KEYS, run, scan
from tests.qr_print_gen import SAMPLES, PrintedCard, write_card

DECODE_KEYS = ["file", "codes", "contacts", "error"]


def ascii_letters(text: str) -> str:
    """What a slug generator keeps of a name: ASCII letters, accented ones dropped ("Núñez" → "nez")."""
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalpha())


def test_linkedin_only_card_adds_the_printed_person_named(tmp_path: Path) -> None:
    card = SAMPLES["linkedin_only"]
    photo = write_card(card, tmp_path / "linkedin.jpg")
    status, out, err = scan(tmp_path / "data", "Fall Career Fair", photo)
    assert status == 0, err
    [added] = out["added"]
    assert set(added) >= CONTACT_KEYS and added["event"] == "Fall Career Fair"
    assert added["fn"] == card.name
    assert (added["given"], added["family"]) == ("María", "García")
    assert added["title"] == card.title and added["org"] == card.organization
    assert added["emails"] == [card.email]
    assert [p.replace(" ", "") for p in added["phones"]] == [card.phone.replace(" ", "")]
    assert added["urls"][0] == card.payload  # the code's profile, exactly
    assert out["failed"] == [] and out["matched"] == []
    # The same card again at this event is recognised by its code.
    status, again, _ = scan(tmp_path / "data", "Fall Career Fair", photo)
    assert status == 0 and again["added"] == []
    assert [s["fn"] for s in again["skipped"]] == [card.name]


def test_a_shared_website_code_does_not_make_colleagues_one_card(tmp_path: Path) -> None:
    site = SAMPLES["website_only"]
    colleague = PrintedCard(
        site.payload, "Amara Mensah", "Data Scientist", site.organization, "amensah@coastalbio.com"
    )
    first = write_card(site, tmp_path / "first.jpg")
    second = write_card(colleague, tmp_path / "second.jpg")
    status, out, err = scan(tmp_path / "data", "Biotech Social", first, second)
    assert status == 0, err
    assert [c["fn"] for c in out["added"]] == [site.name, colleague.name]
    assert all(c["urls"] == [site.payload] for c in out["added"])
    assert [c["emails"] for c in out["added"]] == [[site.email], [colleague.email]]


def test_decode_ocr_shows_the_merged_contact(tmp_path: Path) -> None:
    card = SAMPLES["mailto_only"]
    photo = write_card(card, tmp_path / "mailto.png")
    done = run(tmp_path / "data", "decode", "--ocr", "--json", str(photo))
    assert done.returncode == 0, done.stderr
    line: dict[str, Any] = json.loads(done.stdout)
    assert list(line) == DECODE_KEYS
    assert line["codes"] == [{"text": card.payload, "format": "QR Code"}]
    [contact] = line["contacts"]
    assert contact["id"] is None
    assert contact["fn"] == card.name and contact["org"] == card.organization
    assert contact["emails"] == [card.email]
    text = run(tmp_path / "data", "decode", "--ocr", str(photo)).stdout
    assert "code and printed text" in text and card.name in text


def test_corpus_linkedin_cards_are_added_with_the_printed_name(tmp_path: Path, corpus: Path) -> None:
    expected: dict[str, Any] = json.loads((corpus / "cards" / "expected.json").read_text("utf-8"))
    linkedin = sorted(name for name, entry in expected.items() if entry.get("kind") == "linkedin")
    if not linkedin:
        pytest.skip("no LinkedIn-only cards in the corpus")
    status, out, err = scan(tmp_path / "data", "Fair", *(corpus / "cards" / name for name in linkedin))
    assert status == 0, err
    by_file = {Path(c["file"]).name: c for c in out["added"]}
    assert sorted(by_file) == linkedin
    for name, contact in by_file.items():
        url = expected[name]["fields"]["url"]
        assert contact["urls"][0] == url
        assert contact["fn"], name
        slug = url.rsplit("/", 1)[1].rsplit("-", 1)[0]
        given, family = unicodedata.normalize("NFC", contact["given"]), contact["family"]
        assert slug == ascii_letters(given)[:1] + ascii_letters(family), (name, slug)
