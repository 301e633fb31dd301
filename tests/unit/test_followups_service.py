"""The follow-up service and drafts against a real (temporary) database."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from sqlalchemy import text

from netdesk.domain.followups import UNSET, FollowUpGroup, FollowUpKind, FollowUpSettings, FollowUpStatus
from netdesk.domain.models import (
    Circle,
    ContactDraft,
    Email,
    EventDraft,
    EventKind,
    InteractionDraft,
    InteractionKind,
)
from netdesk.services.contacts import ContactService, NotFoundError
from netdesk.services.database import Database, open_database
from netdesk.services.drafts import (
    DraftError,
    DraftService,
    Profile,
    check_address,
    mailto_url,
    parse_template,
    render,
    write_eml,
)
from netdesk.services.events import EventService
from netdesk.services.followup_sync import sync_contacts
from netdesk.services.followups import FollowUpError, FollowUpService

NY = ZoneInfo("America/New_York")
MET = datetime(2026, 11, 20, 10, 15, tzinfo=NY)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "data")
    yield db
    db.close()


@pytest.fixture
def clock() -> Clock:
    return Clock(MET + timedelta(hours=2))


@pytest.fixture
def service(database: Database, clock: Clock) -> FollowUpService:
    return FollowUpService(database, clock=clock, zone=NY)


def add_met_contact(
    db: Database, name: str = "José Núñez", circle: Circle | None = Circle.PROFESSIONAL
) -> int:
    events = EventService(db)
    fair = events.find("Fall Career Fair") or events.create(
        EventDraft(name="Fall Career Fair", kind=EventKind.CAREER_FAIR)
    )
    contact = ContactService(db).create(
        ContactDraft(
            display_name=name,
            given_name=name.split()[0],
            organization="Harbor Music Studio",
            emails=(Email("jnunez@harbormusic.net"),),
            event_id=fair.id,
            met_at=MET,
            notes="The percussion internship",
            circle=circle,
        )
    )
    return contact.id


def by_kind(service: FollowUpService) -> dict[FollowUpKind, list[object]]:
    out: dict[FollowUpKind, list[object]] = {}
    for item in service.queue():
        out.setdefault(item.kind, []).append(item)
    return out


def test_meeting_at_event_creates_thank_you_and_keep_in_touch(
    service: FollowUpService, database: Database
) -> None:
    cid = add_met_contact(database)
    queue = service.queue()
    assert [i.kind for i in queue] == [FollowUpKind.THANK_YOU, FollowUpKind.KEEP_IN_TOUCH]
    thank = queue[0]
    assert thank.contact_id == cid and thank.contact_name == "José Núñez"
    assert thank.due_at == MET + timedelta(hours=24)
    assert "Fall Career Fair" in thank.reason and "percussion internship" in thank.reason
    assert queue[1].due_at == MET + timedelta(days=90)
    assert service.regenerate() == 0  # nothing new: reading again writes nothing


def test_logging_an_email_completes_thank_you_and_resets_cadence(
    service: FollowUpService, database: Database
) -> None:
    cid = add_met_contact(database)
    service.queue()
    sent = MET + timedelta(hours=20)
    ContactService(database).log_interaction(InteractionDraft(cid, InteractionKind.EMAIL, sent, "Thanks!"))
    queue = service.queue()
    assert [i.kind for i in queue] == [FollowUpKind.KEEP_IN_TOUCH]
    assert queue[0].due_at == sent + timedelta(days=90)
    history = {i.kind: i for i in service.history(cid)}
    assert history[FollowUpKind.THANK_YOU].status is FollowUpStatus.DONE
    assert history[FollowUpKind.THANK_YOU].resolved_at == sent


def test_complete_logs_an_interaction_in_the_same_action(
    service: FollowUpService, database: Database, clock: Clock
) -> None:
    cid = add_met_contact(database)
    thank = service.queue()[0]
    clock.now = MET + timedelta(hours=30)
    done = service.complete(thank.id, InteractionKind.LETTER, "Handwritten note posted")
    assert done.status is FollowUpStatus.DONE
    log = ContactService(database).interactions(cid)
    assert [(i.draft.kind, i.draft.summary) for i in log] == [
        (InteractionKind.LETTER, "Handwritten note posted")
    ]
    keep = service.queue()[0]
    assert keep.kind is FollowUpKind.KEEP_IN_TOUCH and keep.due_at == clock.now + timedelta(days=90)
    with pytest.raises(FollowUpError, match="already done"):
        service.complete(thank.id)


def test_mark_sent_logs_the_email_with_its_subject(service: FollowUpService, database: Database) -> None:
    cid = add_met_contact(database)
    thank = service.queue()[0]
    service.mark_sent(thank.id, "Thank you for speaking\r\nwith me")
    (logged,) = ContactService(database).interactions(cid)
    assert logged.draft.kind is InteractionKind.EMAIL
    assert logged.draft.summary == "E-mail sent: Thank you for speaking with me"


def test_snooze_hides_until_then_it_comes_back(
    service: FollowUpService, database: Database, clock: Clock
) -> None:
    add_met_contact(database)
    thank = service.queue()[0]
    clock.now = MET + timedelta(hours=30)  # overdue now
    assert service.overdue_count() == 1
    snoozed = service.snooze(thank.id, clock.now + timedelta(days=1))
    assert snoozed.status is FollowUpStatus.SNOOZED
    groups = dict(service.grouped())
    assert [i.id for i in groups[FollowUpGroup.SNOOZED]] == [thank.id]
    assert service.overdue_count() == 0
    clock.now += timedelta(days=1, minutes=1)
    assert service.overdue_count() == 1
    with pytest.raises(FollowUpError, match="future"):
        service.snooze(thank.id, clock.now - timedelta(minutes=5))
    assert service.reopen(thank.id).status is FollowUpStatus.OPEN


def test_skipping_keep_in_touch_starts_the_next_cycle(
    service: FollowUpService, database: Database, clock: Clock
) -> None:
    cid = add_met_contact(database)
    service.complete(service.queue()[0].id)  # the thank-you
    clock.now = MET + timedelta(days=200)
    keep = service.queue()[0]
    assert keep.kind is FollowUpKind.KEEP_IN_TOUCH
    service.skip(keep.id)
    nxt = service.queue()[0]
    assert nxt.id != keep.id and nxt.due_at == clock.now + timedelta(days=90)
    assert len([i for i in service.history(cid) if i.status is FollowUpStatus.SKIPPED]) == 1


def test_cadence_per_contact_and_circle(service: FollowUpService, database: Database) -> None:
    family = add_met_contact(database, "Maria Lopez", Circle.FAMILY)
    assert FollowUpKind.KEEP_IN_TOUCH not in {
        i.kind for i in service.queue(contact_ids=[family]) if i.contact_id == family
    }
    service.set_cadence(family, 30)
    (keep,) = [i for i in service.queue() if i.contact_id == family and i.kind is FollowUpKind.KEEP_IN_TOUCH]
    assert keep.due_at == MET + timedelta(days=30)
    service.set_cadence(family, None)
    assert not [i for i in service.queue() if i.contact_id == family and i.kind is FollowUpKind.KEEP_IN_TOUCH]
    service.set_cadence(family, UNSET)
    assert service.cadence(family) is UNSET
    with pytest.raises(FollowUpError):
        service.set_cadence(family, 0)


def test_settings_move_open_reminders(service: FollowUpService, database: Database) -> None:
    add_met_contact(database)
    service.queue()
    service.save_settings(FollowUpSettings(thank_you_after=timedelta(hours=12)))
    assert service.settings().thank_you_after == timedelta(hours=12)
    assert service.queue()[0].due_at == MET + timedelta(hours=12)


def test_lead_deadline_and_custom_followups(
    service: FollowUpService, database: Database, clock: Clock
) -> None:
    cid = add_met_contact(database)
    deadline = datetime(2027, 1, 15, 17, 0, tzinfo=NY)
    lead = service.add(
        cid, FollowUpKind.LEAD_DEADLINE, "Apply to the internship program", deadline_at=deadline
    )
    assert lead.due_at == deadline - timedelta(days=3) and lead.deadline_at == deadline
    custom_due = datetime(2026, 12, 1, 9, 0, tzinfo=NY)
    custom = service.add(
        cid, FollowUpKind.CUSTOM, "Send the article on drum tuning", custom_due, note="Link in notes"
    )
    assert custom.note == "Link in notes"
    assert service.queue(due_before=datetime(2026, 12, 2, tzinfo=NY))[-1].id == custom.id
    assert lead.id not in {i.id for i in service.queue(due_before=datetime(2026, 12, 2, tzinfo=NY))}
    assert service.regenerate() == 0  # manual follow-ups are not touched by the rules
    with pytest.raises(FollowUpError, match="Say what to do"):
        service.add(cid, FollowUpKind.CUSTOM, "   ", custom_due)
    with pytest.raises(FollowUpError, match="by hand"):
        service.add(cid, FollowUpKind.THANK_YOU, "x", custom_due)
    with pytest.raises(FollowUpError, match="time zone"):
        service.add(cid, FollowUpKind.CUSTOM, "x", datetime(2026, 12, 1, 9))
    with pytest.raises(NotFoundError):
        service.add(9999, FollowUpKind.CUSTOM, "x", custom_due)


def test_deleting_a_contact_removes_its_followups(service: FollowUpService, database: Database) -> None:
    cid = add_met_contact(database)
    first = service.queue()[0]
    ContactService(database).delete(cid)
    assert service.queue() == []
    with pytest.raises(NotFoundError, match="refresh"):
        service.complete(first.id)


def test_sync_inside_a_callers_transaction(database: Database) -> None:
    cid = add_met_contact(database)
    with database.sessions.begin() as s:
        assert sync_contacts(s, [cid], MET) == 2
    with database.sessions() as s:
        assert s.execute(text("SELECT count(*) FROM followup")).scalar_one() == 2


def test_upgrade_from_0001_keeps_contacts_and_builds_the_queue(tmp_path: Path) -> None:
    from netdesk.storage.engine import create_db_engine
    from netdesk.storage.migrate import alembic_config

    folder = tmp_path / "old"
    folder.mkdir()
    engine = create_db_engine(folder / "netdesk.sqlite3")
    command.upgrade(alembic_config(engine), "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO contact (display_name, given_name, family_name, title, organization, department,"
                " field, address, notes, raw_source, created_at, updated_at, met_at)"
                " VALUES ('Ann Old', 'Ann', 'Old', '', '', '', '', '', '', '', :t, :t, :t)"
            ),
            {"t": "2026-11-01T09:00:00+00:00"},
        )
    engine.dispose()
    db = open_database(folder)
    try:
        now = datetime(2026, 11, 2, tzinfo=UTC)
        (keep,) = FollowUpService(db, clock=lambda: now, zone=NY).queue()
        assert keep.kind is FollowUpKind.KEEP_IN_TOUCH and keep.contact_name == "Ann Old"
    finally:
        db.close()


# -- drafts ------------------------------------------------------------------------------------


def test_draft_fills_template_from_contact_meeting_and_profile(
    service: FollowUpService, database: Database
) -> None:
    add_met_contact(database)
    drafts = DraftService(database, service)
    drafts.save_profile(
        Profile(my_name="Ana Lee", my_school="State University", my_major="Biology", my_year="junior")
    )
    thank = service.queue()[0]
    draft = drafts.draft(thank.id)
    assert draft.to == "jnunez@harbormusic.net"
    assert draft.subject == "Thank you for speaking with me at Fall Career Fair"
    assert draft.body.startswith("Dear José,\n")
    # The contact's notes are private: without a logged "talked about" the sentence is left out.
    assert "on November 20. I appreciated your advice." in draft.body
    assert "percussion" not in draft.body and "[" not in draft.body
    assert "junior Biology major at State University" in draft.body
    assert "{" not in draft.body
    assert "[your e-mail]" not in draft.body  # an empty signature line is dropped


def test_templates_can_be_edited_and_reset(database: Database, service: FollowUpService) -> None:
    store = DraftService(database, service).templates
    shipped = store.load("keep_in_touch")
    edited = store.save(
        "keep_in_touch", "Hello again, {first_name}", "Hi {first_name},\nQuick hello.\n{my_name}"
    )
    assert edited.customized and edited.subject == "Hello again, {first_name}"
    assert (database.folder / "templates" / "keep_in_touch.txt").is_file()
    with pytest.raises(DraftError, match="Unknown placeholder"):
        store.save("keep_in_touch", "s", "Hi {nickname}")
    assert store.reset("keep_in_touch") == shipped
    assert len(store.all()) == 5 and all(t.subject or t.name == "handwritten_note" for t in store.all())


def test_render_marks_missing_values_and_keeps_unknown_braces() -> None:
    out = render("Dear {first_name},\n{my_phone}\nAt {event} {not_a_placeholder}", {"first_name": "Ann"})
    assert out == "Dear Ann,\nAt [where you met] {not_a_placeholder}"
    assert parse_template("Subject: Hi\r\n\r\nBody\r\n") == ("Hi", "Body\n")


def test_mailto_is_percent_encoded_and_round_trips() -> None:
    subject = "Thanks & next steps? 100%"
    body = "Dear José,\nline two; a=b&c\r\n— Ana"
    url = mailto_url("jnunez@harbormusic.net", subject, body)
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and parts.path == "jnunez@harbormusic.net"
    assert " " not in url and "\n" not in url and "+" not in url
    query = parse_qs(parts.query, keep_blank_values=True)
    assert set(query) == {"subject", "body"}
    assert query["subject"] == [subject]
    assert query["body"] == ["Dear José,\r\nline two; a=b&c\r\n— Ana"]
    assert "%0D%0A" in url


@pytest.mark.parametrize(
    "address",
    [
        "a@b.c?attach=/etc/passwd&bcc=x@y",
        "a@b.c\r\nBcc: x@y",
        "a@b.c\nbcc:x@y",
        "a@b.c,x@y",
        "mailto:a@b.c",
        "not an address",
    ],
)
def test_mailto_refuses_header_injection(address: str) -> None:
    with pytest.raises(DraftError):
        mailto_url(address, "s", "b")


def test_mailto_encodes_special_but_valid_local_parts() -> None:
    url = mailto_url("john&jane+jobs@example.com", "", "")
    assert url == "mailto:john%26jane%2Bjobs@example.com"
    assert unquote(urlsplit(url).path) == "john&jane+jobs@example.com"
    assert check_address("Ann@Example.COM") == "Ann@example.com"


def test_eml_is_written_atomically_and_parses(
    tmp_path: Path, database: Database, service: FollowUpService
) -> None:
    add_met_contact(database)
    draft = DraftService(database, service).draft(service.queue()[0].id)
    out = tmp_path / "out"
    out.mkdir()
    target = write_eml(out / "thank-you", draft, sender="ana@example.edu")
    assert target.name == "thank-you.eml"
    assert [p.name for p in out.iterdir()] == ["thank-you.eml"]  # no temp file left behind
    msg = email.message_from_bytes(target.read_bytes(), policy=email.policy.default)
    assert msg["To"] == "jnunez@harbormusic.net" and msg["From"] == "ana@example.edu"
    assert msg["Subject"] == draft.subject and msg["X-Unsent"] == "1"
    assert msg.get_content().replace("\r\n", "\n") == draft.body


def test_drafts_and_my_card_share_one_about_me_profile(database: Database) -> None:
    db = database
    from netdesk.services.drafts import DraftService
    from netdesk.services.profile import MyCard, ProfileService

    ProfileService(db).save(
        MyCard(display_name="Ana Lima", organization="UMass Dartmouth", email="ana@example.edu")
    )
    drafts = DraftService(db)
    assert drafts.profile().my_name == "Ana Lima"
    assert drafts.profile().my_school == "UMass Dartmouth"
    drafts.save_profile(replace(drafts.profile(), my_name="Ana M. Lima", my_major="Biology"))
    assert drafts.profile().my_name == "Ana M. Lima"
    assert drafts.profile().my_email == "ana@example.edu"
    card = ProfileService(db).get()  # one record: the card changed with it, its other fields kept
    assert (card.display_name, card.major, card.email) == ("Ana M. Lima", "Biology", "ana@example.edu")
