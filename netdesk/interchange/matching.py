"""When two contact records are the same person, and what merging them gives.

Shared by the import preview (incoming record vs stored contacts and vs earlier records of the
same import) and the duplicate finder (stored vs stored), so "duplicate" means one thing.

Strong evidence: the same e-mail, the same phone in E.164, the same LinkedIn profile. Weak
evidence: a close name *and* a close organisation (rapidfuzz), which the user must confirm. Two
records with different LinkedIn profiles are never the same person, which also keeps the fuzzy
search off the hot path of a 50,000-row LinkedIn import.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from netdesk.domain.models import ContactDraft, Email, Phone, Url, UrlKind
from netdesk.domain.search import fold

NAME_CUTOFF = 90
ORG_CUTOFF = 85
_ORG_NOISE = frozenset(
    {"inc", "llc", "ltd", "gmbh", "corp", "corporation", "co", "company", "plc", "sa", "ag", "limited", "the"}
)


@dataclass(frozen=True, slots=True)
class Match:
    """``key`` is whatever the index was fed (a contact id, or a record's position)."""

    key: int
    reason: str
    strong: bool


def _fold(text: str) -> str:
    """``fold`` with an ASCII fast path: most names need no Unicode decomposition."""
    return text.lower() if text.isascii() else fold(text)


def name_key(draft: ContactDraft) -> str:
    return " ".join(_fold(draft.name).split())


def org_key(organization: str) -> str:
    words = re.findall(r"\w+", _fold(organization))
    return " ".join(w for w in words if w not in _ORG_NOISE)


def linkedin_urls(draft: ContactDraft) -> set[str]:
    return {u.url for u in draft.urls if u.kind is UrlKind.LINKEDIN}


def _different_profiles(first: frozenset[str], second: frozenset[str]) -> bool:
    """Both have LinkedIn profiles and none is shared: certainly two people."""
    return bool(first and second and not first & second)


@dataclass(slots=True)
class _Entry:
    key: int
    name: str
    org: str
    linkedin: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Keys:
    """What matching compares of one draft, computed once per draft."""

    profiles: frozenset[str]
    name: str
    org: str

    #: The name's words in sorted order: ``ratio`` of these is ``token_sort_ratio`` of the names.
    #: rapidfuzz splits on exactly the characters ``str.split`` does (checked over every code
    #: point) and ``name_key`` leaves single spaces only, so sorting once per record replaces
    #: sorting every candidate again on every lookup.
    sorted_name: str


class DuplicateIndex:
    """Keys of records seen so far; ``find`` returns the first record a new one duplicates."""

    def __init__(self) -> None:
        self._emails: dict[str, int] = {}
        self._phones: dict[str, int] = {}
        self._linkedin: dict[str, int] = {}
        self._names: dict[tuple[str, str], _Entry] = {}
        # Fuzzy candidates, blocked by the first word of the organisation, with their names
        # (words sorted) kept alongside so a lookup does not rebuild the list of choices.
        self._all: defaultdict[str, list[_Entry]] = defaultdict(list)
        self._all_names: defaultdict[str, list[str]] = defaultdict(list)
        self._without_linkedin: defaultdict[str, list[_Entry]] = defaultdict(list)
        self._without_linkedin_names: defaultdict[str, list[str]] = defaultdict(list)
        self._last: tuple[ContactDraft, _Keys] | None = None

    def _keys(self, draft: ContactDraft) -> _Keys:
        """Keys of ``draft``; the usual ``find`` then ``add`` of one draft computes them once."""
        if self._last is not None and self._last[0] is draft:
            return self._last[1]
        name = name_key(draft)
        keys = _Keys(
            frozenset(linkedin_urls(draft)),
            name,
            org_key(draft.organization),
            " ".join(sorted(name.split(" "))),
        )
        self._last = (draft, keys)
        return keys

    def add(self, key: int, draft: ContactDraft) -> None:
        keys = self._keys(draft)
        for email in draft.emails:
            self._emails.setdefault(email.address.casefold(), key)
        for phone in draft.phones:
            if phone.e164:
                self._phones.setdefault(phone.e164, key)
        profiles = keys.profiles
        for url in profiles:
            self._linkedin.setdefault(url, key)
        org, name = keys.org, keys.name
        if name:
            self._names.setdefault((name, org), _Entry(key, name, org, profiles))
        if org and name:
            entry = _Entry(key, name, org, profiles)
            block = org.split()[0]
            self._all[block].append(entry)
            self._all_names[block].append(keys.sorted_name)
            if not profiles:
                self._without_linkedin[block].append(entry)
                self._without_linkedin_names[block].append(keys.sorted_name)

    def find(self, draft: ContactDraft, exclude: int | None = None) -> Match | None:
        keys = self._keys(draft)
        profiles = keys.profiles
        for url in profiles:
            hit = self._linkedin.get(url)
            if hit is not None and hit != exclude:
                return Match(hit, "same LinkedIn profile", True)
        for email in draft.emails:
            hit = self._emails.get(email.address.casefold())
            if hit is not None and hit != exclude:
                return Match(hit, f"same e-mail {email.address}", True)
        for phone in draft.phones:
            hit = self._phones.get(phone.e164) if phone.e164 else None
            if hit is not None and hit != exclude:
                return Match(hit, f"same phone {phone.display}", True)
        org, name = keys.org, keys.name
        same = self._names.get((name, org)) if name else None
        if same is not None and same.key != exclude and not _different_profiles(profiles, same.linkedin):
            return Match(same.key, "same name and organisation" if org else "same name", False)
        return self._fuzzy(keys, exclude)

    def _fuzzy(self, keys: _Keys, exclude: int | None) -> Match | None:
        org, name, profiles = keys.org, keys.name, keys.profiles
        if not org or not name:
            return None
        block = org.split()[0]
        if profiles:
            pool, names = self._without_linkedin.get(block), self._without_linkedin_names.get(block)
        else:
            pool, names = self._all.get(block), self._all_names.get(block)
        if not pool or not names:
            return None
        hits = process.extract(
            keys.sorted_name,
            names,
            scorer=fuzz.ratio,  # on sorted words: token_sort_ratio without re-sorting each candidate
            score_cutoff=NAME_CUTOFF,
            limit=10,
        )
        for _choice, _score, position in hits:
            entry = pool[position]
            if entry.key == exclude or _different_profiles(profiles, entry.linkedin):
                continue
            if fuzz.ratio(org, entry.org) >= ORG_CUTOFF:
                return Match(entry.key, "similar name and organisation", False)
        return None


def _union(first: tuple[object, ...], second: tuple[object, ...], key: object) -> tuple[object, ...]:
    seen: dict[object, object] = {}
    for item in (*first, *second):
        seen.setdefault(key(item), item)  # type: ignore[operator]
    return tuple(seen.values())


def merge_drafts(base: ContactDraft, other: ContactDraft, *, job_from_other: bool = False) -> ContactDraft:
    """``base`` completed with ``other``: empty fields filled, e-mails/phones/links/tags united.

    ``job_from_other`` (a LinkedIn re-import) lets a newer organisation and title replace the
    stored ones; the earlier job is kept in the notes so nothing is lost.
    """
    changes: dict[str, object] = {}
    for name in ("display_name", "given_name", "family_name", "title", "organization", "department", "field"):
        if not getattr(base, name) and getattr(other, name):
            changes[name] = getattr(other, name)
    notes = base.notes
    if (
        job_from_other
        and other.organization
        and (fold(other.organization) != fold(base.organization) or fold(other.title) != fold(base.title))
    ):
        changes["organization"] = other.organization
        changes["title"] = other.title
        if base.organization or base.title:
            earlier = " at ".join(p for p in (base.title, base.organization) if p)
            notes = "\n".join(p for p in (notes, f"Earlier: {earlier}.") if p)
    if other.notes and other.notes not in notes:
        notes = "\n".join(p for p in (notes, other.notes) if p)
    if notes != base.notes:
        changes["notes"] = notes
    if not base.address and other.address:
        changes["address"] = other.address
    for name in ("circle", "how_met", "met_at", "event_id", "introduced_by_id"):
        if getattr(base, name) is None and getattr(other, name) is not None:
            changes[name] = getattr(other, name)
    emails = _union(base.emails, other.emails, lambda e: e.address.casefold())
    phones = _union(base.phones, other.phones, lambda p: p.e164 or p.raw)
    urls = _union(base.urls, other.urls, lambda u: u.url)
    tags = _union(base.tags, other.tags, lambda t: t.casefold())
    if len(emails) != len(base.emails):
        changes["emails"] = tuple(e for e in emails if isinstance(e, Email))
    if len(phones) != len(base.phones):
        changes["phones"] = tuple(p for p in phones if isinstance(p, Phone))
    if len(urls) != len(base.urls):
        changes["urls"] = tuple(u for u in urls if isinstance(u, Url))
    if len(tags) != len(base.tags):
        changes["tags"] = tuple(t for t in tags if isinstance(t, str))
    return replace(base, **changes) if changes else base  # type: ignore[arg-type]
