"""Scanning many photos in the background: progress, Cancel, and a line about what went wrong."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.card_scanning import PHOTO_SUFFIXES, PhotoScan, card_reader
from netdesk.ui.event_mode.workers import PhotoScanner, ReaderFactory
from netdesk.ui.plain import plain_label, tooltip


class PhotoBatchView(QWidget):
    photo_scanned = Signal(object)  # PhotoScan
    batch_finished = Signal(bool)  # cancelled

    def __init__(self, parent: QWidget | None = None, *, reader_factory: ReaderFactory = card_reader) -> None:
        super().__init__(parent)
        self.reader_factory = reader_factory
        self.worker: PhotoScanner | None = None
        self.poller = QTimer(self)
        self.poller.setInterval(50)
        self.poller.timeout.connect(self.poll)
        self.failures: list[str] = []
        self.ocr_problem: str | None = None  # why photos without a code went unread, this batch
        self.open_button = QPushButton("Scan photos…", self)
        self.open_button.setToolTip("Pick or drop photos of cards (JPEG, PNG, HEIC…); Ctrl+O")
        self.open_button.clicked.connect(self.choose)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(self.cancel)
        self.status = plain_label("Or drop photos of cards anywhere on this page.", self)  # file names
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self._set_busy(False)
        self.dialog: QFileDialog | None = None

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.open_button.setEnabled(not busy)

    def is_busy(self) -> bool:
        return self.worker is not None

    def choose(self) -> None:
        patterns = " ".join(f"*{s}" for s in PHOTO_SUFFIXES)
        self.dialog = QFileDialog(self, "Scan photos of cards", "", f"Photos ({patterns});;All files (*)")
        self.dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        self.dialog.filesSelected.connect(self.scan)
        self.dialog.open()

    def scan(self, paths: Sequence[str | Path]) -> bool:
        files = [str(p) for p in paths]
        if not files or self.worker is not None:
            return False
        self.failures = []
        self.ocr_problem = None
        self.progress.setRange(0, len(files))
        self.progress.setValue(0)
        self.progress.setFormat(f"%v of {len(files)} photos")
        self.status.setText(
            f"Reading {len(files)} photo(s); you can keep working meanwhile. "
            "Cards without a QR code are read as text, a few seconds each."
        )
        self.status.setObjectName("muted")
        self.status.style().polish(self.status)
        worker = PhotoScanner(files, self, reader_factory=self.reader_factory)
        self.worker = worker
        self._set_busy(True)
        worker.start()
        self.poller.start()
        return True

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("Cancelling after the current photo…")

    def poll(self) -> None:
        worker = self.worker
        if worker is None:
            self.poller.stop()
            return
        finished = worker.isFinished()  # read before the results, so none is missed
        for done, scan in worker.take_results():
            self._scanned(done, scan)
        if finished:
            self._finished(worker.cancelled)

    def shutdown(self) -> None:
        self.poller.stop()
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait()
            self.worker.deleteLater()
            self.worker = None
        self._set_busy(False)

    def _scanned(self, done: int, scan: PhotoScan) -> None:
        self.progress.setValue(done)
        if scan.ocr_problem:
            self.ocr_problem = scan.ocr_problem
        if scan.error:
            self.failures.append(scan.error)
        elif not scan.cards:
            self.failures.append(f"{Path(scan.file).name}: {' '.join(scan.notes)}")
        self.photo_scanned.emit(scan)

    def _finished(self, cancelled: bool) -> None:
        self.poller.stop()
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        self._set_busy(False)
        self.cancel_button.setEnabled(True)
        done = self.progress.value()
        text = f"Cancelled after {done} photo(s)." if cancelled else f"Read {done} photo(s)."
        if self.failures:
            text += f" {len(self.failures)} without a card: {self.failures[0]}"
            if len(self.failures) > 1:
                text += f" (and {len(self.failures) - 1} more; hover for all)"
            self.status.setToolTip(tooltip("\n".join(self.failures)))
        self.status.setText(text)
        self.status.setObjectName("fieldError" if self.failures else "muted")
        self.status.style().polish(self.status)
        self.batch_finished.emit(cancelled)
