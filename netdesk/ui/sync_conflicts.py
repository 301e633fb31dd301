"""Sync conflicts, one contact at a time, side by side: this computer's value and the server's
for each field that differs, a choice per field (both, for lists and notes), as in the merge
dialog. "Save choices" saves them here (the next sync sends them) and clears the conflict;
"Keep this computer's values" clears it as it is (those values went to the server already).
Non-blocking (``open()``); every value is user data, so every label is plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.models import Contact
from netdesk.services.database import Database
from netdesk.services.duplicates import MERGE_FIELDS, Choice
from netdesk.services.sync.conflicts import ConflictError, ConflictSides, ConflictSummary, SyncConflicts
from netdesk.ui.busy import guarded, returns_when_busy
from netdesk.ui.conflict_dialog import value_text
from netdesk.ui.field_choices import checked_choices, choose_in
from netdesk.ui.plain import button_text, plain_label


def _names(contact: Contact) -> dict[str, str]:
    return {"event_id": contact.event_name or "", "introduced_by_id": contact.introduced_by_name or ""}


def _text(contact: Contact, field: str) -> str:
    names = _names(contact)
    if field in names:
        return names[field]
    return value_text(contact.draft, field, names)


class SyncConflictDialog(QDialog):
    """``resolved(contact_id)`` after each contact's conflict is cleared."""

    resolved = Signal(int)
    status_message = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = guarded(SyncConflicts(db), self)  # waits visibly on a locked database
        self.setWindowTitle("Sync conflicts")
        self.setMinimumSize(640, 360)
        self.resize(780, 460)  # room for a few fields; more scroll
        self.groups: dict[str, QButtonGroup] = {}
        self.sides: ConflictSides | None = None
        self.queue: list[ConflictSummary] = []
        self.position = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        title = QLabel("Sync conflicts", self)
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.heading = plain_label("", self)
        self.heading.setObjectName("editorHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.hint = plain_label("", self)
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.fields_scroll = QScrollArea(self)
        self.fields_scroll.setWidgetResizable(True)
        self.fields_scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.fields_scroll, 1)
        self.error_label = plain_label("", self)
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        buttons = QHBoxLayout()
        later = QPushButton("Later", self)
        later.clicked.connect(self.reject)
        buttons.addWidget(later)
        buttons.addStretch(1)
        self.keep_button = QPushButton("&Keep this computer's values", self)
        self.keep_button.clicked.connect(self.keep_here)
        self.save_button = QPushButton("&Save choices", self)
        self.save_button.setObjectName("primaryButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.reload()

    # -- building ------------------------------------------------------------------------------
    @returns_when_busy
    def reload(self) -> None:
        self.queue = self.service.list()
        self.position = 0
        self._show()

    def _show(self) -> None:
        self.error_label.setText("")
        if self.position >= len(self.queue):
            self.sides = None
            self.heading.setText("No conflicts left.")
            self.hint.setText("")
            self.fields_scroll.setWidget(QWidget())
            self.keep_button.setEnabled(False)
            self.save_button.setEnabled(False)
            return
        summary = self.queue[self.position]
        try:
            self.sides = self.service.sides(summary.id)
        except ConflictError as exc:
            self.sides = None
            self.error_label.setText(str(exc))
            self.save_button.setEnabled(False)
            return
        self.keep_button.setEnabled(True)
        self.save_button.setEnabled(True)
        count = f"{self.position + 1} of {len(self.queue)}: " if len(self.queue) > 1 else ""
        self.heading.setText(f"{count}{self.sides.here.name}")
        self.hint.setText(
            f"Changed on both sides since the last sync ({summary.labels()}). This computer's values "
            "were kept and sent to the server; the right column is what the server had. Choose per "
            "field: the next sync sends your choice."
        )
        self.fields_scroll.setWidget(self._grid(self.sides, set(summary.fields)))

    def _grid(self, sides: ConflictSides, fought: set[str]) -> QWidget:
        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 8, 8, 8)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(10)
        for column, text in enumerate(("This computer", "Server"), start=1):
            head = plain_label(text, body)
            head.setObjectName("sectionTitle")
            grid.addWidget(head, 0, column)
        self.groups = {}
        row = 1
        for field in MERGE_FIELDS:
            here, there = _text(sides.here, field.name), _text(sides.server, field.name)
            if here == there:
                continue
            label = plain_label(field.label, body)
            label.setObjectName("muted")
            label.setContentsMargins(0, 3, 0, 0)
            if field.name in fought:
                label.setToolTip("Changed on both sides since the last sync")
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            group = QButtonGroup(body)
            options = [(Choice.KEEP, here, 1), (Choice.OTHER, there, 2)]
            if field.multi and here and there:
                options.append((Choice.BOTH, "Both", 3))
            for choice, text, column in options:
                button = QRadioButton(button_text(text) or "(empty)", body)
                button.setProperty("choice", choice.value)
                group.addButton(button)
                grid.addWidget(button, row, column, Qt.AlignmentFlag.AlignTop)
                button.setChecked(choice is Choice.KEEP)
            self.groups[field.name] = group
            row += 1
        if row == 1:
            same = plain_label("Both sides say the same now; keep this computer's values to clear it.", body)
            same.setWordWrap(True)
            grid.addWidget(same, row, 0, 1, 3)
            row += 1
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(row, 1)
        return body

    # -- choosing ------------------------------------------------------------------------------
    def choose(self, field: str, choice: Choice) -> None:
        """Select ``choice`` for ``field`` (as a click on its radio button would)."""
        choose_in(self.groups, field, choice, "is the same on both sides")

    def choices(self) -> dict[str, Choice]:
        return checked_choices(self.groups)

    # -- saving --------------------------------------------------------------------------------
    @returns_when_busy
    def save(self) -> None:
        if self.sides is None:
            return
        try:
            self.service.resolve(self.sides.conflict.id, self.choices(), self.sides.here.version)
        except ConflictError as exc:
            self.error_label.setText(str(exc))
            return
        self._next(f"Saved your choices for {self.sides.here.name}; the next sync sends them.")

    @returns_when_busy
    def keep_here(self) -> None:
        if self.sides is None and self.position < len(self.queue):
            conflict_id = self.queue[self.position].id  # unreadable server copy: clear it anyway
            name = self.queue[self.position].name
        elif self.sides is not None:
            conflict_id, name = self.sides.conflict.id, self.sides.here.name
        else:
            return
        try:
            self.service.keep_here(conflict_id)
        except ConflictError as exc:
            self.error_label.setText(str(exc))
            return
        self._next(f"Kept this computer's values for {name}.")

    def _next(self, message: str) -> None:
        contact_id = self.queue[self.position].contact_id
        self.status_message.emit(message)
        self.resolved.emit(contact_id)
        self.position += 1
        if self.position >= len(self.queue):
            self.accept()
            return
        self._show()
