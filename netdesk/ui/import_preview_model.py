"""The import preview as a table: one row per record (new / duplicate / update), error or warning.

Rows hold the service's frozen ``PreviewItem``s; the Action column is editable (a combo box
delegate) and the chosen actions are what ``ImportService.commit`` receives. A record's own
warnings (a value left out, an address that does not look deliverable) are in its Details cell;
whole-file warnings (a column with no field, a guessed header) are rows of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from netdesk.services.importer import Action, ImportPreview, PreviewItem, Status
from netdesk.ui.plain import tooltip

FILE, LINE, NAME, ORGANISATION, STATUS, ACTION, DETAILS = range(7)
HEADERS = ("File", "Line", "Name", "Organisation", "Status", "Action", "Details")
ERROR = "error"
WARNING = "warning"
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
OPTIONS_ROLE = Qt.ItemDataRole.UserRole + 2

_STATUS_TEXT = {
    Status.NEW: "New",
    Status.DUPLICATE: "Duplicate",
    Status.UPDATE: "Update",
    ERROR: "Error",
    WARNING: "Warning",
}
_STATUS_COLOUR = {
    Status.NEW: QColor("#027a48"),
    Status.UPDATE: QColor("#1d4ed8"),
    Status.DUPLICATE: QColor("#b54708"),
    ERROR: QColor("#b42318"),
    WARNING: QColor("#b54708"),
}
ACTION_TEXT = {Action.CREATE: "Add as new", Action.UPDATE: "Update existing", Action.SKIP: "Skip"}

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class _ErrorRow:
    file: str
    line: int | None
    message: str
    kind: str = ERROR


def _short(file: str) -> str:
    return Path(file).name


class ImportPreviewModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PreviewItem | _ErrorRow] = []
        self._actions: dict[int, Action] = {}
        self._several_files = False

    # -- data ----------------------------------------------------------------------------------
    def set_preview(self, preview: ImportPreview | None) -> None:
        self.beginResetModel()
        self._rows = []
        self._actions = {}
        if preview is not None:
            for failure in preview.failures:
                self._rows.append(_ErrorRow(failure.file, None, failure.message))
            for parsed in preview.files:
                rows: list[tuple[int, int, PreviewItem | _ErrorRow]] = [
                    (item.record.line, 1, item) for item in preview.items_of(parsed.name)
                ]
                rows += [(e.line, 0, _ErrorRow(parsed.name, e.line, e.message)) for e in parsed.errors]
                rows += [
                    (w.line, 0, _ErrorRow(parsed.name, w.line, w.message, WARNING)) for w in parsed.warnings
                ]
                self._rows += [row for _line, _order, row in sorted(rows, key=lambda r: (r[0], r[1]))]
            self._actions = {item.index: item.action for item in preview.items}
            self._several_files = len(preview.files) + len(preview.failures) > 1
        self.endResetModel()

    def actions(self) -> dict[int, Action]:
        return dict(self._actions)

    def set_action(self, row: int, action: Action) -> bool:
        return self.setData(self.index(row, ACTION), action, Qt.ItemDataRole.EditRole)

    def item_at(self, row: int) -> PreviewItem | None:
        found = self._rows[row]
        return found if isinstance(found, PreviewItem) else None

    def status_at(self, row: int) -> str:
        found = self._rows[row]
        return found.status if isinstance(found, PreviewItem) else found.kind

    def to_import(self) -> int:
        return sum(1 for a in self._actions.values() if a is not Action.SKIP)

    # -- Qt model ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == ACTION and isinstance(self._rows[index.row()], PreviewItem):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def _options(self, item: PreviewItem) -> list[Action]:
        if item.match_id is not None:
            return [Action.UPDATE, Action.CREATE, Action.SKIP]
        return [Action.CREATE, Action.SKIP]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        status = row.status if isinstance(row, PreviewItem) else row.kind
        if role == STATUS_ROLE:
            return str(status)
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS:
            return _STATUS_COLOUR[status]
        if isinstance(row, PreviewItem):
            if role == OPTIONS_ROLE and column == ACTION:
                return [a.value for a in self._options(row)]
            if role == Qt.ItemDataRole.EditRole and column == ACTION:
                return self._actions[row.index].value
            if role == Qt.ItemDataRole.ToolTipRole and column == DETAILS:
                return tooltip(self._details(row))
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            return self._item_text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(self._error_text(row, column))
        if role == Qt.ItemDataRole.DisplayRole:
            return self._error_text(row, column)
        return None

    def several_files(self) -> bool:
        return self._several_files

    def _details(self, item: PreviewItem) -> str:
        notes = [w.message for w in item.record.warning_list()]
        if item.status is Status.NEW:
            return "; ".join(notes)
        who = f" {item.match_name}" if item.match_name else ""
        if item.match_id is not None:
            return "; ".join([f"Matches{who}: {item.reason}", *notes])
        return "; ".join([f"Also in this import{who}: {item.reason}", *notes])

    def _item_text(self, item: PreviewItem, column: int) -> str:
        draft = item.record.draft
        if column == FILE:
            return _short(item.file)
        if column == LINE:
            return str(item.record.line)
        if column == NAME:
            return draft.name or "(no name)"
        if column == ORGANISATION:
            return draft.organization
        if column == STATUS:
            return _STATUS_TEXT[item.status]
        if column == ACTION:
            return ACTION_TEXT[self._actions[item.index]]
        return self._details(item)

    def _error_text(self, row: _ErrorRow, column: int) -> str:
        if column == FILE:
            return _short(row.file)
        if column == LINE:
            return "—" if row.line is None else str(row.line)
        if column == STATUS:
            return _STATUS_TEXT[row.kind]
        if column == ACTION:
            return "Not imported" if row.kind == ERROR else ""
        if column == DETAILS:
            return row.message
        return ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != ACTION:
            return False
        item = self._rows[index.row()]
        if not isinstance(item, PreviewItem):
            return False
        try:
            action = Action(value)
        except ValueError:
            return False
        if action not in self._options(item):
            return False
        self._actions[item.index] = action
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True


class StatusFilter(QSortFilterProxyModel):
    """Shows one status (or all when ``status`` is empty)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._status = ""

    def set_status(self, status: str) -> None:
        self.beginFilterChange()
        self._status = status
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._status:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        return bool(index.data(STATUS_ROLE) == self._status)


class ActionDelegate(QStyledItemDelegate):
    """A combo box with the actions a row allows (Update only when it matches someone)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        box = QComboBox(parent)
        for value in index.data(OPTIONS_ROLE) or []:
            box.addItem(ACTION_TEXT[Action(value)], value)
        box.activated.connect(lambda _i: self.commitData.emit(box))
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
