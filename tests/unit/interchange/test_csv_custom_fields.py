"""netdesk's own fields in Google CSV custom fields, other custom fields kept in the notes, and a
name-only match between people reached by different e-mails and phones added rather than skipped."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from netdesk.domain.models import Circle, ContactDraft, Email, EventDraft, HowMet
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database, open_database
from netdesk.services.events import EventService
from netdesk.services.exchange import ExportFormat, ExportService
from netdesk.services.importer import Action, ImportService, Status

GOOGLE_HEAD = (
    "First Name,Last Name,Organization Name,E-mail 1 - Label,E-mail 1 - Value,"
    "Custom Field 1 - Label,Custom Field 1 - Value,Custom Field 2 - Label,Custom Field 2 - Value\n"
)


def _commit(db: Database, path: Path) -> None:
    service = ImportService(db)
    service.commit(service.preview_paths([path]), backup=False)


def test_google_custom_fields_carry_netdesk_fields_and_keep_others_in_notes(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "google.csv"
    path.write_text(
        GOOGLE_HEAD
        + "Ann,Lee,Acme,Work,ann@acme.com,netdesk circle,colleague,Favourite band,The Beths\n"
        + "Bo,Ray,Acme,Work,bo@acme.com,NETDESK HOW MET,event,netdesk circle,wizard\n",
        encoding="utf-8",
    )
    preview = ImportService(db).preview_paths([path])
    warnings = [w.message for item in preview.items for w in item.record.warning_list()]
    assert any("“Favourite band” was added to the notes" in w for w in warnings)
    assert any("“netdesk circle” value “wizard” is not one netdesk knows" in w for w in warnings)
    ImportService(db).commit(preview, backup=False)
    people = {c.name: c.draft for c in ExportService(db).select()}
    assert people["Ann Lee"].circle is Circle("colleague")
    assert people["Ann Lee"].notes == "Favourite band: The Beths"
    assert people["Bo Ray"].how_met is HowMet("event") and people["Bo Ray"].circle is None


def test_google_csv_round_trip_links_introducer_and_event(db: Database, tmp_path: Path) -> None:
    contacts = ContactService(db)
    event = EventService(db).create(
        EventDraft("Fall Career Fair", starts_at=datetime(2026, 10, 1, 10, tzinfo=UTC))
    )
    ann = contacts.create(ContactDraft(display_name="Ann Lee", emails=(Email("ann@acme.com"),)))
    met = datetime(2026, 10, 1, 11, 30, tzinfo=UTC)
    contacts.create(
        ContactDraft(
            display_name="Bo Ray",
            introduced_by_id=ann.id,
            event_id=event.id,
            met_at=met,
            field="Biotech",
            how_met=HowMet("event"),
        )
    )
    out = tmp_path / "google.csv"
    ExportService(db).export_summary(out, ExportFormat.CSV)
    header = out.read_text("utf-8-sig").splitlines()[0]
    assert "Custom Field 1 - Label" in header
    fresh = open_database(tmp_path / "fresh")
    try:
        _commit(fresh, out)
        bo = next(c for c in ExportService(fresh).select() if c.name == "Bo Ray")
        assert bo.introduced_by_name == "Ann Lee" and bo.event_name == "Fall Career Fair"
        assert (bo.draft.met_at, bo.draft.field, bo.draft.how_met) == (met, "Biotech", HowMet("event"))
        again = {c.name: c.draft.uid for c in ExportService(fresh).select()}
        assert again == {c.name: c.draft.uid for c in ExportService(db).select()}
    finally:
        fresh.close()


def test_same_name_and_employer_reached_apart_is_added_not_skipped(db: Database, tmp_path: Path) -> None:
    ContactService(db).create(
        ContactDraft(display_name="Nuria Núñez", organization="Acme", emails=(Email("n1@acme.com"),))
    )
    path = tmp_path / "people.csv"
    path.write_text(
        "Name,Email,Company\n"
        "Nuria Núñez,n2@acme.com,Acme\n"  # stored namesake, other e-mail: a second person
        "Nuria Núñez,,Acme\n"  # nothing to tell them apart: a duplicate, skipped
        "Sam Ode,sam@uni.edu,State U\n"
        "Sam Ode,sam.ode@gmail.com,State U\n",  # namesake in the same file, other e-mail
        encoding="utf-8",
    )
    preview = ImportService(db).preview_paths([path])
    rows = [(i.status, i.action) for i in preview.items]
    assert rows == [
        (Status.DUPLICATE, Action.CREATE),
        (Status.DUPLICATE, Action.SKIP),
        (Status.NEW, Action.CREATE),
        (Status.DUPLICATE, Action.CREATE),
    ]
    assert "added as a separate person" in preview.items[0].reason
    assert "added as a separate person" in preview.items[3].reason
    ImportService(db).commit(preview, backup=False)
    assert ContactService(db).count() == 4
