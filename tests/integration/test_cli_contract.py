"""The command-line contract of ../shared/CLI.md, driven as scripts drive it: a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from netdesk import __version__
from tests.integration.cli_runner import CONTACT_KEYS, ok_json, run


def test_version(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "netdesk", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"netdesk {__version__}"


def test_add_prints_the_contract_shape_in_utf8(tmp_path: Path) -> None:
    contact = ok_json(
        tmp_path,
        "contacts",
        "add",
        "--name",
        "José Núñez",
        "--org",
        "Harbor Music Studio",
        "--title",
        "Studio Owner",
        "--email",
        "jnunez@harbormusic.net",
        "--phone",
        "+1 508 555 0142",
        "--url",
        "https://www.linkedin.com/in/JNunez/?trk=abc",
        "--note",
        "Looking for a percussion intern",
        "--tag",
        "music",
        "--event",
        "Fall Career Fair",
        "--met-at",
        "2026-11-20T10:15:00-05:00",
        "--json",
    )
    assert list(contact)[: len(CONTACT_KEYS)] == CONTACT_KEYS
    assert contact["fn"] == "José Núñez"
    assert (contact["given"], contact["family"]) == ("José", "Núñez")
    assert contact["org"] == "Harbor Music Studio"
    assert contact["emails"] == ["jnunez@harbormusic.net"]
    assert contact["phones"] == ["+1 508 555 0142"]
    assert contact["urls"] == ["https://www.linkedin.com/in/jnunez"]
    assert contact["tags"] == ["music"]
    assert contact["event"] == "Fall Career Fair"
    assert contact["met_at"] == "2026-11-20T10:15:00-05:00"
    assert contact["introduced_by"] is None
    assert isinstance(contact["id"], int)
    raw = run(tmp_path, "contacts", "list", "--json").stdout
    assert "José Núñez" in raw  # UTF-8, not \u escapes, even under LC_ALL=C


def test_missing_values_are_null_or_empty_lists_never_empty_strings(tmp_path: Path) -> None:
    contact = ok_json(tmp_path, "contacts", "add", "--name", "Ada", "--json")
    for key in ("org", "title", "notes", "event", "met_at", "introduced_by", "family"):
        assert contact[key] is None, key
    for key in ("emails", "phones", "urls", "tags"):
        assert contact[key] == [], key


def test_list_searches_like_the_app_and_filters_by_event(tmp_path: Path) -> None:
    run(tmp_path, "contacts", "add", "--name", "José Núñez", "--event", "Fall Career Fair")
    run(tmp_path, "contacts", "add", "--name", "Joseph Smith", "--org", "Harbor Freight")
    assert [c["fn"] for c in ok_json(tmp_path, "contacts", "list", "--search", "jose nunez", "--json")] == [
        "José Núñez"
    ]
    assert [
        c["fn"] for c in ok_json(tmp_path, "contacts", "list", "--event", "Fall Career Fair", "--json")
    ] == ["José Núñez"]
    assert len(ok_json(tmp_path, "contacts", "list", "--json")) == 2
    missing = run(tmp_path, "contacts", "list", "--event", "No Such Fair")
    assert missing.returncode == 1
    assert "No Such Fair" in missing.stderr


def test_met_at_defaults_to_now_with_an_event(tmp_path: Path) -> None:
    contact = ok_json(tmp_path, "contacts", "add", "--name", "Kwame", "--event", "Cookout", "--json")
    assert contact["met_at"] is not None and contact["met_at"][:4].isdigit()
    assert ok_json(tmp_path, "contacts", "add", "--name", "Lee", "--json")["met_at"] is None


def test_introduced_by_name_or_id(tmp_path: Path) -> None:
    carmen = ok_json(tmp_path, "contacts", "add", "--name", "Carmen Reyes", "--json")
    by_name = ok_json(
        tmp_path, "contacts", "add", "--name", "Isabela", "--introduced-by", "carmen reyes", "--json"
    )
    by_id = ok_json(
        tmp_path, "contacts", "add", "--name", "Elena", "--introduced-by", str(carmen["id"]), "--json"
    )
    assert by_name["introduced_by"] == by_id["introduced_by"] == "Carmen Reyes"
    unknown = run(tmp_path, "contacts", "add", "--name", "X", "--introduced-by", "Nobody Here")
    assert unknown.returncode == 1 and "Nobody Here" in unknown.stderr


def test_bad_input_exits_1_with_a_sentence_and_stores_nothing(tmp_path: Path) -> None:
    result = run(tmp_path, "contacts", "add", "--name", "X", "--email", "not-an-email", "--phone", "12")
    assert result.returncode == 1
    assert "not-an-email" in result.stderr and "12" in result.stderr
    assert ok_json(tmp_path, "contacts", "list", "--json") == []


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run(tmp_path, "contacts", "add").returncode == 2  # --name missing
    assert run(tmp_path, "contacts", "frobnicate").returncode == 2
    bad_date = run(tmp_path, "contacts", "add", "--name", "X", "--met-at", "yesterday")
    assert bad_date.returncode == 2 and "yesterday" in bad_date.stderr
    assert run(tmp_path, "events", "add", "--name", "Y", "--kind", "party").returncode == 2


def test_events_add_and_list(tmp_path: Path) -> None:
    event = ok_json(
        tmp_path,
        "events",
        "add",
        "--name",
        "Fall Career Fair",
        "--kind",
        "career_fair",
        "--date",
        "2026-11-20T10:00:00-05:00",
        "--location",
        "Campus Center",
        "--json",
    )
    assert event["name"] == "Fall Career Fair" and event["kind"] == "career_fair"
    assert event["date"] == "2026-11-20T10:00:00-05:00"
    again = run(tmp_path, "events", "add", "--name", "fall career fair")
    assert again.returncode == 1 and "already exists" in again.stderr
    listed = ok_json(tmp_path, "events", "list", "--json")
    assert [e["name"] for e in listed] == ["Fall Career Fair"]


def test_demo_loads_a_realistic_network_once(tmp_path: Path) -> None:
    summary = ok_json(tmp_path, "demo", "--json")
    assert summary["contacts"] >= 30 and summary["events"] >= 4 and summary["interactions"] > 0
    kinds = {e["kind"] for e in ok_json(tmp_path, "events", "list", "--json")}
    assert {"career_fair", "networking_social", "casual", "informational_interview"} <= kinds
    contacts = ok_json(tmp_path, "contacts", "list", "--json")
    assert len(contacts) == summary["contacts"]
    assert any(c["introduced_by"] for c in contacts)
    again = run(tmp_path, "demo")
    assert again.returncode == 1 and "--force" in again.stderr
    assert len(ok_json(tmp_path, "contacts", "list", "--json")) == summary["contacts"]


def test_environment_variable_picks_the_data_folder(tmp_path: Path) -> None:
    folder = tmp_path / "from-env"
    result = subprocess.run(
        [sys.executable, "-m", "netdesk", "contacts", "add", "--name", "Env", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "NETDESK_DATA_DIR": str(folder)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (folder / "netdesk.sqlite3").exists()


@pytest.mark.parametrize("garbage", [b"", b"this is not sqlite at all" * 100])
def test_unreadable_database_is_a_clear_message(tmp_path: Path, garbage: bytes) -> None:
    tmp_path.joinpath("netdesk.sqlite3").write_bytes(garbage)
    result = run(tmp_path, "contacts", "list")
    if garbage:
        assert result.returncode == 1
        assert "cannot be used: it is not a SQLite database" in result.stderr
        assert "recover" in result.stderr  # the way out is named
        assert "Traceback" not in result.stderr
    else:  # an empty file with no backups beside it is a new database
        assert result.returncode == 0, result.stderr
