"""Picking one person out of many: a line edit with a completer over (id, "Name — Organisation").

A combo box rebuilt on every change neither scales to a large network nor lets you type
"ramirez" for "Elena Ramírez"; here every typed word must start a word of the label, accents
and case aside (``netdesk.domain.search``), in any order. ``set_choices`` swaps the rows while
keeping the chosen person, so the change bridge can refresh the list under an open form.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit, QWidget

from netdesk.domain.search import fold, words

ID_ROLE = Qt.ItemDataRole.UserRole
Index = QModelIndex | QPersistentModelIndex


class ContactChoices(QAbstractListModel):
    """Rows of (contact id, label); the folded words of each label kept for matching."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[int, str]] = []
        self._words: list[tuple[str, ...]] = []
        self._row_of: dict[int, int] = {}

    def set_rows(self, rows: Sequence[tuple[int, str]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._words = [tuple(words(label)) for _cid, label in self._rows]
        self._row_of = {cid: row for row, (cid, _label) in enumerate(self._rows)}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        cid, label = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            return label
        if role == ID_ROLE:
            return cid
        return None

    def label_of(self, contact_id: int) -> str | None:
        row = self._row_of.get(contact_id)
        return None if row is None else self._rows[row][1]

    def id_of(self, label: str) -> int | None:
        wanted = fold(label.strip())
        found = [cid for cid, text in self._rows if fold(text) == wanted]
        return found[0] if len(found) == 1 else None

    def words_of(self, row: int) -> tuple[str, ...]:
        return self._words[row]


class WordFilter(QSortFilterProxyModel):
    """Keeps rows where every typed word starts some word of the label."""

    def __init__(self, source: ContactChoices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = source
        self.setSourceModel(source)
        self._terms: list[str] = []

    def set_pattern(self, text: str) -> None:
        terms = words(text)
        if terms != self._terms:
            if hasattr(self, "beginFilterChange"):  # Qt 6.10+
                self.beginFilterChange()
                self._terms = terms
                self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
            else:
                self._terms = terms
                self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, _source_parent: Index) -> bool:
        if not self._terms:
            return True
        label_words = self.choices.words_of(source_row)
        return all(any(w.startswith(t) for w in label_words) for t in self._terms)


class ContactPicker(QLineEdit):
    """``contact_id()`` is the person picked (None while the text names nobody exactly)."""

    contact_picked = Signal(int)  # chosen from the list (or by ``pick``)
    selection_changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        placeholder: str = "Type a name…",
        clear_after_pick: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.clear_after_pick = clear_after_pick
        self.choices = ContactChoices(self)
        self.matches = WordFilter(self.choices, self)
        self._completer = QCompleter(self.matches, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(10)
        self._completer.activated[QModelIndex].connect(self._chosen)  # type: ignore[index]
        self.setCompleter(self._completer)
        self._id: int | None = None
        self.textEdited.connect(self._typed)

    def completer_popup(self) -> QAbstractItemView | None:
        return self._completer.popup()

    def set_choices(self, rows: Sequence[tuple[int, str]]) -> None:
        """New rows (after contacts changed); the picked person stays picked while they exist."""
        self.choices.set_rows(rows)
        if self._id is not None:
            label = self.choices.label_of(self._id)
            if label is None:
                self._set_id(None)  # deleted meanwhile; what was typed stays to see
            elif label != self.text():
                self.setText(label)  # renamed meanwhile

    def contact_id(self) -> int | None:
        return self._id

    def set_contact_id(self, contact_id: int | None) -> None:
        label = self.choices.label_of(contact_id) if contact_id is not None else None
        self.setText(label or "")
        self._set_id(contact_id if label is not None else None)

    def pick(self, contact_id: int) -> None:
        """Choose ``contact_id`` as if from the list."""
        self.set_contact_id(contact_id)
        if self._id is not None:
            self.contact_picked.emit(self._id)
            if self.clear_after_pick:
                self.set_contact_id(None)

    def currentIndex(self) -> int:
        """The picked id, or -1: a value to compare in snapshots of a form (as a combo's index)."""
        return -1 if self._id is None else self._id

    def show_matches(self, text: str) -> None:
        """Type ``text`` and open the list of matches (as typing does)."""
        self.setText(text)
        self._typed(text)

    def _set_id(self, contact_id: int | None) -> None:
        if contact_id != self._id:
            self._id = contact_id
            self.selection_changed.emit()

    def _typed(self, text: str) -> None:
        self.matches.set_pattern(text)
        self._set_id(self.choices.id_of(text) if text.strip() else None)
        if text.strip() and self.matches.rowCount():
            self._completer.complete()

    def _chosen(self, index: QModelIndex) -> None:
        cid = index.data(ID_ROLE)
        if isinstance(cid, int):
            # the completer writes the label after this slot; settle the text once it has
            QTimer.singleShot(0, lambda: self.pick(cid))
