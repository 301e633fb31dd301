"""A realistic sample network, so a first-time user (or a screenshot) sees the app at work.

A junior Biology major's network in the autumn: family and their friends (the hidden job
network), professors, a career fair with 13 cards collected, a networking social, a neighbour's
cookout, and an informational interview — with notes of what was talked about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from netdesk.domain.models import (
    Circle,
    ContactDraft,
    Email,
    EmailKind,
    EventDraft,
    EventKind,
    HowMet,
    InteractionKind,
    Phone,
    PhoneKind,
    Url,
    UrlKind,
)
from netdesk.domain.search import words
from netdesk.normalize.phones import to_e164
from netdesk.services.database import Database
from netdesk.services.demo_plans import load_plans
from netdesk.services.followups import FollowUpService
from netdesk.storage import contacts as contact_repo
from netdesk.storage import events as event_repo
from netdesk.storage.models import ContactRow, EventRow, InteractionRow


class DemoNotEmptyError(RuntimeError):
    """Refuse to mix sample people into a real network unless asked to."""


@dataclass(frozen=True)
class DemoSummary:
    contacts: int
    events: int
    interactions: int
    interviews: int = 0
    leads: int = 0
    followups: int = 0

    def as_json(self) -> dict[str, int]:
        return {
            "contacts": self.contacts,
            "events": self.events,
            "interactions": self.interactions,
            "interviews": self.interviews,
            "leads": self.leads,
            "followups": self.followups,
        }


# (key, days before now, hour, EventDraft fields)
_EVENTS = [
    (
        "fair",
        6,
        10,
        "Fall Career Fair",
        EventKind.CAREER_FAIR,
        "Campus Center Ballroom",
        "Talk to 5 employers about summer internships; practise the 30-second introduction.",
        16,
    ),
    (
        "social",
        13,
        18,
        "Biotech Networking Social",
        EventKind.NETWORKING_SOCIAL,
        "Innovation Hub, 2nd floor",
        "Meet two people working in clinical research.",
        7,
    ),
    ("cookout", 20, 13, "Neighbourhood Cookout", EventKind.CASUAL, "The Okafors' back yard", "", 2),
    (
        "interview",
        2,
        15,
        "Informational interview: Dr. Ramirez",
        EventKind.INFORMATIONAL_INTERVIEW,
        "South Coast Marine Lab",
        "Ask 10-12 questions about careers in marine conservation.",
        1,
    ),
]

# name, org, title, circle, event key or None, days ago met, email, phone, tags, notes, introduced-by name
_PEOPLE: list[tuple[str, str, str, Circle, str | None, int, str, str, tuple[str, ...], str, str | None]] = [
    (
        "Maria Alvarez",
        "",
        "Nurse",
        Circle.FAMILY,
        None,
        900,
        "maria.alvarez@example.com",
        "+1 508 555 0101",
        ("family",),
        "Mom. Knows half the staff at St. Luke's Hospital.",
        None,
    ),
    (
        "Luis Alvarez",
        "New Bedford Public Schools",
        "Science Teacher",
        Circle.FAMILY,
        None,
        900,
        "luis.alvarez@example.com",
        "+1 508 555 0102",
        ("family",),
        "Uncle Luis; taught AP Biology for 20 years.",
        None,
    ),
    (
        "Carmen Reyes",
        "St. Luke's Hospital",
        "Lab Manager",
        Circle.FRIENDS_PARENT,
        None,
        400,
        "creyes@stlukes.example.org",
        "+1 508 555 0133",
        ("hospital", "lab"),
        "Sofia's mother. Runs the hospital's clinical lab; offered to show me around.",
        "Maria Alvarez",
    ),
    (
        "Sofia Reyes",
        "UMass Dartmouth",
        "Student, Nursing",
        Circle.SCHOOL_FRIEND,
        None,
        1500,
        "sreyes@umassd.example.edu",
        "+1 508 555 0134",
        ("friend",),
        "High-school friend.",
        None,
    ),
    (
        "Kwame Okafor",
        "Lumen Analytics",
        "Data Scientist",
        Circle.NEIGHBOUR,
        "cookout",
        20,
        "kokafor@lumen-analytics.example",
        "+1 508 555 4919",
        ("data", "neighbour"),
        "Hosted the cookout. Uses R and Python for genomics clients; suggested learning SQL.",
        None,
    ),
    (
        "Adaeze Okafor",
        "Southcoast Health",
        "Physician Assistant",
        Circle.NEIGHBOUR,
        "cookout",
        20,
        "aokafor@southcoast.example.org",
        "+1 508 555 4920",
        ("health",),
        "PA in emergency medicine; said shadowing hours matter for PA school.",
        None,
    ),
    (
        "Tom Brennan",
        "Brennan Landscaping",
        "Owner",
        Circle.NEIGHBOUR,
        "cookout",
        20,
        "",
        "+1 508 555 0177",
        ("neighbour",),
        "Knows the director of the city parks department.",
        None,
    ),
    (
        "Dr. Helen Park",
        "UMass Dartmouth",
        "Professor of Biology",
        Circle.PROFESSOR,
        None,
        430,
        "hpark@umassd.example.edu",
        "+1 508 555 0200",
        ("professor", "research"),
        "Advisor. Runs the coastal ecology lab; may have a summer research position.",
        None,
    ),
    (
        "Dr. Samuel Osei",
        "UMass Dartmouth",
        "Associate Professor, Chemistry",
        Circle.PROFESSOR,
        None,
        300,
        "sosei@umassd.example.edu",
        "",
        ("professor",),
        "Organic chemistry. Recommended the ACS student chapter.",
        None,
    ),
    (
        "Priya Natarajan",
        "UMass Dartmouth",
        "Student, Biology",
        Circle.CLASSMATE,
        None,
        420,
        "pnatarajan@umassd.example.edu",
        "+1 774 555 0311",
        ("classmate",),
        "Lab partner; interned at Vertex last summer.",
        None,
    ),
    (
        "Ethan Cole",
        "UMass Dartmouth",
        "Student, Marine Science",
        Circle.CLASSMATE,
        None,
        380,
        "ecole@umassd.example.edu",
        "",
        ("classmate",),
        "Volunteers at the aquarium.",
        None,
    ),
    (
        "José Núñez",
        "Harbor Music Studio",
        "Studio Owner",
        Circle.PROFESSIONAL,
        "fair",
        6,
        "jnunez@harbormusic.example.net",
        "+1 508 555 0142",
        ("music",),
        "Looking for a percussion intern; asked me to send my résumé.",
        None,
    ),
    (
        "Hannah Müller",
        "Blue Heron Software",
        "University Recruiter",
        Circle.PROFESSIONAL,
        "fair",
        6,
        "hmuller@blueheron.example.io",
        "+1 508 555 0791",
        ("tech", "recruiter"),
        "Bioinformatics internship opens in January; apply when grades are posted.",
        None,
    ),
    (
        "Mateo Dubois",
        "New Bedford Police Department",
        "Community Liaison",
        Circle.PROFESSIONAL,
        "fair",
        6,
        "mdubois@nbpd.example.gov",
        "+1 508 555 8858",
        ("public service",),
        "Forensics lab tours for students every spring.",
        None,
    ),
    (
        "Zoë Kowalski",
        "Vertex Pharmaceuticals",
        "Research Associate",
        Circle.PROFESSIONAL,
        "fair",
        6,
        "zkowalski@vrtx.example.com",
        "+1 617 555 0456",
        ("pharma", "lab"),
        "Talked about cell-culture work and what a typical day looks like.",
        "Priya Natarajan",
    ),
    (
        "Liam O'Brien",
        "Massachusetts Audubon Society",
        "Education Coordinator",
        Circle.PROFESSIONAL,
        "fair",
        6,
        "lobrien@massaudubon.example.org",
        "+1 508 555 0612",
        ("conservation",),
        "Summer field-educator positions; mentioned the Buzzards Bay project.",
        None,
    ),
    (
        "Aisha Rahman",
        "Moderna",
        "Talent Acquisition Partner",
        Circle.PROFESSIONAL,
        "fair",
        6,
        "arahman@moderna.example.com",
        "",
        ("pharma", "recruiter"),
        "Co-op program for juniors; GPA cut-off 3.0.",
        None,
    ),
    (
        "Grace Liu",
        "Woods Hole Oceanographic Institution",
        "Research Assistant",
        Circle.PROFESSIONAL,
        "fair",
        6,
        "gliu@whoi.example.edu",
        "+1 508 555 0733",
        ("marine", "research"),
        "Summer Student Fellowship deadline is in February.",
        None,
    ),
    (
        "Daniel Sousa",
        "Acushnet Company",
        "HR Generalist",
        Circle.PROFESSIONAL,
        "fair",
        6,
        "dsousa@acushnet.example.com",
        "+1 508 555 0814",
        ("manufacturing",),
        "Quality-lab internship; chemistry background preferred.",
        None,
    ),
    (
        "Fatima Haddad",
        "Boston Children's Hospital",
        "Clinical Research Coordinator",
        Circle.PROFESSIONAL,
        "social",
        13,
        "fhaddad@childrens.example.org",
        "+1 617 555 0921",
        ("clinical research",),
        "Explained the CRC role; suggested the ACRP student membership.",
        None,
    ),
    (
        "Noah Feldman",
        "Ginkgo Bioworks",
        "Automation Engineer",
        Circle.PROFESSIONAL,
        "social",
        13,
        "nfeldman@ginkgo.example.com",
        "",
        ("biotech",),
        "Robotics in the foundry; Python helps.",
        None,
    ),
    (
        "Isabela Costa",
        "Southcoast Health",
        "Microbiology Lab Supervisor",
        Circle.PROFESSIONAL,
        "social",
        13,
        "icosta@southcoast.example.org",
        "+1 508 555 0955",
        ("lab", "health"),
        "Hiring lab assistants part-time; introduced me to Dr. Ramirez.",
        "Carmen Reyes",
    ),
    (
        "Dr. Elena Ramirez",
        "South Coast Marine Lab",
        "Senior Marine Biologist",
        Circle.PROFESSIONAL,
        "interview",
        2,
        "eramirez@scml.example.org",
        "+1 508 555 0999",
        ("marine", "mentor"),
        "Informational interview: loves fieldwork, dislikes grant deadlines; get a scientific-diving "
        "certificate; watch NOAA Fisheries postings.",
        "Isabela Costa",
    ),
    (
        "Ben Carter",
        "Cape Cod Fisheries Trust",
        "Program Manager",
        Circle.PROFESSIONAL,
        None,
        60,
        "bcarter@capecodfisheries.example.org",
        "",
        ("marine",),
        "Met in line at the hardware store; we talked about scallop restoration.",
        None,
    ),
    (
        "Olivia Grant",
        "Mass General Brigham",
        "Genetic Counselor",
        Circle.PROFESSIONAL,
        None,
        90,
        "ogrant@mgb.example.org",
        "+1 617 555 0577",
        ("genetics",),
        "LinkedIn connection through Dr. Park; open to an informational interview.",
        "Dr. Helen Park",
    ),
    (
        "Marcus Bell",
        "Charles River Laboratories",
        "Study Director",
        Circle.PROFESSIONAL,
        None,
        200,
        "mbell@crl.example.com",
        "",
        ("pharma",),
        "Former student of Dr. Osei.",
        "Dr. Samuel Osei",
    ),
    (
        "Yuki Tanaka",
        "Takeda",
        "Associate Scientist",
        Circle.COLLEAGUE,
        None,
        500,
        "ytanaka@takeda.example.com",
        "+1 617 555 0388",
        ("pharma",),
        "Worked together at the campus greenhouse.",
        None,
    ),
    (
        "Rachel Kim",
        "UMass Dartmouth Career Center",
        "Career Counselor",
        Circle.PROFESSIONAL,
        None,
        150,
        "rkim@umassd.example.edu",
        "+1 508 555 0400",
        ("career center",),
        "Reviewed my résumé; runs mock interviews on Thursdays.",
        None,
    ),
    (
        "Diego Fernández",
        "Blue Heron Software",
        "Software Engineer",
        Circle.FRIEND,
        None,
        700,
        "dfernandez@blueheron.example.io",
        "",
        ("friend", "tech"),
        "Cousin's friend; could refer me at Blue Heron.",
        "Luis Alvarez",
    ),
    (
        "Amelia Watson",
        "Buzzards Bay Coalition",
        "Water Quality Scientist",
        Circle.PROFESSIONAL,
        None,
        40,
        "awatson@savebuzzardsbay.example.org",
        "+1 508 555 0621",
        ("conservation", "marine"),
        "Citizen-science water monitoring every Tuesday morning.",
        "Liam O'Brien",
    ),
    (
        "Jonas Lindqvist",
        "Nordic Aqua Partners",
        "Aquaculture Consultant",
        Circle.PROFESSIONAL,
        None,
        75,
        "jonas@nordicaqua.example.se",
        "+46 70 555 0123",
        ("marine",),
        "Visiting from Sweden; met on the ferry.",
        None,
    ),
    (
        "Chloe Martin",
        "Tufts University",
        "Graduate Student, Public Health",
        Circle.SCHOOL_FRIEND,
        None,
        1100,
        "cmartin@tufts.example.edu",
        "",
        ("friend",),
        "Applying to MPH programs; happy to share her experience.",
        None,
    ),
]

# (person, kind, days ago, summary)
_INTERACTIONS = [
    ("Dr. Helen Park", InteractionKind.MEETING, 9, "Office hours: talked about summer research in her lab."),
    ("Dr. Helen Park", InteractionKind.EMAIL, 30, "Sent my résumé and transcript."),
    (
        "Carmen Reyes",
        InteractionKind.COFFEE,
        25,
        "Coffee: how the hospital lab hires; shadowing possible in March.",
    ),
    ("Olivia Grant", InteractionKind.LINKEDIN, 88, "Connected on LinkedIn with a note mentioning Dr. Park."),
    ("Fatima Haddad", InteractionKind.EMAIL, 12, "Thank-you email for the chat at the social."),
    (
        "Rachel Kim",
        InteractionKind.MEETING,
        35,
        "Mock interview; work on the 'tell me about yourself' answer.",
    ),
    ("Kwame Okafor", InteractionKind.NOTE, 18, "He sent a link to a free SQL course."),
    ("Yuki Tanaka", InteractionKind.CALL, 120, "Catch-up call; she moved to the process-development team."),
    ("Marcus Bell", InteractionKind.LETTER, 190, "Handwritten thank-you note after the lab tour."),
    (
        "Isabela Costa",
        InteractionKind.EMAIL,
        11,
        "Asked for Dr. Ramirez's contact; she introduced us by email.",
    ),
]


def _phone(raw: str) -> tuple[Phone, ...]:
    return (Phone(raw, to_e164(raw), PhoneKind.WORK),) if raw else ()


def load_demo(db: Database, *, force: bool = False, now: datetime | None = None) -> DemoSummary:
    """Load the sample network in one transaction. Refuses a non-empty database unless ``force``."""
    now = (now or datetime.now().astimezone()).replace(second=0, microsecond=0)
    with db.sessions.begin() as s:
        existing = s.scalar(select(func.count()).select_from(ContactRow)) or 0
        if existing and not force:
            raise DemoNotEmptyError(
                f"The database already holds {existing} contacts; use --force to add the sample network anyway."
            )
        events: dict[str, EventRow] = {}
        for key, days, hour, name, kind, location, goals, cards in _EVENTS:
            start = (now - timedelta(days=days)).replace(hour=hour, minute=0)
            row = event_repo.find_by_name(s, name) or EventRow()
            event_repo.apply_draft(
                row,
                EventDraft(
                    name=name,
                    kind=kind,
                    starts_at=start,
                    ends_at=start
                    + timedelta(hours=2 if kind is not EventKind.INFORMATIONAL_INTERVIEW else 1),
                    location=location,
                    goals=goals,
                    cards_given=cards,
                ),
            )
            s.add(row)
            events[key] = row
        s.flush()
        people: dict[str, ContactRow] = {}
        n_interactions = 0
        for i, (name, org, title, circle, ev, days, email, phone, tags, notes, intro) in enumerate(_PEOPLE):
            given, _, family = name.removeprefix("Dr. ").rpartition(" ")
            event = events.get(ev) if ev else None
            met = (now - timedelta(days=days)).replace(hour=10 + i % 6, minute=(i * 7) % 60)
            if event is not None and event.starts_at is not None:
                met = event.starts_at + timedelta(minutes=(i * 9) % 100)
            urls = (
                (
                    Url(
                        f"https://www.linkedin.com/in/{'-'.join(words(name.removeprefix('Dr. ')))}",
                        UrlKind.LINKEDIN,
                    ),
                )
                if circle is Circle.PROFESSIONAL
                else ()
            )
            draft = ContactDraft(
                display_name=name,
                given_name=given,
                family_name=family,
                title=title,
                organization=org,
                emails=(Email(email, EmailKind.WORK),) if email else (),
                phones=_phone(phone),
                urls=urls,
                notes=notes,
                tags=tags,
                circle=circle,
                how_met=HowMet.EVENT if event else (HowMet.REFERRAL if intro else HowMet.SPONTANEOUS),
                met_at=met,
                event_id=event.id if event else None,
                introduced_by_id=people[intro].id if intro else None,
            )
            person = ContactRow()
            contact_repo.apply_draft(person, draft)
            s.add(person)
            s.flush()
            people[name] = person
            if event is not None:
                s.add(
                    InteractionRow(
                        contact_id=person.id,
                        kind=InteractionKind.MET.value,
                        occurred_at=met,
                        summary=notes,
                        event_id=event.id,
                    )
                )
                n_interactions += 1
        for name, interaction_kind, days, summary in _INTERACTIONS:
            s.add(
                InteractionRow(
                    contact_id=people[name].id,
                    kind=interaction_kind.value,
                    occurred_at=(now - timedelta(days=days)).replace(hour=11),
                    summary=summary,
                )
            )
            n_interactions += 1
    plans = load_plans(db, now)
    followups = len(FollowUpService(db).queue())
    return DemoSummary(
        contacts=len(_PEOPLE),
        events=len(_EVENTS),
        interactions=n_interactions,
        interviews=plans.interviews,
        leads=plans.leads,
        followups=followups,
    )
