"""One About me profile: My card and the e-mail drafts read and write the same record."""

from __future__ import annotations

from typing import Any

import pytest

from netdesk.services.drafts import DraftError, DraftService, Profile
from netdesk.services.profile import MyCard, ProfileService


def test_card_and_drafts_read_one_record(db: Any) -> None:
    profiles = ProfileService(db)
    assert profiles.get() == MyCard() and not profiles.exists()
    profiles.save(
        MyCard(
            display_name="Ana Souza",
            title="Biology student",
            organization="UMass Dartmouth",
            email="asouza@umassd.edu",
            major="Biology",
            year="junior",
            notes="Prefers mornings\nAsk Prof. Lee for a reference",
        )
    )
    assert profiles.exists()
    assert DraftService(db).profile() == Profile(
        my_name="Ana Souza",
        my_school="UMass Dartmouth",
        my_major="Biology",
        my_year="junior",
        my_email="asouza@umassd.edu",
    )
    assert profiles.get().notes == "Prefers mornings\nAsk Prof. Lee for a reference"


def test_private_fields_never_reach_the_qr_code(db: Any) -> None:
    profiles = ProfileService(db)
    card = profiles.save(
        MyCard(display_name="Ana Souza", email="a@umassd.edu", major="Biology", year="junior", notes="secret")
    )
    text = profiles.vcard(card)
    assert "Biology" not in text and "junior" not in text and "secret" not in text
    assert "FN:Ana Souza" in text


def test_saving_drafts_details_keeps_the_card_only_fields(db: Any) -> None:
    profiles = ProfileService(db)
    profiles.save(MyCard(display_name="Ana", linkedin="linkedin.com/in/ana", headline="Seeking labs"))
    drafts = DraftService(db)
    drafts.save_profile(Profile(my_name="Ana Souza", my_school="UMass", my_major="Biology", my_year="junior"))
    card = profiles.get()
    assert (card.display_name, card.organization, card.major, card.year) == (
        "Ana Souza",
        "UMass",
        "Biology",
        "junior",
    )
    assert card.linkedin == "https://www.linkedin.com/in/ana" and card.headline == "Seeking labs"


def test_drafts_details_errors_are_draft_errors(db: Any) -> None:
    drafts = DraftService(db)
    with pytest.raises(DraftError, match="Enter your name"):
        drafts.save_profile(Profile(my_school="UMass"))
    with pytest.raises(DraftError):
        drafts.save_profile(Profile(my_name="Ana", my_email="a@b.c?bcc=x@y"))
    assert not ProfileService(db).exists()
