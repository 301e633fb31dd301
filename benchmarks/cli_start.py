"""Command-line start-up against a bare ``import sqlalchemy`` in the same run (issue 15).

Times, as a script would run them, each in a fresh process:
* ``python -m netdesk --version``;
* ``python -m netdesk --data-dir D contacts list --json`` on a database of a few hundred contacts
  stored through netdesk's own services (met at events, some introduced by others);
* the baseline: ``python -c "import sqlalchemy"`` — the least any command that reads the
  database can cost.

Runs are interleaved (one of each per round) so a busy machine slows all three alike. Prints the
median wall time of each and its ratio to the baseline; exits 1 when ``--version`` or
``contacts list`` takes more than 1.5 times the baseline.

    .venv/bin/python benchmarks/cli_start.py [--runs 10] [--contacts 300]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LIMIT = 1.5
FIRST = ["Ada", "José", "Zoë", "Priya", "Sam", "Grace", "Jean-Luc", "Mei", "Olu", "Sven", "Aroha", "Liam"]
LAST = ["Lovelace", "Núñez", "Müller", "Patel", "Ode", "Hopper", "Picard", "Chen", "Adeyemi", "O'Brien"]
ORGS = ["Stripe", "Figma", "Analytical Engines", "Harbor Music Studio", "Société Générale", "Globex"]
TITLES = ["Engineer", "Product Manager", "Designer", "Recruiter", "Professor", "Studio Owner"]
EVENTS = ["Fall Career Fair", "Biotech Networking Social", "Neighbourhood Cookout", None]


def populate(folder: Path, count: int) -> None:
    """``count`` contacts stored as the app stores them (PeopleService.add: validation, events,
    the meeting logged, the search index), with e-mails, phones, a link, tags and introducers."""
    from netdesk.domain.models import ContactDraft, Email, Phone, Url
    from netdesk.services.database import open_database
    from netdesk.services.people import PeopleService

    db = open_database(folder)
    try:
        people = PeopleService(db)
        rng = random.Random(15)
        ids: list[int] = []
        for i in range(count):
            given, family = rng.choice(FIRST), f"{rng.choice(LAST)}{i}"
            handle = f"{given}.{family}".lower().replace("'", "").replace(" ", "")
            draft = ContactDraft(
                display_name=f"{given} {family}",
                given_name=given,
                family_name=family,
                organization=rng.choice(ORGS),
                title=rng.choice(TITLES),
                emails=(Email(f"{handle.encode('ascii', 'ignore').decode()}{i}@example.org"),),
                phones=(Phone(f"+1 508 555 {i % 10000:04d}"),),
                urls=(Url(f"https://www.linkedin.com/in/person{i}"),),
                notes="Talked about internships and what a typical day looks like",
                tags=("fair",) if i % 3 else ("music", "mentor"),
                introduced_by_id=rng.choice(ids) if ids and i % 4 == 0 else None,
            )
            event = EVENTS[i % len(EVENTS)]
            ids.append(people.add(draft, event_name=event, conversation=draft.notes if event else "").id)
    finally:
        db.close()


def median_times(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():  # warm the disk cache and make today's backup: not timed
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env, cwd=ROOT)
    for _ in range(runs):
        for name, argv in commands.items():
            started = time.perf_counter()
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env, cwd=ROOT)
            samples[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each command (default 10)")
    parser.add_argument("--contacts", type=int, default=300, help="contacts in the database (default 300)")
    args = parser.parse_args()
    python = sys.executable
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    env.pop("NETDESK_DATA_DIR", None)
    with tempfile.TemporaryDirectory(prefix="netdesk-cli-start-") as scratch:
        data = Path(scratch) / "data"
        populate(data, args.contacts)
        commands = {
            "baseline: python -c 'import sqlalchemy'": [python, "-c", "import sqlalchemy"],
            "netdesk --version": [python, "-m", "netdesk", "--version"],
            f"netdesk contacts list --json ({args.contacts} contacts)": [
                python, "-m", "netdesk", "--data-dir", str(data), "contacts", "list", "--json",
            ],
        }  # fmt: skip
        medians = median_times(commands, args.runs, env)
    baseline = next(iter(medians.values()))
    print(f"Median wall time of {args.runs} runs each, fresh processes, Python {sys.version.split()[0]}:")
    failed = []
    for name, value in medians.items():
        ratio = value / baseline
        print(f"  {name:<48} {value * 1000:7.0f} ms  {ratio:5.2f}x baseline")
        if not name.startswith("baseline") and ratio > LIMIT:
            failed.append(name)
    if failed:
        print(f"Slower than {LIMIT}x the baseline: {', '.join(failed)}.")
        return 1
    print(f"Both commands within {LIMIT}x the baseline.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
