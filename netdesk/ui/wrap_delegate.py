"""Rows that wrap their text to the column's width instead of cutting it off with "…".

QTreeView's own word wrap measures rows before it knows the column width, so long rows come out
one line high and elided; this delegate measures each row against the width it will really get.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtWidgets import QListView, QStyledItemDelegate, QStyleOptionViewItem, QTreeView

PADDING = 10  # the theme's item padding, top and bottom together


class WrapDelegate(QStyledItemDelegate):
    def __init__(self, view: QTreeView | QListView, padding: int = PADDING) -> None:
        super().__init__(view)
        self.view = view
        self.padding = padding  # the style sheet's item padding, top and bottom together
        view.setWordWrap(True)
        view.setTextElideMode(Qt.TextElideMode.ElideNone)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if isinstance(view, QTreeView):
            view.header().setStretchLastSection(True)
            view.header().sectionResized.connect(lambda *_: view.scheduleDelayedItemsLayout())
        else:
            view.setResizeMode(QListView.ResizeMode.Adjust)  # re-measured when the list is resized

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText  # type: ignore[operator]

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        if isinstance(self.view, QTreeView):
            depth, parent = 0, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width = self.view.columnWidth(index.column()) - self.view.indentation() * (depth + 1) - 12
        else:
            width = self.view.viewport().width() - 24  # the items' padding and a scroll bar's room
        if width <= 40:
            return base
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        rect = option.fontMetrics.boundingRect(QRect(0, 0, width, 100000), Qt.TextFlag.TextWordWrap, text)
        return QSize(base.width(), max(base.height(), rect.height() + self.padding))
