"""Migration 0011: the follow-up drafts' profile and My card become one "About me" record
without losing a value, and back again on downgrade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from netdesk.storage.engine import create_db_engine
from netdesk.storage.migrate import alembic_config

CARD_COLUMNS = "id, display_name, title, organization, email, phone, linkedin, website, headline, updated_at"


def _at_0010(tmp_path: Path) -> tuple[Path, object]:
    path = tmp_path / "netdesk.sqlite3"
    engine = create_db_engine(path)
    config = alembic_config(engine)
    command.upgrade(config, "0010")
    return path, (engine, config)


def _drafts(conn: sqlite3.Connection, **values: str) -> None:
    conn.executemany(
        "INSERT INTO followup_setting (key, value) VALUES (?, ?)",
        [(f"profile.{k}", v) for k, v in values.items()],
    )


def _card(conn: sqlite3.Connection, name: str, org: str, email: str, phone: str) -> None:
    conn.execute(
        f"INSERT INTO user_profile ({CARD_COLUMNS}) VALUES (1, ?, 'Biology student', ?, ?, ?, '', '', "
        "'Looking for a summer internship', '2026-11-01T10:00:00+00:00')",
        (name, org, email, phone),
    )


def _upgrade(path: Path, handles: object) -> sqlite3.Connection:
    engine, config = handles  # type: ignore[misc]
    command.upgrade(config, "0011")
    engine.dispose()
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def test_both_records_merge_and_nothing_is_lost(tmp_path: Path) -> None:
    path, handles = _at_0010(tmp_path)
    with sqlite3.connect(path) as conn:
        _card(conn, "Ana Souza", "UMass Dartmouth", "asouza@umassd.edu", "+1 508 555 0100")
        _drafts(
            conn,
            my_name="Ana M. Souza",  # differs: My card's stays, this goes to notes
            my_school="umass  dartmouth",  # the same apart from case and spacing: no note
            my_major="Biology",
            my_year="junior",
            my_email="ana.souza@gmail.com",  # differs
            my_phone="(508) 555-0100",  # the same digits
        )
        conn.execute("INSERT INTO followup_setting (key, value) VALUES ('thank_you_hours', '24')")
    conn = _upgrade(path, handles)
    row = conn.execute("SELECT * FROM user_profile").fetchone()
    assert (row["display_name"], row["organization"], row["email"], row["phone"]) == (
        "Ana Souza",
        "UMass Dartmouth",
        "asouza@umassd.edu",
        "+1 508 555 0100",
    )
    assert (row["major"], row["year"], row["title"], row["headline"]) == (
        "Biology",
        "junior",
        "Biology student",
        "Looking for a summer internship",
    )
    assert row["notes"].splitlines() == [
        "Your follow-up drafts used another name: Ana M. Souza",
        "Your follow-up drafts used another e-mail: ana.souza@gmail.com",
    ]
    keys = [r[0] for r in conn.execute("SELECT key FROM followup_setting")]
    assert keys == ["thank_you_hours"]  # the drafts profile moved, the settings stay
    assert conn.execute("SELECT count(*) FROM event_goal_check").fetchone()[0] == 0
    conn.close()


def test_blank_card_fields_are_filled_from_the_drafts_profile(tmp_path: Path) -> None:
    path, handles = _at_0010(tmp_path)
    with sqlite3.connect(path) as conn:
        _card(conn, "Ana Souza", "", "", "")
        _drafts(conn, my_name="Ana Souza", my_school="UMass Dartmouth", my_phone="+1 508 555 0100")
    conn = _upgrade(path, handles)
    row = conn.execute("SELECT * FROM user_profile").fetchone()
    assert (row["organization"], row["phone"], row["email"], row["notes"]) == (
        "UMass Dartmouth",
        "+1 508 555 0100",
        "",
        "",
    )
    conn.close()


def test_drafts_profile_alone_becomes_the_record(tmp_path: Path) -> None:
    path, handles = _at_0010(tmp_path)
    with sqlite3.connect(path) as conn:
        _drafts(conn, my_name="Zoë Ivanova", my_school="WHOI", my_major="Oceanography", my_year="senior")
    conn = _upgrade(path, handles)
    rows = conn.execute("SELECT * FROM user_profile").fetchall()
    assert len(rows) == 1
    row = rows[0]
    assert (row["id"], row["display_name"], row["organization"], row["major"], row["year"]) == (
        1,
        "Zoë Ivanova",
        "WHOI",
        "Oceanography",
        "senior",
    )
    assert row["updated_at"]
    assert conn.execute("SELECT count(*) FROM followup_setting").fetchone()[0] == 0
    conn.close()


def test_no_profile_at_all_stays_empty(tmp_path: Path) -> None:
    path, handles = _at_0010(tmp_path)
    conn = _upgrade(path, handles)
    assert conn.execute("SELECT count(*) FROM user_profile").fetchone()[0] == 0
    conn.close()


def test_downgrade_gives_the_drafts_profile_back(tmp_path: Path) -> None:
    path, handles = _at_0010(tmp_path)
    with sqlite3.connect(path) as conn:
        _card(conn, "Ana Souza", "UMass Dartmouth", "asouza@umassd.edu", "")
        _drafts(conn, my_major="Biology")
    _upgrade(path, handles).close()
    engine = create_db_engine(path)
    command.downgrade(alembic_config(engine), "0010")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        values = dict(conn.execute("SELECT key, value FROM followup_setting"))
        columns = {r[1] for r in conn.execute("PRAGMA table_info(user_profile)")}
    assert values == {
        "profile.my_name": "Ana Souza",
        "profile.my_school": "UMass Dartmouth",
        "profile.my_email": "asouza@umassd.edu",
        "profile.my_major": "Biology",
    }
    assert "major" not in columns and "notes" not in columns
