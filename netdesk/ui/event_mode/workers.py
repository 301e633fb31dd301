"""Worker threads of event mode: camera reading, live decoding, photo batches.

Two threads serve the camera so the preview never waits for a decode: the reader pulls frames
at the camera's pace, publishes the newest preview image (the main thread pulls it; nothing is
queued) and drops the newest frame into a one-frame slot; the decoder takes whatever frame is
newest when it is free, so stale frames are dropped, never queued. No database session is used
here: workers emit found cards (plain frozen data) and the main thread stores them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, QThread, Signal
from PySide6.QtGui import QImage

from netdesk.services.card_scanning import (
    Frame,
    FrameSource,
    FrameSourceError,
    LiveScanner,
    PhotoScan,
    ocr_hook,
    scan_photos,
)


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
    """A deep copy of a BGR or gray frame as a QImage (safe to hand to another thread)."""
    height, width = frame.shape[:2]
    if frame.ndim == 2:
        image = QImage(frame.data, width, height, frame.strides[0], QImage.Format.Format_Grayscale8)
    else:
        image = QImage(frame.data, width, height, frame.strides[0], QImage.Format.Format_BGR888)
    return image.copy()


class FrameReader(QThread):
    """Reads the frame source; emits ``frame_ready`` when a new preview can be pulled."""

    frame_ready = Signal()
    camera_failed = Signal(str)
    stream_ended = Signal()

    def __init__(self, source: FrameSource, slot: LatestFrame, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.slot = slot
        self._lock = threading.Lock()
        self._preview: QImage | None = None
        self._pending = False
        self._target = QSize(640, 360)
        self.frames = 0
        self.started_at = 0.0

    def set_preview_size(self, size: QSize) -> None:
        with self._lock:
            self._target = QSize(max(size.width(), 16), max(size.height(), 16))

    def take_preview(self) -> QImage | None:
        with self._lock:
            image, self._preview, self._pending = self._preview, None, False
            return image

    def fps(self) -> float:
        elapsed = time.perf_counter() - self.started_at
        return self.frames / elapsed if self.started_at and elapsed > 0 else 0.0

    def run(self) -> None:
        try:
            self.source.open()
        except FrameSourceError as exc:
            self.slot.close()
            self.camera_failed.emit(str(exc))
            return
        except Exception as exc:  # a driver error must not kill the app
            self.slot.close()
            self.camera_failed.emit(f"The camera could not be started ({exc}). You can still scan photos.")
            return
        self.started_at = time.perf_counter()
        try:
            while not self.isInterruptionRequested():
                frame = self.source.read()
                if frame is None:
                    self.stream_ended.emit()
                    break
                self.frames += 1
                self.slot.put(frame)
                self._publish(frame)
        except FrameSourceError as exc:
            self.camera_failed.emit(str(exc))
        except Exception as exc:
            self.camera_failed.emit(f"The camera stopped ({exc}). Press “Start camera” to retry.")
        finally:
            self.slot.close()
            self.source.close()

    def _publish(self, frame: Frame) -> None:
        with self._lock:
            target = QSize(self._target)
        image = to_qimage(frame).scaled(
            target, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
        )
        with self._lock:
            self._preview = image
            notify = not self._pending
            self._pending = True
        if notify:
            self.frame_ready.emit()


class FrameDecoder(QThread):
    """Decodes the newest frame whenever it is free; emits confirmed cards and code outlines."""

    cards_found = Signal(object)  # tuple[FoundCard, ...]
    codes_seen = Signal(object)  # tuple of quads in frame pixels, and the frame size
    notes_found = Signal(object)  # tuple[str, ...]

    def __init__(self, slot: LatestFrame, scanner: LiveScanner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.slot = slot
        self.scanner = scanner
        self.decoded = 0

    def run(self) -> None:
        while not self.isInterruptionRequested():
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
            self.codes_seen.emit((scan.boxes, (frame.shape[1], frame.shape[0])))
            if scan.notes:
                self.notes_found.emit(scan.notes)
            if scan.cards:
                self.cards_found.emit(scan.cards)


class LiveCapture(QObject):
    """The camera reader and decoder as one thing the view starts and stops."""

    frame_ready = Signal()
    cards_found = Signal(object)
    codes_seen = Signal(object)
    notes_found = Signal(object)
    camera_failed = Signal(str)
    stream_ended = Signal()
    stopped = Signal()

    def __init__(self, source: FrameSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scanner = LiveScanner()
        self.slot = LatestFrame()
        self.reader = FrameReader(source, self.slot, self)
        self.decoder = FrameDecoder(self.slot, self.scanner, self)
        self.reader.frame_ready.connect(self.frame_ready)
        self.reader.camera_failed.connect(self.camera_failed)
        self.reader.stream_ended.connect(self.stream_ended)
        self.decoder.cards_found.connect(self.cards_found)
        self.decoder.codes_seen.connect(self.codes_seen)
        self.decoder.notes_found.connect(self.notes_found)

    def start(self) -> None:
        self.decoder.start()
        self.reader.start()

    def is_running(self) -> bool:
        return self.reader.isRunning() or self.decoder.isRunning()

    def stop(self) -> None:
        """Stop both threads and wait for them: never leave a running QThread behind."""
        for thread in (self.reader, self.decoder):
            thread.requestInterruption()
        self.slot.close()
        self.reader.wait()
        self.decoder.wait()
        self.stopped.emit()

    def forget(self, text: str) -> None:
        self.scanner.forget(text)


class PhotoScanner(QThread):
    """Decodes a batch of photos in the background, one result per photo, cancellable."""

    photo_scanned = Signal(int, object)  # photos done so far, PhotoScan
    batch_finished = Signal(bool)  # True when cancelled

    def __init__(self, paths: Sequence[str | Path], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths = [str(p) for p in paths]
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        def progress(done: int, scan: PhotoScan) -> None:
            self.photo_scanned.emit(done, scan)

        try:
            scan_photos(self.paths, cancelled=self._cancel.is_set, progress=progress, ocr=ocr_hook())
        finally:
            self.batch_finished.emit(self._cancel.is_set())
