"""`netdesk contacts list --search` finds people by the event where they were met and by what was
talked about, in a real process, exactly as the Contacts page does (issue 14)."""

from __future__ import annotations

from pathlib import Path

from tests.integration.cli_runner import ok_json


def _names(data_dir: Path, search: str) -> list[str]:
    return sorted(c["fn"] for c in ok_json(data_dir, "contacts", "list", "--search", search, "--json"))


def test_contacts_list_search_covers_events_and_talk(tmp_path: Path) -> None:
    ok_json(tmp_path, "demo", "--json")
    everyone = ok_json(tmp_path, "contacts", "list", "--json")
    at_fair = sorted(c["fn"] for c in everyone if c["event"] == "Fall Career Fair")
    assert len(at_fair) == 8
    assert _names(tmp_path, "fall career") == at_fair
    assert _names(tmp_path, "CAREER fai") == at_fair
    # what was talked about when the fair's people were captured, accents ignored
    assert _names(tmp_path, "cell culture") == ["Zoë Kowalski"]
    assert _names(tmp_path, "zoe career") == ["Zoë Kowalski"]
    # the interaction log: a coffee with Carmen Reyes
    assert "Carmen Reyes" in _names(tmp_path, "coffee hires")

    added = ok_json(
        tmp_path,
        "contacts",
        "add",
        "--name",
        "Priya Raman",
        "--event",
        "Spring Biotech Expo",
        "--note",
        "Kelp aquaculture permits in Buzzards Bay",
        "--json",
    )
    assert added["event"] == "Spring Biotech Expo"
    assert _names(tmp_path, "spring expo") == ["Priya Raman"]
    assert _names(tmp_path, "kelp permit") == ["Priya Raman"]
    assert _names(tmp_path, "kelp career") == []  # every word must match
