"""Photo → codes → contacts in one call, shared by ``netdesk decode``, ``netdesk scan`` and the GUI.

Keeping the glue here means the command line and the GUI cannot disagree on what a photo holds.
The ``ocr`` hook reads a card's printed text. It runs when no code in the photo yielded a contact
(a card without a code, issue 8), and when the codes leave the card nameless (issue 13: a code
holding only a LinkedIn or website URL, a ``mailto:`` or ``tel:``): the printed text is then
merged into the code's contact (``merge``), the code's values winning where both have one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from netdesk.capture.decode import DEFAULT_BUDGET, DecodedCode, Effort, decode
from netdesk.capture.engines import Image
from netdesk.capture.images import ImageError, load_image
from netdesk.capture.merge import link_draft, merge_drafts, needs_print
from netdesk.capture.payload import PayloadKind, PayloadResult, parse_payload
from netdesk.domain.models import ContactDraft, Url

#: Reads printed text from a photo and returns drafts (issue 8 provides one; None = no OCR).
OcrHook = Callable[[Image], list[ContactDraft]]
#: Payloads whose web links belong to the card they are printed on (a website code, a bookmark).
_LINK_KINDS = (PayloadKind.URL, PayloadKind.MEBKM)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where one contact of a photo came from.

    ``code`` indexes ``CaptureResult.codes`` (None: printed text alone); ``printed`` says the
    card's printed text was read into it (alone, or merged into the code's values).
    """

    code: int | None
    printed: bool = False


@dataclass(frozen=True, slots=True)
class CodeContacts:
    """The contacts a photo's codes give, before any printed text: what to merge into."""

    drafts: tuple[ContactDraft, ...]
    origins: tuple[Origin, ...]
    #: Web links of codes that are not a contact themselves, with the index of their code.
    links: tuple[Url, ...]
    link_code: int | None

    def merge_target(self) -> tuple[ContactDraft, int | None] | None:
        """The code draft the printed text should complete, or None when it should not be read."""
        if not needs_print(self.drafts, self.links):
            return None
        if self.drafts:
            return self.drafts[0], self.origins[0].code
        return link_draft(self.links), self.link_code


def code_contacts(payloads: Sequence[PayloadResult]) -> CodeContacts:
    drafts: list[ContactDraft] = []
    origins: list[Origin] = []
    links: list[Url] = []
    link_code: int | None = None
    for index, payload in enumerate(payloads):
        for draft in payload.contacts:
            drafts.append(draft)
            origins.append(Origin(index))
        if not payload.contacts and payload.kind in _LINK_KINDS and payload.links:
            links.extend(payload.links)
            link_code = index if link_code is None else link_code
    return CodeContacts(tuple(drafts), tuple(origins), tuple(links), link_code)


@dataclass(frozen=True, slots=True)
class CaptureResult:
    """Everything found in one photo; ``error`` is a sentence naming the file when it failed."""

    source: str
    codes: tuple[DecodedCode, ...] = ()
    payloads: tuple[PayloadResult, ...] = ()
    contacts: tuple[ContactDraft, ...] = ()
    error: str | None = None
    notes: tuple[str, ...] = field(default=())
    #: One per contact, in order: which code it came from and whether printed text was read into it.
    origins: tuple[Origin, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


def capture_image(
    image: Image,
    *,
    source: str = "frame",
    effort: Effort = "thorough",
    ocr: OcrHook | None = None,
    budget: float = DEFAULT_BUDGET,
) -> CaptureResult:
    """Decode every code in an already loaded image, parse each payload, read printed text as needed."""
    codes = decode(image, effort=effort, budget=budget)
    payloads = tuple(parse_payload(code.text) for code in codes)
    found = code_contacts(payloads)
    contacts, origins = list(found.drafts), list(found.origins)
    notes = [p.reason for p in payloads if p.reason]
    if ocr is not None:
        target = found.merge_target()
        if not contacts and target is None:
            printed = ocr(image)
            contacts.extend(printed)
            origins.extend(Origin(None, True) for _ in printed)
        elif target is not None:
            printed = ocr(image)
            if printed:
                draft, code = target
                if code is not None:
                    draft = _with_raw(draft, codes[code].text)
                    notes = [p.reason for i, p in enumerate(payloads) if p.reason and i != code]
                contacts, origins = [merge_drafts(draft, printed[0])], [Origin(code, True)]
    return CaptureResult(source, tuple(codes), payloads, tuple(contacts), None, tuple(notes), tuple(origins))


def _with_raw(draft: ContactDraft, text: str) -> ContactDraft:
    """A draft made from a code's links carries the code's exact text, as a code's contact does."""
    return draft if draft.raw_source else replace(draft, raw_source=text)


def capture_file(
    path: str | Path,
    *,
    effort: Effort = "thorough",
    ocr: OcrHook | None = None,
    budget: float = DEFAULT_BUDGET,
) -> CaptureResult:
    """Like ``capture_image`` for a file; a bad file gives a result with ``error`` set, never raises."""
    try:
        image = load_image(path, grayscale=ocr is None)
    except ImageError as exc:
        return CaptureResult(str(path), error=str(exc))
    return capture_image(image, source=str(path), effort=effort, ocr=ocr, budget=budget)
