"""Finding cards in camera frames and photos, for the worker threads of event mode. No Qt, no DB.

Everything here runs off the main thread, so it touches no database session: it turns pixels
into ``FoundCard`` values (plain, frozen data that may cross a thread boundary), and the main
thread hands those to ``EventCaptureService`` to match and store. The UI reaches frame sources
through this module because it may not import ``netdesk.capture`` itself.
"""

from __future__ import annotations

import hashlib
import importlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from netdesk.capture import capture_file, decode, parse_payload
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
    "PHOTO_SUFFIXES",
    "CameraInfo",
    "CameraSource",
    "FoundCard",
    "Frame",
    "FrameSource",
    "FrameSourceError",
    "ImageFrameSource",
    "LiveScan",
    "LiveScanner",
    "PhotoScan",
    "VideoFileSource",
    "available_cameras",
    "card_key",
    "ocr_hook",
    "open_camera",
    "payload_key",
    "scan_photo",
]

Frame = npt.NDArray[np.uint8]
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff", ".heic", ".heif")
#: Seconds a live frame's decode may spend on retries; the next frame is the better retry.
LIVE_BUDGET = 0.05


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

    @property
    def name(self) -> str:
        return self.draft.name


@dataclass(frozen=True, slots=True)
class PhotoScan:
    file: str
    cards: tuple[FoundCard, ...] = ()
    error: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LiveScan:
    """One decoded frame: newly confirmed cards, and the corners of every code in view."""

    cards: tuple[FoundCard, ...] = ()
    boxes: tuple[tuple[tuple[float, float], ...], ...] = ()
    notes: tuple[str, ...] = ()


def ocr_hook() -> OcrHook | None:
    """The OCR reader for cards without a code, when it is installed; None otherwise."""
    try:
        module = importlib.import_module("netdesk.capture.ocr")
    except ImportError:
        return None
    hook: OcrHook | None = getattr(module, "read_card", None)
    return hook


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


def scan_photo(path: str | Path, *, ocr: OcrHook | None = None, source: str = "photo") -> PhotoScan:
    """Every card in one photo (two cards give two entries); never raises for a bad file."""
    result = capture_file(path, effort="thorough", ocr=ocr)
    file = str(path)
    if result.error:
        return PhotoScan(file, error=result.error)
    cards: list[FoundCard] = []
    for code, payload in zip(result.codes, result.payloads, strict=False):
        cards.extend(FoundCard(d, source, payload_key(code.text), code.text, file) for d in payload.contacts)
    from_codes = {card.draft for card in cards}
    cards.extend(FoundCard(d, source, card_key(d), "", file) for d in result.contacts if d not in from_codes)
    notes = result.notes
    if not cards and not notes:
        notes = ("No QR code or card text was found; try a sharper, closer photo.",)
    return PhotoScan(file, tuple(cards), None, tuple(notes))


def scan_photos(
    paths: Sequence[str | Path],
    *,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[int, PhotoScan], None] | None = None,
    ocr: OcrHook | None = None,
    source: str = "photo",
) -> list[PhotoScan]:
    """``scan_photo`` over many files, stopping between files when ``cancelled()`` says so."""
    out: list[PhotoScan] = []
    for index, path in enumerate(paths):
        if cancelled():
            break
        scan = scan_photo(path, ocr=ocr, source=source)
        out.append(scan)
        if progress is not None:
            progress(index + 1, scan)
    return out
