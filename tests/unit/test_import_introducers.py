"""Introduced-by links survive export and import: introducers are found in the same file (by UID or
name, earlier or later than the person they introduced) and among stored contacts."""

from __future__ import annotations

from pathlib import Path

from netdesk.domain.models import ContactDraft
from netdesk.interchange.vcard_export import export_vcards
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database, open_database
from netdesk.services.importer import ImportService


def _card(fn: str, *extra: str) -> str:
    return "\r\n".join(["BEGIN:VCARD", "VERSION:3.0", f"FN:{fn}", *extra, "END:VCARD", ""])


def _import(db: Database, path: Path) -> None:
    service = ImportService(db)
    service.commit(service.preview_paths([path]), backup=False)


def _introducer(db: Database, name: str) -> str | None:
    contacts = ContactService(db)
    return contacts.get(contacts.find_by_name(name)[0]).introduced_by_name


def test_introducer_later_in_the_same_file(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "net.vcf"
    path.write_text(
        _card("Ann Early", "X-NETDESK-INTRODUCED-BY:Bea Later")
        + _card("Cy Middle", "X-NETDESK-INTRODUCED-BY:urn:uuid:bea-1")
        + _card("Bea Later", "UID:urn:uuid:bea-1", "X-NETDESK-INTRODUCED-BY:Dee Stored"),
        encoding="utf-8",
    )
    ContactService(db).create(ContactDraft(display_name="Dee Stored"))
    _import(db, path)
    assert _introducer(db, "Ann Early") == "Bea Later"
    assert _introducer(db, "Cy Middle") == "Bea Later"
    assert _introducer(db, "Bea Later") == "Dee Stored"


def test_introducer_matched_to_a_stored_duplicate_in_the_file(db: Database, tmp_path: Path) -> None:
    ContactService(db).create(ContactDraft(display_name="Bea Known", emails=()))
    path = tmp_path / "net.vcf"
    path.write_text(
        _card("Ann", "X-NETDESK-INTRODUCED-BY:Bea Known") + _card("Bea Known"),
        encoding="utf-8",
    )
    _import(db, path)
    assert _introducer(db, "Ann") == "Bea Known"


def test_unknown_introducer_is_kept_for_export(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "net.vcf"
    path.write_text(_card("Ann", "X-NETDESK-INTRODUCED-BY:Nobody\\, Here"), encoding="utf-8")
    _import(db, path)
    contacts = ContactService(db)
    ann = contacts.find_by_name("Ann")[0]
    assert _introducer(db, "Ann") is None
    assert ImportService(db).vcard_extras([ann])[ann] == ("X-NETDESK-INTRODUCED-BY:Nobody\\, Here",)


def test_network_round_trip_into_an_empty_database(db: Database, tmp_path: Path) -> None:
    contacts = ContactService(db)
    bea = contacts.create(ContactDraft(display_name="Bea"))
    contacts.create(ContactDraft(display_name="Ann", introduced_by_id=bea.id))
    out = tmp_path / "all.vcf"
    # Ann first, her introducer after her: order must not matter
    everyone = sorted(
        (contacts.get(i) for i in (*contacts.find_by_name("Ann"), bea.id)), key=lambda c: c.name
    )
    export_vcards(everyone, out)
    fresh = open_database(tmp_path / "fresh")
    try:
        _import(fresh, out)
        assert _introducer(fresh, "Ann") == "Bea"
    finally:
        fresh.close()


def test_stored_introducer_found_by_uid_whatever_their_name_is_now(db: Database, tmp_path: Path) -> None:
    contacts = ContactService(db)
    bea = contacts.create(ContactDraft(display_name="Beatrice Renamed"))
    uid = contacts.get(bea.id).draft.uid
    assert uid.startswith("urn:uuid:")
    path = tmp_path / "one.vcf"
    path.write_text(_card("Ann", f"X-NETDESK-INTRODUCED-BY;X-NAME=Bea Old:{uid}"), encoding="utf-8")
    _import(db, path)
    assert _introducer(db, "Ann") == "Beatrice Renamed"


def test_unknown_uid_falls_back_to_the_name_written_beside_it(db: Database, tmp_path: Path) -> None:
    ContactService(db).create(ContactDraft(display_name="Bea Known"))
    path = tmp_path / "one.vcf"
    path.write_text(
        _card("Ann", "X-NETDESK-INTRODUCED-BY;X-NAME=Bea Known:urn:uuid:made-elsewhere")
        + _card("Cy", "X-NETDESK-INTRODUCED-BY;X-NAME=Dee In File:urn:uuid:other")
        + _card("Dee In File"),
        encoding="utf-8",
    )
    _import(db, path)
    assert _introducer(db, "Ann") == "Bea Known"
    assert _introducer(db, "Cy") == "Dee In File"


def test_unresolved_uid_is_kept_with_its_name(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "one.vcf"
    path.write_text(
        _card("Ann", 'X-NETDESK-INTRODUCED-BY;X-NAME="Nobody, Here":urn:uuid:gone'), encoding="utf-8"
    )
    _import(db, path)
    ann = ContactService(db).find_by_name("Ann")[0]
    assert _introducer(db, "Ann") is None
    kept = ImportService(db).vcard_extras([ann])[ann]
    assert kept == ('X-NETDESK-INTRODUCED-BY;X-NAME="Nobody, Here":urn:uuid:gone',)
