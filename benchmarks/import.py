"""Import throughput against a bare baseline measured in the same run (not a timed test).

Generates a 50,000-row LinkedIn Connections.csv and a 10,000-card vCard file, then times
* netdesk: parse + preview (duplicate matching) + commit into a fresh database (one transaction,
  FTS index, connection-date interactions, import batch for undo), and
* a bare baseline: ``csv`` module (or a naive line split for vCard) + SQLite ``executemany`` of
  the same contacts into an equivalent table, no validation, no index, no undo.

Prints wall time, the ratio netdesk/baseline (target: within 3x) and peak traced memory.

    .venv/bin/python benchmarks/import.py [--rows 50000] [--cards 10000]
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from netdesk.services.database import open_database
from netdesk.services.importer import ImportService

FIRST = ["Ada", "José", "Zoë", "Priya", "Sam", "Grace", "Jean-Luc", "Mei", "Olu", "Sven", "Aroha", "Liam"]
LAST = ["Lovelace", "Núñez", "Müller", "Patel", "Ode", "Hopper", "Picard", "Chen", "Adeyemi", "O'Brien"]
ORGS = ["Stripe", "Figma", "Analytical Engines Inc", "Harbor Music Studio", "Société Générale", "Globex"]
TITLES = ["Engineer", "Product Manager", "Designer", "Recruiter", "Professor", "Studio Owner"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def surname(rng: random.Random, i: int) -> str:
    """Distinct people: a real surname plus a random syllable tail, so only true duplicates match."""
    tail = "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3))
    return f"{rng.choice(LAST)}-{tail.capitalize()}{i}"


def make_linkedin(path: Path, rows: int, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(
            'Notes:\n"When exporting your connection data, you may notice that some of the email '
            'addresses are missing."\n\n'
        )
        writer = csv.writer(f)
        writer.writerow(
            ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
        )
        for i in range(rows):
            email = f"person{i}@example.org" if i % 10 == 0 else ""
            writer.writerow(
                [
                    rng.choice(FIRST),
                    surname(rng, i),
                    f"https://www.linkedin.com/in/person-{i}",
                    email,
                    f"{rng.choice(ORGS)} {i % 997}",
                    rng.choice(TITLES),
                    f"{rng.randint(1, 28):02d} {rng.choice(MONTHS)} {rng.randint(2010, 2025)}",
                ]
            )


def make_vcards(path: Path, cards: int, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        for i in range(cards):
            first, last = rng.choice(FIRST), surname(rng, i)
            f.write(
                "BEGIN:VCARD\r\nVERSION:3.0\r\n"
                f"N:{last};{first};;;\r\nFN:{first} {last}\r\n"
                f"ORG:{rng.choice(ORGS)} {i % 997}\r\nTITLE:{rng.choice(TITLES)}\r\n"
                f"EMAIL;TYPE=INTERNET,WORK:card{i}@example.org\r\n"
                f"TEL;TYPE=CELL:+1 508 555 {i % 10000:04d}\r\n"
                f"URL:https://example.org/~card{i}\r\nNOTE:Met at the fair\\, talked about internships\r\n"
                "CATEGORIES:fair,2026\r\nX-CUSTOM:kept\r\nEND:VCARD\r\n"
            )


BASE_SCHEMA = (
    "CREATE TABLE contact (id INTEGER PRIMARY KEY, display_name TEXT, given_name TEXT, family_name TEXT, "
    "organization TEXT, title TEXT, email TEXT, phone TEXT, url TEXT, notes TEXT, connected TEXT)"
)


def _baseline_db(folder: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(folder / "baseline.sqlite3")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(BASE_SCHEMA)
    return conn


def baseline_csv(path: Path, folder: Path) -> int:
    conn = _baseline_db(folder)
    with path.open(encoding="utf-8", newline="") as f:
        lines = iter(f)
        for _ in range(4):
            next(lines)
        rows = [
            (f"{r[0]} {r[1]}", r[0], r[1], r[4], r[5], r[3], "", r[2], "", r[6]) for r in csv.reader(lines)
        ]
    with conn:
        conn.executemany(
            "INSERT INTO contact (display_name, given_name, family_name, organization, title, email, phone, "
            "url, notes, connected) VALUES (?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
    conn.close()
    return len(rows)


def baseline_vcf(path: Path, folder: Path) -> int:
    conn = _baseline_db(folder)
    rows = []
    card: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for line in f:
            name, _, value = line.rstrip("\r\n").partition(":")
            key = name.split(";")[0]
            if key == "END":
                n = card.get("N", ";").split(";")
                rows.append(
                    (
                        card.get("FN", ""),
                        n[1],
                        n[0],
                        card.get("ORG", ""),
                        card.get("TITLE", ""),
                        card.get("EMAIL", ""),
                        card.get("TEL", ""),
                        card.get("URL", ""),
                        card.get("NOTE", ""),
                        "",
                    )
                )
                card = {}
            else:
                card[key] = value
    with conn:
        conn.executemany(
            "INSERT INTO contact (display_name, given_name, family_name, organization, title, email, phone, "
            "url, notes, connected) VALUES (?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
    conn.close()
    return len(rows)


def netdesk_import(path: Path, folder: Path) -> int:
    db = open_database(folder / "netdesk")
    try:
        service = ImportService(db)
        preview = service.preview_paths([path])
        assert not preview.has_errors, preview.files[0].errors[:3] if preview.files else preview.failures
        outcome = service.commit(preview)
        return outcome.created
    finally:
        db.close()


def measure(func: Callable[[Path, Path], int], path: Path, memory: bool) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        if memory:
            tracemalloc.start()
        started = time.perf_counter()
        count = func(path, Path(tmp))
        seconds = time.perf_counter() - started
        peak = 0
        if memory:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    return seconds, peak, count


def compare(label: str, path: Path, baseline: Callable[[Path, Path], int]) -> float:
    base_s, _, base_n = measure(baseline, path, memory=False)
    ours_s, _, ours_n = measure(netdesk_import, path, memory=False)
    _, base_peak, _ = measure(baseline, path, memory=True)
    _, ours_peak, _ = measure(netdesk_import, path, memory=True)
    assert base_n == ours_n, (base_n, ours_n)
    ratio = ours_s / base_s
    print(f"{label}: {ours_n} contacts, {path.stat().st_size / 1e6:.1f} MB")
    print(f"  baseline (csv/split + executemany): {base_s:7.2f} s   peak {base_peak / 1e6:7.1f} MB")
    print(f"  netdesk import (preview + commit):  {ours_s:7.2f} s   peak {ours_peak / 1e6:7.1f} MB")
    print(f"  ratio: {ratio:.1f}x  (target <= 3x: {'met' if ratio <= 3 else 'NOT met'})")
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--cards", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        linkedin = folder / "Connections.csv"
        vcards = folder / "contacts.vcf"
        make_linkedin(linkedin, args.rows, rng)
        make_vcards(vcards, args.cards, rng)
        compare("LinkedIn Connections.csv", linkedin, baseline_csv)
        compare("vCard file", vcards, baseline_vcf)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
