"""The review list of event mode: the table of found cards, its empty hint and its buttons.

Kept apart from the capture view so that view stays about capturing. Each row shows the card's
thumbnail, name over organisation, e-mail over phone, and a status that wraps instead of being
cut ("Already captured — <name>" is long), so rows grow to their text. Enter in the list asks to
accept the selected card, Delete to skip it, F2 to edit it in the form; Up and Down move. The
view decides what accepting means (and moves on to the next waiting card).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.ui.event_mode.review_delegate import TwoLineDelegate, WrappingDelegate
from netdesk.ui.event_mode.review_model import EMAIL, NAME, ORG, PHONE, STATUS, ReviewModel, ReviewRow

#: The status column fits "Check title, phone" on one line; longer words wrap, never elide.
STATUS_WIDTH = 120
KEYS_HINT = "Enter accepts · Delete skips · F2 edits · ↑ ↓ move"


class ReviewList(QWidget):
    accept_requested = Signal()
    accept_all_requested = Signal()
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
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setItemDelegateForColumn(NAME, TwoLineDelegate(self.table))
        self.table.setItemDelegateForColumn(
            EMAIL, TwoLineDelegate(self.table, elide=Qt.TextElideMode.ElideMiddle)
        )
        self.table.setItemDelegateForColumn(STATUS, WrappingDelegate(self.table))
        for shown_below in (ORG, PHONE):  # the second lines of the Name and E-mail cells
            self.table.setColumnHidden(shown_below, True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().hide()  # the cells say what they are; one more row shows
        columns = self.table.horizontalHeader()
        columns.setStretchLastSection(False)
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(STATUS, STATUS_WIDTH)
        self.table.setColumnWidth(EMAIL, 150)
        # Row heights follow the status column's width once the layout has settled (a row
        # measured while the table was still hidden or narrower would cut its status words).
        self._fit = QTimer(self)
        self._fit.setSingleShot(True)
        self._fit.setInterval(0)
        self._fit.timeout.connect(self._fit_rows)
        columns.sectionResized.connect(lambda *_: self._fit.start())
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.doubleClicked.connect(lambda _index: self.edit_requested.emit())
        self.empty = QLabel(
            "Cards you scan appear here to accept, edit or skip. Two cards in one photo give two rows.", self
        )
        self.empty.setObjectName("emptyHint")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.accept_button = QPushButton("Accept", self)
        self.accept_button.setToolTip(
            "Store the selected card and go to the next one (Enter in the list, or Ctrl+Enter)"
        )
        self.accept_button.clicked.connect(self.accept_requested)
        self.accept_all_button = QPushButton("Accept all confident", self)
        self.accept_all_button.setToolTip(
            "Store every waiting card with no field to check (no low-confidence OCR reading, nothing "
            "invalid); the others stay in the list (Ctrl+Shift+Enter)"
        )
        self.accept_all_button.clicked.connect(self.accept_all_requested)
        self.edit_button = QPushButton("Edit in form", self)
        self.edit_button.setToolTip("Open the selected card in the form above (F2, or double-click)")
        self.edit_button.clicked.connect(self.edit_requested)
        self.skip_button = QPushButton("Skip", self)
        self.skip_button.setToolTip("Leave the selected card out (Delete)")
        self.skip_button.clicked.connect(self.skip_requested)
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.accept_all_button, self.edit_button, self.skip_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        heading = QLabel("Review", self)
        heading.setObjectName("sectionTitle")
        self.keys = QLabel(KEYS_HINT, self)
        self.keys.setObjectName("muted")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.keys)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
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
            key, mods = event.key(), event.modifiers()
            if (
                key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not mods & Qt.KeyboardModifier.ControlModifier
            ):
                self.accept_requested.emit()
                return True
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.skip_requested.emit()
                return True
            if key == Qt.Key.Key_F2:
                self.edit_requested.emit()
                return True
        return super().eventFilter(watched, event)

    def _fit_rows(self) -> None:
        """The e-mail column takes a share of what the status leaves; rows fit their status."""
        room = self.table.viewport().width() - self.table.columnWidth(STATUS)
        self.table.setColumnWidth(EMAIL, max(120, room * 23 // 50))
        self.table.resizeRowsToContents()

    def selected(self) -> ReviewRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_first_open(self) -> bool:
        """Select the first card still waiting and focus the list; False when none waits."""
        return self.select_next_open(-1)

    def select_next_open(self, after: int) -> bool:
        """Select the next card still waiting after row ``after`` (wrapping round); False when none."""
        position = self.model.next_open(after)
        if position is not None:
            self.table.selectRow(position)
            self.table.scrollTo(self.model.index(position, NAME))
        self.table.setFocus()
        return position is not None

    def _changed(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.table.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        for button in (self.accept_button, self.edit_button, self.skip_button):
            button.setEnabled(has_rows)
        confident = sum(1 for row in self.model.rows() if row.confident)
        self.accept_all_button.setEnabled(confident > 0)
        self.accept_all_button.setText(
            f"Accept all confident ({confident})" if confident else "Accept all confident"
        )
        self._fit.start()
