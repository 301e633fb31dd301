"""Finding cards in camera frames and photos, for the worker threads of event mode. No Qt, no DB.

Everything here runs off the main thread, so it touches no database session: it turns pixels
into ``FoundCard`` values (plain, frozen data that may cross a thread boundary), and the main
thread hands those to ``EventCaptureService`` to match and store. The UI reaches frame sources
and OCR through this module because it may not import ``netdesk.capture`` itself.

A card with a QR code is read from the code (exact, so no confidence); a photo or camera still
without one falls back to OCR (``card_reader``), and the found card then carries the confidence
of each field, a reduced crop of the card's text and the outlines of the lines behind each field,
so the review form can show the card beside the fields and highlight the doubtful ones.
"""

from __future__ import annotations

import hashlib
import importlib
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType, ModuleType

import cv2
import numpy as np
import numpy.typing as npt

from netdesk.capture import ImageError, capture_file, capture_image, decode, load_image, parse_payload
from netdesk.capture.card_fields import LOW_CONFIDENCE, CardReading, TextLine
from netdesk.capture.frame_source import (
    CameraInfo,
    CameraSource,
    FrameSource,
    FrameSourceError,
    ImageFrameSource,
    VideoFileSource,
    list_cameras,
)
from netdesk.capture.frame_validation import FrameValidator
from netdesk.capture.pipeline import OcrHook
from netdesk.domain.models import ContactDraft
from netdesk.domain.search import fold

__all__ = [
    "LOW_CONFIDENCE",
    "PHOTO_SUFFIXES",
    "CameraInfo",
    "CameraSource",
    "CardReader",
    "CardReading",
    "FoundCard",
    "Frame",
    "FrameSource",
    "FrameSourceError",
    "ImageFrameSource",
    "LiveScan",
    "LiveScanner",
    "PhotoScan",
    "StillScan",
    "TextLine",
    "VideoFileSource",
    "available_cameras",
    "card_key",
    "card_reader",
    "ocr_hook",
    "ocr_problem",
    "open_camera",
    "payload_key",
    "scan_photo",
    "scan_photos",
    "scan_still",
]

Frame = npt.NDArray[np.uint8]
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff", ".heic", ".heif")
#: Seconds a live frame's decode may spend on retries; the next frame is the better retry.
LIVE_BUDGET = 0.05
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
    text: str = ""  # the exact decoded payload, "" for OCR
    file: str | None = None  # the photo it came from
    frame: Frame | None = field(default=None, compare=False, repr=False)  # camera frame to keep
    #: Read by OCR (no code): ``confidence`` then holds 0..1 per ``ContactDraft`` attribute
    #: (display_name, title, organization, emails, phones, urls, address); a code is exact.
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


@dataclass(frozen=True, slots=True)
class PhotoScan:
    file: str
    cards: tuple[FoundCard, ...] = ()
    error: str | None = None
    notes: tuple[str, ...] = ()
    #: Set when the photo had no code and OCR could not run: why (a sentence for the user).
    ocr_problem: str | None = None


@dataclass(frozen=True, slots=True)
class StillScan:
    """A camera still read thoroughly: codes first, OCR when there is none."""

    cards: tuple[FoundCard, ...] = ()
    notes: tuple[str, ...] = ()
    ocr_problem: str | None = None
    error: str | None = None


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


@dataclass(frozen=True, slots=True)
class LiveScan:
    """One decoded frame: newly confirmed cards, and the corners of every code in view."""

    cards: tuple[FoundCard, ...] = ()
    boxes: tuple[tuple[tuple[float, float], ...], ...] = ()
    notes: tuple[str, ...] = ()


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


def _reduce(image: Frame, max_side: int = CROP_MAX_SIDE) -> tuple[Frame, float]:
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


def _ocr_card(
    image: Frame, reading: CardReading, source: str, file: str | None, frame: Frame | None
) -> FoundCard:
    """A found card from an OCR reading: the crop around its text and each field's outlines."""
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
    crop, scale = _reduce(region)
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
        card_key(draft),
        "",
        file,
        frame,
        ocr=True,
        confidence=MappingProxyType(dict(reading.confidence)),
        crop=crop,
        outlines=MappingProxyType(outlines),
    )


def _scan_image(
    image: Frame, *, source: str, file: str | None, frame: Frame | None, reader: CardReader | None
) -> tuple[list[FoundCard], list[str], str | None]:
    """Codes first; OCR when no code gave a contact. (cards, notes, why OCR could not run)."""
    result = capture_image(image, source=file or source, effort="thorough")
    cards: list[FoundCard] = []
    crop: Frame | None = None
    for code, payload in zip(result.codes, result.payloads, strict=False):
        for draft in payload.contacts:
            if crop is None and frame is None:
                crop = _reduce(image)[0]
            cards.append(FoundCard(draft, source, payload_key(code.text), code.text, file, frame, crop=crop))
    notes = list(result.notes)
    if cards or reader is None:
        return cards, notes, None
    reading = reader.recognize(image)
    if reading is None:
        return cards, notes, reader.problem
    if reading.has_contact:
        cards.append(_ocr_card(image, reading, source, file, frame))
    return cards, notes, None


def available_cameras() -> list[CameraInfo]:
    return list_cameras()


def open_camera(index: int) -> FrameSource:
    """A camera frame source (opened by the worker thread that reads it)."""
    return CameraSource(index)


class LiveScanner:
    """Decode camera frames fast and confirm a code once it is seen in ``min_frames`` frames.

    Used from one worker thread; ``forget`` may be called from another (the user skipped a
    card and holds it up again), hence the lock.
    """

    def __init__(self, min_frames: int = 2, budget: float = LIVE_BUDGET) -> None:
        self.validator = FrameValidator(min_frames=min_frames)
        self.budget = budget
        self._lock = threading.Lock()

    def scan(self, frame: Frame) -> LiveScan:
        codes = decode(frame, effort="fast", budget=self.budget)
        with self._lock:
            confirmed = self.validator.feed(code.text for code in codes)
        cards: list[FoundCard] = []
        notes: list[str] = []
        for text in confirmed:
            payload = parse_payload(text)
            if not payload.contacts and payload.reason:
                notes.append(payload.reason)
            cards.extend(
                FoundCard(draft, "camera", payload_key(text), text, None, frame) for draft in payload.contacts
            )
        boxes = tuple(tuple((float(x), float(y)) for x, y in code.position) for code in codes)
        return LiveScan(tuple(cards), boxes, tuple(notes))

    def forget(self, text: str) -> None:
        with self._lock:
            self.validator.forget(text)


def _no_card_notes(notes: list[str], problem: str | None, what: str) -> tuple[str, ...]:
    if problem:
        return (*notes, f"No QR code was found, and cards without one cannot be read here: {problem}")
    if not notes:
        return (f"No QR code or card text was found; {what}",)
    return tuple(notes)


def scan_photo(
    path: str | Path,
    *,
    ocr: OcrHook | None = None,
    reader: CardReader | None = None,
    source: str = "photo",
) -> PhotoScan:
    """Every card in one photo (two cards give two entries); never raises for a bad file.

    With a ``reader`` (the GUI), a photo without a code is read by OCR and the card carries its
    confidences and crop; ``ocr`` is the plain drafts-only hook of the command line.
    """
    file = str(path)
    if reader is not None:
        try:
            image = load_image(path, grayscale=False)
        except ImageError as exc:
            return PhotoScan(file, error=str(exc))
        try:
            found, notes, problem = _scan_image(image, source=source, file=file, frame=None, reader=reader)
        except Exception as exc:  # an OCR failure on one photo must not end the batch
            return PhotoScan(file, error=f"{Path(file).name}: the card could not be read ({exc}).")
        if found:
            return PhotoScan(file, tuple(found), None, tuple(notes))
        hint = "try a sharper, closer photo."
        return PhotoScan(file, (), None, _no_card_notes(notes, problem, hint), problem)
    result = capture_file(path, effort="thorough", ocr=ocr)
    if result.error:
        return PhotoScan(file, error=result.error)
    cards: list[FoundCard] = []
    for code, payload in zip(result.codes, result.payloads, strict=False):
        cards.extend(FoundCard(d, source, payload_key(code.text), code.text, file) for d in payload.contacts)
    from_codes = {card.draft for card in cards}
    cards.extend(FoundCard(d, source, card_key(d), "", file) for d in result.contacts if d not in from_codes)
    plain_notes = result.notes
    if not cards and not plain_notes:
        plain_notes = ("No QR code or card text was found; try a sharper, closer photo.",)
    return PhotoScan(file, tuple(cards), None, tuple(plain_notes))


def scan_still(frame: Frame, *, reader: CardReader | None = None) -> StillScan:
    """A camera still read as thoroughly as a photo: its codes, or its printed text by OCR."""
    try:
        found, notes, problem = _scan_image(frame, source="camera", file=None, frame=frame, reader=reader)
    except Exception as exc:
        return StillScan(error=f"The still could not be read ({exc}).")
    if found:
        return StillScan(tuple(found), tuple(notes))
    hint = "hold the card closer, flat and still, then capture again."
    return StillScan((), _no_card_notes(notes, problem, hint), problem)


def scan_photos(
    paths: Sequence[str | Path],
    *,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[int, PhotoScan], None] | None = None,
    ocr: OcrHook | None = None,
    reader: CardReader | None = None,
    source: str = "photo",
) -> list[PhotoScan]:
    """``scan_photo`` over many files, stopping between files when ``cancelled()`` says so."""
    out: list[PhotoScan] = []
    for index, path in enumerate(paths):
        if cancelled():
            break
        scan = scan_photo(path, ocr=ocr, reader=reader, source=source)
        out.append(scan)
        if progress is not None:
            progress(index + 1, scan)
    return out
