"""The contacts table at any size: the ordered ids of the rows, and only the shown rows built.

The panel asks the services for the ids in table order (searched with FTS5 and sorted in SQL,
``ContactService.ordered_ids``); this model holds those ints and reads the rows themselves
(frozen ``ContactSummary`` objects) a page at a time as the view asks for them, through
``fetch``. So a network of 100,000 people costs a list of ints and the hundred-odd rows on
screen, and clicking a header asks for the order instead of sorting rows in Python.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from netdesk.domain.contact_order import ContactSort
from netdesk.domain.models import ContactSummary
from netdesk.ui.formatting import date_time, short_date

NAME, ORGANIZATION, TITLE, MET, LAST = range(5)
HEADERS = ("Name", "Organisation", "Title", "Where / when met", "Last in touch")
SORTS = (ContactSort.NAME, ContactSort.ORGANIZATION, ContactSort.TITLE, ContactSort.MET, ContactSort.LAST)
ID_ROLE = Qt.ItemDataRole.UserRole + 2
PAGE = 100  # rows read at once as the view scrolls
CACHE_LIMIT = 2000  # built rows kept; past this the cache starts again from the page shown

Index = QModelIndex | QPersistentModelIndex
Fetch = Callable[[list[int]], Mapping[int, ContactSummary]]


def _met_text(row: ContactSummary) -> str:
    when = short_date(row.met_at)
    if row.event_name and when:
        return f"{row.event_name} · {when}"
    return row.event_name or when


class ContactTableModel(QAbstractTableModel):
    """``sort_requested`` when a header is clicked: the owner reads the ids again in that order."""

    sort_requested = Signal()

    def __init__(self, fetch: Fetch | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._ids: list[int] = []
        self._rows: dict[int, ContactSummary] = {}
        self._sort = (NAME, Qt.SortOrder.AscendingOrder)

    # -- content -------------------------------------------------------------------------------
    def set_ids(self, ids: Sequence[int], rows: Mapping[int, ContactSummary] | None = None) -> None:
        """New ids in table order (rows already read may come along; the rest are read on demand)."""
        self.beginResetModel()
        self._ids = list(ids)
        self._rows = dict(rows or {})
        self.endResetModel()

    def set_fetch(self, fetch: Fetch) -> None:
        """Rows not built yet are read through ``fetch`` from now on (the services, once open)."""
        self._fetch = fetch

    def set_rows(self, rows: Sequence[ContactSummary]) -> None:
        """Every row given at once, in this order (small lists)."""
        self.set_ids([r.id for r in rows], {r.id: r for r in rows})

    def update_rows(self, rows: Mapping[int, ContactSummary]) -> None:
        """Rows read again after a save: shown at once where they are, without a reset."""
        for cid, summary in rows.items():
            if cid in self._rows or self.row_of(cid) is not None:
                self._rows[cid] = summary
                row = self.row_of(cid)
                if row is not None:
                    self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def materialised(self) -> int:
        """How many rows have been built (the rest are only ids)."""
        return len(self._rows)

    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def row_at(self, row: int) -> ContactSummary:
        found = self._summary(row)
        if found is None:
            raise LookupError(f"contact {self._ids[row]} is no longer stored")
        return found

    def row_of(self, contact_id: int) -> int | None:
        try:
            return self._ids.index(contact_id)
        except ValueError:
            return None

    def sort_key(self) -> tuple[ContactSort, bool]:
        column, order = self._sort
        return SORTS[column], order == Qt.SortOrder.DescendingOrder

    def _summary(self, row: int) -> ContactSummary | None:
        cid = self._ids[row]
        found = self._rows.get(cid)
        if found is None and self._fetch is not None:
            start = row - row % PAGE
            page = [i for i in self._ids[start : start + PAGE] if i not in self._rows]
            if len(self._rows) + len(page) > CACHE_LIMIT:
                self._rows.clear()
                page = self._ids[start : start + PAGE]
            self._rows.update(self._fetch(page))
            found = self._rows.get(cid)
        return found

    # -- Qt ------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._ids)

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

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS) or (column, order) == self._sort:
            return
        self._sort = (column, order)
        self.sort_requested.emit()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._summary(index.row())
        if row is None:  # deleted meanwhile: the next read of the ids drops it
            return None
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
        if col == MET and row.met_at:
            return date_time(row.met_at)
        if col == LAST and row.last_interaction_at:
            return date_time(row.last_interaction_at)
        return None
