"""One card, two readings: what its QR code says and what is printed beside it.

Many cards carry a code holding only a LinkedIn or website URL (or a bare ``mailto:``/``tel:``),
while the name, title, organisation, e-mail and phone are printed next to it. Such a code alone
gives a contact without a name; the card's printed text (OCR) gives the rest. The rules, in one
pure place so the command line and the GUI cannot disagree:

- a code's value is exact, so it wins wherever both have one (confidence 1.0);
- the printed text fills what the code lacks and keeps the confidence it was read with, so the
  review form still marks its doubtful fields;
- links are merged by kind: the code's LinkedIn profile and the printed website both stay, but a
  printed LinkedIn address never sits beside the code's (it would be a misread copy of it).

No Qt and no OCR engine here: the reading comes in as a plain ``CardReading``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from netdesk.capture.card_fields import CardReading
from netdesk.domain.models import ContactDraft, Url

__all__ = [
    "CODE_CONFIDENCE",
    "has_name",
    "link_draft",
    "merge_code_and_print",
    "merge_drafts",
    "needs_print",
]

#: The confidence of a value read from a code: exact.
CODE_CONFIDENCE = 1.0
#: Fields that are one value: the code's wins when it has one.
_SCALARS = ("title", "organization", "department", "field", "address")
#: Name fields move together: a printed given name never joins a code's family name.
_NAME = ("display_name", "given_name", "family_name", "name_prefix", "middle_name", "name_suffix")
#: The fields ``CardReading.confidence`` speaks of, mapped to the draft attributes behind them.
_CONFIDENCE_FIELDS = ("display_name", "title", "organization", "emails", "phones", "urls", "address")


def has_name(draft: ContactDraft) -> bool:
    """Whether the draft names a person (an organisation or e-mail alone does not)."""
    return bool(draft.display_name.strip() or draft.given_name.strip() or draft.family_name.strip())


def needs_print(code_drafts: Sequence[ContactDraft], links: Sequence[Url] = ()) -> bool:
    """Whether a photo's codes leave the card's printed text worth reading and merging.

    True for exactly one nameless contact (a LinkedIn URL, ``mailto:``, ``tel:``, a MECARD
    without N), or for no contact but web links (a website code). Two nameless codes in one
    photo are two cards, and one reading of the photo's text could not be told apart between them.
    """
    if len(code_drafts) == 1:
        return not has_name(code_drafts[0])
    return not code_drafts and bool(links)


def link_draft(links: Sequence[Url], raw_source: str = "") -> ContactDraft:
    """A draft holding only the web links of a code that is not a contact by itself."""
    unique: list[Url] = []
    for url in links:
        if all(u.url != url.url for u in unique):
            unique.append(url)
    return ContactDraft(urls=tuple(unique), raw_source=raw_source)


def _merged_urls(code: tuple[Url, ...], printed: tuple[Url, ...]) -> tuple[Url, ...]:
    """The code's links, then printed links of a kind the code has none of."""
    kinds = {u.kind for u in code}
    out = list(code)
    for url in printed:
        if url.kind not in kinds and all(u.url != url.url for u in out):
            out.append(url)
    return tuple(out)


def _filled(code: ContactDraft, printed: ContactDraft) -> tuple[ContactDraft, set[str]]:
    """The merged draft, and the ``_CONFIDENCE_FIELDS`` names that hold printed values."""
    changes: dict[str, object] = {}
    from_print: set[str] = set()
    if not has_name(code) and has_name(printed):
        changes.update({name: getattr(printed, name) for name in _NAME})
        from_print.add("display_name")
    for name in _SCALARS:
        if not getattr(code, name).strip() and getattr(printed, name).strip():
            changes[name] = getattr(printed, name)
            from_print.add(name)
    for name in ("emails", "phones"):
        if not getattr(code, name) and getattr(printed, name):
            changes[name] = getattr(printed, name)
            from_print.add(name)
    urls = _merged_urls(code.urls, printed.urls)
    if urls != code.urls:
        changes["urls"] = urls
        from_print.add("urls")
    if not code.notes.strip() and printed.notes.strip():
        changes["notes"] = printed.notes
    return dataclasses.replace(code, **changes), from_print  # type: ignore[arg-type]


def merge_drafts(code: ContactDraft, printed: ContactDraft) -> ContactDraft:
    """The card's contact: the code's values, the printed text filling what the code lacks.

    ``raw_source`` stays the code's payload, so the exact text the card carried is kept.
    """
    return _filled(code, printed)[0]


def merge_code_and_print(code: ContactDraft, reading: CardReading) -> CardReading:
    """``merge_drafts`` with confidences: 1.0 for the code's fields, the reading's for the rest.

    The printed lines, and their outlines for the fields filled from them, stay with the result
    so the review form can show where a doubtful value was read. Lines behind a field the code
    won are kept among ``unplaced``.
    """
    draft, from_print = _filled(code, reading.draft)
    confidence: dict[str, float] = {}
    for name in _CONFIDENCE_FIELDS:
        if name in from_print:
            if name in reading.confidence:
                confidence[name] = reading.confidence[name]
        elif _present(draft, name):
            confidence[name] = CODE_CONFIDENCE
    sources = {name: lines for name, lines in reading.sources.items() if name in from_print}
    dropped = {i for name, lines in reading.sources.items() if name not in from_print for i in lines}
    unplaced = tuple(sorted(set(reading.unplaced) | dropped))
    return CardReading(draft, confidence, reading.lines, sources, unplaced)


def _present(draft: ContactDraft, name: str) -> bool:
    value = getattr(draft, name)
    return bool(value.strip()) if isinstance(value, str) else bool(value)
