"""Table model of contact summaries (frozen domain objects) with a native sort role."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from netdesk.domain.models import ContactSummary
from netdesk.ui.formatting import date_time, short_date

NAME, ORGANIZATION, TITLE, MET, LAST = range(5)
HEADERS = ("Name", "Organisation", "Title", "Where / when met", "Last interaction")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex
_NEVER = -1e18  # sorts "never" before any real time


def _met_text(row: ContactSummary) -> str:
    when = short_date(row.met_at)
    if row.event_name and when:
        return f"{row.event_name} · {when}"
    return row.event_name or when


class ContactTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ContactSummary] = []

    def set_rows(self, rows: list[ContactSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> ContactSummary:
        return self._rows[row]

    def row_of(self, contact_id: int) -> int | None:
        for i, summary in enumerate(self._rows):
            if summary.id == contact_id:
                return i
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == NAME:
                return row.name
            if col == ORGANIZATION:
                return row.organization
            if col == TITLE:
                return row.title
            if col == MET:
                return _met_text(row)
            if col == LAST:
                return short_date(row.last_interaction_at) or "—"
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == MET and row.met_at:
                return date_time(row.met_at)
            if col == LAST and row.last_interaction_at:
                return date_time(row.last_interaction_at)
            return None
        if role == SORT_ROLE:
            if col == NAME:
                return row.name.casefold()
            if col == ORGANIZATION:
                return row.organization.casefold()
            if col == TITLE:
                return row.title.casefold()
            if col == MET:
                return row.met_at.timestamp() if row.met_at else _NEVER
            if col == LAST:
                return row.last_interaction_at.timestamp() if row.last_interaction_at else _NEVER
        if role == ID_ROLE:
            return row.id
        return None


class ContactSortProxy(QSortFilterProxyModel):
    """Sorts on SORT_ROLE (native values: dates as timestamps, names case-folded)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setDynamicSortFilter(True)
