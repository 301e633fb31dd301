"""'Who can introduce me?': type an organisation or a field, see the paths through your network,
shortest first and warmest first. Non-modal: open it with ``open()``; activating a person emits
``contact_activated`` with their id."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.database import Database
from netdesk.services.network import IntroResult, NetworkService
from netdesk.ui.busy import guarded, returns_when_busy
from netdesk.ui.network_view import WARMTH_COLOURS
from netdesk.ui.plain import plain_label, tooltip

CONTACT_ID = Qt.ItemDataRole.UserRole


class IntroDialog(QDialog):
    contact_activated = Signal(int)
    searched = Signal(str, int)  # query, number of people found

    def __init__(self, db: Database, parent: QWidget | None = None, query: str = "") -> None:
        super().__init__(parent)
        self.network = guarded(NetworkService(db), self)  # a read can meet a lock too
        self.results: list[IntroResult] = []
        self.setWindowTitle("Who can introduce me?")
        self.resize(720, 480)
        heading = QLabel("Who can introduce me?", self)
        heading.setObjectName("pageTitle")
        hint = QLabel(
            "Type an organisation or a field. Paths run from someone you know to the person there: "
            "introductions and colleagues first, people you only shared an event with last; "
            "then shorter paths, then the ones starting with someone you were in touch with recently.",
            self,
        )
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        self.query = QLineEdit(self)
        self.query.setPlaceholderText("e.g. Woods Hole, marine biology, Harbor Music")
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.search)
        find = QPushButton("Find paths", self)
        find.setObjectName("primaryButton")
        find.clicked.connect(self.search)
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(find)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Person", "How", "Warmth"])
        self.tree.setColumnWidth(0, 230)
        self.tree.setColumnWidth(1, 330)
        self.tree.setRootIsDecorated(True)
        self.tree.itemActivated.connect(self._activated)
        self.empty = plain_label("", self)  # quotes the search text
        self.empty.setObjectName("emptyHint")
        self.empty.setWordWrap(True)
        self.empty.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        if query:
            self.query.setText(query)
            self.search()

    @returns_when_busy
    def search(self) -> None:
        text = " ".join(self.query.text().split())
        self.tree.clear()
        self.results = self.network.intro(text, alternatives=3) if text else []
        targets: dict[int, QTreeWidgetItem] = {}
        for result in self.results:
            target = result.target
            top = targets.get(target.id)
            if top is None:
                where = ", ".join(p for p in (target.draft.title, target.draft.organization) if p)
                top = QTreeWidgetItem([target.name, where, ""])
                top.setData(0, CONTACT_ID, target.id)
                font = top.font(0)
                font.setBold(True)
                top.setFont(0, font)
                self.tree.addTopLevelItem(top)
                targets[target.id] = top
                if not result.reachable:
                    top.setText(1, "Nobody you know leads here yet")
                    top.setForeground(1, QBrush(Qt.GlobalColor.darkGray))
                    continue
            if not result.reachable:
                continue
            if len(result.path) == 1:
                first, how = "You already know them", "Get in touch directly: no introduction needed"
            else:
                first = f"Ask {result.path[0].name}"
                how = " → ".join(c.name for c in result.path)
            route = QTreeWidgetItem([first, how, result.warmth.label])
            route.setData(0, CONTACT_ID, result.path[0].id)
            route.setForeground(2, QBrush(WARMTH_COLOURS[result.warmth]))
            route.setToolTip(1, tooltip("\n".join(result.links) or "You already know them."))
            top.addChild(route)
        self.tree.expandAll()
        found = len(targets)
        if text and not found:
            self.empty.setText(
                f"Nobody in your network matches “{text}”. Try the organisation as written on cards."
            )
        self.empty.setVisible(bool(text) and not found)
        self.searched.emit(text, found)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        value = item.data(0, CONTACT_ID)
        if isinstance(value, int):
            self.contact_activated.emit(value)
