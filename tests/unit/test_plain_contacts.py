"""``netdesk contacts list`` read with sqlite3 alone prints exactly what the services print
(issue 15), on generated networks with every kind of value, and is used only when nothing else
is due: no database, an older schema, no backup today or a damaged file take the usual path."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from netdesk.domain.jsonshape import contact_json, stored_contact_json
from netdesk.domain.models import Circle, ContactDraft, Email, EventDraft, HowMet, Phone, Url
from netdesk.services.backup import BackupService
from netdesk.services.contacts import ContactService
from netdesk.services.events import EventService
from netdesk.storage.plain_contacts import read_contacts

NAMES = ["José Núñez", "Zoë Ødegaard", "ADA lovelace", "", "  ", "李 小龙", "Émile d'Arc", "o'brien"]
SEARCHES = ["", "jose", "nunez jo", "fall career", "ada", "zz-no-match", "odegaard", "acme", "e"]


def _network(db: Any, n: int, seed: int) -> None:
    rnd = random.Random(seed)
    contacts = ContactService(db)
    events = [
        EventService(db).create(EventDraft(name=name)).id for name in ("Fall Career Fair", "Biotech Social")
    ]
    zones = [UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30))]
    ids: list[int] = []
    for i in range(n):
        name = rnd.choice(NAMES)
        draft = ContactDraft(
            display_name=name,
            given_name=rnd.choice(["", "Ada", "José"]),
            family_name=rnd.choice(["", "Núñez", f"Person{i}"]),
            organization=rnd.choice(["", "Acme", "Société Générale"]),
            title=rnd.choice(["", "Engineer"]),
            department=rnd.choice(["", "R&D"]),
            field=rnd.choice(["", "Biology"]),
            address=rnd.choice(["", "1 Main St\nSpringfield"]),
            notes=rnd.choice(["", "talked about the internship", "  "]),
            emails=tuple(Email(f"p{i}.{k}@example.org") for k in range(rnd.randint(0, 2))),
            phones=tuple(Phone(f"+1 508 555 {i:04d}", f"+1508555{i:04d}") for _ in range(rnd.randint(0, 1))),
            urls=tuple(Url(f"https://example.org/{i}/{k}") for k in range(rnd.randint(0, 2))),
            tags=tuple(rnd.sample(["fair", "music", "bio", "ml"], rnd.randint(0, 3))),
            circle=rnd.choice([None, *Circle]),
            how_met=rnd.choice([None, *HowMet]),
            met_at=rnd.choice([None, datetime(2026, 11, 20, 10, 15, 30, tzinfo=rnd.choice(zones))]),
            event_id=rnd.choice([None, *events]),
            introduced_by_id=rnd.choice([None, *ids[-5:]]) if ids else None,
        )
        if not draft.name:
            draft = ContactDraft(display_name=f"Nameless {i}", emails=draft.emails)
        ids.append(contacts.create(draft).id)


def _plain(db: Any, search: str) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db.path)
    try:
        return [
            contact_json(c.draft, contact_id=c.id, event=c.event_name, introduced_by=c.introduced_by_name)
            for c in read_contacts(conn, search)
        ]
    finally:
        conn.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_plain_reader_prints_what_the_services_print(db: Any, seed: int) -> None:
    _network(db, 60, seed)
    with sqlite3.connect(db.path) as conn:  # a value this netdesk does not know reads as none, as in the ORM
        conn.execute("UPDATE contact SET circle = 'martian' WHERE id = 3")
    service = ContactService(db)
    for search in SEARCHES:
        expected = [stored_contact_json(c) for c in service.search_full(search)]
        assert _plain(db, search) == expected, search


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "netdesk",
            "--data-dir",
            str(data_dir),
            "contacts",
            "list",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _imported(result: subprocess.CompletedProcess[str], module: str) -> bool:
    return any(line.split("|")[-1].strip() == module for line in result.stderr.splitlines())


def test_the_command_line_reads_plainly_only_when_nothing_else_is_due(db: Any, data_dir: Path) -> None:
    _network(db, 20, 9)
    expected = [stored_contact_json(c) for c in ContactService(db).search_full("ada")]
    BackupService(db).ensure_daily()
    db.close()

    fast = _cli(data_dir, "--search", "ada", "--json")
    assert fast.returncode == 0 and json.loads(fast.stdout) == expected
    assert not _imported(fast, "sqlalchemy")  # the plain path

    backups = data_dir / "backups"
    for file in backups.iterdir():
        file.unlink()  # no backup today: the usual path, which makes it
    usual = _cli(data_dir, "--search", "ada", "--json")
    assert usual.returncode == 0 and json.loads(usual.stdout) == expected
    assert _imported(usual, "sqlalchemy")
    assert any(backups.iterdir())

    with sqlite3.connect(data_dir / "netdesk.sqlite3") as conn:  # an older schema: migrate first
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    older = _cli(data_dir, "--json")
    assert _imported(older, "sqlalchemy")


def test_an_unreadable_file_takes_the_usual_path_with_its_sentence(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "netdesk.sqlite3").write_bytes(b"this is not a database" * 100)
    result = _cli(data_dir, "--json")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "netdesk:" in result.stderr
