"""How the Contacts page looks: the search field, the table's columns and the two panes.

Kept apart from ``ui/contacts_panel.py`` (which reads, follows and opens people) so each stays
readable. Qt only: importing it costs nothing before the window's first paint.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.ui.contact_table_model import NAME, ContactTableModel


def search_field(parent: QWidget) -> QLineEdit:
    search = QLineEdit(parent)
    search.setObjectName("searchField")
    search.setPlaceholderText("Search people, organisations, notes, tags…")
    search.setClearButtonEnabled(True)
    # Wide enough for the whole placeholder (plus the clear button) at any window size.
    hint = search.fontMetrics().horizontalAdvance(search.placeholderText())
    search.setMinimumWidth(hint + 48)
    return search


def contact_table(parent: QWidget, model: ContactTableModel) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    table.setSortingEnabled(True)
    table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(30)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # At 1280x720 the list pane is about 650 px wide: these widths leave the last column
    # room for its header, so the table needs no horizontal scroll bar (long cells end
    # with "…" and their tooltip has them whole)
    for column, width in enumerate((122, 128, 100, 160)):
        header.resizeSection(column, width)
    return table


def split(panel: QWidget, bar: QHBoxLayout, list_pane: QWidget, details: QWidget) -> QSplitter:
    """The list (under its search bar) and the details side by side, filling ``panel``."""
    left = QWidget(panel)
    left_layout = QVBoxLayout(left)
    left_layout.setContentsMargins(0, 0, 0, 0)
    left_layout.setSpacing(0)
    left_layout.addLayout(bar)
    left_layout.addWidget(list_pane, 1)
    splitter = QSplitter(Qt.Orientation.Horizontal, panel)
    splitter.addWidget(left)
    splitter.addWidget(details)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    splitter.setChildrenCollapsible(False)
    details.setMinimumWidth(420)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(splitter)
    return splitter


class AfterPaint(QObject):
    """``then()`` on the event loop's turn after ``widget``'s next paint, once per ``arm()``;
    after ``limit_ms`` when no paint comes (a hidden or covered window). A keystroke's list is
    on screen before the first listed person is read: a zero timer alone ran before the paint."""

    def __init__(self, widget: QWidget, then: Callable[[], None], limit_ms: int = 100) -> None:
        super().__init__(widget)
        self._then = then
        self._armed = False
        self._limit = QTimer(self)
        self._limit.setSingleShot(True)
        self._limit.setInterval(limit_ms)
        self._limit.timeout.connect(self._run)
        widget.installEventFilter(self)

    def arm(self) -> None:
        self._armed = True
        self._limit.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._armed and event.type() == QEvent.Type.Paint:
            self._limit.stop()
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        if self._armed:
            self._armed = False
            self._then()
