"""Writes CSV contact files the way Outlook, Thunderbird and small tools write them, with the truth.

Not tuned to any sample: every client x UI language x separator x encoding x header/no-header
combination is generated from random realistic people (accents, CJK, apostrophes), several
e-mails and phones, values holding the separator, quotes and line breaks, and addresses on
special-use domains that must be kept. Each file comes with the contacts it holds, so a test can
compare an import field by field. Column names are the ones each client writes in that language.

Run ``python -m tests.interchange_gen.csv_dialects OUTDIR`` to write the files for a look.
"""

from __future__ import annotations

import csv
import io
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

LANGUAGES = ("en", "de", "fr", "es", "ja")

_GIVEN = {
    "en": ("Ada", "Liam", "Zoë", "Seán", "Olivia", "Noah"),
    "de": ("Jürgen", "Änne", "Björn", "Lukas", "Greta", "Maximilian"),
    "fr": ("Éloïse", "François", "Gaëlle", "Théo", "Chloé", "Jérôme"),
    "es": ("José", "Begoña", "Íñigo", "Lucía", "Martín", "Nuria"),
    "ja": ("太郎", "花子", "さくら", "健一", "美咲", "翔太"),
}
_FAMILY = {
    "en": ("O'Brien", "Smith", "Walker-Jones", "McAllister", "Nguyen", "Clarke"),
    "de": ("Müller", "Groß", "Schäfer", "Weiß", "Köhler", "Bauer"),
    "fr": ("Lefèvre", "Dubois", "Giraud", "Bélanger", "Mercier", "Lemaître"),
    "es": ("Núñez", "García", "Peña", "Ibáñez", "Ortega", "Muñoz"),
    "ja": ("山田", "髙橋", "佐藤", "鈴木", "渡辺", "伊藤"),
}
_ORGS = {
    "en": ("Harbor Music Studio", "Smith, Barney & Co", 'The "Blue" Bakery', "Acme; Widgets Ltd"),
    "de": ("Müller & Söhne, GmbH", "Bäckerei Groß", "Stadtwerke Köln; Netze"),
    "fr": ("Société Générale", "Café de l'Époque, SARL", "Crème & Brûlée"),
    "es": ("Peña y Asociados, S.L.", "Panadería Núñez", "Compañía Ibérica"),
    "ja": ("株式会社サンプル", "東京ミュージック", "髙橋商事、大阪支店"),
}
_TITLES = {
    "en": ("Studio Owner", "Director, Sales", "Engineer"),
    "de": ("Geschäftsführer", "Leiterin; Vertrieb", "Ingenieur"),
    "fr": ("Directrice, ventes", "Ingénieur", "Chargée d'affaires"),
    "es": ("Directora, ventas", "Ingeniero", "Jefa de compras"),
    "ja": ("部長", "エンジニア", "営業、課長"),
}
_NOTES = (
    'Met at the fair, said "call me"',
    "Two lines:\nsecond line here",
    "Likes jazz, tea; and chess",
    "イベントで会った",
)
_DOMAINS = ("example.org", "mail.example.com", "host.invalid", "localhost", "domain.tld", "firma.example.de")

# (field, column name per language) for each client; None where that client has no column.
_OUTLOOK = (
    ("prefix", ("Title", "Anrede", "Titre", "Tratamiento", "敬称")),
    ("given", ("First Name", "Vorname", "Prénom", "Nombre", "名")),
    ("middle", ("Middle Name", "Weitere Vornamen", "Deuxième prénom", "Segundo nombre", "ミドル ネーム")),
    ("family", ("Last Name", "Nachname", "Nom", "Apellidos", "姓")),
    ("org", ("Company", "Firma", "Société", "Organización", "会社名")),
    ("department", ("Department", "Abteilung", "Service", "Departamento", "部署")),
    ("title", ("Job Title", "Position", "Fonction", "Puesto", "役職")),
    (
        "phone_work",
        ("Business Phone", "Telefon geschäftlich", "Téléphone (bureau)", "Teléfono del trabajo", "会社電話"),
    ),
    ("phone_home", ("Home Phone", "Telefon (privat)", "Téléphone (domicile)", "Particular", "自宅電話")),
    ("phone_mobile", ("Mobile Phone", "Mobiltelefon", "Tél. mobile", "Móvil", "携帯電話")),
    (
        "email1",
        (
            "E-mail Address",
            "E-Mail-Adresse",
            "Adresse de messagerie",
            "Dirección de correo electrónico",
            "電子メール アドレス",
        ),
    ),
    (
        "email_type",
        ("E-mail Type", "E-Mail-Typ", "Type de messagerie", "Tipo de correo electrónico", "電子メールの種類"),
    ),
    (
        "email2",
        (
            "E-mail 2 Address",
            "E-Mail 2: Adresse",
            "Adresse de messagerie 2",
            "Dirección de correo electrónico 2",
            "電子メール 2 アドレス",
        ),
    ),
    ("notes", ("Notes", "Notizen", "Notes", "Notas", "メモ")),
    ("url", ("Web Page", "Webseite", "Page Web", "Página web", "Web ページ")),
)
_THUNDERBIRD = (
    ("given", ("First Name", "Vorname", "Prénom", "Nombre", "名")),
    ("family", ("Last Name", "Nachname", "Nom de famille", "Apellidos", "姓")),
    ("display", ("Display Name", "Anzeigename", "Nom à afficher", "Nombre mostrado", "表示名")),
    ("nickname", ("Nickname", "Spitzname", "Surnom", "Apodo", "ニックネーム")),
    (
        "email1",
        (
            "Primary Email",
            "Primäre E-Mail-Adresse",
            "Adresse électronique principale",
            "Dirección de correo",
            "メールアドレス",
        ),
    ),
    (
        "email2",
        (
            "Secondary Email",
            "Sekundäre E-Mail-Adresse",
            "Adresse électronique secondaire",
            "Dirección de correo adicional",
            "第 2 メールアドレス",
        ),
    ),
    (
        "phone_work",
        ("Work Phone", "Tel. dienstlich", "Tél. professionnel", "Teléfono del trabajo", "勤務先電話番号"),
    ),
    ("phone_home", ("Home Phone", "Tel. privat", "Tél. personnel", "Teléfono particular", "自宅電話番号")),
    ("phone_mobile", ("Mobile Number", "Mobil-Tel.-Nr.", "Portable", "Número del móvil", "携帯電話番号")),
    ("title", ("Job Title", "Arbeitstitel", "Profession", "Puesto de trabajo", "役職")),
    ("department", ("Department", "Abteilung", "Service", "Departamento", "部署")),
    ("org", ("Organization", "Organisation", "Société", "Organización", "勤務先")),
    ("url", ("Web Page 1", "Webseite 1", "Site Web 1", "Página web 1", "Web ページ 1")),
    ("notes", ("Notes", "Notizen", "Notes", "Notas", "メモ")),
)
# A small tool's English export with the header variants the issue names.
_GENERIC = (
    ("display", ("Display Name",)),
    ("email1", ("Email Work",)),
    ("email2", ("Email Home",)),
    ("email3", ("Email Other",)),
    ("phone_home", ("Home Phone 2",)),
    ("phone", ("Primary Phone",)),
    ("url", ("Web Page",)),
    ("org", ("Company",)),
    ("title", ("Job Title",)),
    ("notes", ("Notes",)),
)
# Header-less: name, e-mail, phone, link, organisation, title (values only).
_HEADERLESS = ("display", "email1", "phone", "url", "org", "title")

CLIENTS = {"outlook": _OUTLOOK, "thunderbird": _THUNDERBIRD, "generic": _GENERIC, "headerless": _HEADERLESS}


@dataclass
class Person:
    """What one generated row holds, in netdesk's terms."""

    given: str
    family: str
    display: str
    org: str
    title: str
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    url: str = ""
    notes: str = ""
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class Variant:
    client: str
    language: str
    delimiter: str  # "," ";" "\t" or "mixed" (comma header, tab rows)
    encoding: str
    header: bool

    @property
    def name(self) -> str:
        sep = {",": "comma", ";": "semicolon", "\t": "tab", "mixed": "mixed"}[self.delimiter]
        head = "header" if self.header else "noheader"
        return f"{self.client}_{self.language}_{sep}_{self.encoding}_{head}.csv"


def variants() -> Iterator[Variant]:
    """Every combination a real client can produce (cp1252 only for Latin text, cp932 for Japanese)."""
    for client in CLIENTS:
        languages = LANGUAGES if client in ("outlook", "thunderbird") else ("en", "de", "ja")
        for language in languages:
            delimiters = [",", ";", "\t"] + (["mixed"] if client == "thunderbird" else [])
            legacy = "cp932" if language == "ja" else "cp1252"
            for delimiter in delimiters:
                for encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom", legacy):
                    yield Variant(client, language, delimiter, encoding, client != "headerless")


def _phone(rng: random.Random, language: str) -> str:
    prefix = {"en": "+1 617", "de": "+49 30", "fr": "+33 1", "es": "+34 91", "ja": "+81 3"}[language]
    return f"{prefix} {rng.randint(200, 989)} {rng.randint(1000, 9999)}"


def person(rng: random.Random, language: str, client: str, number: int) -> Person:
    given, family = rng.choice(_GIVEN[language]), rng.choice(_FAMILY[language])
    display = f"{family} {given}" if language == "ja" else f"{given} {family}"
    if client in ("thunderbird", "generic") and rng.random() < 0.3:
        display = f"{display} ({rng.choice(('Work', 'Uni', 'Chor'))})"  # the display name wins
    local = f"p{number}.{rng.randint(10, 99)}"
    emails = [f"{local}@{rng.choice(_DOMAINS)}" for _ in range(rng.randint(1, 3))]
    emails = list(dict.fromkeys(emails))
    phones = list(dict.fromkeys(_phone(rng, language) for _ in range(rng.randint(1, 3))))
    p = Person(
        given=given,
        family=family,
        display=display,
        org=rng.choice(_ORGS[language]),
        title=rng.choice(_TITLES[language]),
        emails=emails,
        phones=phones,
        url=f"https://www.example.org/~p{number}",
        notes=rng.choice(_NOTES),
    )
    return p


def _cells(p: Person, columns: tuple[str, ...]) -> dict[str, str]:
    """The row's cells by field; e-mails and phones go to as many columns as the client has."""
    cells = {
        "given": p.given,
        "family": p.family,
        "display": p.display,
        "org": p.org,
        "title": p.title,
        "url": p.url,
        "notes": p.notes,
        "prefix": "Dr.",
        "middle": "",
        "department": "",
        "nickname": "",
        "email_type": "SMTP",
    }
    email_columns = [c for c in columns if c.startswith("email") and c != "email_type"]
    for column, address in zip(email_columns, p.emails, strict=False):
        cells[column] = address
    p.emails = p.emails[: len(email_columns)]
    phone_columns = [c for c in columns if c.startswith("phone")]
    for column, number in zip(phone_columns, p.phones, strict=False):
        cells[column] = number
    p.phones = p.phones[: len(phone_columns)]
    return cells


def render(variant: Variant, rng: random.Random, count: int = 6) -> tuple[bytes, list[Person]]:
    """The file's bytes and the people in it, in order."""
    spec = CLIENTS[variant.client]
    index = LANGUAGES.index(variant.language) if variant.client in ("outlook", "thunderbird") else 0
    if variant.client == "headerless":
        columns: tuple[str, ...] = _HEADERLESS
        headers: list[str] = []
    else:
        columns = tuple(f for f, _ in spec)  # type: ignore[misc]
        headers = [names[index] for _, names in spec]  # type: ignore[misc]
    people = [person(rng, variant.language, variant.client, n) for n in range(1, count + 1)]
    if variant.encoding == "cp1252" or variant.delimiter == "mixed":
        for p in people:  # cp1252 has no CJK; mixed Thunderbird rows hold no line breaks
            if variant.encoding == "cp1252" and any(ord(c) > 255 for c in p.notes):
                p.notes = ""
            if variant.delimiter == "mixed":
                p.notes = p.notes.replace("\n", " ")
    out = io.StringIO()
    row_sep = "\t" if variant.delimiter == "mixed" else variant.delimiter
    newline = "\r\n" if variant.client == "outlook" else "\n"
    if headers:
        head_sep = "," if variant.delimiter == "mixed" else variant.delimiter
        csv.writer(out, delimiter=head_sep, lineterminator=newline).writerow(headers)
    writer = csv.writer(out, delimiter=row_sep, lineterminator=newline)
    for p in people:
        p.cells = _cells(p, columns)
        writer.writerow([p.cells.get(c, "") for c in columns])
    text = out.getvalue()
    if variant.encoding == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be"), people
    return text.encode(variant.encoding), people


def expected(variant: Variant, p: Person) -> dict[str, object]:
    """What netdesk must read back: the display name column wins over first + last."""
    has_display = variant.client in ("thunderbird", "generic", "headerless")
    has_parts = variant.client in ("outlook", "thunderbird")
    return {
        "display_name": p.display if has_display else f"{p.given} {p.family}",
        "given_name": p.given if has_parts else "",
        "family_name": p.family if has_parts else "",
        "organization": " ".join(p.org.split()),
        "title": " ".join(p.title.split()),
        "emails": [e.lower() for e in p.emails],
        "phones": ["".join(ch for ch in n if ch.isdigit()) for n in p.phones],
        "urls": [p.url],
        "notes": p.notes if variant.client != "headerless" else "",
    }


def write_all(folder: Path, seed: int = 12) -> list[tuple[Path, Variant, list[Person]]]:
    rng = random.Random(seed)
    written = []
    for variant in variants():
        data, people = render(variant, rng)
        path = folder / variant.name
        path.write_bytes(data)
        written.append((path, variant, people))
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "generated-csv")
    target.mkdir(parents=True, exist_ok=True)
    print(f"{len(write_all(target))} files written to {target}")
