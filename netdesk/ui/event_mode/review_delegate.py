"""How the review list paints its cells: the card thumbnail beside two lines of text, and
status words that wrap instead of being cut.

A two-line cell shows its own text on the first line and the model's ``DETAIL_ROLE`` on the
second (the Name cell: name over organisation; the E-mail cell: e-mail over phone), so a list
about 500 pixels wide still shows every field of a card. Long values elide (e-mail addresses in
the middle, so the domain stays readable); the status column never elides.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView, QWidget

from netdesk.ui.event_mode.review_model import DETAIL_ROLE, THUMB

Index = QModelIndex | QPersistentModelIndex
PAD = 6  # around a cell's content
GAP = 8  # between the thumbnail and the text
_DETAIL = QColor("#5b6576")
#: Width the theme's item padding and the focus margins take from a wrapped cell's text.
WRAP_SLACK = 16


class TwoLineDelegate(QStyledItemDelegate):
    """A cell's text over its detail line, after the thumbnail when the cell has one."""

    def __init__(self, parent: QWidget, *, elide: Qt.TextElideMode = Qt.TextElideMode.ElideRight) -> None:
        super().__init__(parent)
        self.elide = elide

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else None
        text, detail = str(opt.text), str(index.data(DETAIL_ROLE) or "")  # type: ignore[attr-defined]
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        opt.text = ""  # type: ignore[attr-defined]
        opt.icon = QIcon()  # type: ignore[attr-defined]
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration  # type: ignore[attr-defined,operator]
        if style is not None:  # background, selection and focus as the theme draws them
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect: QRect = opt.rect.adjusted(PAD, PAD // 2, -PAD, -PAD // 2)  # type: ignore[attr-defined]
        painter.save()
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            size = pixmap.deviceIndependentSize().toSize()
            top = rect.top() + (rect.height() - size.height()) // 2
            left = rect.left() + (THUMB.width() - size.width()) // 2
            painter.drawPixmap(left, top, pixmap)
            rect.setLeft(rect.left() + THUMB.width() + GAP)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined,operator]
        palette: QPalette = opt.palette  # type: ignore[attr-defined]
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        if selected:
            main = detail_colour = palette.color(QPalette.ColorRole.HighlightedText)
        else:
            main = foreground if isinstance(foreground, QColor) else palette.color(QPalette.ColorRole.Text)
            detail_colour = foreground if isinstance(foreground, QColor) else _DETAIL
        font = QFont(opt.font)  # type: ignore[attr-defined]
        metrics = painter.fontMetrics()
        line = metrics.height()
        top = rect.top() + max(0, (rect.height() - (2 * line if detail else line)) // 2)
        painter.setFont(font)
        painter.setPen(main)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        first = QRect(rect.left(), top, rect.width(), line)
        painter.drawText(first, flags, metrics.elidedText(text, self.elide, rect.width()))
        if detail:
            painter.setPen(detail_colour)
            second = QRect(rect.left(), top + line, rect.width(), line)
            painter.drawText(second, flags, metrics.elidedText(detail, self.elide, rect.width()))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = option.fontMetrics.height()  # type: ignore[attr-defined]
        has_thumb = isinstance(index.data(Qt.ItemDataRole.DecorationRole), QPixmap)
        height = max(2 * line, THUMB.height() if has_thumb else 0) + PAD
        width = (THUMB.width() + GAP if has_thumb else 0) + 2 * PAD + 80
        return QSize(width, height)


class WrappingDelegate(QStyledItemDelegate):
    """Wraps its column's text at word boundaries and asks for the height that takes.

    The table itself does not wrap (names and organisations elide on one line), and a table
    that does not wrap never tells a delegate its column width, so the width is looked up here.
    """

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText  # type: ignore[operator]

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        width = max(self.table.columnWidth(index.column()) - 1, 1)
        sized = QStyleOptionViewItem(option)
        sized.rect.setRect(0, 0, width, 1)  # type: ignore[attr-defined]
        hint = super().sizeHint(sized, index)
        # The theme pads items, so the style's own measure can be a line short of what it paints:
        # measure again inside the padding (and the focus margins) and keep the taller.
        room = QRect(0, 0, max(width - WRAP_SLACK, 1), 100_000)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        metrics = option.fontMetrics  # type: ignore[attr-defined]
        needed = metrics.boundingRect(room, int(Qt.TextFlag.TextWordWrap), text).height() + PAD
        return QSize(hint.width(), max(hint.height(), needed))
