"""Who is on a generated card: names, jobs, organisations and numbers, drawn from a seeded RNG.

The word lists are written for this generator (not taken from the shared corpus) and cover what
real cards carry: accents, hyphenated and particle surnames, apostrophes, titles that do not end
in a job noun, organisations with and without a legal suffix, and phone numbers in several
national styles. ``person(rng)`` gives the printed values and the ground truth together.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

import phonenumbers


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


GIVEN = _names(
    "Amara Anne-Sophie Benedikt Camille Chiara Dagny Dmitri Élodie Emeka Farah Giulia Hamid "
    "Ingrid Jean-Luc Joaquín Kalani Kenji Laila Lars Léa Lena Liam Lorenzo Lucía Luka Malik "
    "Marguerite Mei-Ling Nils Noémie Oksana Oskar Paloma Rafael Renée Rohan Saoirse Seo-yeon "
    "Søren Tamsin Teodor Thandiwe Tomás Ulrike Valentina Wiktor Xiomara Yusuf Zeynep Lucas Louise"
)
SURNAMES = (
    *_names(
        "Abernathy Achterberg Bélanger Castellano Czerny Delacroix Dvořák Eriksson Fairweather "
        "Gonçalves Grünewald Hadley Halvorsen Ibáñez Jankowski Kaczmarek Lindqvist Lombardi Moreau "
        "Nakagawa Nwosu Okonkwo Pereira Quintero Ramírez Sandoval Schäfer Takahashi Thorne Ueda "
        "Valdés Whitlock Yamamoto Zielinski Lowe Larsen Lund Lindgren Laurent"
    ),
    "Smith-Ortega",
    "Ben-David",
    "O'Sullivan",
    "D'Angelo",
    "McAllister",
    "van der Meer",
    "de la Fuente",
    "von Arnim",
    "Lévesque-Roy",
)
#: Organisation printed name and its web domain (fictional).
ORGS = (
    ("Northwind Robotics GmbH", "northwind-robotics.de"),
    ("Saltmarsh Analytics", "saltmarsh.io"),
    ("Clearwater Dental Clinic", "clearwaterdental.com"),
    ("Quill & Ink Publishing", "quillink.co.uk"),
    ("Riverbend Logistics Ltd", "riverbend.co.uk"),
    ("Copperleaf Studio", "copperleaf.studio"),
    ("Meridian Credit Union", "meridiancu.org"),
    ("Bright Orchard", "brightorchard.com"),
    ("Halcyon Biotech Inc.", "halcyonbio.com"),
    ("Tidewater Museum of Art", "tidewatermuseum.org"),
    ("Stonebridge Legal LLP", "stonebridgelegal.com"),
    ("Alder & Finch", "alderfinch.com"),
    ("Polaris Energy Systems", "polarisenergy.net"),
    ("Vireo Health", "vireohealth.com"),
    ("Ostrava Software s.r.o.", "ostravasoft.cz"),
    ("Lumière Conseil", "lumiere-conseil.fr"),
    ("Kestrel Ventures", "kestrel.vc"),
    ("Greenfield Community College", "greenfieldcc.edu"),
    ("Harrow & Vale Architects", "harrowvale.com"),
    ("Blue Lantern Games", "bluelantern.games"),
    ("Pinecrest Veterinary Group", "pinecrestvets.com"),
    ("Atlas Freight Partners", "atlasfreight.com"),
    ("Solstice Media", "solsticemedia.tv"),
    ("Fjordline Maritime AS", "fjordline.no"),
)
TITLES = (
    "Product Manager",
    "Senior UX Designer",
    "Head of Partnerships",
    "Data Scientist",
    "Sales Director",
    "Chief Financial Officer",
    "Recruitment Consultant",
    "Software Developer",
    "Account Executive",
    "Operations Manager",
    "Clinical Research Coordinator",
    "Principal Engineer",
    "Talent Partner",
    "Curator of Collections",
    "Managing Director",
    "Lead Architect",
    "Customer Success Manager",
    "Financial Analyst",
    "Marketing Coordinator",
    "Associate Professor",
)
STREETS = (
    ("42 Harbour Road", "Leeds LS1 4AB"),
    ("1180 Market Street, Suite 300", "San Francisco, CA 94102"),
    ("Lindenallee 17", "50968 Köln"),
    ("8 rue des Lilas", "69003 Lyon"),
    ("77 Pine Avenue", "Portland, OR 97205"),
)
#: Letters NFKD does not split into ASCII plus an accent, spelled as people spell them in addresses.
_LATIN = str.maketrans({"ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "đ": "d", "ı": "i", "œ": "oe"})


def ascii_name(text: str) -> str:
    """ "Søren Dvořák" -> "soren dvorak": how an e-mail address spells a printed name."""
    text = text.lower().translate(_LATIN)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch == " "))


@dataclass(frozen=True, slots=True)
class Person:
    """Printed values of one card and its ground truth (``truth`` keys as the corpus's)."""

    fn: str
    title: str
    org: str
    domain: str
    email: str
    phone: str  # as printed
    phone_digits: str
    mobile: str  # a second number, or ""
    address: tuple[str, ...]

    @property
    def website(self) -> str:
        return f"www.{self.domain}"

    @property
    def truth(self) -> dict[str, str]:
        return {
            "fn": self.fn,
            "title": self.title,
            "org": self.org,
            "email": self.email,
            "phone_digits": self.phone_digits,
        }


def _email(rng: random.Random, given: str, family: str, domain: str) -> str:
    first = ascii_name(given).replace(" ", "").replace("-", "")
    last = ascii_name(family).replace(" ", "").replace("-", "").replace("'", "")
    local = rng.choice((first[0] + last, f"{first}.{last}", first, f"{first[0]}.{last}", first + last[0]))
    return f"{local}@{domain}"


def _number(rng: random.Random) -> tuple[str, str]:
    """A valid (fictional-range) number in one of several printed styles, and its E.164 digits."""
    d = [str(rng.randrange(10)) for _ in range(8)]
    area = rng.choice(("617", "312", "415", "206", "512"))
    styles = [
        (f"({area}) 555-01{d[0]}{d[1]}", f"1{area}55501{d[0]}{d[1]}"),
        (f"+1 {area}-555-01{d[0]}{d[1]}", f"1{area}55501{d[0]}{d[1]}"),
        (f"{area}.555.01{d[0]}{d[1]}", f"1{area}55501{d[0]}{d[1]}"),
        (f"+44 20 7946 0{d[0]}{d[1]}{d[2]}", f"442079460{d[0]}{d[1]}{d[2]}"),
        (f"+44 (0)20 7946 0{d[0]}{d[1]}{d[2]}", f"442079460{d[0]}{d[1]}{d[2]}"),
        (f"+44 7911 {d[0]}{d[1]}{d[2]}{d[3]}{d[4]}{d[5]}", f"447911{''.join(d[:6])}"),
        (f"+49 30 {d[0]}{d[1]}{d[2]}{d[3]} {d[4]}{d[5]}{d[6]}", f"4930{''.join(d[:7])}"),
        (f"+33 1 4{d[0]} {d[1]}{d[2]} {d[3]}{d[4]} {d[5]}{d[6]}", f"3314{''.join(d[:7])}"),
        (f"+31 20 {d[0]}{d[1]}{d[2]} {d[3]}{d[4]}{d[5]}{d[6]}", f"3120{''.join(d[:7])}"),
        (f"+61 2 9{d[0]}{d[1]}{d[2]} {d[3]}{d[4]}{d[5]}{d[6]}", f"6129{''.join(d[:7])}"),
    ]
    printed, digits = rng.choice(styles)
    if not phonenumbers.is_valid_number(phonenumbers.parse("+" + digits)):
        return _number(rng)  # a range the numbering plan leaves unused: draw again
    return printed, digits


def person(rng: random.Random) -> Person:
    given, family = rng.choice(GIVEN), rng.choice(SURNAMES)
    org, domain = rng.choice(ORGS)
    phone, digits = _number(rng)
    mobile = _number(rng)[0] if rng.random() < 0.3 else ""
    address = rng.choice(STREETS) if rng.random() < 0.35 else ()
    return Person(
        fn=f"{given} {family}",
        title=rng.choice(TITLES),
        org=org,
        domain=domain,
        email=_email(rng, given, family, domain),
        phone=phone,
        phone_digits=digits,
        mobile=mobile,
        address=address,
    )
