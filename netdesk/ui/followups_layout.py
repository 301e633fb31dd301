"""The Follow-ups page's widgets: header, action buttons, the queue tree with its empty and
loading states, and the detail card. ``FollowUpsPanel`` adds the behaviour."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from netdesk.ui.followup_model import WHAT, WHEN, WHO, WHY, FollowUpModel

# The longest texts followup_model.when_text writes, and the column's title.
_WIDEST_WHEN = (
    "When",
    "9999 days overdue",
    "23 hours overdue",
    "until Wed Sep 30",
    "Today 23:59",
    "Sep 30, 2027",
)


class FollowUpsLayout(QWidget):
    model: FollowUpModel

    def _build(self) -> None:
        """The widgets; the panel adds the menus' actions and connects the buttons."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        header = QHBoxLayout()
        title = QLabel("Follow-ups", self)
        title.setObjectName("pageTitle")
        self.summary = QLabel(self)
        self.summary.setObjectName("muted")
        header.addWidget(title)
        header.addSpacing(12)
        header.addWidget(self.summary, 1)
        self.new_button = QPushButton("&New follow-up…", self)
        self.templates_button = QPushButton("Templates && &settings…", self)
        header.addWidget(self.new_button)
        header.addWidget(self.templates_button)
        layout.addLayout(header)

        actions = QHBoxLayout()
        self.draft_button = QPushButton("Draft…  (Enter)", self)
        self.draft_button.setObjectName("primaryButton")
        self.done_button = QPushButton("Done  (D)", self)
        self.done_menu = QMenu(self)
        self.done_more = QPushButton("▾", self)
        self.done_more.setToolTip("Done another way")
        self.done_more.setMaximumWidth(34)
        self.snooze_button = QPushButton("Snooze  (S)", self)
        self.skip_button = QPushButton("Skip", self)
        for w in (self.draft_button, self.done_button, self.done_more, self.snooze_button, self.skip_button):
            actions.addWidget(w)
        actions.addStretch(1)
        layout.addLayout(actions)

        self.snooze_menu = QMenu(self)

        self.stack = QStackedWidget(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(False)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setAccessibleName("Follow-up queue")
        self.tree.setStyleSheet("QTreeView::item { padding: 3px 2px; }")
        head = self.tree.header()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(WHO, QHeaderView.ResizeMode.Interactive)
        # Lead reminders have long titles; a fixed width keeps the "why" column readable.
        head.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(WHY, QHeaderView.ResizeMode.Stretch)
        # Sized from the longest "when" text there can be, not to contents: ResizeToContents
        # reads every row of the queue on each layout (35,000 data() calls at 100k contacts).
        head.setSectionResizeMode(WHEN, QHeaderView.ResizeMode.Interactive)
        head.resizeSection(WHO, 190)
        head.resizeSection(WHAT, 230)
        metrics = self.tree.fontMetrics()
        head.resizeSection(WHEN, max(metrics.horizontalAdvance(text) for text in _WIDEST_WHEN) + 28)
        self.tree.installEventFilter(self)
        self.empty = QLabel(
            "You are all caught up.\nNew people you meet at events get a thank-you reminder here.", self
        )
        self.empty.setObjectName("emptyHint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading = QLabel("Reading your follow-ups…", self)
        self.loading.setObjectName("emptyHint")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.loading)
        self.stack.setCurrentWidget(self.loading)

        self.detail = QLabel(self)
        self.detail.setTextFormat(Qt.TextFormat.RichText)  # every value in it is escaped (_esc)
        self.detail.setWordWrap(True)
        self.detail.setObjectName("card")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMargin(10)
        self.detail.setMinimumHeight(110)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.stack)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)
