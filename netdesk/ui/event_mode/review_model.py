"""The review list: one row per card found (two cards in one photo give two rows).

Every row of a scanned card is a stored pending capture (``pending_id``), so the list can be
rebuilt after End event, a restart or a crash; a card seen again at the event is a row too
("Already captured — <name>"), so five photos always give five rows.

Each row carries a thumbnail of its card (``DecorationRole`` of the Name column), scaled once
when first shown and cached by row, so a list of hundreds of cards paints without rescaling.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import cv2
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPen, QPixmap

from netdesk.services.card_scanning import FoundCard, Frame
from netdesk.services.event_capture import Candidate
from netdesk.ui.event_mode.workers import to_qimage
from netdesk.ui.plain import tooltip

Index = QModelIndex | QPersistentModelIndex

#: Size of a card thumbnail in the list (a business card is about 1.6:1).
THUMB = QSize(56, 35)
#: Second line of a cell (the Name cell shows the organisation under the name, E-mail the phone).
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1


class RowStatus(enum.StrEnum):
    PENDING = "pending"
    SAVED = "saved"
    LOGGED = "logged"
    SKIPPED = "skipped"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class ReviewRow:
    id: int
    candidate: Candidate
    status: RowStatus = RowStatus.PENDING
    message: str = ""  # replaces the status words while the row waits ("Not stored: …")
    pending_id: int | None = None  # the stored pending capture behind the row

    @property
    def open(self) -> bool:
        return self.status is RowStatus.PENDING

    @property
    def dismissable(self) -> bool:
        """Skip (Delete) works on a waiting card and on an "already captured" row."""
        return self.status in (RowStatus.PENDING, RowStatus.DUPLICATE)

    @property
    def confident(self) -> bool:
        """Waiting, valid and read without doubt: "Accept all confident" stores it unseen."""
        return self.open and not self.candidate.problems and not self.low_confidence()

    def status_text(self) -> str:
        c = self.candidate
        if self.status is RowStatus.SAVED:
            return "Added"
        if self.status is RowStatus.LOGGED:
            return "Meeting logged"
        if self.status is RowStatus.SKIPPED:
            return "Skipped"
        if self.status is RowStatus.DUPLICATE:
            return self.message or "Already captured"
        if self.message:
            return self.message
        if c.matched:
            return f"Already in your network ({c.match_reason})"
        if c.problems:
            return "Needs a fix: " + c.problems[0].message
        low = self.low_confidence()
        if low:
            return "Check " + ", ".join(FIELD_NAMES.get(n, n) for n in low)
        return "New"

    def low_confidence(self) -> tuple[str, ...]:
        """Fields OCR read with low confidence (none for a QR code)."""
        card = self.candidate.card
        low = set(card.low_confidence()) if card.ocr else set()
        return tuple(name for name in FIELD_NAMES if name in low) + tuple(sorted(low - set(FIELD_NAMES)))


FIELD_NAMES = {
    "display_name": "name",
    "title": "title",
    "organization": "organisation",
    "emails": "e-mail",
    "phones": "phone",
    "urls": "website",
    "address": "address",
}
NAME, ORG, EMAIL, PHONE, STATUS = range(5)
HEADERS = ("Name", "Organisation", "E-mail", "Phone", "Status")
_MUTED = QColor("#8a94a3")
_MATCH = QColor("#9a5b00")
_DONE = QColor("#1b7f3b")
_FAILED = QColor("#b42318")


def thumbnail(card: FoundCard, size: QSize = THUMB) -> QPixmap:
    """The card's picture scaled to fit ``size`` (sharp on high-DPI screens); a drawn blank card
    when it has none."""
    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen is not None else 1.0
    width, height = round(size.width() * ratio), round(size.height() * ratio)
    frame = card.image
    if frame is None or frame.size == 0:
        return _placeholder(size, ratio)
    scale = min(width / frame.shape[1], height / frame.shape[0], 1.0)
    small: Frame = cv2.resize(  # type: ignore[assignment]
        frame,
        (max(1, round(frame.shape[1] * scale)), max(1, round(frame.shape[0] * scale))),
        interpolation=cv2.INTER_AREA,
    )
    pixmap = QPixmap.fromImage(to_qimage(small))
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def _placeholder(size: QSize, ratio: float) -> QPixmap:
    """An outlined blank card with three text lines: "no picture of this card"."""
    pixmap = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(_MUTED, 1))
    painter.setBrush(QColor("#f3f5f8"))
    painter.drawRoundedRect(QRectF(0.5, 0.5, size.width() - 1, size.height() - 1), 4, 4)
    for i, fraction in enumerate((0.6, 0.8, 0.45)):
        y = size.height() * (0.3 + 0.2 * i)
        painter.drawLine(QPointF(8, y), QPointF(8 + (size.width() - 16) * fraction, y))
    painter.end()
    return pixmap


class ReviewModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ReviewRow] = []
        self._next = 1
        self._thumbs: dict[int, QPixmap] = {}  # row id -> its card's thumbnail, made once

    # -- Qt ------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == DETAIL_ROLE:
            return self._text(row, ORG if column == NAME else PHONE if column == EMAIL else -1)
        if role == Qt.ItemDataRole.DecorationRole and column == NAME:
            return self.thumbnail(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(self._tip(row, column))
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(row, column)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def thumbnail(self, row: ReviewRow) -> QPixmap:
        pixmap = self._thumbs.get(row.id)
        if pixmap is None:
            pixmap = self._thumbs[row.id] = thumbnail(row.candidate.card)
        return pixmap

    @staticmethod
    def _colour(row: ReviewRow, column: int) -> QColor | None:
        if row.status is RowStatus.DUPLICATE:
            return _MUTED if column != STATUS else _MATCH
        if not row.open:
            return _DONE if row.status is not RowStatus.SKIPPED else _MUTED
        if column == STATUS and row.message:
            return _FAILED
        if column == STATUS and (row.candidate.matched or row.low_confidence() or row.candidate.problems):
            return _MATCH
        return None

    @classmethod
    def _tip(cls, row: ReviewRow, column: int) -> str:
        """The cell's whole text (names elide), the card's other fields and where it was read."""
        card = row.candidate.card
        where = f" from {Path(card.file).name}" if card.file else f" ({card.source})"
        how = ("Read as text (OCR)" if card.ocr else "Read from the QR code") + where
        if column == STATUS:
            lines = [row.status_text()]
        else:
            lines = [cls._text(row, c) for c in (NAME, ORG, EMAIL, PHONE)]
            title = row.candidate.draft.title
            if title:
                lines.insert(2, title)
        return "\n".join([t for t in lines if t] + [how])

    @staticmethod
    def _text(row: ReviewRow, column: int) -> str:
        draft = row.candidate.draft
        if column == NAME:
            return row.candidate.name or "(no name)"
        if column == ORG:
            return draft.organization
        if column == EMAIL:
            return draft.emails[0].address if draft.emails else ""
        if column == PHONE:
            return draft.phones[0].display if draft.phones else ""
        if column == STATUS:
            return row.status_text()
        return ""

    # -- rows ----------------------------------------------------------------------------------
    def add(
        self,
        candidate: Candidate,
        *,
        pending_id: int | None = None,
        status: RowStatus = RowStatus.PENDING,
        message: str = "",
    ) -> ReviewRow:
        row = ReviewRow(self._next, candidate, status, message, pending_id)
        self._next += 1
        position = len(self._rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.append(row)
        self.endInsertRows()
        return row

    def rows(self) -> list[ReviewRow]:
        return list(self._rows)

    def row_at(self, position: int) -> ReviewRow | None:
        return self._rows[position] if 0 <= position < len(self._rows) else None

    def find(self, row_id: int) -> tuple[int, ReviewRow] | None:
        for position, row in enumerate(self._rows):
            if row.id == row_id:
                return position, row
        return None

    def update(self, row_id: int, *, status: RowStatus | None = None, message: str | None = None) -> None:
        found = self.find(row_id)
        if found is None:
            return
        position, row = found
        changes: dict[str, Any] = {}
        if status is not None:
            changes["status"] = status
        if message is not None:
            changes["message"] = message
        self._rows[position] = replace(row, **changes)
        self.dataChanged.emit(self.index(position, 0), self.index(position, len(HEADERS) - 1))

    def open_count(self) -> int:
        return sum(1 for r in self._rows if r.open)

    def next_open(self, after: int) -> int | None:
        """Position of the first waiting card below ``after``, else above it; None when none waits."""
        order = list(range(after + 1, len(self._rows))) + list(range(0, min(after + 1, len(self._rows))))
        return next((i for i in order if self._rows[i].open), None)

    def has_key(self, key: str) -> bool:
        """A pending or stored row already holds this payload (a second photo of the same card)."""
        return bool(key) and any(
            r.candidate.card.key == key and r.status not in (RowStatus.SKIPPED, RowStatus.DUPLICATE)
            for r in self._rows
        )
