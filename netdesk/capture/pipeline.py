"""Photo → codes → contacts in one call, shared by ``netdesk decode``, ``netdesk scan`` and the GUI.

Keeping the glue here means the command line and the GUI cannot disagree on what a photo holds.
The ``ocr`` hook is where reading printed text of cards without a code plugs in (issue 8): it is
only called when no code in the photo yielded a contact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from netdesk.capture.decode import DEFAULT_BUDGET, DecodedCode, Effort, decode
from netdesk.capture.engines import Image
from netdesk.capture.images import ImageError, load_image
from netdesk.capture.payload import PayloadResult, parse_payload
from netdesk.domain.models import ContactDraft

#: Reads printed text from a photo and returns drafts (issue 8 provides one; None = no OCR).
OcrHook = Callable[[Image], list[ContactDraft]]


@dataclass(frozen=True, slots=True)
class CaptureResult:
    """Everything found in one photo; ``error`` is a sentence naming the file when it failed."""

    source: str
    codes: tuple[DecodedCode, ...] = ()
    payloads: tuple[PayloadResult, ...] = ()
    contacts: tuple[ContactDraft, ...] = ()
    error: str | None = None
    notes: tuple[str, ...] = field(default=())

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
    """Decode every code in an already loaded image and parse each payload."""
    codes = decode(image, effort=effort, budget=budget)
    payloads = tuple(parse_payload(code.text) for code in codes)
    contacts = [draft for payload in payloads for draft in payload.contacts]
    notes = [p.reason for p in payloads if p.reason]
    if not contacts and ocr is not None:
        contacts.extend(ocr(image))
    return CaptureResult(source, tuple(codes), payloads, tuple(contacts), None, tuple(notes))


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
