"""Worker threads of event mode: camera reading, live decoding, photo batches, camera stills.

Two threads serve the camera so the preview never waits for a decode: the reader pulls frames
at the camera's pace, publishes the newest preview image and drops the newest frame into a
one-frame slot; the decoder takes whatever frame is newest when it is free, so stale frames are
dropped, never queued. The main thread polls (a 30 ms timer) for the newest preview, code
outlines and found cards: plain frozen data, no database session crosses a thread.

A "Capture still" reads the newest frame thoroughly (codes, then OCR: a few seconds) in its own
short-lived thread; the view learns of the result from the thread's ``finished`` signal, which
Qt emits once per still, not per frame. A code that gives no name (a LinkedIn URL) starts such a
still read by itself, so the name printed beside the code completes the card.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QSize, Qt, QThread
from PySide6.QtGui import QImage

from netdesk.services.card_scanning import (
    CardReader,
    FoundCard,
    Frame,
    FrameSource,
    FrameSourceError,
    LiveScanner,
    PhotoScan,
    StillScan,
    card_reader,
    scan_photos,
    scan_still,
)

Quads = tuple[tuple[tuple[float, float], ...], ...]
#: Makes the OCR reader a worker uses (injectable: tests pass a fake recogniser).
ReaderFactory = Callable[[], CardReader]


class LatestFrame:
    """A one-frame mailbox: ``put`` replaces what is there, ``take`` waits for something new."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._frame: Frame | None = None
        self._closed = False
        self.dropped = 0

    def put(self, frame: Frame) -> None:
        with self._cond:
            if self._frame is not None:
                self.dropped += 1
            self._frame = frame
            self._cond.notify()

    def take(self, timeout: float = 0.1) -> Frame | None:
        with self._cond:
            if self._frame is None and not self._closed:
                self._cond.wait(timeout)
            frame, self._frame = self._frame, None
            return frame

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    @property
    def closed(self) -> bool:
        return self._closed


def to_qimage(frame: Frame) -> QImage:
    """A QImage owning a copy of a BGR or gray frame (safe to hand to another thread).

    The pixels are copied into the image's own buffer rather than wrapping the numpy buffer:
    PySide6's buffer-wrapping constructor mismanages reference counts when used from a worker
    thread (a "deallocating None" abort under load).
    """
    height, width = frame.shape[:2]
    gray = frame.ndim == 2
    fmt = QImage.Format.Format_Grayscale8 if gray else QImage.Format.Format_BGR888
    image = QImage(width, height, fmt)
    row = width if gray else width * 3
    pixels = np.ndarray((height, image.bytesPerLine()), dtype=np.uint8, buffer=image.bits())
    pixels[:, :row] = frame.reshape(height, row)
    return image


class FrameReader(QThread):
    """Reads the frame source; the main thread pulls the newest preview with ``take_preview``.

    No signal is emitted per frame: in PySide6 6.12 on Python 3.11 each Python-side
    ``Signal.emit`` leaks a reference to ``True``, which aborts the interpreter after a few
    thousand emits, i.e. minutes of a 30 fps camera. The view polls instead (``LiveCapture.poll``).
    """

    def __init__(self, source: FrameSource, slot: LatestFrame, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.slot = slot
        self._lock = threading.Lock()
        self._preview: QImage | None = None
        self._newest: Frame | None = None
        self._target = QSize(640, 360)
        self.failure: str | None = None
        self.ended = False
        self.frames = 0
        self.started_at = 0.0

    def set_preview_size(self, size: QSize) -> None:
        with self._lock:
            self._target = QSize(max(size.width(), 16), max(size.height(), 16))

    def take_preview(self) -> QImage | None:
        with self._lock:
            image, self._preview = self._preview, None
            return image

    def newest_frame(self) -> Frame | None:
        """The last frame read (kept for "Capture still"; frames are never written to after)."""
        with self._lock:
            return self._newest

    def fps(self) -> float:
        elapsed = time.perf_counter() - self.started_at
        return self.frames / elapsed if self.started_at and elapsed > 0 else 0.0

    def run(self) -> None:
        try:
            self.source.open()
        except FrameSourceError as exc:
            self.failure = str(exc)
            self.slot.close()
            return
        except Exception as exc:  # a driver error must not kill the app
            self.failure = f"The camera could not be started ({exc}). You can still scan photos."
            self.slot.close()
            return
        self.started_at = time.perf_counter()
        try:
            while not self._stopping():
                frame = self.source.read()
                if frame is None:
                    self.ended = True
                    break
                self.frames += 1
                with self._lock:
                    self._newest = frame
                self.slot.put(frame)
                self._publish(frame)
        except FrameSourceError as exc:
            self.failure = str(exc)
        except Exception as exc:
            self.failure = f"The camera stopped ({exc}). Press “Start camera” to retry."
        finally:
            self.slot.close()
            self.source.close()

    def _stopping(self) -> bool:
        return self.slot.closed

    def _publish(self, frame: Frame) -> None:
        with self._lock:
            target = QSize(self._target)
        image = to_qimage(frame).scaled(target, _KEEP_ASPECT, _FAST)
        with self._lock:
            self._preview = image


_KEEP_ASPECT = Qt.AspectRatioMode.KeepAspectRatio
_FAST = Qt.TransformationMode.FastTransformation


class FrameDecoder(QThread):
    """Decodes the newest frame whenever it is free; results are pulled by the main thread."""

    def __init__(self, slot: LatestFrame, scanner: LiveScanner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.slot = slot
        self.scanner = scanner
        self.decoded = 0
        self._lock = threading.Lock()
        self._cards: list[FoundCard] = []
        self._notes: list[str] = []
        self._boxes: tuple[Quads, tuple[int, int]] | None = None
        self._unnamed: Frame | None = None

    def take(self) -> tuple[tuple[FoundCard, ...], tuple[Quads, tuple[int, int]] | None, tuple[str, ...]]:
        with self._lock:
            out = (tuple(self._cards), self._boxes, tuple(self._notes))
            self._cards, self._boxes, self._notes = [], None, []
            return out

    def take_unnamed(self) -> Frame | None:
        """The newest frame whose code gave no name (see ``LiveScan.unnamed``), once."""
        with self._lock:
            frame, self._unnamed = self._unnamed, None
            return frame

    def run(self) -> None:
        while True:
            frame = self.slot.take(0.1)
            if frame is None:
                if self.slot.closed:
                    break
                continue
            try:
                scan = self.scanner.scan(frame)
            except Exception:  # one undecodable frame is not worth stopping for
                continue
            self.decoded += 1
            with self._lock:
                self._boxes = (scan.boxes, (int(frame.shape[1]), int(frame.shape[0])))
                self._cards.extend(scan.cards)
                self._notes.extend(scan.notes)
                if scan.unnamed is not None:
                    self._unnamed = scan.unnamed


@dataclass(frozen=True)
class LivePoll:
    """What happened since the last poll."""

    preview: QImage | None
    cards: tuple[FoundCard, ...]
    boxes: tuple[Quads, tuple[int, int]] | None
    notes: tuple[str, ...]
    failure: str | None
    ended: bool
    #: A frame whose code gave no name: to be read as a still, so its printed name completes it.
    unnamed: Frame | None = None


class LiveCapture(QObject):
    """The camera reader and decoder as one thing the view starts, polls and stops."""

    def __init__(self, source: FrameSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scanner = LiveScanner()
        self.slot = LatestFrame()
        self.reader = FrameReader(source, self.slot, self)
        self.decoder = FrameDecoder(self.slot, self.scanner, self)

    def start(self) -> None:
        self.decoder.start()
        self.reader.start()

    def is_running(self) -> bool:
        return self.reader.isRunning() or self.decoder.isRunning()

    def poll(self) -> LivePoll:
        cards, boxes, notes = self.decoder.take()
        finished = self.reader.isFinished()
        return LivePoll(
            self.reader.take_preview(),
            cards,
            boxes,
            notes,
            self.reader.failure if finished else None,
            finished and self.reader.ended,
            self.decoder.take_unnamed(),
        )

    def stop(self) -> None:
        """Stop both threads and wait for them: never leave a running QThread behind."""
        self.slot.close()
        self.reader.wait()
        self.decoder.wait()

    def forget(self, text: str) -> None:
        self.scanner.forget(text)

    def newest_frame(self) -> Frame | None:
        return self.reader.newest_frame()


class PhotoScanner(QThread):
    """Decodes a batch of photos in the background, one result per photo, cancellable.

    Results are pulled with ``take_results`` (see ``FrameReader`` for why nothing is emitted).
    """

    def __init__(
        self,
        paths: Sequence[str | Path],
        parent: QObject | None = None,
        *,
        reader_factory: ReaderFactory = card_reader,
    ) -> None:
        super().__init__(parent)
        self.paths = [str(p) for p in paths]
        self.reader_factory = reader_factory
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._results: list[tuple[int, PhotoScan]] = []

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def take_results(self) -> list[tuple[int, PhotoScan]]:
        with self._lock:
            out, self._results = self._results, []
            return out

    def run(self) -> None:
        def progress(done: int, scan: PhotoScan) -> None:
            with self._lock:
                self._results.append((done, scan))

        scan_photos(
            self.paths, cancelled=self._cancel.is_set, progress=progress, reader=self.reader_factory()
        )


class StillScanner(QThread):
    """Reads one camera still (codes, then OCR) in the background; ``result`` once finished."""

    def __init__(
        self, frame: Frame, parent: QObject | None = None, *, reader_factory: ReaderFactory = card_reader
    ) -> None:
        super().__init__(parent)
        self.frame = frame
        self.reader_factory = reader_factory
        self.result: StillScan | None = None

    def run(self) -> None:
        try:
            self.result = scan_still(self.frame, reader=self.reader_factory())
        except Exception as exc:  # never lose the result silently
            self.result = StillScan(error=f"The still could not be read ({exc}).")
