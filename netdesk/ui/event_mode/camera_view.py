"""The live camera: picker, preview with code outlines, start/stop, "Capture still", failures.

QR codes are read live from the frame stream. A card without a code is read with "Capture
still": the newest frame is read thoroughly (codes, then OCR) in a short-lived worker thread,
a few seconds, while the preview keeps running. A code that gives no name (only a LinkedIn or
website URL, an e-mail address or a number) starts such a read by itself, so the name printed
beside the code completes the card.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPolygonF, QResizeEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from netdesk.services.card_scanning import (
    CameraInfo,
    Frame,
    FrameSource,
    StillScan,
    available_cameras,
    card_reader,
    open_camera,
)
from netdesk.ui.event_mode.workers import LiveCapture, ReaderFactory, StillScanner
from netdesk.ui.plain import plain_label

FrameSourceFactory = Callable[[int], FrameSource]
CameraLister = Callable[[], list[CameraInfo]]
#: How often the preview and found cards are pulled from the camera threads (about 33 fps).
POLL_MS = 30
NO_CAMERA = (
    "No camera was found. Connect a webcam and press “Start camera”, or scan photos of the cards instead."
)
HOLD_UP = (
    "Hold a card's QR code up to the camera; it is read after two frames. "
    "A card without a code: hold it still and press “Capture still” (Ctrl+Shift+C)."
)
STILL_LABEL = "Capture still"
UNNAMED = "The QR code holds no name; reading the name printed beside it (a few seconds)…"


class PreviewWidget(QWidget):
    """The newest frame, letterboxed, with found codes outlined and a green flash on a new card."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.boxes: tuple[tuple[tuple[float, float], ...], ...] = ()
        self.frame_size = (1280, 720)
        self.placeholder = "Camera is off"
        self.flashing = False
        self._flash = QTimer(self)
        self._flash.setSingleShot(True)
        self._flash.timeout.connect(self._end_flash)
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(480, 270)

    def flash(self) -> None:
        self.flashing = True
        self._flash.start(600)
        self.update()

    def _end_flash(self) -> None:
        self.flashing = False
        self.update()

    def clear(self, placeholder: str) -> None:
        self.image, self.boxes, self.placeholder = None, (), placeholder
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#1f2933"))
        if self.image is None:
            painter.setPen(QColor("#cbd5e1"))
            painter.drawText(
                self.rect().adjusted(16, 16, -16, -16),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.placeholder,
            )
        else:
            scaled = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            left = (self.width() - scaled.width()) / 2
            top = (self.height() - scaled.height()) / 2
            painter.drawImage(
                self.rect().adjusted(int(left), int(top), -int(left), -int(top)),
                self.image,
            )
            sx = scaled.width() / max(self.frame_size[0], 1)
            sy = scaled.height() / max(self.frame_size[1], 1)
            painter.setPen(QPen(QColor("#22c55e"), 3))
            for quad in self.boxes:
                painter.drawPolygon(QPolygonF([QPointF(left + x * sx, top + y * sy) for x, y in quad]))
        if self.flashing:
            painter.setPen(QPen(QColor("#22c55e"), 8))
            painter.drawRect(self.rect().adjusted(4, 4, -4, -4))


class CameraView(QWidget):
    cards_found = Signal(object)  # tuple[FoundCard, ...]
    notes_found = Signal(object)
    camera_failed = Signal(str)
    camera_started = Signal()
    camera_stopped = Signal()
    still_scanned = Signal(object)  # StillScan, once per "Capture still"

    def __init__(
        self,
        source_factory: FrameSourceFactory = open_camera,
        lister: CameraLister = available_cameras,
        parent: QWidget | None = None,
        *,
        reader_factory: ReaderFactory = card_reader,
    ) -> None:
        super().__init__(parent)
        self.source_factory = source_factory
        self.lister = lister
        self.reader_factory = reader_factory
        self.capture: LiveCapture | None = None
        self.still: StillScanner | None = None
        self._unnamed: Frame | None = None  # a nameless code's frame waiting for the still reader
        self.poller = QTimer(self)
        self.poller.setInterval(POLL_MS)
        self.poller.timeout.connect(self.poll)
        self.preview = PreviewWidget(self)
        self.picker = QComboBox(self)
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.picker.setMinimumContentsLength(8)
        self.start_button = QPushButton("Start camera", self)
        self.start_button.setObjectName("primaryButton")
        self.start_button.clicked.connect(self.toggle)
        self.still_button = QPushButton(STILL_LABEL, self)
        self.still_button.setObjectName("stillButton")
        self.still_button.setToolTip(
            "Read the card in view now, QR code or printed text (Ctrl+Shift+C); takes a few seconds"
        )
        self.still_button.clicked.connect(self.capture_still)
        self.still_button.setEnabled(False)
        self.message = plain_label("", self)
        self.message.setWordWrap(True)
        self.message.setObjectName("muted")
        controls = QHBoxLayout()
        controls.addWidget(self.picker, 1)
        controls.addWidget(self.start_button)
        still_row = QHBoxLayout()  # its own row, so the camera column stays narrow
        still_row.addWidget(self.still_button)
        still_hint = QLabel("for a card without a QR code", self)
        still_hint.setObjectName("muted")
        still_row.addWidget(still_hint, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview)
        layout.addLayout(controls)
        layout.addLayout(still_row)
        layout.addWidget(self.message)
        self.reload_cameras()

    def reload_cameras(self) -> None:
        self.picker.clear()
        cameras = self.lister()
        for camera in cameras:
            self.picker.addItem(camera.label, camera.index)
        if not cameras:
            self.picker.addItem("No camera found", 0)
            self.show_message(NO_CAMERA, error=True)
            self.preview.clear("No camera")
        else:
            self.show_message(HOLD_UP)

    def has_camera(self) -> bool:
        return self.picker.count() > 0 and self.picker.itemText(0) != "No camera found"

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setObjectName("fieldError" if error else "muted")
        self.message.style().polish(self.message)

    def is_running(self) -> bool:
        return self.capture is not None

    def toggle(self) -> None:
        if self.capture is not None:
            self.stop()
        else:
            self.start()

    def start(self) -> None:
        if self.capture is not None:
            return
        index = int(self.picker.currentData() or 0)
        try:
            source = self.source_factory(index)
        except Exception as exc:
            self._failed(f"The camera could not be started ({exc}). You can still scan photos.")
            return
        capture = LiveCapture(source, self)
        capture.reader.set_preview_size(self.preview.size())
        self.capture = capture
        self.start_button.setText("Stop camera")
        self.start_button.setObjectName("")
        self.start_button.style().polish(self.start_button)
        self.preview.clear(f"Starting {source.name}…")
        self.show_message(HOLD_UP)
        capture.start()
        self.poller.start()
        self._still_buttons()
        self.camera_started.emit()

    def stop(self, message: str = "Camera is off.") -> None:
        capture, self.capture = self.capture, None
        self.poller.stop()
        if capture is not None:
            capture.stop()
            capture.deleteLater()
        self.start_button.setText("Start camera")
        self.start_button.setObjectName("primaryButton")
        self.start_button.style().polish(self.start_button)
        self.preview.clear(message)
        self._still_buttons()
        self.camera_stopped.emit()

    def shutdown(self) -> None:
        """Stop the camera and wait for a still being read: never leave a running QThread behind."""
        self.stop()
        self._unnamed = None
        worker, self.still = self.still, None
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        self._still_buttons()

    # -- capture still -------------------------------------------------------------------------
    def _still_buttons(self) -> None:
        busy = self.still is not None
        self.still_button.setEnabled(self.capture is not None and not busy)
        self.still_button.setText("Reading still…" if busy else STILL_LABEL)

    def capture_still(self) -> bool:
        """Read the newest frame thoroughly in the background; False when there is none to read."""
        if self.capture is None or self.still is not None:
            return False
        frame = self.capture.newest_frame()
        if frame is None:
            self.show_message("No picture from the camera yet; press “Capture still” again in a moment.")
            return False
        self._read_still(frame, "Reading the still: a QR code first, else the printed text (a few seconds)…")
        return True

    def _read_still(self, frame: Frame, message: str) -> None:
        worker = StillScanner(frame, self, reader_factory=self.reader_factory)
        worker.finished.connect(self._still_finished)
        self.still = worker
        self._still_buttons()
        self.show_message(message)
        worker.start()

    def _read_unnamed(self, frame: Frame) -> None:
        """A live code gave no name: read its frame as a still, now or after the one being read."""
        if self.still is not None:
            self._unnamed = frame
            return
        self._read_still(frame, UNNAMED)

    def _still_finished(self) -> None:
        worker = self.still
        if worker is None or not worker.isFinished():
            return  # already collected by shutdown()
        self.still = None
        worker.wait()
        result = worker.result or StillScan(error="The still could not be read.")
        worker.deleteLater()
        self._still_buttons()
        if result.error:
            self.show_message(result.error, error=True)
        elif result.cards:
            self.show_message(HOLD_UP if self.capture is not None else "Camera is off.")
        else:
            self.show_message(" ".join(result.notes), error=True)
        self.still_scanned.emit(result)
        frame, self._unnamed = self._unnamed, None
        if frame is not None and self.capture is not None and self.still is None:
            self._read_still(frame, UNNAMED)

    def _failed(self, message: str) -> None:
        self.stop("Camera unavailable")
        self.show_message(message, error=True)
        self.camera_failed.emit(message)

    def forget(self, text: str) -> None:
        if self.capture is not None and text:
            self.capture.forget(text)

    def poll(self) -> None:
        """Pull what the camera threads produced since the last tick (newest preview only)."""
        if self.capture is None:
            return
        news = self.capture.poll()
        if news.boxes is not None:
            self.preview.boxes, self.preview.frame_size = news.boxes
        if news.preview is not None:
            self.preview.image = news.preview
        if news.preview is not None or news.boxes is not None:
            self.preview.update()
        if news.notes:
            self.notes_found.emit(news.notes)
        if news.cards:
            self.cards_found.emit(news.cards)
        if news.unnamed is not None:
            self._read_unnamed(news.unnamed)
        if news.failure:
            self._failed(news.failure)
        elif news.ended:
            self.stop("The video ended.")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.preview.setFixedHeight(max(180, self.width() * 9 // 16))
        if self.capture is not None:
            self.capture.reader.set_preview_size(self.preview.size())
