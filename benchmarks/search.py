"""Contact search over a large network, against a bare baseline in the same run (not a timed test).

Stores N generated contacts (default 100,000) through netdesk's own path, then times typical
search-as-you-type queries three ways on the same database:
* netdesk: ``ContactService.list(query)`` — FTS5 word-prefix match, then the table rows it shows;
* baseline: one ``LIKE '%word%'`` scan per word over the contact row, in plain sqlite3 (what a naive
  implementation does; it is neither accent- nor e-mail-aware, so it is the speed floor of a scan);
* the empty query (all rows), which the table shows when the search box is cleared.

Prints median and p90 per query kind and netdesk's ratio to the baseline.

Every contact is indexed as one met at an event with a line of what was talked about (issue 14),
so the index is as large as a real one. "fall career" and "culture" match those words in a
quarter of the network (25,000 rows to list); the LIKE baseline does not look at events or
interactions, so for them it only gives the cost of a scan, not the same answer.

    .venv/bin/python benchmarks/search.py [--contacts 100000]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from netdesk.services.contacts import ContactService
from netdesk.services.database import open_database
from netdesk.storage.models import FTS_TABLE, ContactEmailRow, ContactRow, utcnow
from netdesk.storage.search_index import body_text

FIRST = ["Ada", "José", "Zoë", "Priya", "Sam", "Grace", "Jean-Luc", "Mei", "Olu", "Sven", "Aroha", "Liam"]
LAST = ["Lovelace", "Núñez", "Müller", "Patel", "Ode", "Hopper", "Picard", "Chen", "Adeyemi", "O'Brien"]
ORGS = ["Stripe", "Figma", "Analytical Engines", "Harbor Music Studio", "Société Générale", "Globex"]
TITLES = ["Engineer", "Product Manager", "Designer", "Recruiter", "Professor", "Studio Owner"]
EVENTS = ["Fall Career Fair", "Biotech Networking Social", "Neighbourhood Cookout", "Spring Expo"]
TALK = [
    "Talked about cell-culture work and what a typical day looks like",
    "Summer internship opens in January; apply when grades are posted",
    "Coffee: how the hospital lab hires; shadowing possible in March",
    "Asked for my résumé; mentioned the Buzzards Bay project",
]
QUERIES = [
    "jose",
    "jose nunez",
    "harbor studio",
    "muller recruiter",
    "zo",
    "person4242",
    "globex eng",
    "fall career",
    "culture",
]


def populate(folder: Path, count: int) -> Path:
    db = open_database(folder)
    rng = random.Random(7)
    now = utcnow()
    with db.sessions.begin() as s:
        rows = []
        for i in range(count):
            given, family = rng.choice(FIRST), f"{rng.choice(LAST)}{i}"
            rows.append(
                {
                    "id": i + 1,
                    "display_name": f"{given} {family}",
                    "given_name": given,
                    "family_name": family,
                    "organization": rng.choice(ORGS),
                    "title": rng.choice(TITLES),
                    "created_at": now,
                    "updated_at": now,
                }
            )
        s.execute(insert(ContactRow), rows)
        s.execute(
            insert(ContactEmailRow),
            [{"contact_id": r["id"], "position": 0, "address": f"person{r['id']}@example.org"} for r in rows],
        )
        s.connection().exec_driver_sql(
            f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (?, ?)",
            [
                (
                    r["id"],
                    # as netdesk indexes a person met at an event with a line of what was talked about
                    body_text(
                        r["display_name"],
                        r["given_name"],
                        r["family_name"],
                        r["organization"],
                        r["title"],
                        "",
                        "",
                        "",
                        [f"person{r['id']}@example.org"],
                        [],
                        [],
                        events=[EVENTS[r["id"] % len(EVENTS)]],
                        talk=[TALK[r["id"] % len(TALK)]],
                    ),
                )
                for r in rows
            ],
        )
    db.close()
    return db.path


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p90(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.9) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        db_path = populate(folder, args.contacts)
        print(f"stored {args.contacts} contacts in {time.perf_counter() - started:.1f} s")
        db = open_database(folder)
        service = ContactService(db)
        bare = sqlite3.connect(db_path)

        def baseline(query: str) -> int:
            words = query.split()
            where = " AND ".join(
                "(display_name LIKE ? OR organization LIKE ? OR title LIKE ? OR notes LIKE ?)" for _ in words
            )
            params = [f"%{w}%" for w in words for _ in range(4)]
            return len(
                bare.execute(
                    f"SELECT id, display_name, organization, title FROM contact WHERE {where}", params
                ).fetchall()
            )

        netdesk_times: list[float] = []
        base_times: list[float] = []
        print(f"{'query':<18} {'hits':>7} {'netdesk ms':>11} {'baseline ms':>12} {'ratio':>6}")
        for query in QUERIES:
            hits = len(service.list(query))
            ours = timed(lambda q=query: service.list(q), args.repeat)
            theirs = timed(lambda q=query: baseline(q), args.repeat)
            netdesk_times += ours
            base_times += theirs
            ratio = statistics.median(ours) / statistics.median(theirs)
            print(
                f"{query:<18} {hits:>7} {statistics.median(ours):>11.1f} {statistics.median(theirs):>12.1f} "
                f"{ratio:>6.2f}"
            )
        everything = timed(lambda: service.list(""), max(2, args.repeat // 2))
        print(
            f"\nword queries: netdesk median {statistics.median(netdesk_times):.1f} ms, "
            f"p90 {p90(netdesk_times):.1f} ms; LIKE-scan baseline median {statistics.median(base_times):.1f} ms, "
            f"p90 {p90(base_times):.1f} ms; ratio {statistics.median(netdesk_times) / statistics.median(base_times):.2f}"
        )
        print(
            f"empty query (all {args.contacts} rows for the table): median {statistics.median(everything):.0f} ms"
        )
        bare.close()
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
