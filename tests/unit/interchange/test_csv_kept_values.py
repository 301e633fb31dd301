"""Issue 12, CSV part: e-mails kept and flagged, nothing dropped without a warning, client dialects.

Each test describes a bug of the code before this change (addresses on special-use domains
vanished without a word, German Outlook columns were ignored, a header-less file took its first
contact as the header, UTF-16 Thunderbird files with a comma header read as one column).
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from email_validator import EmailNotValidError, validate_email

from netdesk.domain.models import ContactDraft, Email, EmailKind, PhoneKind
from netdesk.interchange.csv_import import inspect_csv, read_csv
from netdesk.interchange.records import OUTLOOK, THUNDERBIRD
from netdesk.normalize.emails import EmailError, check_email, check_email_kept
from netdesk.services.validation import clean_draft

KEPT = ["john@host.invalid", "contact1@invalid", "test@domain.tld", "a@localhost", "x@mail.example.test"]


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("address", KEPT)
def test_valid_addresses_on_special_use_domains_are_kept_with_a_warning(tmp_path: Path, address: str) -> None:
    path = _write(tmp_path, "people.csv", f"Name,Email\nAda Lovelace,{address}\n")
    parsed = read_csv(path)
    assert [e.address for e in parsed.records[0].draft.emails] == [address]
    deliverable = check_email_kept(address).doubt == ""
    notes = [w for w in parsed.all_warnings() if "does not look deliverable" in w.message]
    if deliverable:
        assert notes == []
    else:
        assert [(w.line, w.field) for w in notes] == [(2, "Email")]
        assert address in notes[0].message


def test_an_invalid_address_is_reported_with_its_line_not_dropped_silently(tmp_path: Path) -> None:
    path = _write(tmp_path, "people.csv", "Name,Email\nAda,ada@example.org\nBob,bob@@example..org\n")
    warnings = read_csv(path).all_warnings()
    assert [(w.line, w.field) for w in warnings] == [(3, "Email")]
    assert "bob@@example..org" in warnings[0].message and "left out" in warnings[0].message


def test_kept_check_agrees_with_the_library_wherever_the_library_accepts() -> None:
    for address in [
        "Person.Name+tag@Example.ORG",
        "josé@example.org",
        "a@xn--bcher-kva.ch",
        "POSTMASTER@x.org",
    ]:
        assert check_email_kept(address).address == str(
            validate_email(address, check_deliverability=False).normalized
        )
        assert check_email_kept(address).doubt == ""
    for broken in ["a..b@example.org", ".a@example.org", "a@-bad.com", "nope", "a@b@c", "a@exa mple.org"]:
        with pytest.raises(EmailError):
            check_email_kept(broken)
        with pytest.raises(EmailNotValidError):
            validate_email(broken, check_deliverability=False)


def test_strict_check_still_refuses_undeliverable_addresses() -> None:
    """The strict check (fast path pinned to the library) is unchanged; only the kept one is lenient."""
    with pytest.raises(EmailError):
        check_email("a@localhost")
    assert check_email_kept("A@Host.INVALID").address == "A@host.invalid"


def test_saving_a_contact_keeps_an_imported_undeliverable_address() -> None:
    draft = clean_draft(ContactDraft(display_name="Ada", emails=(Email("a@localhost", EmailKind.OTHER),)))
    assert [e.address for e in draft.emails] == ["a@localhost"]


def test_unmapped_column_with_values_is_reported_once_with_its_first_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "p.csv",
        "Name,Email,Birthday,Spouse\nAda,ada@example.org,,\nBob,bob@example.org,1990-01-02,\n"
        "Cy,cy@example.org,1991-03-04,\n",
    )
    warnings = read_csv(path).all_warnings()
    assert [(w.line, w.field) for w in warnings] == [(3, "Birthday")]
    assert "2 rows" in warnings[0].message


def test_a_second_value_for_a_one_value_field_is_reported(tmp_path: Path) -> None:
    path = _write(tmp_path, "p.csv", "Name,Company,Organisation\nAda,Analytical Engines,Babbage Ltd\n")
    parsed = read_csv(path)
    assert parsed.records[0].draft.organization == "Analytical Engines"
    [warning] = parsed.all_warnings()
    assert (warning.line, warning.field) == (2, "Organisation") and "Babbage Ltd" in warning.message


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_headerless_file_columns_are_recognised_from_values(tmp_path: Path, delimiter: str) -> None:
    rows = [
        [
            "Ada Lovelace",
            "ada@example.org",
            "+44 20 7946 0018",
            "https://ada.example.org",
            "Analytical Engines",
        ],
        ["José Núñez", "jose@host.invalid", "+1 508 555 0142", "https://jose.example.org", "Harbor, Music"],
    ]
    lines = [delimiter.join(f'"{c}"' if delimiter in c else c for c in row) for row in rows]
    path = _write(tmp_path, "nohead.csv", "\n".join(lines) + "\n")
    layout = inspect_csv(path)
    assert not layout.has_header and layout.delimiter == delimiter
    parsed = read_csv(path)
    assert [r.draft.display_name for r in parsed.records] == [
        "Ada Lovelace",
        "José Núñez",
    ]  # line 1 is a person
    assert parsed.records[1].draft.emails[0].address == "jose@host.invalid"
    assert parsed.records[1].draft.organization == "Harbor, Music"
    assert parsed.warnings[0].line == 1 and "no header row" in parsed.warnings[0].message


def test_german_outlook_semicolon_cp1252(tmp_path: Path) -> None:
    text = (
        "Anrede;Vorname;Weitere Vornamen;Nachname;Firma;Abteilung;Position;Telefon geschäftlich;Mobiltelefon;"
        "E-Mail-Adresse;E-Mail-Typ;E-Mail: Angezeigter Name;E-Mail 2: Adresse;Webseite\r\n"
        "Herr;Jürgen;;Groß;Müller & Söhne;Vertrieb;Leiter;+49 30 1234567;+49 171 1234567;"
        "j.gross@example.de;SMTP;Jürgen Groß (j.gross@example.de);jg@firma.local;https://example.de\r\n"
    )
    parsed = read_csv(_write(tmp_path, "kontakte.csv", text, "cp1252"))
    assert (parsed.format, parsed.encoding) == (OUTLOOK, "cp1252")
    d = parsed.records[0].draft
    assert (d.display_name, d.given_name, d.family_name) == ("Jürgen Groß", "Jürgen", "Groß")
    assert (d.organization, d.department, d.title) == ("Müller & Söhne", "Vertrieb", "Leiter")
    assert [e.address for e in d.emails] == ["j.gross@example.de", "jg@firma.local"]
    assert [p.kind for p in d.phones] == [PhoneKind.WORK, PhoneKind.MOBILE]
    assert [u.url for u in d.urls] == ["https://example.de"]
    fields = {w.field for w in parsed.all_warnings()}
    assert d.name_prefix == "Herr" and "Anrede" not in fields  # a prefix, not the job title
    assert "E-Mail-Typ" not in fields  # derived from the address: nothing lost


@pytest.mark.parametrize(
    ("header", "row"),
    [
        (
            "Prénom,Nom,Société,Titre du poste,Adresse de messagerie,Téléphone (bureau)",
            "Éloïse,Lefèvre,Crème SA,Directrice,eloise@example.fr,+33 1 42 68 53 00",
        ),
        (
            "Nombre,Apellidos,Organización,Puesto,Dirección de correo electrónico,Móvil",
            "Begoña,Núñez,Peña SL,Jefa,begona@example.es,+34 600 123 456",
        ),
        (
            "名,姓,会社名,役職,電子メール アドレス,会社電話",
            "太郎,髙橋,株式会社サンプル,部長,taro@example.jp,+81 3-1234-5678",
        ),
    ],
)
def test_localised_outlook_headers(tmp_path: Path, header: str, row: str) -> None:
    parsed = read_csv(_write(tmp_path, "c.csv", f"{header}\r\n{row}\r\n", "utf-8-sig"))
    d = parsed.records[0].draft
    given, family, org, title, email, _phone = row.split(",")
    assert (d.given_name, d.family_name, d.organization, d.title) == (given, family, org, title)
    assert [e.address for e in d.emails] == [email] and len(d.phones) == 1


def test_japanese_thunderbird_cp932_display_name_wins(tmp_path: Path) -> None:
    text = "名,姓,表示名,メールアドレス,勤務先,役職\n太郎,髙橋,髙橋 太郎 (営業),taro@example.jp,東京ミュージック,部長\n"
    parsed = read_csv(_write(tmp_path, "tb.csv", text, "cp932"))
    assert (parsed.format, parsed.encoding) == (THUNDERBIRD, "cp932")
    d = parsed.records[0].draft
    assert (d.display_name, d.given_name, d.family_name) == ("髙橋 太郎 (営業)", "太郎", "髙橋")
    assert d.organization == "東京ミュージック"


def test_cp1252_with_few_accents_is_not_taken_for_shift_jis(tmp_path: Path) -> None:
    parsed = read_csv(_write(tmp_path, "w.csv", "Name,Email\nSeán Clarke,sean@example.ie\n", "cp1252"))
    assert parsed.encoding == "cp1252"
    assert parsed.records[0].draft.display_name == "Seán Clarke"


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_utf16_thunderbird_mixed_comma_header_tab_rows(tmp_path: Path, bom: bytes) -> None:
    text = (
        "First Name,Last Name,Display Name,Primary Email,Secondary Email,Work Phone,Organization,Notes\n"
        'Ada\tLovelace\tAda L.\tada@example.org\tada@localhost\t+44 20 7946 0018\tEngines, Ltd\t"two\nlines"\n'
        "Bob\tRoe\t\tbob@example.org\t\t\tBeta\t\n"
    )
    codec = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
    path = tmp_path / "tb.csv"
    path.write_bytes(bom + text.encode(codec))
    parsed = read_csv(path)
    assert parsed.format == THUNDERBIRD and not parsed.errors
    ada, bob = (r.draft for r in parsed.records)
    assert (ada.display_name, ada.organization, ada.notes) == ("Ada L.", "Engines, Ltd", "two\nlines")
    assert [e.address for e in ada.emails] == ["ada@example.org", "ada@localhost"]
    assert bob.display_name == "Bob Roe"  # no display name: first + last
    assert any("header is separated by commas" in w.message for w in parsed.warnings)


def test_header_variants_name_their_kind(tmp_path: Path) -> None:
    text = (
        "Display Name,First Name,Last Name,Email Home,Email Work,Email Other,Home Phone 2,Primary Phone,Web Page\n"
        "Dr. Ada King,Ada,Lovelace,ada@home.example,ada@work.example,ada@other.example,"
        "+44 20 7946 0018,+44 20 7946 0019,https://ada.example.org\n"
    )
    d = read_csv(_write(tmp_path, "v.csv", text)).records[0].draft
    assert d.display_name == "Dr. Ada King"
    assert [(e.address, e.kind) for e in d.emails] == [
        ("ada@home.example", EmailKind.HOME),
        ("ada@work.example", EmailKind.WORK),
        ("ada@other.example", EmailKind.OTHER),
    ]
    assert [p.kind for p in d.phones] == [PhoneKind.HOME, PhoneKind.OTHER]
    assert [u.url for u in d.urls] == ["https://ada.example.org"]
