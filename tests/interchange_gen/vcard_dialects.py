"""vCards written the way other programs write them, with random realistic values.

Why a generator and not more sample files: a handful of samples lets an importer be tuned to
them. Here each producer's habits (AOSP's quoted-printable 2.1 with CHARSET and nested cards,
Apple's ``itemN.`` groups with X-ABLabel and base64 photos, Google's 3.0, Outlook's 2.1 with
``Name <address>`` e-mails and Windows paths, Thunderbird/CardBook 4.0 with ``tel:`` and
``data:`` URIs, Nextcloud's Sabre output) is combined with random names (accents, CJK), long
values that fold, and commas and semicolons inside values. Each card comes with what it holds:
``Expect`` lists every value, and the test checks each is in a field or kept for export.
"""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass, field

GIVEN = [
    "José",
    "Zoë",
    "Renée",
    "Ólafur",
    "Ana María",
    "Łukasz",
    "Søren",
    "太郎",
    "美咲",
    "Chloé",
    "Anh",
    "Kwame",
]
FAMILY = [
    "Núñez",
    "Müller",
    "O'Brien",
    "山田",
    "García-López",
    "Ångström",
    "Nguyễn",
    "Dubois",
    "Østergård",
    "李",
]
ORGS = ["Harbor Music Studio", "Smith, Jones & Partners", "Société Générale", "株式会社テスト", "Acme; Labs"]
TITLES = ["Studio Owner", "Director, Research", "Ingénieure R&D", "主任研究員", "Head of Talent; EMEA"]
ROLES = ["Project leader", "Mentor, career fair", "Hiring manager"]
STREETS = ["12 Dock St, Apt 4", "Calle Mayor 5; 2º", "1-2-3 Shibuya", "Rue de l'Église 7"]
CITIES = ["Boston", "Zürich", "東京", "São Paulo", "Kraków"]
WORDS = [
    "met",
    "at",
    "the",
    "fair",
    "talked",
    "about",
    "internships",
    "marine",
    "biology",
    "percussion",
    "résumé",
    "coffee",
    "café",
    "研究",
    "ideas",
]
DIALECTS = ("aosp21", "ios30", "google30", "outlook21", "thunderbird40", "nextcloud")


@dataclass
class Expect:
    """What one generated card holds: field values, and (NAME, value) that must be kept."""

    fn: str
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)  # digits
    org: str = ""
    title: str = ""
    note: str = ""
    kept: list[tuple[str, str]] = field(default_factory=list)  # (NAME, unescaped value)
    labels: list[tuple[str, str]] = field(default_factory=list)  # (NAME of the labelled property, label)


def _esc(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _qp(value: str) -> str:
    """Quoted-printable as AOSP writes it: every non-ASCII byte encoded, soft breaks at 76."""
    out: list[str] = []
    width = 0
    for byte in value.encode("utf-8"):
        token = chr(byte) if (33 <= byte <= 126 and byte != 61) or byte == 32 else f"={byte:02X}"
        if width + len(token) > 73:
            out.append("=\r\n")
            width = 0
        out.append(token)
        width += len(token)
    return "".join(out)


def _fold(line: str, rng: random.Random) -> str:
    """Fold at 75 octets like a careless producer: sometimes inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return data.decode("latin-1")
    out = [data[:75]]
    rest = data[75:]
    while rest:
        out.append(b" " + rest[:74])
        rest = rest[74:]
    # decoded as latin-1 round trip keeps the raw bytes; the writer re-encodes as latin-1
    return "\r\n".join(part.decode("latin-1") for part in out)


def _note(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(4, 40))]
    text = " ".join(words)
    return text + rng.choice(["", ", then lunch; follow up", "\nsecond line, with comma"])


def _photo(rng: random.Random) -> str:
    return base64.b64encode(b"\xff\xd8\xff\xe0" + rng.randbytes(rng.randint(100, 1500))).decode("ascii")


def _email(given: str, family: str, rng: random.Random, n: int) -> str:
    local = "".join(ch for ch in f"{given}.{family}".lower() if ch.isascii() and (ch.isalnum() or ch == "."))
    local = local.strip(".") or f"user{rng.randint(1, 999)}"
    return f"{local}{n}@{rng.choice(['example.org', 'mail.example.com', 'uni.example.edu'])}"


def _person(rng: random.Random) -> dict[str, str]:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    return {
        "given": given,
        "family": family,
        "fn": f"{given} {family}",
        "org": rng.choice(ORGS),
        "title": rng.choice(TITLES),
        "email1": _email(given, family, rng, 1),
        "email2": _email(given, family, rng, 2),
        "phone": f"+1 {rng.randint(201, 989)} 555 {rng.randint(1000, 9999)}",
        "phone2": f"+44 20 7946 {rng.randint(1000, 9999)}",
        "note": _note(rng),
        "street": rng.choice(STREETS),
        "city": rng.choice(CITIES),
        "nick": rng.choice(["Jo", "Zed, Jr.", "たろう"]),
        "bday": f"19{rng.randint(50, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "role": rng.choice(ROLES),
    }


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def _aosp21(p: dict[str, str], rng: random.Random) -> tuple[list[str], Expect]:
    qp = "CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE"
    photo = _photo(rng)
    lines = [
        "BEGIN:VCARD",
        "VERSION:2.1",
        f"N;{qp}:{_qp(p['family'])};{_qp(p['given'])};;;",
        f"FN;{qp}:{_qp(p['fn'])}",
        f"TEL;CELL:{p['phone']}",
        f"EMAIL;HOME:{p['email1']}",
        f"ORG;{qp}:{_qp(p['org'].replace(';', chr(92) + ';'))}",
        f"TITLE;{qp}:{_qp(p['title'].replace(';', chr(92) + ';'))}",
        f"NOTE;{qp}:{_qp(p['note'].replace(chr(10), chr(13) + chr(10)).replace(';', chr(92) + ';'))}",
        f"X-ANDROID-CUSTOM;{qp}:{_qp('vnd.android.cursor.item/nickname;' + p['nick'] + ';1;;;;;;;;;;;;;')}",
        f"BDAY:{p['bday']}",
        "PHOTO;ENCODING=BASE64;JPEG:" + "\r\n ".join(photo[i : i + 72] for i in range(0, len(photo), 72)),
        "",
        "END:VCARD",
    ]
    expect = Expect(p["fn"], [p["email1"]], [_digits(p["phone"])], p["org"], p["title"], p["note"])
    expect.kept += [("BDAY", p["bday"]), ("PHOTO", photo)]
    expect.kept.append(("X-ANDROID-CUSTOM", f"vnd.android.cursor.item/nickname;{p['nick']};1;;;;;;;;;;;;;"))
    return lines, expect


def _ios30(p: dict[str, str], rng: random.Random) -> tuple[list[str], Expect]:
    photo = _photo(rng)
    adr = f";;{_esc(p['street'])};{_esc(p['city'])};;02110;USA"
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//Apple Inc.//iPhone OS 17.1//EN",
        f"N:{_esc(p['family'])};{_esc(p['given'])};;;",
        f"FN:{_esc(p['fn'])}",
        f"NICKNAME:{_esc(p['nick'])}",
        f"ORG:{_esc(p['org'])};",
        f"TITLE:{_esc(p['title'])}",
        f"item1.EMAIL;type=INTERNET;type=pref:{p['email1']}",
        "item1.X-ABLabel:Recruiting desk",
        f"TEL;type=CELL;type=VOICE;type=pref:{p['phone']}",
        f"item2.ADR;type=HOME;type=pref:{adr}",
        "item2.X-ABADR:us",
        f"item3.X-ABDATE;type=pref:{p['bday']}",
        "item3.X-ABLabel:_$!<Anniversary>!$_",
        f"BDAY;value=date:{p['bday']}",
        "X-SOCIALPROFILE;type=linkedin;x-user=jdoe:http://www.linkedin.com/in/jdoe",
        f"IMPP;X-SERVICE-TYPE=Skype;type=HOME;type=pref:skype:{p['given'].lower()}.x",
        f"NOTE:{_esc(p['note'])}",
        "PHOTO;ENCODING=b;TYPE=JPEG:" + photo,
        "END:VCARD",
    ]
    expect = Expect(p["fn"], [p["email1"]], [_digits(p["phone"])], p["org"], p["title"], p["note"])
    expect.kept += [("NICKNAME", p["nick"]), ("X-ABDATE", p["bday"]), ("BDAY", p["bday"]), ("PHOTO", photo)]
    expect.kept += [("ADR", f";;{p['street']};{p['city']};;02110;USA"), ("X-ABADR", "us")]
    expect.kept += [("X-SOCIALPROFILE", "http://www.linkedin.com/in/jdoe")]
    expect.kept += [("IMPP", f"skype:{p['given'].lower()}.x")]
    expect.labels += [("EMAIL", "Recruiting desk"), ("X-ABDATE", "_$!<Anniversary>!$_")]
    return [_fold(line, rng) for line in lines], expect


def _google30(p: dict[str, str], rng: random.Random) -> tuple[list[str], Expect]:
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{_esc(p['fn'])}",
        f"N:{_esc(p['family'])};{_esc(p['given'])};;;",
        f"EMAIL;TYPE=INTERNET;TYPE=WORK:{p['email1']}",
        f"EMAIL;TYPE=INTERNET:{p['email2']}",
        f"TEL;TYPE=CELL:{p['phone']}",
        f"TEL;TYPE=WORK:{p['phone2']}",
        f"ADR;TYPE=WORK:;;{_esc(p['street'])};{_esc(p['city'])};;;",
        f"ORG:{_esc(p['org'])}",
        f"TITLE:{_esc(p['title'])}",
        f"BDAY:{p['bday']}",
        "item1.URL:https\\://example.org/portfolio",
        "item1.X-ABLabel:Portfolio",
        "PHOTO:https://lh3.googleusercontent.com/contacts/abc123",
        "CATEGORIES:myContacts,Career fair",
        f"NOTE:{_esc(p['note'])}",
        "END:VCARD",
    ]
    expect = Expect(p["fn"], [p["email1"], p["email2"]], [_digits(p["phone"]), _digits(p["phone2"])])
    expect.org, expect.title, expect.note = p["org"], p["title"], p["note"]
    expect.kept += [("ADR", f";;{p['street']};{p['city']};;;"), ("BDAY", p["bday"])]
    expect.kept += [("PHOTO", "https://lh3.googleusercontent.com/contacts/abc123")]
    expect.labels += [("URL", "Portfolio")]
    return [_fold(line, rng) for line in lines], expect


def _outlook21(p: dict[str, str], rng: random.Random) -> tuple[list[str], Expect]:
    path = "C:\\Users\\" + p["given"][:3] + "\\new cv.docx"
    street_qp = _qp(p["street"].replace(";", "\\;") + "\nFloor 2")
    photo = _photo(rng)
    lines = [
        "BEGIN:VCARD",
        "VERSION:2.1",
        f"N;LANGUAGE=en-us;CHARSET=utf-8:{p['family']};{p['given']}",
        f"FN;CHARSET=utf-8:{p['fn']}",
        f"ORG;CHARSET=utf-8:{p['org'].replace(';', chr(92) + ';')};Sales",
        f"TITLE;CHARSET=utf-8:{p['title'].replace(';', chr(92) + ';')}",
        f"NOTE;CHARSET=utf-8:See {path}",
        f"TEL;WORK;VOICE:{p['phone']}",
        f"ADR;WORK;PREF;CHARSET=utf-8;ENCODING=QUOTED-PRINTABLE:;;{street_qp};{p['city']};;;",
        "X-MS-OL-DEFAULT-POSTAL-ADDRESS:2",
        f"EMAIL;PREF;INTERNET:{p['fn']} <{p['email1']}>",
        f"BDAY:{p['bday'].replace('-', '')}",
        f"X-MS-ANNIVERSARY:{p['bday'].replace('-', '')}",
        "PHOTO;TYPE=JPEG;ENCODING=BASE64:",
        *["  " + photo[i : i + 72] for i in range(0, len(photo), 72)],
        "",
        "REV:20260101T000000Z",
        "END:VCARD",
    ]
    expect = Expect(p["fn"], [p["email1"]], [_digits(p["phone"])], p["org"], p["title"], f"See {path}")
    expect.kept += [("ADR", f";;{p['street']}\nFloor 2;{p['city']};;;"), ("BDAY", p["bday"].replace("-", ""))]
    expect.kept += [("X-MS-ANNIVERSARY", p["bday"].replace("-", "")), ("PHOTO", photo)]
    expect.kept += [("X-MS-OL-DEFAULT-POSTAL-ADDRESS", "2")]
    return lines, expect


def _thunderbird40(p: dict[str, str], rng: random.Random) -> tuple[list[str], Expect]:
    photo = _photo(rng)
    uid = f"urn:uuid:{rng.getrandbits(128):032x}"
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "PRODID:-//CardBook//Thunderbird 115//EN",
        f"UID:{uid}",
        f"N:{_esc(p['family'])};{_esc(p['given'])};;;",
        f"FN:{_esc(p['fn'])}",
        f"NICKNAME:{_esc(p['nick'])}",
        f"EMAIL;PREF=1;TYPE=work:{p['email1']}",
        f"TEL;VALUE=uri;TYPE=cell:tel:{p['phone'].replace(' ', '-')}",
        f"ORG:{_esc(p['org'])}",
        f"ROLE:{_esc(p['role'])}",
        f"TITLE:{_esc(p['title'])}",
        f"BDAY:{p['bday'].replace('-', '')}",
        "ANNIVERSARY:--0615",
        f"ADR;TYPE=home:;;{_esc(p['street'])};{_esc(p['city'])};;;",
        f"IMPP:xmpp:{p['email2']}",
        f"PHOTO:data:image/jpeg;base64,{photo}",
        "X-CUSTOM1:Met at the spring fair; table 12, near the café",
        f"NOTE:{_esc(p['note'])}",
        "END:VCARD",
    ]
    expect = Expect(p["fn"], [p["email1"]], [_digits(p["phone"])], p["org"], p["title"], p["note"])
    expect.kept += [("UID", uid), ("NICKNAME", p["nick"]), ("ROLE", p["role"]), ("ANNIVERSARY", "--0615")]
    expect.kept += [("BDAY", p["bday"].replace("-", "")), ("ADR", f";;{p['street']};{p['city']};;;")]
    expect.kept += [("IMPP", f"xmpp:{p['email2']}"), ("PHOTO", f"data:image/jpeg;base64,{photo}")]
    expect.kept += [("X-CUSTOM1", "Met at the spring fair; table 12, near the café")]
    return [_fold(line, rng) for line in lines], expect


def _nextcloud(p: dict[str, str], rng: random.Random) -> tuple[list[str], Expect]:
    version = rng.choice(["3.0", "4.0"])
    uid = f"{rng.getrandbits(64):016x}-nc"
    lines = [
        "BEGIN:VCARD",
        f"VERSION:{version}",
        "PRODID:-//Sabre//Sabre VObject 4.5.4//EN",
        f"UID:{uid}",
        f"FN:{_esc(p['fn'])}",
        f"N:{_esc(p['family'])};{_esc(p['given'])};;;",
        f"ORG:{_esc(p['org'])}",
        f"TITLE:{_esc(p['title'])}",
        f"ROLE:{_esc(p['role'])}",
        f"EMAIL;TYPE=HOME:{p['email1']}",
        f'TEL;TYPE="voice,work":{p["phone"]}',
        f"ADR;TYPE=HOME:;;{_esc(p['street'])};{_esc(p['city'])};;;",
        f"BDAY:{p['bday']}",
        'X-NEXTCLOUD-FIELD;X-LABEL="a,b":some value',
        "REV;VALUE=DATE-AND-OR-TIME:20260101T120000Z",
        f"NOTE:{_esc(p['note'])}",
        "END:VCARD",
    ]
    expect = Expect(p["fn"], [p["email1"]], [_digits(p["phone"])], p["org"], p["title"], p["note"])
    expect.kept += [("UID", uid), ("ROLE", p["role"]), ("BDAY", p["bday"])]
    expect.kept += [("ADR", f";;{p['street']};{p['city']};;;"), ("X-NEXTCLOUD-FIELD", "some value")]
    return [_fold(line, rng) for line in lines], expect


_PRODUCERS = {
    "aosp21": _aosp21,
    "ios30": _ios30,
    "google30": _google30,
    "outlook21": _outlook21,
    "thunderbird40": _thunderbird40,
    "nextcloud": _nextcloud,
}


def generate(dialect: str, seed: int, cards: int = 5) -> tuple[bytes, list[Expect]]:
    """A .vcf file of ``cards`` cards in ``dialect`` and what each card holds, in file order.

    AOSP files sometimes nest a card inside the one before its END:VCARD, as Android can.
    """
    rng = random.Random(f"{dialect}-{seed}")
    produce = _PRODUCERS[dialect]
    blocks: list[tuple[list[str], Expect]] = [produce(_person(rng), rng) for _ in range(cards)]
    out: list[str] = []
    expects: list[Expect] = []
    index = 0
    while index < len(blocks):
        lines, expect = blocks[index]
        if dialect == "aosp21" and index + 1 < len(blocks) and rng.random() < 0.3:
            inner, inner_expect = blocks[index + 1]
            out += lines[:6] + inner + lines[6:]
            expects += [expect, inner_expect]
            index += 2
            continue
        out += lines
        expects.append(expect)
        index += 1
    return ("\r\n".join(out) + "\r\n").encode("latin-1" if dialect in _LATIN1 else "utf-8"), expects


#: Producers whose lines were folded on raw bytes (kept as latin-1 code points by ``_fold``).
_LATIN1 = frozenset({"ios30", "google30", "thunderbird40", "nextcloud"})
