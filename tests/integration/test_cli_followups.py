"""``netdesk followups`` and ``netdesk export --format ics`` as scripts use them: a real process."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import vobject
from icalendar import Calendar

from netdesk.services.contacts import ContactService
from netdesk.services.database import open_database
from tests.integration.cli_runner import ok_json, run

FOLLOWUP_KEYS = ["id", "contact", "kind", "due_at", "status", "reason"]


@pytest.fixture
def met_at() -> datetime:
    return (datetime.now(UTC) - timedelta(hours=2)).replace(microsecond=0).astimezone()


@pytest.fixture
def data(tmp_path: Path, met_at: datetime) -> Path:
    folder = tmp_path / "data"
    for name, note in (
        ("José Núñez", "The percussion internship; ask in March"),
        ("Grace Liu", "Fellowship"),
    ):
        ok_json(
            folder,
            "contacts",
            "add",
            "--name",
            name,
            "--email",
            "x@example.com",
            "--event",
            "Fall Career Fair",
            "--met-at",
            met_at.isoformat(),
            "--note",
            note,
            "--json",
        )
    return folder


def test_followups_json_follows_the_contract(data: Path, met_at: datetime) -> None:
    items = ok_json(data, "followups", "--json")
    thanks = [i for i in items if i["kind"] == "thank_you"]
    assert [t["contact"]["fn"] for t in thanks] == ["José Núñez", "Grace Liu"]
    first = thanks[0]
    assert list(first)[: len(FOLLOWUP_KEYS)] == FOLLOWUP_KEYS
    assert set(first["contact"]) == {"id", "fn"}
    assert datetime.fromisoformat(first["due_at"]) == met_at + timedelta(hours=24)
    assert datetime.fromisoformat(first["due_at"]).utcoffset() is not None
    assert first["status"] == "open"
    assert first["reason"].startswith("Met at Fall Career Fair")
    assert "the percussion internship" in first["reason"]
    dues = [datetime.fromisoformat(i["due_at"]) for i in items]
    assert dues == sorted(dues)  # soonest first
    assert {i["kind"] for i in items} == {"thank_you", "keep_in_touch"}


def test_due_before_filters_and_bad_dates_are_usage_errors(data: Path, met_at: datetime) -> None:
    cut = (met_at + timedelta(days=2)).isoformat()
    items = ok_json(data, "followups", "--json", "--due-before", cut)
    assert [i["kind"] for i in items] == ["thank_you", "thank_you"]
    assert ok_json(data, "followups", "--json", "--due-before", "2000-01-01") == []
    bad = run(data, "followups", "--due-before", "next tuesday")
    assert bad.returncode == 2
    assert "ISO 8601" in bad.stderr


def test_followups_plain_text_lists_who_and_why(data: Path) -> None:
    result = run(data, "followups")
    assert result.returncode == 0, result.stderr
    assert "Thank-you: José Núñez" in result.stdout
    assert "Met at Fall Career Fair" in result.stdout


def test_export_ics_writes_open_followups(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "followups.ics"
    target.parent.mkdir()
    summary = ok_json(data, "export", "--format", "ics", "-o", str(target), "--json")
    assert summary == {
        "file": str(target),
        "format": "ics",
        "count": 4,
        "kind": "follow-ups",
        "calendar_kind": "events",
        "open": 4,
        "closed": 0,
    }
    cal = Calendar.from_ical(target.read_bytes())
    titles = sorted(str(e["summary"]) for e in cal.walk("VEVENT"))
    assert "Thank-you: José Núñez" in titles
    assert [p.name for p in target.parent.iterdir()] == ["followups.ics"]

    only = ok_json(data, "export", "--format", "ics", "-o", str(target), "--search", "Grace", "--json")
    assert only["count"] == 2
    cal = Calendar.from_ical(target.read_bytes())
    assert all("Grace Liu" in str(e["summary"]) for e in cal.walk("VEVENT"))


def test_export_ics_as_tasks_keeps_uids_and_cancels_what_was_removed(data: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    for target in (first, second):
        summary = ok_json(
            data, "export", "--format", "ics", "--calendar-kind", "tasks", "-o", str(target), "--json"
        )
        assert summary["calendar_kind"] == "tasks" and summary["count"] == 4

    def todos(path: Path) -> dict[str, tuple[str, int, str]]:
        text = path.read_bytes().decode("utf-8")
        (vcal,) = vobject.readComponents(text, validate=True)
        assert "vevent" not in vcal.contents
        parsed = Calendar.from_ical(path.read_bytes()).walk("VTODO")
        assert len(parsed) == len(vcal.contents["vtodo"])
        return {str(t["uid"]): (str(t["summary"]), int(t["sequence"]), str(t["status"])) for t in parsed}

    assert todos(first) == todos(second)
    (grace,) = ok_json(data, "contacts", "list", "--search", "Grace", "--json")
    db = open_database(data)  # the window's delete (the command line has none)
    try:
        ContactService(db).delete(grace["id"])
    finally:
        db.close()
    third = tmp_path / "third.ics"
    summary = ok_json(
        data, "export", "--format", "ics", "--calendar-kind", "tasks", "-o", str(third), "--json"
    )
    assert summary["open"] == 2 and summary["closed"] == 2
    after = todos(third)
    assert set(after) == set(todos(first))
    gone = [v for v in after.values() if "Grace Liu" in v[0]]
    assert [(seq, status) for _s, seq, status in gone] == [(1, "CANCELLED"), (1, "CANCELLED")]


def test_export_ics_rejects_an_unknown_calendar_kind(data: Path, tmp_path: Path) -> None:
    result = run(
        data, "export", "--format", "ics", "--calendar-kind", "journal", "-o", str(tmp_path / "x.ics")
    )
    assert result.returncode == 2
    assert not (tmp_path / "x.ics").exists()


def test_export_to_a_missing_folder_fails_with_a_sentence(data: Path, tmp_path: Path) -> None:
    result = run(data, "export", "--format", "ics", "-o", str(tmp_path / "nope" / "x.ics"))
    assert result.returncode == 1
    assert "does not exist" in result.stderr


def test_export_vcf_uses_the_vcard_writer_or_says_it_is_missing(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "contacts.vcf"
    result = run(data, "export", "--format", "vcf", "-o", str(target))
    if importlib.util.find_spec("netdesk.interchange.vcard_export") is None:
        assert result.returncode == 2
        assert "not available" in result.stderr
        assert not target.exists()
    else:
        assert result.returncode == 0, result.stderr
        assert target.read_text(encoding="utf-8").count("BEGIN:VCARD") == 2
