"""Printed forms that put two fields on one line, and OCR slips the rest of the card can undo.

- "Title, Organisation", "Title | Organisation" (also "·", "•", " – ", or a pipe the OCR read as
  "l", "I" or dropped): split into title and organisation (``split_job_line``);
- "ana@x.com|www.x.com" read without the separator's spaces: the e-mail stops before "www."
  (``cut_glued_website``);
- "Idangelo@..." for "ldangelo@...": a capital I in an otherwise lower-case local part is an l
  when the printed name then spells the address and did not before (``fix_capital_i``);
- a logo monogram read into the organisation's line ("MC Meridian Credit Union") and a legal or
  institutional noun glued to the word before it ("EnergySystems") (``tidy_text``);
- a name read without its space ("NoémieTakahashi"): split where the e-mail's local part spells
  the two names ("n.takahashi", "dnakagawa"), and only when exactly one split does
  (``split_glued_name``);
- "rn" read as "m" (and "cl"/"d", "vv"/"w") in an e-mail domain: undone when the card's own
  website or organisation then spells the domain and did not before (``fix_domain_slip``).

Each rule needs evidence from the card itself (job and organisation words, the e-mail or web
domain, the printed name), so it leaves alone the lines it cannot vouch for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from netdesk.capture import card_lexicon as lex
from netdesk.capture.card_scores import looks_like_person, org_score, prefix_match, title_score
from netdesk.domain.search import fold

#: Separators printed between title and organisation; the comma is the ambiguous one
#: ("Director, Sales"), so it needs stronger evidence on the organisation side.
_STRONG_SEPARATORS = re.compile(r"\s*[|｜¦•·]\s*|\s+[–—-]\s+|\s+/\s+|\s+[lI1]\s+")
_COMMA = re.compile(r"\s*,\s*")
_WWW = re.compile(r"(?i)[|lI1!/·•]?\s*www\.")
_GLUED = re.compile(r"(?<=[a-zà-ÿ])(?=[A-Z][a-z]{2,})")


def split_job_line(
    text: str, domains: Sequence[str] = (), *, name_elsewhere: bool = False
) -> tuple[str, str] | None:
    """(title, organisation) when ``text`` prints both on one line, else None.

    The title side must hold a job word and the organisation side must not; with a comma the
    organisation side must also look like one (a legal or institutional noun, "&", or spelled by
    the card's e-mail or web domain). When the OCR dropped the separator, a split is only made
    where the tail is spelled by the domain from its first word or ends in a legal noun.

    A line that could be a name ("Ana Rossi, PhD", "Grace Partner, Acme Inc.") is left whole,
    unless another line of the card (``name_elsewhere``) is the name, its head holds a job word
    and its tail is surely an organisation: "Talent Partner, Greenfield Community College".
    """
    head, _, tail = text.partition(",")
    if looks_like_person(text) and not (
        name_elsewhere and title_score(head) >= 1.0 and org_score(tail.strip(), domains) >= 0.9
    ):
        return None
    for pattern, sure in ((_STRONG_SEPARATORS, True), (_COMMA, False)):
        parts = [p.strip(" ,;:") for p in pattern.split(text, maxsplit=1)]
        if len(parts) == 2 and all(parts):
            found = _title_and_org(parts[0], parts[1], domains, sure)
            if found:
                return found
    return _split_without_separator(text, domains)


def _title_and_org(first: str, second: str, domains: Sequence[str], sure: bool) -> tuple[str, str] | None:
    for title, org in ((first, second), (second, first)):
        if title_score(title) == 0 or title_score(org) >= 1.0:
            continue
        score = org_score(org, domains)
        if looks_like_person(org) and score < 0.9:
            continue  # "Designer | Ana Rossi": only the domain or a legal noun tells an organisation
        if score >= 0.6 or (sure and org[:1].isupper() and score > title_score(org)):
            return title, org
    return None


def _split_without_separator(text: str, domains: Sequence[str]) -> tuple[str, str] | None:
    words = text.split()
    for cut in range(1, len(words)):
        title, org = " ".join(words[:cut]), " ".join(words[cut:])
        if title_score(title) < 1.0 or not org[:1].isupper() or title_score(org) > 0:
            continue
        spelled = any(prefix_match(d, org) and lex_first(d) == lex_first(words[cut]) for d in domains)
        if spelled or org_score(org) >= 0.9:
            return title, org
    return None


def lex_first(text: str) -> str:
    """The first ASCII letter of a word or domain, lower case ("" when there is none)."""
    return next((ch for ch in text.lower() if ch.isascii() and ch.isalpha()), "")


def cut_glued_website(address: str) -> tuple[str, str]:
    """("ana@x.com", "www.x.com") from "ana@x.comlwww.x.com"; (address, "") when nothing is glued."""
    local, _, domain = address.partition("@")
    match = _WWW.search(domain)
    if not match or match.start() == 0:
        return address, ""
    return f"{local}@{domain[: match.start()].rstrip('.')}", domain[match.start() :].lstrip("|lI1!/·• ")


def fix_capital_i(address: str, names: Sequence[str]) -> str:
    """The address with a misread l restored, when one of ``names`` then spells its local part.

    OCR often reads a lower-case l as a capital I ("Iwhitlock@"). A capital I among lower-case
    letters is only turned into l when the printed name supports it: "Lucía Whitlock" spells
    "lwhitlock" but not "iwhitlock"; "Ian Moss" keeps "Imoss" (spelled with i either way).
    """
    local, at, domain = address.partition("@")
    if not at or "I" not in local or any(ch.isupper() for ch in local.replace("I", "")):
        return address
    fixed = local.replace("I", "l")
    as_is = re.sub(r"\d+$", "", local.lower())
    as_l = re.sub(r"\d+$", "", fixed)
    if any(prefix_match(as_l, n) for n in names) and not any(prefix_match(as_is, n) for n in names):
        return f"{fixed}@{domain}"
    return address


#: OCR's classic letter-shape slips, both ways: "rn" <-> "m", "cl" <-> "d", "vv" <-> "w".
_SLIPS = (("m", "rn"), ("rn", "m"), ("d", "cl"), ("cl", "d"), ("w", "vv"), ("vv", "w"))


def _alnum(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


def _spells(local: str, first: str, last: str) -> bool:
    """Whether ``local`` is an address built from the two names: "n.takahashi", "dnakagawa",
    "amara.sandoval", "takahashi.n" (a prefix of the first name, then the last, or back), or
    one of the two whole ("paloma"). The two whole names run together ("mckenzie") is no
    evidence: it spells one word as well."""
    pieces = [p for p in re.split(r"[._\-+]+", fold(local)) if p]
    given, family = _alnum(first), _alnum(last)
    if len(given) < 2 or len(family) < 2:
        return False
    if len(pieces) >= 2 and family in (pieces[-1], pieces[0]):
        other = pieces[0] if family == pieces[-1] else pieces[-1]
        return given.startswith(other)
    key = _alnum(local)
    if len(key) >= 3 and key in (given, family):
        return True  # "paloma@" or "lombardi@" names one side of the split
    return any(key in (given[:k] + family, family + given[:k]) for k in range(1, len(given)))


def split_glued_name(name: str, locals_: Sequence[str]) -> str:
    """ "Noémie Takahashi" from "NoémieTakahashi" when an e-mail local part spells the two names.

    A one-word name with a lower-case letter followed by a capital is split there only when the
    card's address supports exactly one such split: "SeanMcDonald" with "smcdonald" splits
    before "Mc", and "LaToyaJackson" with "latoyajackson" (both splits spelled) is left alone.
    """
    if " " in name.strip() or not locals_:
        return name
    points = [i for i in range(1, len(name)) if name[i - 1].islower() and name[i].isupper()]
    spelled = [i for i in points if any(_spells(loc, name[:i], name[i:]) for loc in locals_)]
    return f"{name[: spelled[0]]} {name[spelled[0] :]}" if len(spelled) == 1 else name


def fix_domain_slip(address: str, organization: str, hosts: Sequence[str]) -> str:
    """The address with an OCR letter slip in its domain undone, when the card supports it.

    "oskar@bluelantem.games" becomes "oskar@bluelantern.games" when the card prints
    www.bluelantern.games, or "Blue Lantern Games" spells "bluelantern" and not "bluelantem".
    One slip at most; the card's website is the stronger evidence.
    """
    local, at, domain = address.partition("@")
    labels = domain.split(".")
    if not at or len(labels) < 2:
        return address
    label = labels[-2] if len(labels[-2]) > 2 or len(labels) == 2 else labels[-3]
    where = labels.index(label)
    variants: list[str] = []
    for wrong, right in _SLIPS:
        start = label.find(wrong)
        while start >= 0:
            variants.append(label[:start] + right + label[start + len(wrong) :])
            start = label.find(wrong, start + 1)
    site_labels = {p for host in hosts for p in host.lower().split(".")}
    if label in site_labels:
        return address
    chosen = [v for v in variants if v in site_labels]
    if not chosen and organization and not prefix_match(label, organization):
        chosen = [v for v in variants if prefix_match(v, organization)]
    if len(set(chosen)) != 1:
        return address
    labels[where] = chosen[0]
    return f"{local}@{'.'.join(labels)}"


def tidy_text(text: str) -> str:
    """Drop a logo monogram before the words it abbreviates and re-space glued lexicon nouns."""
    words = text.split()
    if len(words) >= 3 and 2 <= len(words[0]) <= 4 and words[0].isalpha() and words[0].isupper():
        initials = "".join(w[0] for w in words[1:] if w[0].isupper())
        if len(initials) >= len(words[0]) and initials.startswith(words[0]):
            text = " ".join(words[1:])

    def space(match: re.Match[str]) -> str:
        word = re.match(r"[A-Za-z]+", text[match.start() :])
        known = word and word.group(0).lower() in (lex.ORG_WORDS | lex.TITLE_WORDS)
        return " " if known else ""

    return _GLUED.sub(space, text)
