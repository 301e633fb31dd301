"""Two-level item model of the follow-up queue: sections (Overdue, Today, ...) holding follow-ups.

It holds frozen ``FollowUp`` objects only, and of a long section only the pages read so far. Section rows carry internal id 0; a follow-up row
carries its section's row + 1, which is all ``parent()`` needs, so no Python object pointers
are handed to Qt.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from netdesk.domain.followup_queue import Cursor, QueueBounds, QueueHead, QueuePage
from netdesk.domain.followups import FollowUp, FollowUpGroup
from netdesk.ui.plain import tooltip

WHO, WHAT, WHY, WHEN = range(4)
HEADERS = ("Who", "What", "Why", "When")
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2
GROUP_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex
_OVERDUE = QColor("#b42318")
_MUTED = QColor("#5f6b7a")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def when_text(item: FollowUp, group: FollowUpGroup, now: datetime, zone: tzinfo) -> str:
    """Short, relative where that helps: '2 days overdue', 'Today 15:00', 'Sat 10:15', 'Feb 24'."""
    due = item.effective_due().astimezone(zone)
    local_now = now.astimezone(zone)
    if group is FollowUpGroup.SNOOZED:
        return f"until {due:%a} {due:%b} {due.day}"
    if group is FollowUpGroup.OVERDUE:
        late = local_now - due
        if late.days >= 1:
            return f"{_plural(late.days, 'day')} overdue"
        hours = int(late.total_seconds() // 3600)
        return f"{_plural(hours, 'hour')} overdue" if hours else "just now"
    if group is FollowUpGroup.TODAY:
        return f"Today {due:%H:%M}"
    if group is FollowUpGroup.THIS_WEEK:
        return f"{due:%a} {due:%H:%M}"
    year = f", {due.year}" if due.year != local_now.year else ""
    return f"{due:%b} {due.day}{year}"


class FollowUpModel(QAbstractItemModel):
    """Sections hold what has been read of them; ``read_more`` asks for a section's next page
    (``more_wanted``), which ``append_page`` adds when it arrives. Not Qt's canFetchMore/fetchMore:
    QTreeView calls those on every layout of an expanded section, and an answer arriving later
    lays it out again, so the whole tail was read page after page whether scrolled to or not."""

    more_wanted = Signal(object, object, object)  # QueueBounds, FollowUpGroup, Cursor

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: list[tuple[FollowUpGroup, list[FollowUp]]] = []
        self._sizes: dict[FollowUpGroup, int] = {}
        self._cursors: dict[FollowUpGroup, Cursor] = {}
        self._asked: set[FollowUpGroup] = set()  # a page is on its way
        self._bounds: QueueBounds | None = None
        self._now = datetime.now().astimezone()
        self._zone: tzinfo = self._now.tzinfo  # type: ignore[assignment]

    # -- content -------------------------------------------------------------------------------
    def set_groups(
        self, groups: list[tuple[FollowUpGroup, list[FollowUp]]], now: datetime, zone: tzinfo
    ) -> None:
        """Every follow-up of every section at once (nothing more to fetch)."""
        self.beginResetModel()
        self._groups = [(g, list(items)) for g, items in groups]
        self._sizes = {g: len(items) for g, items in self._groups}
        self._cursors, self._asked, self._bounds = {}, set(), None
        self._now = now
        self._zone = zone
        self.endResetModel()

    def set_head(self, head: QueueHead, zone: tzinfo) -> None:
        """Every section's size and first page; the rest is fetched when scrolled to."""
        self.beginResetModel()
        self._groups = [(page.group, list(page.items)) for page in head.pages]
        self._sizes = dict(head.counts.sizes)
        self._cursors = {page.group: page.after for page in head.pages}
        self._asked = set()
        self._bounds = head.counts.bounds
        self._now = head.counts.bounds.now
        self._zone = zone
        self.endResetModel()

    def append_page(self, page: QueuePage) -> None:
        self._asked.discard(page.group)
        row = next((g for g, (group, _items) in enumerate(self._groups) if group is page.group), None)
        if row is None:
            return
        items = self._groups[row][1]
        known = {item.id for item in items}
        fresh = [item for item in page.items if item.id not in known]
        self._cursors[page.group] = page.after
        if not fresh:  # the section shrank since it was counted: stop asking
            self._sizes[page.group] = len(items)
            return
        parent = self.index(row, 0)
        self.beginInsertRows(parent, len(items), len(items) + len(fresh) - 1)
        items.extend(fresh)
        self.endInsertRows()
        self.dataChanged.emit(parent, parent)  # the section's "loaded" state

    def more_to_read(self, parent: Index) -> bool:
        group = self._group_of(parent)
        if group is None or group in self._asked or self._bounds is None:
            return False
        loaded = len(next(items for g, items in self._groups if g is group))
        return loaded < self._sizes.get(group, 0)

    def read_more(self, parent: Index) -> None:
        group = self._group_of(parent)
        if group is None or not self.more_to_read(parent):
            return
        self._asked.add(group)
        self.more_wanted.emit(self._bounds, group, self._cursors.get(group))

    def _group_of(self, parent: Index) -> FollowUpGroup | None:
        if not parent.isValid() or parent.internalId() != 0 or not (0 <= parent.row() < len(self._groups)):
            return None
        return self._groups[parent.row()][0]

    def size_of(self, group: FollowUpGroup) -> int:
        """The section's size, read or not."""
        return self._sizes.get(group, 0)

    def groups(self) -> list[tuple[FollowUpGroup, list[FollowUp]]]:
        return list(self._groups)

    def item_at(self, index: Index) -> FollowUp | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        g = index.internalId() - 1
        if not (0 <= g < len(self._groups)) or not (0 <= index.row() < len(self._groups[g][1])):
            return None
        return self._groups[g][1][index.row()]

    def index_of(self, followup_id: int, column: int = 0) -> QModelIndex:
        for g, (_group, items) in enumerate(self._groups):
            for r, item in enumerate(items):
                if item.id == followup_id:
                    return self.createIndex(r, column, g + 1)
        return QModelIndex()

    def group_index(self, group: FollowUpGroup) -> QModelIndex:
        for g, (candidate, _items) in enumerate(self._groups):
            if candidate is group:
                return self.createIndex(g, 0, 0)
        return QModelIndex()

    # -- structure -----------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != 0 or parent.column() != 0:
            return QModelIndex()
        g = parent.row()
        if g >= len(self._groups) or row >= len(self._groups[g][1]):
            return QModelIndex()
        return self.createIndex(row, column, g + 1)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0 and parent.row() < len(self._groups):
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == 0:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    # -- data ----------------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._group_data(index, role)
        item = self.item_at(index)
        if item is None:
            return None
        group = self._groups[index.internalId() - 1][0]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == WHO:
                return item.contact_name
            if col == WHAT:
                return item.headline
            if col == WHY:
                return item.reason or item.note
            return when_text(item, group, self._now, self._zone)
        if role == Qt.ItemDataRole.ToolTipRole:
            due = item.effective_due().astimezone(self._zone)
            lines = [f"{item.headline} — {item.contact_name}", f"Due {due:%a %b %d, %Y %H:%M}"]
            if item.deadline_at:
                lines.append(f"Deadline {item.deadline_at.astimezone(self._zone):%a %b %d, %Y %H:%M}")
            lines.extend(t for t in (item.reason, item.note) if t)
            return tooltip("\n".join(lines))
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == WHEN and group is FollowUpGroup.OVERDUE:
                return QBrush(_OVERDUE)
            if col in (WHY, WHEN) or group is FollowUpGroup.SNOOZED:
                return QBrush(_MUTED)
            return None
        if role == ID_ROLE:
            return item.id
        if role == ITEM_ROLE:
            return item
        if role == GROUP_ROLE:
            return group.name
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{item.headline} for {item.contact_name}, {when_text(item, group, self._now, self._zone)}"
        return None

    def _group_data(self, index: Index, role: int) -> Any:
        if not (0 <= index.row() < len(self._groups)):
            return None
        group, items = self._groups[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            size = max(self._sizes.get(group, 0), len(items))
            return f"{group.label}  ·  {size}" if index.column() == 0 else None
        if role == Qt.ItemDataRole.FontRole and index.column() == 0:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            return QBrush(_OVERDUE if group is FollowUpGroup.OVERDUE else QColor("#334155"))
        if role == GROUP_ROLE:
            return group.name
        return None
