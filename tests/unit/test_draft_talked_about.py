"""Drafts quote what you talked about, addressed to the person, and never your private notes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from netdesk.domain.draft_sentences import topic_phrase
from netdesk.domain.followups import FollowUpKind
from netdesk.domain.models import (
    ContactDraft,
    Email,
    EventDraft,
    EventKind,
    InteractionDraft,
    InteractionKind,
)
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database, open_database
from netdesk.services.drafts import DraftService, Profile
from netdesk.services.events import EventService
from netdesk.services.followups import FollowUpService
from netdesk.services.people import PeopleService

NY = ZoneInfo("America/New_York")
MET = datetime(2026, 11, 20, 10, 15, tzinfo=NY)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "data")
    yield db
    db.close()


def _met(db: Database, talked: str, notes: str = "", name: str = "Dana Reyes") -> tuple[DraftService, int]:
    fair = EventService(db).create(EventDraft(name="Fall Career Fair", kind=EventKind.CAREER_FAIR))
    PeopleService(db).add(
        ContactDraft(
            display_name=name,
            organization="Harbor Labs",
            title="Research Engineer",
            emails=(Email("dana@harborlabs.example"),),
            event_id=fair.id,
            met_at=MET,
            notes=notes,
        ),
        conversation=talked,
    )
    followups = FollowUpService(db, clock=lambda: MET + timedelta(hours=2), zone=NY)
    drafts = DraftService(db, followups)
    drafts.save_profile(
        Profile(my_name="Ana Lee", my_school="State University", my_major="Biology", my_year="junior")
    )
    thank = next(i for i in followups.queue() if i.kind is FollowUpKind.THANK_YOU)
    return drafts, thank.id


@pytest.mark.parametrize(
    ("note", "quoted"),
    [
        ("The summer software internship", "the summer software internship"),
        ("Python and AWS internships", "Python and AWS internships"),
        ("Talked about the NOAA Fisheries postings.", "the NOAA Fisheries postings"),
        ("the summer software internship; offered to refer me", "the summer software internship"),
        ("her lab's summer research\nalumnus, 2019", "your lab's summer research"),
        ("how Dana got into data science", "how you got into data science"),
        ("what she does at NOAA", "what you do at NOAA"),
        ("Office hours: talked about summer research in her lab.", "summer research in your lab"),
        ("Dr. Reyes's move to Boston", "your move to Boston"),
    ],
)
def test_topic_keeps_capitalisation_and_speaks_to_the_reader(note: str, quoted: str) -> None:
    assert topic_phrase(note, ["Dana Reyes", "Dana", "Reyes"]) == quoted


def test_thank_you_quotes_the_talked_about_text_in_a_sentence_to_the_person(database: Database) -> None:
    drafts, thank_id = _met(
        database,
        "The summer software internship; offered to refer me\nalumnus, 2019",
        notes="Offered to refer me. Alumnus, 2019. Python person.",
    )
    body = drafts.draft(thank_id).body
    assert "It was great to hear about the summer software internship. I appreciated your advice." in body
    for private in ("refer", "lumnus", "2019", "Python person"):
        assert private not in body
    assert " she " not in body and " he " not in body
    for template in ("thank_you_event", "handwritten_note", "keep_in_touch", "thank_you_interview"):
        text = drafts.draft(thank_id, template).body
        assert "refer" not in text and "lumnus" not in text and "[" not in text, template


def test_capitalised_topic_is_not_lowered(database: Database) -> None:
    drafts, thank_id = _met(database, "Python tooling at AWS")
    assert "It was great to hear about Python tooling at AWS." in drafts.draft(thank_id).body


def test_missing_topic_reads_well_without_a_placeholder(database: Database) -> None:
    drafts, thank_id = _met(database, "", notes="Offered to refer me")
    for template in ("thank_you_event", "handwritten_note", "keep_in_touch", "thank_you_interview"):
        body = drafts.draft(thank_id, template).body
        assert "[" not in body and "  " not in body and " ." not in body, template
        assert "talked about" not in body and "refer" not in body, template
    body = drafts.draft(thank_id).body
    assert "at Fall Career Fair on November 20. I appreciated your advice." in body


def test_keep_in_touch_quotes_a_conversation_not_a_call_log_line(database: Database) -> None:
    drafts, thank_id = _met(database, "the summer software internship")
    contact_id = drafts.followups.get(thank_id).contact_id
    ContactService(database).log_interaction(
        InteractionDraft(
            contact_id, InteractionKind.CALL, MET + timedelta(days=30), "Catch-up call; she moved teams."
        )
    )
    body = drafts.draft(thank_id, "keep_in_touch").body
    assert "I have kept thinking about what you told me about the summer software internship." in body
    assert "Catch-up" not in body and "moved teams" not in body
