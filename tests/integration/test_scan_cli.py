"""``netdesk scan --event NAME IMAGE...`` as a script runs it: a real process, JSON on stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

CONTACT_KEYS = {"id", "fn", "given", "family", "org", "title", "emails", "phones", "urls", "notes", "tags"}
CONTACT_KEYS |= {"event", "met_at", "introduced_by"}


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LC_ALL": "C"}
    env.pop("NETDESK_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "netdesk", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=180,
        check=False,
    )


def scan(data_dir: Path, event: str, *images: Path | str) -> tuple[int, dict[str, Any], str]:
    done = run(data_dir, "scan", "--event", event, "--json", *(str(i) for i in images))
    return done.returncode, json.loads(done.stdout), done.stderr


@pytest.fixture
def cards(corpus: Path) -> Path:
    return corpus / "cards"


def test_scan_adds_cards_links_event_and_skips_repeats(tmp_path: Path, cards: Path) -> None:
    status, out, _ = scan(tmp_path, "Fall Career Fair", cards / "qr_nominal_00.jpg", cards / "qr_two_00.jpg")
    assert status == 0
    assert [c["fn"] for c in out["added"]] == ["Hannah Müller", "Wei Kowalski", "Liam Kowalski"]
    assert all(set(c) >= CONTACT_KEYS and c["event"] == "Fall Career Fair" for c in out["added"])
    assert out["matched"] == [] and out["failed"] == []
    status, again, _ = scan(tmp_path, "Fall Career Fair", cards / "qr_nominal_00.jpg")
    assert status == 0 and again["added"] == [] and again["matched"] == []
    assert [s["fn"] for s in again["skipped"]] == ["Hannah Müller"]
    listed = json.loads(run(tmp_path, "contacts", "list", "--json").stdout)
    assert len(listed) == 3
    assert len(list((tmp_path / "cards").rglob("*.jpg"))) == 3  # reduced card photos kept


def test_known_person_at_another_event_is_matched(tmp_path: Path, cards: Path) -> None:
    scan(tmp_path, "Fall Career Fair", cards / "qr_nominal_00.jpg")
    status, out, _ = scan(tmp_path, "Spring Social", cards / "qr_nominal_00.jpg")
    assert status == 0 and out["added"] == []
    [matched] = out["matched"]
    assert matched["fn"] == "Hannah Müller" and "e-mail" in matched["reason"]
    assert matched["event"] == "Fall Career Fair"  # first met there; this meeting is logged
    assert len(json.loads(run(tmp_path, "contacts", "list", "--json").stdout)) == 1


def test_bad_files_fail_with_status_1_and_the_rest_is_stored(tmp_path: Path, cards: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 truncated")
    status, out, err = scan(
        tmp_path / "data", "Fair", broken, cards / "qr_nominal_02.jpg", tmp_path / "nope.png"
    )
    assert status == 1
    assert [f["file"] for f in out["failed"]] == [str(broken), str(tmp_path / "nope.png")]
    assert "broken.jpg" in err and "nope.png" in err
    assert [c["fn"] for c in out["added"]] == ["Kwame Okafor"]


def test_scan_needs_an_event(tmp_path: Path, cards: Path) -> None:
    done = run(tmp_path, "scan", str(cards / "qr_nominal_00.jpg"))
    assert done.returncode == 2
    assert "--event" in done.stderr


def test_a_card_that_cannot_be_saved_is_reported_without_its_values(tmp_path: Path) -> None:
    """stderr and the JSON error name the file, the card and the field, never the person."""
    import qrcode

    vcard = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya Secretname\r\nN:Secretname;Priya;;;\r\n"
        "TEL:+1 12\r\nEND:VCARD\r\n"
    )
    image = tmp_path / "card.png"
    qrcode.make(vcard).save(image)
    status, out, stderr = scan(tmp_path / "data", "Fall Career Fair", image)
    assert status == 1 and out["added"] == []
    [failed] = out["failed"]
    assert failed["error"] == f"{image}: card 1: a phone number on it is not valid."
    assert failed["error"] in stderr
    for personal in ("Priya", "Secretname", "+1 12"):
        assert personal not in stderr and personal not in failed["error"]
