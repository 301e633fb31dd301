"""Turn the recognised lines of a printed business card into a contact draft, with confidences.

Kept free of rapidocr and Qt so the rules can be tested on plain text fixtures in milliseconds and
reused by any OCR engine. Content decides first (an ``@`` is an e-mail, phonenumbers finds phones,
street and postcode patterns find the address); the layout decides among the remaining text lines:
the largest person-like line is usually the name, the e-mail's local part confirms it ("flee" is
Fatima Lee) and the e-mail or web domain points at the organisation ("nehp" is Northeast Health
Partners). Text is never transliterated: "García" stays "García" even though the address reads
"hgarca@".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import phonenumbers

from netdesk.capture import card_forms as forms
from netdesk.capture import card_lexicon as lex
from netdesk.capture.card_layout import Box, Point, TextLine, merge_rows, upright
from netdesk.capture.card_scores import (
    fold,
    looks_like_person,
    org_score,
    prefix_match,
    split_name,
    title_score,
)
from netdesk.capture.drafts import MAX_VALUES, DraftBuilder
from netdesk.domain.models import ContactDraft, EmailKind, PhoneKind
from netdesk.normalize.phones import DEFAULT_REGION, make_phone
from netdesk.normalize.text import clean_text

__all__ = [
    "LOW_CONFIDENCE",
    "Box",
    "CardReading",
    "Point",
    "TextLine",
    "extract_fields",
    "fold",
    "looks_like_person",
    "merge_rows",
    "org_score",
    "prefix_match",
    "split_name",
    "title_score",
    "upright",
]

#: Fields below this confidence are highlighted for review in the GUI.
LOW_CONFIDENCE = 0.8


@dataclass(frozen=True, slots=True)
class CardReading:
    """A card read by OCR: the draft, how sure each field is, and where each came from.

    ``confidence`` and ``sources`` are keyed by ``ContactDraft`` attribute names (``display_name``,
    ``title``, ``organization``, ``emails``, ``phones``, ``urls``, ``address``); list fields carry
    their weakest item. ``sources`` holds indices into ``lines`` so the review form can outline the
    boxes on the card image; ``unplaced`` lists lines that went into no field.
    """

    draft: ContactDraft
    confidence: dict[str, float] = field(default_factory=dict)
    lines: tuple[TextLine, ...] = ()
    sources: dict[str, tuple[int, ...]] = field(default_factory=dict)
    unplaced: tuple[int, ...] = ()

    def low_confidence(self, threshold: float = LOW_CONFIDENCE) -> tuple[str, ...]:
        """Field names the person should check before saving."""
        return tuple(name for name, value in self.confidence.items() if value < threshold)

    @property
    def has_contact(self) -> bool:
        """Whether the card gave anything worth a contact (a name, an address to write to...)."""
        d = self.draft
        return bool(d.display_name or d.organization or d.emails or d.phones or d.urls)


def _find_phones(text: str, region: str, label: str = "") -> list[tuple[str, PhoneKind, bool]]:
    """Numbers in a line as (raw, kind, valid): VALID matches first, then merely possible ones.

    ``label`` is a label printed in its own box just before the line ("Mobile" in a column)."""
    found: list[tuple[str, PhoneKind, bool]] = []
    for leniency, valid in ((phonenumbers.Leniency.VALID, True), (phonenumbers.Leniency.POSSIBLE, False)):
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=leniency):
            if sum(ch.isdigit() for ch in match.raw_string) >= 7:
                found.append((match.raw_string, lex.phone_kind(f"{label} {text[: match.start]}"), valid))
        if found:
            break
    return found


@dataclass
class _Candidate:
    index: int
    text: str
    line: TextLine
    raw: str = ""  # the text before separators and labels were dropped


def _split_job_lines(texts: list[_Candidate], domains: Sequence[str]) -> list[_Candidate]:
    """Lines printing "Title, Organisation" or "Title | Organisation" as two candidates."""
    out: list[_Candidate] = []
    people = [c.index for c in texts if looks_like_person(c.text)]
    for c in texts:
        elsewhere = any(i != c.index for i in people)
        parts = forms.split_job_line(c.raw or c.text, domains, name_elsewhere=elsewhere)
        if parts:
            out += [_Candidate(c.index, lex.strip_labels(part), c.line) for part in parts]
        else:
            out.append(c)
    return out


@dataclass
class _Collector:
    """The draft under construction plus, per field, its confidence and source lines."""

    builder: DraftBuilder = field(default_factory=DraftBuilder)
    confidence: dict[str, float] = field(default_factory=dict)
    sources: dict[str, list[int]] = field(default_factory=dict)

    def note(self, name: str, index: int, value: float) -> None:
        self.confidence[name] = min(self.confidence.get(name, 1.0), round(value, 3))
        self.sources.setdefault(name, []).append(index)


def extract_fields(lines: Sequence[TextLine], *, region: str = DEFAULT_REGION) -> CardReading:
    """The contact on a card from its recognised lines (any order; boxes in image pixels)."""
    cleaned = [TextLine(clean_text(ln.text), ln.box, ln.score) for ln in lines]
    turned, back = upright([ln for ln in cleaned if ln.text])
    rows = merge_rows(turned)
    out = _Collector()
    b = out.builder
    texts: list[_Candidate] = []
    label = ""  # a label alone in its box, for the value beside it
    for index, row in enumerate(rows):
        beside = label if index and _same_row(rows[index - 1], row) else ""
        label = row.text if lex.is_label(row.text) else ""
        rest = lex.repair_email(row.text)
        for address in lex.EMAIL.findall(rest):
            count = len(b.emails)
            email, website = forms.cut_glued_website(address.strip(".'-"))
            b.add_email(email, EmailKind.WORK)
            if len(b.emails) > count:
                out.note("emails", index, row.score)
            rest = rest.replace(address, f" {website} ")
        for url in [m.group(0) for m in lex.URL.finditer(rest) if lex.is_url(m.group(0))]:
            count = len(b.urls)
            b.add_url(url.rstrip(".,"))
            if len(b.urls) > count:
                out.note("urls", index, row.score)
            rest = rest.replace(url, " ")
        address_like = lex.is_address(rest)
        fixed = lex.digit_fix(rest)
        for raw, kind, valid in _find_phones(fixed, region, beside):
            if address_like and not valid:
                continue  # "10115 Berlin" or a suite number is not a phone
            phone = make_phone(raw, kind, region)  # DraftBuilder.add_phone would assume US
            if len(b.phones) < MAX_VALUES and all(
                (p.e164 or p.raw) != (phone.e164 or phone.raw) for p in b.phones
            ):
                b.phones.append(phone)
                out.note("phones", index, row.score * (1.0 if valid else 0.7))
            rest = fixed = fixed.replace(raw, " ")
        leftover = lex.strip_labels(rest)
        if address_like and leftover:
            b.address = f"{b.address}, {leftover}" if b.address else leftover
            out.note("address", index, row.score * 0.9)
        elif sum(ch.isalpha() for ch in leftover) >= 2:
            raw = lex.LEADING_LABEL.sub("", " ".join(rest.split()))
            texts.append(_Candidate(index, forms.tidy_text(leftover), row, forms.tidy_text(raw)))

    names = [c.text for c in texts if looks_like_person(c.text)]
    b.emails = [replace(e, address=forms.fix_capital_i(e.address, names)) for e in b.emails]
    _assign_text(_split_job_lines(texts, _domains(b)), out)
    hosts = [re.sub(r"^https?://", "", u.url).split("/")[0] for u in b.urls]
    b.emails = [replace(e, address=forms.fix_domain_slip(e.address, b.organization, hosts)) for e in b.emails]
    if b.display_name:
        b.display_name = forms.split_glued_name(b.display_name, [e.address.split("@")[0] for e in b.emails])
        b.given_name, b.family_name = split_name(b.display_name)
    used = {i for indices in out.sources.values() for i in indices}
    return CardReading(
        draft=b.build("\n".join(row.text for row in rows)),
        confidence=out.confidence,
        lines=tuple(TextLine(row.text, back(row.box), row.score) for row in rows),
        sources={k: tuple(v) for k, v in out.sources.items()},
        unplaced=tuple(i for i in range(len(rows)) if i not in used),
    )


def _same_row(a: TextLine, b: TextLine) -> bool:
    return abs(a.center[1] - b.center[1]) < 0.5 * max(a.height, b.height)


def _domains(builder: DraftBuilder) -> list[str]:
    """Second-level labels of e-mail and web domains, webmail providers left out."""
    hosts = [e.address.rsplit("@", 1)[-1] for e in builder.emails]
    hosts += [re.sub(r"^https?://", "", u.url).split("/")[0] for u in builder.urls]
    labels: list[str] = []
    for host in hosts:
        parts = [p for p in host.lower().split(".") if p not in ("www", "mail")]
        if len(parts) >= 3 and parts[-2] in ("co", "com", "org", "ac", "gov"):
            parts = parts[:-1]  # acme.co.uk
        label = parts[-2] if len(parts) >= 2 else ""
        if label and label not in lex.GENERIC_DOMAINS and label != "linkedin" and label not in labels:
            labels.append(label)
    return labels


def _assign_text(texts: list[_Candidate], out: _Collector) -> None:
    """Name, organisation and title from the free-text lines: content first, then layout."""
    if not texts:
        return
    b = out.builder
    domains = _domains(b)
    locals_ = [re.sub(r"\d+$", "", e.address.split("@")[0]) for e in b.emails]
    locals_ = [loc for loc in locals_ if fold(loc) not in lex.GENERIC_LOCALS]
    tallest = max(c.line.height for c in texts) or 1.0
    pending = list(texts)

    def by_email(c: _Candidate) -> bool:
        return any(prefix_match(loc, c.text) for loc in locals_)

    def name_score(c: _Candidate) -> float:
        email, person = by_email(c), looks_like_person(c.text)
        if not (email or person):
            return 0.0
        spelled_by_domain = not email and any(prefix_match(d, c.text) for d in domains)
        return 2.0 * email + person + c.line.height / tallest - 1.5 * spelled_by_domain - 0.02 * c.index

    name = max(pending, key=name_score)
    if name_score(name) > 0:
        sure = by_email(name) or name.line.height >= 0.95 * tallest
        b.display_name = name.text
        out.note("display_name", name.index, name.line.score * (1.0 if sure else 0.85))
        pending.remove(name)

    orgs = [(org_score(c.text, domains), c) for c in pending]
    orgs = [(s, c) for s, c in orgs if s > title_score(c.text)]
    if orgs:
        score, org = max(orgs, key=lambda pair: (pair[0], -pair[1].index))
        b.organization = org.text
        out.note("organization", org.index, org.line.score * (1.0 if score >= 0.9 else 0.7))
        pending.remove(org)

    titles = [c for c in pending if title_score(c.text) > 0]
    if titles:
        title = max(titles, key=lambda c: (title_score(c.text), -c.index))
        b.title = title.text
        out.note("title", title.index, title.line.score)
        pending.remove(title)

    # Layout fallback: under the name come the title, then the organisation.
    if "display_name" not in out.sources:
        return  # without a name there is nothing to place the other lines under
    anchor = out.sources["display_name"][0]
    for c in [c for c in pending if c.index > anchor]:
        if not b.title:
            b.title = c.text
            out.note("title", c.index, c.line.score * 0.6)
        elif not b.organization:
            b.organization = c.text
            out.note("organization", c.index, c.line.score * 0.6)
