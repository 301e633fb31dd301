"""The review list: one row per card found (two cards in one photo give two rows).

Every row of a scanned card is a stored pending capture (``pending_id``), so the list can be
rebuilt after End event, a restart or a crash; a card seen again at the event is a row too
("Already captured — <name>"), so five photos always give five rows.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from netdesk.services.event_capture import Candidate
from netdesk.ui.plain import tooltip

Index = QModelIndex | QPersistentModelIndex


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
    message: str = ""
    pending_id: int | None = None  # the stored pending capture behind the row

    @property
    def open(self) -> bool:
        return self.status is RowStatus.PENDING

    @property
    def dismissable(self) -> bool:
        """Skip (Delete) works on a waiting card and on an "already captured" row."""
        return self.status in (RowStatus.PENDING, RowStatus.DUPLICATE)

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
NAME, ORG, REACH, FOUND, STATUS = range(5)
HEADERS = ("Name", "Organisation", "E-mail / phone", "Found in", "Status")
_MUTED = QColor("#8a94a3")
_MATCH = QColor("#9a5b00")
_DONE = QColor("#1b7f3b")


class ReviewModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ReviewRow] = []
        self._next = 1

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
        if role == Qt.ItemDataRole.ToolTipRole:
            reach = self._text(row, REACH)
            how = ""
            if column == FOUND:
                how = "Read as text (OCR)" if row.candidate.card.ocr else "Read from the QR code"
            parts = (self._text(row, column), reach if column == NAME else "", how)
            return tooltip("\n".join(t for t in parts if t))
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status is RowStatus.DUPLICATE:
                return _MUTED if column != STATUS else _MATCH
            if not row.open:
                return _DONE if row.status is not RowStatus.SKIPPED else _MUTED
            if column == STATUS and (row.candidate.matched or row.low_confidence()):
                return _MATCH
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    @staticmethod
    def _text(row: ReviewRow, column: int) -> str:
        draft = row.candidate.draft
        card = row.candidate.card
        if column == NAME:
            return row.candidate.name or "(no name)"
        if column == ORG:
            return " · ".join(p for p in (draft.organization, draft.title) if p)
        if column == REACH:
            return ", ".join([e.address for e in draft.emails[:1]] + [p.display for p in draft.phones[:1]])
        if column == FOUND:
            return Path(card.file).name if card.file else card.source.capitalize()
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

    def has_key(self, key: str) -> bool:
        """A pending or stored row already holds this payload (a second photo of the same card)."""
        return bool(key) and any(
            r.candidate.card.key == key and r.status not in (RowStatus.SKIPPED, RowStatus.DUPLICATE)
            for r in self._rows
        )
