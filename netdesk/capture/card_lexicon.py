"""Words and patterns that tell what a line on a business card is, and the small helpers applying them.

Kept apart from the extraction logic (``card_fields``) so that adding a job title, a legal form or
a phone label in another language is a one-word change that cannot disturb the layout rules.
Lists are lower case.
"""

from __future__ import annotations

import re

from netdesk.domain.models import PhoneKind


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
URL = re.compile(r"(?i)\b(?:https?://)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?:/[^\s,;|]*)?")
TLDS = _set(
    "com org net edu gov io co ai app dev biz info me us uk de fr es it nl be ch at ca au eu ie "
    "in jp pl pt se dk no fi nz br mx tech studio health law"
)
GENERIC_DOMAINS = _set(
    "gmail googlemail outlook hotmail live yahoo icloud me mac aol proton protonmail gmx web "
    "orange free laposte wanadoo t-online btinternet mail zoho"
)
GENERIC_LOCALS = _set("info contact hello sales office admin mail team support jobs hr")
PHONE_LABELS = {
    PhoneKind.MOBILE: "m mob mobile cell c handy portable móvil celular gsm",
    PhoneKind.FAX: "f fax télécopie telefax",
    PhoneKind.WORK: "t tel tél phone p o office w work d direct dir telefon téléphone teléfono ph",
}
LABEL_KIND = {word: kind for kind, words in PHONE_LABELS.items() for word in words.split()}
LABEL_ALTERNATIVES = "|".join(
    [
        "e-?mail",
        "e",
        "web",
        "website",
        "w",
        "url",
        "linkedin",
        "in",
        *sorted(map(re.escape, LABEL_KIND), key=len, reverse=True),
    ]
)
LABEL = re.compile(rf"(?i)(?:{LABEL_ALTERNATIVES})[:.]?")
LEADING_LABEL = re.compile(rf"(?i)^(?:{LABEL_ALTERNATIVES})\s*:\s*")
TITLE_WORDS = _set(
    """engineer manager director officer recruiter attorney lawyer technician specialist consultant
    analyst president vice vp ceo cto cfo coo cmo cio founder co-founder cofounder owner partner lead
    head associate assistant intern student nurse physician professor lecturer teacher coordinator
    designer developer architect scientist researcher administrator advisor adviser agent
    representative executive secretary chair chairman chairwoman dean editor writer accountant
    broker counsel paralegal therapist pharmacist veterinarian supervisor strategist planner
    producer librarian principal fellow chief controller auditor programmer trainer instructor
    curator buyer inspector surgeon dentist economist translator interpreter photographer
    journalist reporter
    geschäftsführer geschäftsführerin leiter leiterin ingenieur ingenieurin berater beraterin
    referent referentin inhaber inhaberin directeur directrice responsable ingénieur chargé chargée
    gérant gérante avocat avocate conseiller conseillère gerente jefe ingeniero ingeniera abogado
    abogada"""
)
#: Job words that are also surnames or plain words ("James Dean", "Ada Head"): alone they do not
#: stop a line from being a person's name.
AMBIGUOUS_TITLE_WORDS = _set("dean chief head lead fellow principal partner agent chair counsel owner")
ORG_WORDS = _set(
    """inc inc. llc llp ltd ltd. limited plc gmbh ag kg se sa sas sarl s.a. bv nv srl spa pty corp
    corp. corporation company co co. group partners associates holdings hospital clinic university
    college school academy institute foundation department agency bank union studio studios labs
    laboratories analytics software solutions services systems technologies technology consulting
    ventures capital media health healthcare police council society association center centre
    museum library firm network networks industries international enterprises trust ministry
    office bureau club church council gmbh& e.v. verlag stiftung universität hochschule
    université société groupe cabinet mairie"""
)
HONORIFICS = _set("dr dr. prof prof. mr mr. mrs mrs. ms ms. mx mx. sir dame herr frau mme m.")
PARTICLES = _set("van von der den de del della di da dos das du le la bin al ibn ter ten")
STREET = re.compile(
    r"(?i)^\s*\d+[a-z]?,?\s+.*\b(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|way|"
    r"court|ct|place|pl|square|sq|parkway|pkwy|highway|hwy|terrace|plaza|circle|rue|allée|chemin|"
    r"quai|impasse|bd)\b\.?"
    r"|\b(?:suite|ste|floor|fl|unit|building|bldg)\b\.?\s*#?\d"
    r"|\bp\.?\s?o\.?\s+box\b"
    r"|\w(?:straße|strasse|str\.|weg|platz|allee|gasse|damm)\s*\d+"
)
POSTCODE = re.compile(
    r",\s*[A-Z]{2}\.?\s+\d{5}(?:-\d{4})?\b"  # US: "Boston, MA 02110"
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b"  # UK: "SW1A 1AA"
    r"|^(?:[A-Z]{1,2}-)?\d{4,5}\s+[^\W\d_]{3,}"  # DE/FR/CH: "10115 Berlin", "75008 Paris"
)


def repair_email(text: str) -> str:
    """OCR spacing around "@" and "." ("j doe @ acme . com" → "j doe@acme.com")."""
    text = re.sub(r"\s*[@©]\s*(?=[\w-]+\s*\.\s*[a-z])", "@", text, flags=re.IGNORECASE)
    return re.sub(r"(@[\w.-]+?)\s*\.\s*([a-z]{2,24})\b", r"\1.\2", text, flags=re.IGNORECASE)


def is_url(token: str) -> bool:
    lower = token.lower()
    if lower.startswith(("http://", "https://", "www.")) or "linkedin." in lower:
        return True
    host = lower.split("/")[0]
    return host.rsplit(".", 1)[-1] in TLDS and len(host.split(".")[0]) >= 2


def phone_kind(prefix: str) -> PhoneKind:
    words = re.findall(r"[^\W\d_]+", prefix.lower())
    return LABEL_KIND.get(words[-1], PhoneKind.WORK) if words else PhoneKind.WORK


def digit_fix(text: str) -> str:
    """Letters OCR puts into digit runs ("5O8 555 O142") when the run is mostly digits."""

    def fix(match: re.Match[str]) -> str:
        run = match.group(0)
        if sum(ch.isdigit() for ch in run) >= 0.7 * sum(ch.isalnum() for ch in run):
            return run.translate(str.maketrans("OoIl", "0011"))
        return run

    # A run never starts inside a word: the l of "Cell" is a letter, not a 1.
    return re.sub(r"(?<![^\W\d_])[+(]?[\dOoIl][\dOoIl()\s.\-/]{6,}[\dOoIl]", fix, text)


def is_address(text: str) -> bool:
    return bool(STREET.search(text) or POSTCODE.search(text))


def strip_labels(text: str) -> str:
    """What is left once labels ("E:", "Tel.", "M") and separators have lost their value."""
    text = " ".join(text.replace("|", " ").replace("•", " ").replace("·", " ").split())
    if all(LABEL.fullmatch(token) for token in text.split()):
        return ""
    return LEADING_LABEL.sub("", text).strip(" ,;:-–")


def is_label(text: str) -> bool:
    """Whether a recognised line is nothing but labels ("Mobile", "E:", "Tel. |")."""
    return bool(text.strip()) and not strip_labels(text)
