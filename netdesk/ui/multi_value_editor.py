"""An editable list of typed values (e-mails, phones, links): one row per value, add and remove.

Each row can show a validation message under it, so every problem is visible at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.ui.plain import plain_label


class _ValueRow(QWidget):
    removed = Signal(object)
    edited = Signal()

    def __init__(
        self, kinds: Sequence[tuple[str, str]], placeholder: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.kind = QComboBox(self)
        for value, label in kinds:
            self.kind.addItem(label, value)
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.remove = QToolButton(self)
        self.remove.setText("✕")
        self.remove.setToolTip("Remove this row")
        self.remove.setAutoRaise(True)
        self.message = plain_label("", self)  # validation messages quote what was typed
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.hide()
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(6)
        line.addWidget(self.edit, 1)
        line.addWidget(self.kind)
        line.addWidget(self.remove)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        outer.addLayout(line)
        outer.addWidget(self.message)
        self.remove.clicked.connect(lambda: self.removed.emit(self))
        self.edit.textEdited.connect(lambda _t: self.edited.emit())
        self.kind.currentIndexChanged.connect(lambda _i: self.edited.emit())

    def set_message(self, text: str | None) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))
        self.edit.setProperty("invalid", bool(text))
        self.edit.style().unpolish(self.edit)
        self.edit.style().polish(self.edit)


class MultiValueEditor(QWidget):
    """Rows of (text, kind). ``validator`` returns a message for a bad value, None when fine."""

    changed = Signal()

    def __init__(
        self,
        kinds: Sequence[tuple[str, str]],
        add_label: str,
        placeholder: str,
        validator: Callable[[str], str | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._kinds = list(kinds)
        self._placeholder = placeholder
        self._validator = validator
        self._rows: list[_ValueRow] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.add_button = QPushButton(add_label, self)
        self.add_button.setObjectName("linkButton")
        self.add_button.clicked.connect(self._add_and_focus)
        self._layout.addWidget(self.add_button)

    def _add_and_focus(self) -> None:
        row = self.add_row("", self._kinds[0][0])
        row.edit.setFocus()

    def add_row(self, text: str, kind: str) -> _ValueRow:
        row = _ValueRow(self._kinds, self._placeholder, self)
        row.edit.setText(text)
        row.edit.setCursorPosition(0)
        index = row.kind.findData(kind)
        row.kind.setCurrentIndex(max(index, 0))
        row.removed.connect(self._remove_row)
        row.edited.connect(self._on_edited)
        row.edit.editingFinished.connect(lambda r=row: self._validate_row(r))
        self._layout.insertWidget(len(self._rows), row)
        self._rows.append(row)
        self.changed.emit()
        return row

    def _remove_row(self, row: _ValueRow) -> None:
        self._rows.remove(row)
        row.hide()
        row.deleteLater()
        self.changed.emit()

    def _on_edited(self) -> None:
        self.changed.emit()

    def _validate_row(self, row: _ValueRow) -> None:
        text = row.edit.text().strip()
        row.set_message(self._validator(text) if (self._validator and text) else None)

    def set_values(self, values: Sequence[tuple[str, str]]) -> None:
        for row in self._rows:
            row.hide()
            row.deleteLater()
        self._rows = []
        for text, kind in values:
            self.add_row(text, kind)

    def values(self) -> list[tuple[str, str]]:
        return [(r.edit.text().strip(), str(r.kind.currentData())) for r in self._rows]

    def row_count(self) -> int:
        return len(self._rows)

    def line_edit(self, index: int) -> QLineEdit:
        return self._rows[index].edit

    def set_messages(self, messages: dict[int, str]) -> None:
        for i, row in enumerate(self._rows):
            row.set_message(messages.get(i))

    def first_invalid(self) -> QLineEdit | None:
        for row in self._rows:
            if row.message.isVisible():
                return row.edit
        return None
