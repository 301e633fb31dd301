"""Finding cards in camera frames and photos, for the worker threads of event mode. No Qt, no DB.

Everything here runs off the main thread, so it touches no database session: it turns pixels
into ``FoundCard`` values (plain, frozen data that may cross a thread boundary), and the main
thread hands those to ``EventCaptureService`` to match and store. The UI reaches frame sources
and OCR through this module because it may not import ``netdesk.capture`` itself.

A card with a QR code is read from the code (exact, so no confidence). A photo or camera still
without one falls back to OCR (``card_reader``), and so does one whose code gives no name (a
LinkedIn or website URL, ``mailto:``, ``tel:``): the printed text then fills what the code lacks
(``netdesk.capture.merge``). Such a card carries the confidence of each field (1.0 for the code's),
a reduced crop of the card's text and the outlines of the lines behind each field, so the review
form can show the card beside the fields and highlight the doubtful ones.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

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
from netdesk.capture.merge import merge_code_and_print
from netdesk.capture.pipeline import CaptureResult, OcrHook, code_contacts
from netdesk.services.card_reading import (
    CardReader,
    FoundCard,
    card_key,
    card_reader,
    ocr_hook,
    ocr_problem,
    payload_key,
    read_card_found,
    reduce_image,
)

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


@dataclass(frozen=True, slots=True)
class LiveScan:
    """One decoded frame: newly confirmed cards, and the corners of every code in view."""

    cards: tuple[FoundCard, ...] = ()
    boxes: tuple[tuple[tuple[float, float], ...], ...] = ()
    notes: tuple[str, ...] = ()
    #: The frame of a newly confirmed code that gives no name (a LinkedIn or website URL, a
    #: ``mailto:``): not a card yet, it is read as a still (``scan_still``) so the printed name
    #: beside the code completes it.
    unnamed: Frame | None = field(default=None, compare=False, repr=False)


def _scan_image(
    image: Frame, *, source: str, file: str | None, frame: Frame | None, reader: CardReader | None
) -> tuple[list[FoundCard], list[str], str | None]:
    """Codes first; OCR when no code gave a contact, or gave one without a name, merged into it.

    Returns (cards, notes, why OCR could not run for a photo that had no card from its codes).
    """
    result = capture_image(image, source=file or source, effort="thorough")
    cards: list[FoundCard] = []
    crop: Frame | None = None
    for code, payload in zip(result.codes, result.payloads, strict=False):
        for draft in payload.contacts:
            if crop is None and frame is None:
                crop = reduce_image(image)[0]
            cards.append(FoundCard(draft, source, payload_key(code.text), code.text, file, frame, crop=crop))
    notes = list(result.notes)
    found = code_contacts(result.payloads)
    target = found.merge_target()
    if reader is None or (cards and target is None):
        return cards, notes, None
    reading = reader.recognize(image)
    if reading is None:
        return cards, notes, None if cards else reader.problem
    if not reading.has_contact:
        return cards, notes, None
    if target is None:
        return [read_card_found(image, reading, source, file, frame)], notes, None
    draft, index = target
    text = result.codes[index].text if index is not None else ""
    if text and not draft.raw_source:
        draft = replace(draft, raw_source=text)
    merged = merge_code_and_print(draft, reading)
    # A code that is a contact (a LinkedIn profile, an address) names the person: its key finds
    # the card again. A website is the organisation's, shared by colleagues: the card's own key.
    key = payload_key(text) if found.drafts and text else None
    card = read_card_found(image, merged, source, file, frame, key=key, text=text)
    if index is not None:
        notes = [p.reason for i, p in enumerate(result.payloads) if p.reason and i != index]
    return [card], notes, None


def available_cameras() -> list[CameraInfo]:
    return list_cameras()


def open_camera(index: int) -> FrameSource:
    """A camera frame source (opened by the worker thread that reads it)."""
    return CameraSource(index)


class LiveScanner:
    """Decode camera frames fast and confirm a code once it is seen in ``min_frames`` frames.

    A code that gives no name (only a link, an address or a number) is no card by itself: its
    frame comes back as ``LiveScan.unnamed``, for a still read that adds the printed name.
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
        unnamed: Frame | None = None
        for text in confirmed:
            payload = parse_payload(text)
            if code_contacts([payload]).merge_target() is not None:
                unnamed = frame  # the printed text names the card: a still reads it
                continue
            if not payload.contacts and payload.reason:
                notes.append(payload.reason)
            cards.extend(
                FoundCard(draft, "camera", payload_key(text), text, None, frame) for draft in payload.contacts
            )
        boxes = tuple(tuple((float(x), float(y)) for x, y in code.position) for code in codes)
        return LiveScan(tuple(cards), boxes, tuple(notes), unnamed)

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
    cards = _plain_cards(result, source, file)
    plain_notes = result.notes
    if not cards and not plain_notes:
        plain_notes = ("No QR code or card text was found; try a sharper, closer photo.",)
    return PhotoScan(file, tuple(cards), None, tuple(plain_notes))


def _plain_cards(result: CaptureResult, source: str, file: str) -> list[FoundCard]:
    """Found cards from the command line's capture (drafts only, no confidences or crops)."""
    cards: list[FoundCard] = []
    for draft, origin in zip(result.contacts, result.origins, strict=False):
        if origin.code is None:
            cards.append(FoundCard(draft, source, card_key(draft), "", file, ocr=True))
            continue
        text = result.codes[origin.code].text
        # As in ``_scan_image``: a website code merged with the printed text is keyed by the card.
        own = bool(result.payloads[origin.code].contacts)
        key = payload_key(text) if own else card_key(draft)
        cards.append(FoundCard(draft, source, key, text, file, ocr=origin.printed))
    return cards


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
