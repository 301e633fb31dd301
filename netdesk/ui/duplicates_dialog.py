"""Edit › Find duplicates: pairs of stored contacts that look like one person, with the reason.

The search runs in a pool thread (10,000 contacts take about a second); a pair opens the
side-by-side ``MergeDialog``. "Not the same person" hides a pair for this session.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.database import Database
from netdesk.services.duplicates import DuplicatePair, DuplicateService
from netdesk.ui.merge_dialog import MergeDialog
from netdesk.ui.plain import plain_label, tooltip
from netdesk.ui.workers import BackgroundRunner, Task

_PAIR_ROLE = Qt.ItemDataRole.UserRole + 1


def _who(name: str, organization: str) -> str:
    return f"{name} — {organization}" if organization else name


class DuplicatesDialog(QDialog):
    """``contacts_changed`` after each merge; ``status_message`` for the status bar."""

    contacts_changed = Signal()
    status_message = Signal(str)

    def __init__(
        self, db: Database, undo_stack: QUndoStack | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.service = DuplicateService(db)
        self.undo_stack = undo_stack
        self.runner = BackgroundRunner(self)
        self.pairs: list[DuplicatePair] = []
        self.hidden: set[tuple[int, int]] = set()
        self.setWindowTitle("Find duplicates")
        self.setMinimumSize(820, 480)
        self.resize(900, 560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        title = QLabel("Possible duplicates", self)
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.summary = plain_label("Looking for people entered twice…", self)  # may quote an error
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        self.stack = QStackedWidget(self)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["Contact", "Possible duplicate", "Why"])
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.open_merge())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.stack.addWidget(self.table)
        empty = QWidget(self)
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        self.empty_title = QLabel("No duplicates found", empty)
        self.empty_title.setObjectName("emptyTitle")
        self.empty_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel(
            "Nobody shares an e-mail, phone or LinkedIn profile, and no two names at the same "
            "organisation are alike.",
            empty,
        )
        hint.setObjectName("emptyHint")
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty_layout.addWidget(self.empty_title)
        empty_layout.addWidget(hint)
        empty_layout.addStretch(1)
        self.stack.addWidget(empty)
        layout.addWidget(self.stack, 1)

        buttons = QHBoxLayout()
        self.refresh_button = QPushButton("Search &again", self)
        self.refresh_button.clicked.connect(self.refresh)
        self.dismiss_button = QPushButton("&Not the same person", self)
        self.dismiss_button.clicked.connect(self.dismiss)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        close = QPushButton("&Close", self)
        close.clicked.connect(self.accept)
        self.merge_button = QPushButton("&Merge…", self)
        self.merge_button.setObjectName("primaryButton")
        self.merge_button.clicked.connect(self.open_merge)
        buttons.addWidget(close)
        buttons.addWidget(self.merge_button)
        layout.addLayout(buttons)
        self._selection_changed()
        self.refresh()

    # -- finding -------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.runner.is_busy():
            return
        service = self.service
        self.refresh_button.setEnabled(False)

        def work(task: Task) -> list[DuplicatePair]:
            return service.find(task.cancelled)

        def failed(exc: BaseException) -> None:
            self.refresh_button.setEnabled(True)
            self.summary.setText(f"The search failed: {exc}")

        self.runner.start("Looking for duplicates…", work, self.show_pairs, failed)

    def show_pairs(self, pairs: list[DuplicatePair]) -> None:
        self.refresh_button.setEnabled(True)
        self.pairs = [p for p in pairs if (p.first_id, p.second_id) not in self.hidden]
        self.table.setRowCount(len(self.pairs))
        uncertain = QColor("#b54708")
        for row, pair in enumerate(self.pairs):
            cells = (
                _who(pair.first_name, pair.first_organization),
                _who(pair.second_name, pair.second_organization),
                pair.reason if pair.strong else f"{pair.reason} (check)",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tooltip(text))
                if column == 2 and not pair.strong:
                    item.setForeground(uncertain)
                self.table.setItem(row, column, item)
            first_cell = self.table.item(row, 0)
            if first_cell is not None:
                first_cell.setData(_PAIR_ROLE, (pair.first_id, pair.second_id))
        certain = sum(1 for p in self.pairs if p.strong)
        if self.pairs:
            self.summary.setText(
                f"{len(self.pairs)} possible duplicate{'s' if len(self.pairs) != 1 else ''}: {certain} share an "
                "e-mail, phone or LinkedIn profile; the others have similar names at the same organisation "
                "and need a look. Select a pair and press Merge."
            )
        else:
            self.summary.setText("")
        self.stack.setCurrentIndex(0 if self.pairs else 1)
        if self.pairs:
            self.table.selectRow(0)
        self._selection_changed()

    def _selected(self) -> DuplicatePair | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.pairs):
            return None
        return self.pairs[rows[0].row()]

    def _selection_changed(self) -> None:
        has = self._selected() is not None
        self.merge_button.setEnabled(has)
        self.dismiss_button.setEnabled(has)

    def dismiss(self) -> None:
        pair = self._selected()
        if pair is None:
            return
        self.hidden.add((pair.first_id, pair.second_id))
        self.show_pairs(self.pairs)

    # -- merging -------------------------------------------------------------------------------
    def open_merge(self) -> MergeDialog | None:
        """Open the merge dialog for the selected pair (non-blocking); returns it."""
        pair = self._selected()
        if pair is None:
            return None
        dialog = MergeDialog(self.db, pair.first_id, pair.second_id, self.undo_stack, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.merged.connect(self._merged)
        dialog.status_message.connect(self.status_message)
        dialog.open()
        return dialog

    def _merged(self, survivor_id: int, removed_id: int) -> None:
        self.pairs = [p for p in self.pairs if removed_id not in (p.first_id, p.second_id)]
        self.show_pairs(self.pairs)
        self.contacts_changed.emit()

    def done(self, result: int) -> None:
        self.runner.cancel_and_wait()
        super().done(result)
