"""Import -> export (vCard 3.0 and 4.0, CSV in Google's and Outlook's columns) -> import into an
empty database gives the same contacts, field by field, over every corpus vCard and CSV and files
written here in the dialects of real producers (tests/interchange_gen); and every vCard export is
valid for its version to vobject and to a second validator (the ``vcard`` package for 3.0, an
RFC 6350 property/parameter list written out here for 4.0).
"""

from __future__ import annotations

import base64
import random
import re
from pathlib import Path
from typing import Any

import pytest
import vobject
from vcard.vcard_validator import validate_file

from netdesk.domain.models import Contact
from netdesk.interchange.csv_addresses import from_extras
from netdesk.interchange.csv_outlook import PHONE_COLUMNS
from netdesk.interchange.records import GOOGLE, OUTLOOK
from netdesk.interchange.vcard_writer import fold
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database, open_database
from netdesk.services.exchange import ExportFormat, ExportService, file_kind
from netdesk.services.importer import ImportService
from tests.conftest import CORPUS as SHARED_CORPUS
from tests.interchange_gen import csv_dialects, vcard_dialects

CORPUS = SHARED_CORPUS / "vcards"
CSV_CORPUS = SHARED_CORPUS / "csv"
JPEG = base64.b64encode(b"\xff\xd8\xff\xe0" + bytes(range(200)) + b"\xff\xd9").decode()
# Written from RFC 6350 section 6 and RFC 6474/6715, independently of netdesk's own tables.
RFC6350_PROPS = set(
    [
        "BEGIN",
        "END",
        "VERSION",
        "SOURCE",
        "KIND",
        "XML",
        "FN",
        "N",
        "NICKNAME",
        "PHOTO",
        "BDAY",
        "ANNIVERSARY",
        "GENDER",
        "ADR",
        "TEL",
        "EMAIL",
        "IMPP",
        "LANG",
        "TZ",
        "GEO",
        "TITLE",
        "ROLE",
        "LOGO",
        "ORG",
        "MEMBER",
        "RELATED",
        "CATEGORIES",
        "NOTE",
        "PRODID",
        "REV",
        "SOUND",
        "UID",
        "CLIENTPIDMAP",
        "URL",
        "KEY",
        "FBURL",
        "CALADRURI",
        "CALURI",
        "BIRTHPLACE",
        "DEATHPLACE",
        "DEATHDATE",
        "EXPERTISE",
        "HOBBY",
        "INTEREST",
    ]
)
RFC6350_PARAMS = set(
    [
        "LANGUAGE",
        "VALUE",
        "PREF",
        "ALTID",
        "PID",
        "TYPE",
        "MEDIATYPE",
        "CALSCALE",
        "SORT-AS",
        "GEO",
        "TZ",
        "LABEL",
    ]
)
NETWORK = f"""BEGIN:VCARD
VERSION:4.0
UID:urn:uuid:11111111-2222-4333-8444-555555555555
FN:Dr. José María Núñez-Ortega Jr.
N:Núñez-Ortega;José;María;Dr.;Jr.
NICKNAME:Pepe
BDAY:--0203
ANNIVERSARY:20150606
ORG:Harbor Music Studio\\, Inc.;Percussion
TITLE:Studio Owner; Teacher
EMAIL;TYPE=work;PREF=1:jnunez@harbormusic.net
EMAIL;TYPE=home:pepe@example.org
item1.EMAIL:assist@harbormusic.net
item1.X-ABLabel:Assistant
TEL;TYPE=cell;PREF=1:+1 508 555 0142
TEL;TYPE=work:+1 508 555 0100
TEL;TYPE=fax:+1 508 555 0199
URL;PREF=1:https://www.linkedin.com/in/jnunez
URL:https://harbormusic.net/
ADR;TYPE=work;LABEL="1 Harbor Rd\\nBoston":;Suite 2;1 Harbor Rd;Boston;MA;02110;USA
NOTE:Looking for a percussion intern.\\nLikes: drums\\, bass; jazz
CATEGORIES:music,jazz
GENDER:M
PHOTO:data:image/jpeg;base64,{JPEG}
X-NETDESK-CIRCLE:professional
X-NETDESK-HOW-MET:event
X-NETDESK-FIELD:Music education
X-NETDESK-MET-AT:2026-11-20T10:15:00-05:00
X-NETDESK-EVENT:Fall Career Fair
X-NETDESK-INTRODUCED-BY:urn:uuid:aaaaaaaa-2222-4333-8444-555555555555
END:VCARD
BEGIN:VCARD
VERSION:3.0
UID:mei-42
FN:王美 (Mei Wang)
N:王;美;;;
BDAY:1990-12-31
EMAIL;TYPE=INTERNET,pref:mei@例え.jp
EMAIL;TYPE=INTERNET,X-SCHOOL:mei@uni.edu
TEL;TYPE=HOME:+81 3-1234-5678
PHOTO;ENCODING=b;TYPE=JPEG:{JPEG}
X-NETDESK-CIRCLE:classmate
END:VCARD
BEGIN:VCARD
VERSION:3.0
UID:urn:uuid:aaaaaaaa-2222-4333-8444-555555555555
FN:Ann Introducer
N:Introducer;Ann;;;
EMAIL:ann@example.org
END:VCARD
"""


def _import(db: Database, path: Path) -> None:
    service = ImportService(db)
    preview = service.preview_paths([path])
    service.commit(preview, backup=False)


def _all(db: Database) -> list[Contact]:
    return sorted(ExportService(db).select(), key=lambda c: c.draft.uid)


def _shape(db: Database, contact: Contact) -> dict[str, Any]:
    """Everything a person entered or imported, without row ids and bookkeeping."""
    draft = contact.draft
    skip = {"event_id", "introduced_by_id", "raw_source"}
    shape: dict[str, Any] = {
        name: getattr(draft, name) for name in draft.__dataclass_fields__ if name not in skip
    }
    shape.update(
        event=contact.event_name,
        introduced_by=contact.introduced_by_name,
        extras=ImportService(db).vcard_extras([contact.id]).get(contact.id, ()),
    )
    return shape


def _check_valid(path: Path, version: str) -> None:
    text = path.read_bytes().decode("utf-8")
    cards = list(vobject.readComponents(text, validate=True))
    assert cards and all(c.version.value == version for c in cards)
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    if version == "3.0":
        # The ``vcard`` validator reads RFC 2426 groups as one group per card, so Apple's per-line
        # item1. groups (valid 3.0, checked by vobject above) are taken off for it.
        plain = path.with_suffix(".plain.vcf")
        # Its text grammar also predates Unicode beyond Latin-1 (it rejects "王美"); those
        # characters become "x" for it only — vobject above reads the file as written.
        lines = re.sub(r"(?m)^[A-Za-z0-9-]+\.(?=[A-Za-z])", "", unfolded)
        lines = re.sub(r"[^\x00-\xff]", "x", lines)
        # It knows RFC 2426 only: IMPP (RFC 4770) and FBURL/CALURI/CALADRURI (RFC 2739) are 3.0
        # properties registered later, renamed to X- names for it alone.
        lines = re.sub(r"(?m)^(IMPP|FBURL|CALURI|CALADRURI)(?=[;:])", r"X-\1", lines)
        # Its parameter reader splits values on every comma, quoted or not (RFC 2426 section 4
        # allows a quoted-string value, e.g. X-LABEL="a,b"): such a value becomes "x" for it.
        lines = re.sub(r'(?m)^([^:"]*=)"[^"]*"', r"\1x", lines).split("\r\n")
        plain.write_bytes(b"".join(fold(line) for line in lines if line))
        assert validate_file(str(plain), False) == "", validate_file(str(plain), False)
        assert not re.search(r"^[^:]*;PREF=", unfolded, re.M)
        assert not re.search(r"^(GENDER|ANNIVERSARY|KIND)[;:]", unfolded, re.M)
        assert not re.search(r"^BDAY[^:]*:--", unfolded, re.M)
        return
    for line in filter(None, unfolded.split("\r\n")):
        head = re.match(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)((?:;[^:\"]*(?:\"[^\"]*\")?)*):", line)
        assert head, line
        name = head.group(1).upper()
        assert name in RFC6350_PROPS or name.startswith("X-"), line
        for param in re.findall(r";([A-Za-z0-9-]+)=", head.group(2)):
            assert param.upper() in RFC6350_PARAMS or param.upper().startswith("X-"), line
        assert not re.search(r"ENCODING=|TYPE=INTERNET|^LABEL", line, re.I), line


def _generated(tmp_path: Path) -> list[Path]:
    """Files in the dialects of the import issue, written here: every vCard producer, and one
    CSV per client and language (the encodings and separators rotate across them)."""
    folder = tmp_path / "dialects"
    folder.mkdir()
    paths: list[Path] = []
    for dialect in vcard_dialects.DIALECTS:
        path = folder / f"{dialect}.vcf"
        path.write_bytes(vcard_dialects.generate(dialect, seed=7)[0])
        paths.append(path)
    rng = random.Random(5)
    groups: dict[tuple[str, str], list[csv_dialects.Variant]] = {}
    for variant in csv_dialects.variants():
        groups.setdefault((variant.client, variant.language), []).append(variant)
    for k, group in enumerate(groups.values()):
        variant = group[(7 * k) % len(group)]
        path = folder / variant.name
        path.write_bytes(csv_dialects.render(variant, rng)[0])
        paths.append(path)
    return paths


def _sources(tmp_path: Path) -> list[Path]:
    generated = tmp_path / "network.vcf"
    generated.write_text(NETWORK.replace("\n", "\r\n"), "utf-8")
    corpus = [*sorted(CORPUS.rglob("*.vcf")), *sorted(CSV_CORPUS.rglob("*.csv"))] if CORPUS.is_dir() else []
    return [generated, *corpus, *_generated(tmp_path)]


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_vcard_export_then_import_gives_the_same_contacts(tmp_path: Path, version: str) -> None:
    for n, source in enumerate(_sources(tmp_path)):
        first = open_database(tmp_path / f"first-{n}")
        second = open_database(tmp_path / f"second-{n}")
        try:
            _import(first, source)
            out = tmp_path / f"out-{n}.vcf"
            fmt = ExportFormat.VCARD4 if version == "4.0" else ExportFormat.VCARD3
            summary = ExportService(first).export_summary(out, fmt)
            assert summary.count == ContactService(first).count() > 0
            _check_valid(out, version)
            _import(second, out)
            before = [_shape(first, c) for c in _all(first)]
            after = [_shape(second, c) for c in _all(second)]
            # Kept lines are compared as written for this version (converted once, then stable).
            again = tmp_path / f"again-{n}.vcf"
            ExportService(second).export_summary(again, fmt)
            for b, a in zip(before, after, strict=True):
                b.pop("extras"), a.pop("extras")
            assert after == before, source.name
            strip = re.compile(r"^REV:.*\r\n", re.M)
            assert strip.sub("", again.read_bytes().decode()) == strip.sub("", out.read_bytes().decode()), (
                source.name
            )
        finally:
            first.close()
            second.close()


def test_generated_network_carries_every_field(tmp_path: Path) -> None:
    db = open_database(tmp_path / "db")
    try:
        _import(db, _sources(tmp_path)[0])
        jose = next(c for c in _all(db) if c.draft.uid.startswith("urn:uuid:1111"))
        d = jose.draft
        assert (d.name_prefix, d.middle_name, d.name_suffix, d.nickname) == ("Dr.", "María", "Jr.", "Pepe")
        assert (d.birthday, d.anniversary) == ("--02-03", "2015-06-06")
        assert jose.event_name == "Fall Career Fair" and jose.introduced_by_name == "Ann Introducer"
        out = tmp_path / "three.vcf"
        notes = ExportService(db).export_summary(out, ExportFormat.VCARD3).notes
        assert any("GENDER" in n for n in notes) and any("data: URI" in n for n in notes)
        text = re.sub(r"\r\n ", "", out.read_bytes().decode())
        assert "X-NETDESK-BDAY:--02-03" in text and "X-GENDER:M" in text
        assert f"PHOTO;ENCODING=b;TYPE=JPEG:{JPEG}" in text
        assert "item1.EMAIL;TYPE=INTERNET:assist@harbormusic.net" in text or "item1.EMAIL:assist" in text
        assert "LABEL;TYPE=work:1 Harbor Rd\\nBoston" in text
    finally:
        db.close()


def _csv_shape(db: Database, contact: Contact) -> dict[str, Any]:
    """What Google's CSV carries: every field, netdesk's own in its custom fields, addresses as
    their parts (the one field kept differently: a name without parts comes back as First Name)."""
    shape = _shape(db, contact)
    shape["addresses"] = from_extras(shape.pop("extras"))
    if not shape["given_name"] and not shape["family_name"]:
        # A name without name parts: Google shows a CSV contact by its parts, so the export writes
        # the name as First Name, and it comes back as one.
        shape["given_name"] = shape["display_name"]
    return shape


def test_google_csv_export_then_import_gives_the_same_contacts(tmp_path: Path) -> None:
    for n, source in enumerate(_sources(tmp_path)):
        first = open_database(tmp_path / f"first-{n}")
        second = open_database(tmp_path / f"second-{n}")
        try:
            _import(first, source)
            out = tmp_path / f"out-{n}.csv"
            assert ExportService(first).export_summary(out, ExportFormat.CSV).count > 0
            parsed = ImportService(second).preview_paths([out])
            assert {item.file for item in parsed.items} and file_kind(out) == GOOGLE, source.name
            _import(second, out)
            before = sorted((_csv_shape(first, c) for c in _all(first)), key=repr)
            after = sorted((_csv_shape(second, c) for c in _all(second)), key=repr)
            assert after == before, source.name
        finally:
            first.close()
            second.close()


def _outlook_shape(db: Database, contact: Contact) -> dict[str, Any]:
    """What Outlook's CSV carries (its fixed columns; the export notes the rest): name parts, dates
    with a year, three e-mails without kinds (Outlook types them all SMTP), phones up to its
    columns of each kind (read back in column order), one web page, one address per kind (its
    extended part written after the street: Outlook has no column for it)."""
    d = contact.draft
    given = d.given_name or ("" if d.family_name else d.name)
    phones: list[tuple[str, str]] = []
    for kind, columns in PHONE_COLUMNS.items():
        phones += sorted((p.raw, p.kind.value) for p in d.phones if p.kind is kind)[: len(columns)]
    places: dict[str, tuple[str, ...]] = {}
    for place in from_extras(ImportService(db).vcard_extras([contact.id]).get(contact.id, ())):
        street = "\n".join(p for p in (place.part("street"), place.part("ext")) if p)
        places.setdefault(place.kind, (place.part("pobox"), "", street, *place.parts[3:]))
    if not places and d.address:
        places["work"] = ("", "", d.address, "", "", "", "")
    return {
        "name": (d.name_prefix, given, d.middle_name, d.family_name, d.name_suffix, d.nickname),
        "dates": tuple("" if v.startswith("--") else v for v in (d.birthday, d.anniversary)),
        "work": (d.organization, d.title, d.department, d.notes, d.tags),
        "emails": [e.address for e in d.emails[:3]],
        "phones": sorted(phones),
        "url": d.urls[0].url if d.urls else "",
        "places": places,
    }


def test_outlook_csv_export_then_import_keeps_what_outlook_can_hold(tmp_path: Path) -> None:
    for n, source in enumerate(_sources(tmp_path)):
        first = open_database(tmp_path / f"first-{n}")
        second = open_database(tmp_path / f"second-{n}")
        try:
            _import(first, source)
            out = tmp_path / f"out-{n}.csv"
            summary = ExportService(first).export_summary(out, ExportFormat.CSV_OUTLOOK)
            assert summary.count > 0 and file_kind(out) == OUTLOOK, source.name
            _import(second, out)
            before = sorted((_outlook_shape(first, c) for c in _all(first)), key=repr)
            after = sorted((_outlook_shape(second, c) for c in _all(second)), key=repr)
            assert after == before, source.name
        finally:
            first.close()
            second.close()


def test_outlook_export_notes_what_its_columns_cannot_hold(tmp_path: Path) -> None:
    db = open_database(tmp_path / "db")
    try:
        _import(db, _sources(tmp_path)[0])
        out = tmp_path / "outlook.csv"
        notes = " | ".join(ExportService(db).export_summary(out, ExportFormat.CSV_OUTLOOK).notes)
        header = out.read_bytes().decode("utf-8-sig").split("\r\n", 1)[0].split(",")
        assert {"Title", "Suffix", "Birthday", "Anniversary", "Home Street", "E-mail 3 Address"} <= set(
            header
        )
        assert "display name left out" in notes and "date without a year left out" in notes
        assert "links after the first left out" in notes
        assert "José" not in notes and "Harbor" not in notes  # kinds and counts, never values
    finally:
        db.close()
