"""Generated networks for ``benchmarks/gui_scale.py``, built through netdesk's own services.

Proportions follow how people use netdesk: most of a large network arrives as a LinkedIn
export (``ImportService``, the batch path: contacts, e-mails, links, connection-date
interactions, the FTS5 index, the undo batch); a twentieth is met at events and added one by one
(``PeopleService.add``: the event, the meeting logged with what was talked about); as many again
get a logged coffee, call or e-mail (``ContactService.log_interaction``); some are family,
friends or professors (a keep-in-touch circle); the rules then make their follow-ups
(``FollowUpService.regenerate``), and there are custom follow-ups, leads linked to contacts,
and a few informational interviews.

A built network is kept in a cache folder (``<cache>/n<size>-v<VERSION>/``) with a ``built``
mark, and copied for each run, since 100,000 contacts take minutes to build.
"""

from __future__ import annotations

import csv
import random
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

VERSION = 1
FIRST = ["Ada", "José", "Zoë", "Priya", "Sam", "Grace", "Jean-Luc", "Mei", "Olu", "Sven", "Aroha", "Liam"]
LAST = ["Lovelace", "Núñez", "Müller", "Patel", "Ode", "Hopper", "Picard", "Chen", "Adeyemi", "O'Brien"]
ORGS = ["Stripe", "Figma", "Analytical Engines Inc", "Harbor Music Studio", "Société Générale", "Globex"]
TITLES = ["Engineer", "Product Manager", "Designer", "Recruiter", "Professor", "Studio Owner"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
TALK = [
    "Talked about cell-culture work and what a typical day looks like",
    "Summer internship opens in January; apply when grades are posted",
    "Coffee: how the hospital lab hires; shadowing possible in March",
    "Asked for my résumé; mentioned the Buzzards Bay project",
]


def surname(rng: random.Random, i: int) -> str:
    tail = "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(2))
    return f"{rng.choice(LAST)}-{tail.capitalize()}{i}"


def cached_network(cache: Path, size: int, *, rebuild: bool = False, log: bool = True) -> Path:
    """The folder of a built network of ``size`` contacts (built now when missing)."""
    folder = cache / f"n{size}-v{VERSION}"
    if rebuild and folder.exists():
        shutil.rmtree(folder)
    if (folder / "built").exists():
        _upgrade(folder)
        return folder
    if folder.exists():
        shutil.rmtree(folder)  # a build that was interrupted
    folder.mkdir(parents=True)
    started = time.perf_counter()
    build_network(folder, size, log=log)
    (folder / "built").write_text(f"{time.perf_counter() - started:.1f} s\n")
    return folder


def _upgrade(folder: Path) -> None:
    """Bring a network built by an older netdesk to today's schema once, outside the timed runs
    (a start that migrates is a different measurement: Alembic, a backup, the migration)."""
    from netdesk.services.database import open_database
    from netdesk.storage.engine import create_db_engine
    from netdesk.storage.migrate import current_revision, head_revision

    engine = create_db_engine(folder / "netdesk.sqlite3")
    try:
        current = current_revision(engine)
    finally:
        engine.dispose()
    if current != head_revision():
        from netdesk.services.followups import FollowUpService

        db = open_database(folder)
        try:
            # A migration to 0015 stamps everyone for the follow-up regeneration once: the first
            # start after an upgrade does that pass in the background. Done here, so the timed
            # runs measure the everyday window (say how long the one-time pass took).
            started = time.perf_counter()
            FollowUpService(db).regenerate()
            print(f"   one-time follow-up pass after migrating: {time.perf_counter() - started:.1f} s")
        finally:
            db.close()
        shutil.rmtree(folder / "backups", ignore_errors=True)


def build_network(folder: Path, size: int, *, log: bool = True) -> None:
    from netdesk.domain.followups import FollowUpKind
    from netdesk.domain.interviews import InterviewDraft
    from netdesk.domain.leads import LeadDraft
    from netdesk.domain.models import (
        Circle,
        ContactDraft,
        Email,
        EventDraft,
        EventKind,
        InteractionDraft,
        InteractionKind,
        Phone,
    )
    from netdesk.services.contacts import ContactService
    from netdesk.services.database import open_database
    from netdesk.services.events import EventService
    from netdesk.services.followups import FollowUpService
    from netdesk.services.importer import ImportService
    from netdesk.services.interviews import InterviewService
    from netdesk.services.leads import LeadService
    from netdesk.services.people import PeopleService

    def say(text: str) -> None:
        if log:
            print(f"  [{size}] {text}", flush=True)

    rng = random.Random(size)
    now = datetime.now(UTC)
    met_count = max(20, size // 20)
    imported = size - met_count
    db = open_database(folder)
    try:
        events = EventService(db)
        kinds = [EventKind.CAREER_FAIR, EventKind.NETWORKING_SOCIAL, EventKind.CONFERENCE, EventKind.CASUAL]
        event_names = []
        for i in range(max(4, size // 1000)):
            starts = now - timedelta(days=3 + 7 * i)
            name = f"{['Fall Career Fair', 'Biotech Social', 'Spring Expo', 'Cookout'][i % 4]} {i + 1}"
            events.create(EventDraft(name=name, kind=kinds[i % 4], starts_at=starts, location="Campus"))
            event_names.append(name)
        say(f"{len(event_names)} events")

        csv_path = folder / "Connections.csv"
        with csv_path.open("w", encoding="utf-8", newline="") as f:
            f.write('Notes:\n"When exporting your connection data, some e-mails are missing."\n\n')
            writer = csv.writer(f)
            writer.writerow(
                ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
            )
            for i in range(imported):
                writer.writerow(
                    [
                        rng.choice(FIRST),
                        surname(rng, i),
                        f"https://www.linkedin.com/in/person-{i}",
                        f"person{i}@example.org" if i % 10 == 0 else "",
                        f"{rng.choice(ORGS)} {i % 997}",
                        rng.choice(TITLES),
                        f"{rng.randint(1, 28):02d} {rng.choice(MONTHS)} {rng.randint(2015, 2026)}",
                    ]
                )
        importer = ImportService(db)
        started = time.perf_counter()
        preview = importer.preview_paths([csv_path])
        importer.commit(preview, backup=False)
        csv_path.unlink()
        say(f"{imported} imported from LinkedIn in {time.perf_counter() - started:.1f} s")

        people = PeopleService(db)
        circles = [Circle.FAMILY, Circle.FRIEND, Circle.PROFESSOR, Circle.CLASSMATE, None, None, None]
        met_ids: list[int] = []
        started = time.perf_counter()
        for i in range(met_count):
            given, family = rng.choice(FIRST), surname(rng, imported + i)
            draft = ContactDraft(
                display_name=f"{given} {family}",
                given_name=given,
                family_name=family,
                organization=rng.choice(ORGS),
                title=rng.choice(TITLES),
                emails=(Email(f"met{i}@example.org"),),
                phones=(Phone(f"+1 508 555 {i % 10000:04d}"),),
                tags=("fair",) if i % 3 else ("mentor",),
                circle=circles[i % len(circles)],
                introduced_by_id=rng.choice(met_ids) if met_ids and i % 5 == 0 else None,
            )
            met_at = now - timedelta(days=rng.randint(0, 400), hours=rng.randint(0, 12))
            contact = people.add(
                draft, event_name=rng.choice(event_names), met_at=met_at, conversation=rng.choice(TALK)
            )
            met_ids.append(contact.id)
        say(f"{met_count} met at events in {time.perf_counter() - started:.1f} s")

        contacts = ContactService(db)
        started = time.perf_counter()
        kinds_i = [
            InteractionKind.COFFEE,
            InteractionKind.CALL,
            InteractionKind.EMAIL,
            InteractionKind.MEETING,
        ]
        for i in range(met_count):
            cid = rng.randint(1, size)
            contacts.log_interaction(
                InteractionDraft(
                    contact_id=cid,
                    kind=kinds_i[i % 4],
                    occurred_at=now - timedelta(days=rng.randint(0, 300)),
                    summary=rng.choice(TALK),
                )
            )
        say(f"{met_count} interactions logged in {time.perf_counter() - started:.1f} s")

        followups = FollowUpService(db)
        started = time.perf_counter()
        followups.regenerate()
        for _ in range(max(5, size // 500)):
            followups.add(
                rng.choice(met_ids),
                FollowUpKind.CUSTOM,
                f"Send the article on {rng.choice(ORGS)}",
                now + timedelta(days=rng.randint(-20, 60)),
            )
        leads = LeadService(db)
        for i in range(max(5, size // 500)):
            leads.create(
                LeadDraft(
                    organization=rng.choice(ORGS),
                    role=f"Summer internship {i}",
                    deadline_at=now + timedelta(days=rng.randint(5, 90)),
                    contact_ids=tuple(rng.sample(met_ids, 2)),
                )
            )
        interviews = InterviewService(db)
        for i in range(max(3, size // 5000)):
            interviews.create(
                InterviewDraft(
                    field="Marine biology", job_titles="Research technician", contact_id=met_ids[i]
                )
            )
        say(f"follow-ups, leads and interviews in {time.perf_counter() - started:.1f} s")
    finally:
        db.close()
