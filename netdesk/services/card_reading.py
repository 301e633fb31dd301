"""Found cards and the OCR reader of printed text, for the scanning in ``card_scanning``. No Qt, no DB.

A ``FoundCard`` is what a scan hands the main thread: plain, frozen data that may cross a thread
boundary. A card read from a code alone is exact (no confidence); a card whose printed text was
read (alone, or merged into a code that gave no name) carries the confidence of each field, a
reduced crop of the card's text and the outlines of the lines behind each field, so the review
form can show the card beside the fields and highlight the doubtful ones.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType, ModuleType

import cv2
import numpy as np
import numpy.typing as npt

from netdesk.capture.card_fields import LOW_CONFIDENCE, CardReading
from netdesk.capture.pipeline import OcrHook
from netdesk.domain.models import ContactDraft
from netdesk.domain.search import fold

Frame = npt.NDArray[np.uint8]
#: Longest side of the card image handed to the review form (a crop of the card's text).
CROP_MAX_SIDE = 900
#: Margin around the recognised text in a crop, as a share of the text block's longer side.
CROP_MARGIN = 0.12
Point = tuple[float, float]
Quad = tuple[Point, ...]
Recognizer = Callable[[Frame], CardReading]


def payload_key(text: str) -> str:
    """The identity of a decoded payload: line endings and outer blanks do not make a new card."""
    normal = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return hashlib.sha256(b"qr\0" + normal.encode("utf-8", "surrogatepass")).hexdigest()


def card_key(draft: ContactDraft) -> str:
    """The identity of a card read without a code (OCR): its name, e-mails and phones."""
    parts = [fold(draft.name), *sorted(e.address.casefold() for e in draft.emails)]
    parts += sorted(p.e164 or p.raw for p in draft.phones)
    return hashlib.sha256(("ocr\0" + "\0".join(parts)).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class FoundCard:
    """One person found by a scan: what to show in the review list and what to store."""

    draft: ContactDraft
    source: str  # "camera", "photo", "cli" (and "manual" for typed-in people)
    key: str  # payload_key / card_key; "" for people typed in by hand
    text: str = ""  # the exact decoded payload, "" for a card read from its printed text alone
    file: str | None = None  # the photo it came from
    frame: Frame | None = field(default=None, compare=False, repr=False)  # camera frame to keep
    #: Printed text was read (OCR, alone or merged into a code's values): ``confidence`` then holds
    #: 0..1 per ``ContactDraft`` attribute (display_name, title, organization, emails, phones,
    #: urls, address), 1.0 for a value from the code; a card from a code alone is exact.
    ocr: bool = False
    confidence: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}), compare=False)
    #: A reduced BGR image of the card for the review form (the text region for OCR cards, the
    #: whole photo for codes); None for live camera cards, whose ``frame`` is shown instead.
    crop: Frame | None = field(default=None, compare=False, repr=False)
    #: Outlines (in ``crop`` pixels) of the recognised lines behind each field, for OCR cards.
    outlines: Mapping[str, tuple[Quad, ...]] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )

    @property
    def name(self) -> str:
        return self.draft.name

    def low_confidence(self, threshold: float = LOW_CONFIDENCE) -> tuple[str, ...]:
        """Fields the person should check before saving (never any for a code)."""
        return tuple(name for name, value in self.confidence.items() if value < threshold)

    @property
    def image(self) -> Frame | None:
        """What the review form shows: the crop, else the camera frame."""
        return self.crop if self.crop is not None else self.frame


class CardReader:
    """OCR for cards without a code, checked on first need rather than on creation.

    Loading the OCR engine takes a second or so, which a batch of photos with QR codes should
    not pay; ``problem`` runs ``check`` once, when a photo without a code first needs OCR. One
    reader serves one worker thread (the engine itself serialises calls across threads).
    """

    def __init__(self, recognize: Recognizer | None, check: Callable[[], str | None] = lambda: None) -> None:
        self._recognize = recognize
        self._check = check
        self._problem: str | None = None
        self._checked = False

    @property
    def problem(self) -> str | None:
        """Why OCR cannot run (a sentence for the user), or None when it can."""
        if not self._checked:
            try:
                self._problem = self._check()
            except Exception as exc:  # a broken runtime is a message, not a crash
                self._problem = f"The OCR engine could not start ({exc})."
            if self._recognize is None and not self._problem:
                self._problem = "Reading cards without a QR code is not available."
            self._checked = True
        return self._problem

    def recognize(self, image: Frame) -> CardReading | None:
        """The card's reading, or None when OCR cannot run (see ``problem``)."""
        if self.problem or self._recognize is None:
            return None
        return self._recognize(image)


def _ocr_module() -> ModuleType | None:
    try:
        return importlib.import_module("netdesk.capture.ocr")
    except ImportError:
        return None


def ocr_hook() -> OcrHook | None:
    """The OCR reader for cards without a code, when it is installed; None otherwise."""
    module = _ocr_module()
    hook: OcrHook | None = getattr(module, "read_card", None) if module is not None else None
    return hook


def ocr_problem() -> str | None:
    """Why cards without a code cannot be read here (a sentence), or None when OCR works.

    The first call loads the OCR engine (a second or so): call it from a worker thread.
    """
    module = _ocr_module()
    if module is None:
        return "Reading cards without a QR code needs the OCR engine, which is not installed."
    problem: str | None = module.ocr_problem()
    return problem


def card_reader(region: str = "US") -> CardReader:
    """The OCR reader of cards without a code; the engine is loaded (and checked) on first need."""
    module = _ocr_module()
    if module is None:
        return CardReader(None, ocr_problem)
    recognize_card = module.recognize_card

    def recognize(image: Frame) -> CardReading:
        reading: CardReading = recognize_card(image, region=region)
        return reading

    return CardReader(recognize, ocr_problem)


def reduce_image(image: Frame, max_side: int = CROP_MAX_SIDE) -> tuple[Frame, float]:
    """A copy no longer than ``max_side`` (BGR), and the scale applied."""
    height, width = image.shape[:2]
    scale = min(1.0, max_side / max(height, width, 1))
    if scale < 1.0:
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        image = np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)
    else:
        image = image.copy()
    if image.ndim == 2:
        image = np.asarray(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR), dtype=np.uint8)
    return image, scale


def read_card_found(
    image: Frame,
    reading: CardReading,
    source: str,
    file: str | None,
    frame: Frame | None,
    *,
    key: str | None = None,
    text: str = "",
) -> FoundCard:
    """A found card from a reading of printed text: the crop around its text and each field's outlines.

    ``key`` and ``text`` are the code's when the reading completes a code (its payload key keeps
    the card recognised when the same code is seen again); otherwise the key is ``card_key``.
    """
    lines = reading.lines
    height, width = image.shape[:2]
    left, top, right, bottom = 0.0, 0.0, float(width), float(height)
    if lines:
        xs = [x for line in lines for x, _ in line.box]
        ys = [y for line in lines for _, y in line.box]
        margin = CROP_MARGIN * max(max(xs) - min(xs), max(ys) - min(ys)) + 8
        left, top = max(0.0, min(xs) - margin), max(0.0, min(ys) - margin)
        right, bottom = min(float(width), max(xs) + margin), min(float(height), max(ys) + margin)
    x0, y0 = int(left), int(top)
    region = image[y0 : max(y0 + 1, int(bottom)), x0 : max(x0 + 1, int(right))]
    crop, scale = reduce_image(region)
    outlines: dict[str, tuple[Quad, ...]] = {}
    for name, indices in reading.sources.items():
        outlines[name] = tuple(
            tuple(((x - x0) * scale, (y - y0) * scale) for x, y in lines[i].box)
            for i in indices
            if 0 <= i < len(lines)
        )
    draft = reading.draft
    return FoundCard(
        draft,
        source,
        key if key is not None else card_key(draft),
        text,
        file,
        frame,
        ocr=True,
        confidence=MappingProxyType(dict(reading.confidence)),
        crop=crop,
        outlines=MappingProxyType(outlines),
    )
