"""The review list of event mode: the table of found cards, its empty hint and its buttons.

Kept apart from the capture view so that view stays about capturing. Enter in the list asks to
accept the selected card and Delete to skip it; the view decides what that means. Status words
wrap instead of being cut ("Already captured — <name>" is long), so rows grow to their text.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.ui.event_mode.review_model import FOUND, NAME, ORG, REACH, STATUS, ReviewModel, ReviewRow


class WrappingDelegate(QStyledItemDelegate):
    """Wraps its column's text at word boundaries and asks for the height that takes.

    The table itself does not wrap (names and organisations elide on one line), and a table
    that does not wrap never tells a delegate its column width, so the width is looked up here.
    """

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText  # type: ignore[operator]

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        sized = QStyleOptionViewItem(option)
        sized.rect.setRect(0, 0, max(self.table.columnWidth(index.column()) - 1, 1), 1)  # type: ignore[attr-defined]
        return super().sizeHint(sized, index)


class ReviewList(QWidget):
    accept_requested = Signal()
    edit_requested = Signal()
    skip_requested = Signal()

    def __init__(self, model: ReviewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.table = QTableView(self)
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setItemDelegateForColumn(STATUS, WrappingDelegate(self.table))
        self.table.verticalHeader().hide()
        columns = self.table.horizontalHeader()
        columns.setStretchLastSection(True)
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Row heights follow the status column's width once the layout has settled (a row
        # measured while the table was still hidden or narrower would cut its status words).
        self._fit = QTimer(self)
        self._fit.setSingleShot(True)
        self._fit.setInterval(0)
        self._fit.timeout.connect(self.table.resizeRowsToContents)
        columns.sectionResized.connect(lambda *_: self._fit.start())
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setColumnHidden(REACH, True)  # in the Name tooltip; the column is too narrow here
        for column, width in ((NAME, 120), (ORG, 110), (FOUND, 80)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _index: self.edit_requested.emit())
        self.empty = QLabel(
            "Cards you scan appear here to accept, edit or skip. Two cards in one photo give two rows.", self
        )
        self.empty.setObjectName("emptyHint")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.accept_button = QPushButton("Accept", self)
        self.accept_button.setToolTip("Store the selected card (Enter in the list, or Ctrl+Enter)")
        self.accept_button.clicked.connect(self.accept_requested)
        self.edit_button = QPushButton("Edit in form", self)
        self.edit_button.clicked.connect(self.edit_requested)
        self.skip_button = QPushButton("Skip", self)
        self.skip_button.setToolTip("Leave the selected card out (Delete)")
        self.skip_button.clicked.connect(self.skip_requested)
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.edit_button, self.skip_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        heading = QLabel("Review", self)
        heading.setObjectName("sectionTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(buttons)

        self.table.installEventFilter(self)
        model.rowsInserted.connect(self._changed)
        model.dataChanged.connect(self._changed)
        model.modelReset.connect(self._changed)
        self._changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._fit.start()
        if watched is self.table and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept_requested.emit()
                return True
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.skip_requested.emit()
                return True
        return super().eventFilter(watched, event)

    def selected(self) -> ReviewRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_first_open(self) -> bool:
        """Select the first card still waiting and focus the list; False when none waits."""
        first = next((i for i, row in enumerate(self.model.rows()) if row.open), None)
        if first is not None:
            self.table.selectRow(first)
        self.table.setFocus()
        return first is not None

    def _changed(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.table.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        for button in (self.accept_button, self.edit_button, self.skip_button):
            button.setEnabled(has_rows)
        self._fit.start()
