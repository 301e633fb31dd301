"""Column names of Outlook and Thunderbird exports in English, German, French, Spanish and Japanese.

Both programs write their column names in the user's language, so the same "E-mail Address"
arrives as "E-Mail-Adresse", "Adresse de messagerie", "Dirección de correo electrónico" or
"電子メール アドレス". Before this table a German Outlook file was a "generic CSV" whose e-mail
and phone columns were silently left out. Names are written here as the programs write them;
``header_key`` folds case, accents, spaces and punctuation so near-spellings match too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from netdesk.domain.search import fold
from netdesk.interchange.records import OUTLOOK, THUNDERBIRD

#: A column whose values are derived from other columns ("E-mail Display Name", "E-mail Type"):
#: skipping it loses nothing, so it is not reported.
REDUNDANT = "redundant"


def header_key(header: str) -> str:
    """'E-mail 1 - Value' -> 'email1value'; letters of any script are kept ('メールアドレス')."""
    return re.sub(r"[\W_]", "", fold(header.lstrip("\ufeff").strip()))


def _table(entries: Mapping[str, Iterable[str]]) -> dict[str, str]:
    return {header_key(name): target for target, names in entries.items() for name in names}


# Outlook's "Export to a file -> Comma Separated Values", per UI language.
_OUTLOOK_NAMES: dict[str, tuple[str, ...]] = {
    "given_name": ("First Name", "Vorname", "Prénom", "Nombre", "名"),
    "middle_name": ("Middle Name", "Weitere Vornamen", "Deuxième prénom", "Segundo nombre", "ミドル ネーム"),
    "family_name": ("Last Name", "Nachname", "Nom", "Apellidos", "姓"),
    "organization": ("Company", "Firma", "Société", "Organización", "Compañía", "会社名"),
    "department": ("Department", "Abteilung", "Service", "Departamento", "部署"),
    "title": ("Job Title", "Position", "Titre du poste", "Fonction", "Puesto", "役職"),
    "email": (
        "E-mail Address",
        "E-mail 2 Address",
        "E-mail 3 Address",
        "E-Mail-Adresse",
        "E-Mail 2: Adresse",
        "E-Mail 3: Adresse",
        "Adresse de messagerie",
        "Adresse de messagerie 2",
        "Adresse de messagerie 3",
        "Dirección de correo electrónico",
        "Dirección de correo electrónico 2",
        "Dirección de correo electrónico 3",
        "電子メール アドレス",
        "電子メール 2 アドレス",
        "電子メール 3 アドレス",
    ),
    "phone_work": (
        "Business Phone",
        "Business Phone 2",
        "Company Main Phone",
        "Telefon geschäftlich",
        "Telefon geschäftlich 2",
        "Telefon Firma",
        "Téléphone (bureau)",
        "Téléphone 2 (bureau)",
        "Téléphone société",
        "Teléfono del trabajo",
        "Teléfono del trabajo 2",
        "Número de centralita de la organización",
        "会社電話",
        "会社電話 2",
        "会社代表電話",
    ),
    "phone_home": (
        "Home Phone",
        "Home Phone 2",
        "Telefon (privat)",
        "Telefon (privat 2)",
        "Téléphone (domicile)",
        "Téléphone 2 (domicile)",
        "Particular",
        "Teléfono particular",
        "Teléfono particular 2",
        "自宅電話",
        "自宅電話 2",
    ),
    "phone_mobile": (
        "Mobile Phone",
        "Car Phone",
        "Mobiltelefon",
        "Mobiltelefon 2",
        "Autotelefon",
        "Tél. mobile",
        "Téléphone (voiture)",
        "Móvil",
        "Teléfono del automóvil",
        "携帯電話",
        "自動車電話",
    ),
    "phone_fax": (
        "Business Fax",
        "Home Fax",
        "Other Fax",
        "Fax geschäftlich",
        "Fax privat",
        "Weiteres Fax",
        "Télécopie (bureau)",
        "Télécopie (domicile)",
        "Télécopie (autre)",
        "Fax del trabajo",
        "Fax particular",
        "Otro fax",
        "会社 FAX",
        "自宅 FAX",
        "その他の FAX",
    ),
    "phone": (
        "Other Phone",
        "Primary Phone",
        "Weiteres Telefon",
        "Haupttelefon",
        "Téléphone (autre)",
        "Téléphone principal",
        "Otro teléfono",
        "Teléfono principal",
        "その他の電話",
        "通常の電話",
    ),
    "url": ("Web Page", "Personal Web Page", "Webseite", "Page Web", "Página web", "Web ページ"),
    "notes": ("Notes", "Notizen", "Notas", "メモ"),
    "tags": ("Categories", "Kategorien", "Catégories", "Categorías", "分類"),
    "address": (
        "Business Street",
        "Business Street 2",
        "Business Street 3",
        "Business City",
        "Business State",
        "Business Postal Code",
        "Business Country/Region",
        "Straße geschäftlich",
        "Straße geschäftlich 2",
        "Ort geschäftlich",
        "Region geschäftlich",
        "Postleitzahl geschäftlich",
        "Land/Region geschäftlich",
        "Rue (bureau)",
        "Rue (bureau) 2",
        "Ville (bureau)",
        "Dép/Région (bureau)",
        "Code postal (bureau)",
        "Pays/Région (bureau)",
        "Calle del trabajo",
        "Calle del trabajo 2",
        "Ciudad de trabajo",
        "Provincia o estado de trabajo",
        "Código postal del trabajo",
        "País o región del trabajo",
        "番地 (会社)",
        "市区町村 (会社)",
        "都道府県 (会社)",
        "郵便番号 (会社)",
        "国/地域 (会社)",
    ),
    REDUNDANT: (
        "E-mail Type",
        "E-mail Display Name",
        "E-mail 2 Type",
        "E-mail 2 Display Name",
        "E-mail 3 Type",
        "E-mail 3 Display Name",
        "E-Mail-Typ",
        "E-Mail: Angezeigter Name",
        "E-Mail 2: Typ",
        "E-Mail 2: Angezeigter Name",
        "E-Mail 3: Typ",
        "E-Mail 3: Angezeigter Name",
        "Type de messagerie",
        "Nom complet de l'adresse de messagerie",
        "Type de messagerie 2",
        "Nom complet de l'adresse de messagerie 2",
        "Tipo de correo electrónico",
        "Nombre mostrado del correo electrónico",
        "Tipo de correo electrónico 2",
        "Nombre mostrado del correo electrónico 2",
        "電子メールの種類",
        "電子メール表示名",
        "電子メール 2 の種類",
        "電子メール 2 表示名",
    ),
}

# Thunderbird's address book "Export -> Comma/Tab separated", per UI language.
_THUNDERBIRD_NAMES: dict[str, tuple[str, ...]] = {
    "given_name": ("First Name", "Vorname", "Prénom", "Nombre", "名"),
    "family_name": ("Last Name", "Nachname", "Nom de famille", "Nom", "Apellidos", "姓"),
    "display_name": ("Display Name", "Anzeigename", "Nom à afficher", "Nombre mostrado", "表示名"),
    "email": (
        "Primary Email",
        "Secondary Email",
        "Primäre E-Mail-Adresse",
        "Sekundäre E-Mail-Adresse",
        "Adresse électronique principale",
        "Adresse électronique secondaire",
        "Dirección de correo",
        "Dirección de correo adicional",
        "Correo electrónico principal",
        "Correo electrónico secundario",
        "メールアドレス",
        "第 2 メールアドレス",
    ),
    "phone_work": (
        "Work Phone",
        "Tel. dienstlich",
        "Tél. professionnel",
        "Teléfono del trabajo",
        "勤務先電話番号",
    ),
    "phone_home": ("Home Phone", "Tel. privat", "Tél. personnel", "Teléfono particular", "自宅電話番号"),
    "phone_mobile": ("Mobile Number", "Mobil-Tel.-Nr.", "Portable", "Número del móvil", "携帯電話番号"),
    "phone_fax": ("Fax Number", "Fax-Nummer", "Fax", "Número de fax", "FAX 番号"),
    "title": ("Job Title", "Arbeitstitel", "Profession", "Puesto de trabajo", "役職"),
    "department": ("Department", "Abteilung", "Service", "Departamento", "部署"),
    "organization": ("Organization", "Organisation", "Société", "Organización", "勤務先"),
    "url": (
        "Web Page 1",
        "Web Page 2",
        "Webseite 1",
        "Webseite 2",
        "Site Web 1",
        "Site Web 2",
        "Página web 1",
        "Página web 2",
        "Web ページ 1",
        "Web ページ 2",
    ),
    "notes": ("Notes", "Notizen", "Notas", "メモ"),
    "address": (
        "Work Address",
        "Work Address 2",
        "Work City",
        "Work State",
        "Work ZipCode",
        "Work Country",
        "Dienstlich: Adresse",
        "Dienstlich: Adresse 2",
        "Dienstlich: Ort",
        "Dienstlich: Bundesland",
        "Dienstlich: PLZ",
        "Dienstlich: Land",
        "Adresse professionnelle",
        "Adresse professionnelle 2",
        "Ville (professionnelle)",
        "Dirección del trabajo",
        "Dirección del trabajo 2",
        "Ciudad del trabajo",
        "勤務先住所",
        "勤務先住所 2",
        "勤務先市区町村",
        "勤務先都道府県",
        "勤務先郵便番号",
        "勤務先国",
    ),
}

# Any other CSV: the spellings people and smaller tools use (the mapping dialog corrects the rest).
_GENERIC_NAMES: dict[str, tuple[str, ...]] = {
    "display_name": (
        "Name",
        "Full Name",
        "Display Name",
        "Contact",
        "Contact Name",
        "FN",
        "名前",
        "氏名",
        "Nombre completo",
        "Nom complet",
        "Vollständiger Name",
    ),
    "given_name": ("First Name", "Given Name", "First", "Forename", "Vorname", "Prénom"),
    "middle_name": ("Middle Name", "Additional Name"),
    "family_name": ("Last Name", "Surname", "Family Name", "Last", "Nachname", "Nom", "Apellidos"),
    "organization": (
        "Company",
        "Organization",
        "Organisation",
        "Org",
        "Employer",
        "Firma",
        "Company Name",
        "会社",
        "会社名",
        "Société",
        "Empresa",
        "Organización",
    ),
    "title": ("Title", "Job Title", "Position", "Role", "Job", "Titel", "Poste", "Cargo", "役職"),
    "department": ("Department", "Dept", "Division", "Abteilung"),
    "email": (
        "Email",
        "E-mail Address",
        "Mail",
        "Emails",
        "Email 1",
        "Email Home",
        "Email Work",
        "Email Other",
        "Primary Email",
        "E-Mail",
        "Courriel",
        "Correo",
        "Correo electrónico",
        "メール",
        "メールアドレス",
    ),
    "email_work": ("Work Email", "Business Email", "Email Work"),
    "email_home": ("Home Email", "Personal Email", "Email Home"),
    "phone": (
        "Phone",
        "Telephone",
        "Tel",
        "Phone Number",
        "Phones",
        "Telefon",
        "Téléphone",
        "Teléfono",
        "電話",
        "電話番号",
        "Primary Phone",
        "Other Phone",
    ),
    "phone_mobile": ("Mobile", "Cell", "Mobile Phone", "Cell Phone", "Handy", "Mobile Number", "携帯"),
    "phone_work": ("Work Phone", "Business Phone", "Office Phone"),
    "phone_home": ("Home Phone", "Home Phone 2"),
    "phone_fax": ("Fax", "Fax Number"),
    "url": (
        "URL",
        "Website",
        "Web",
        "Homepage",
        "LinkedIn",
        "LinkedIn URL",
        "Profile URL",
        "Web Page",
        "Web Page 1",
        "Web Page 2",
        "Site Web",
        "Página web",
    ),
    "notes": ("Notes", "Note", "Comments", "Comment", "Remarks", "Notizen", "Notas", "メモ"),
    "tags": ("Tags", "Tag", "Labels", "Categories", "Groups"),
    "address": ("Address", "Street Address", "Postal Address"),
    "connected_on": ("Connected On",),
}
# "Email Home/Work" name their kind: the specific spelling wins over the generic "email".
_GENERIC_NAMES["email"] = tuple(n for n in _GENERIC_NAMES["email"] if n not in ("Email Home", "Email Work"))

OUTLOOK_COLUMNS = _table(_OUTLOOK_NAMES)
THUNDERBIRD_COLUMNS = _table(_THUNDERBIRD_NAMES)
GENERIC_COLUMNS = _table(_GENERIC_NAMES)
#: Outlook's "Title" column is the name prefix ("Mr.", "Dr."), not the job title.
_OUTLOOK_PREFIX = {header_key(n) for n in ("Title", "Anrede", "Titre", "Tratamiento", "敬称")}
#: Headers only Thunderbird writes: they tell its files from Outlook's and generic ones.
_THUNDERBIRD_MARKS = {
    header_key(n)
    for n in (
        "Primary Email",
        "Primäre E-Mail-Adresse",
        "Adresse électronique principale",
        "Dirección de correo",
        "Correo electrónico principal",
        "表示名",
        "Display Name",
        "Anzeigename",
        "Nom à afficher",
        "Nombre mostrado",
        "Screen Name",
        "Messenger-Name",
        "Mobile Number",
        "Mobil-Tel.-Nr.",
        "Work ZipCode",
        "Dienstlich: PLZ",
        "勤務先",
        "スクリーンネーム",
        "Web Page 1",
        "Webseite 1",
        "Site Web 1",
        "Página web 1",
    )
}
_OUTLOOK_MARKS = {
    header_key(n)
    for n in (
        "E-mail Address",
        "E-Mail-Adresse",
        "Adresse de messagerie",
        "Dirección de correo electrónico",
        "電子メール アドレス",
        "Business Phone",
        "Telefon geschäftlich",
        "Téléphone (bureau)",
        "Teléfono del trabajo",
        "会社電話",
        "Business Street",
        "Straße geschäftlich",
        "Rue (bureau)",
        "Calle del trabajo",
        "番地 (会社)",
        "E-mail Type",
        "E-Mail-Typ",
        "Type de messagerie",
    )
}


def client_format(keys: set[str]) -> str | None:
    """Outlook or Thunderbird when at least two headers are ones only that program writes."""
    thunderbird = len(keys & _THUNDERBIRD_MARKS)
    outlook = len(keys & _OUTLOOK_MARKS)
    if max(thunderbird, outlook) < 2:
        return None
    return THUNDERBIRD if thunderbird > outlook else OUTLOOK


def client_target(format_name: str, key: str) -> str | None:
    """The field of one Outlook/Thunderbird column; the generic spelling when the table lacks it."""
    if format_name == OUTLOOK:
        if key in _OUTLOOK_PREFIX:
            return "name_prefix"  # "Mr." / "Dr.", not the job title
        return OUTLOOK_COLUMNS.get(key) or GENERIC_COLUMNS.get(key)
    return THUNDERBIRD_COLUMNS.get(key) or GENERIC_COLUMNS.get(key)


def any_client_target(key: str) -> str | None:
    """A localised client column in a file not recognised as that client's (a trimmed export)."""
    return OUTLOOK_COLUMNS.get(key) or THUNDERBIRD_COLUMNS.get(key)


def known_header(key: str) -> bool:
    """Whether ``key`` is a column name of any table: picks the header row after a preamble."""
    return key in GENERIC_COLUMNS or key in OUTLOOK_COLUMNS or key in THUNDERBIRD_COLUMNS


def header_keys(headers: Sequence[str]) -> set[str]:
    return {header_key(h) for h in headers}
