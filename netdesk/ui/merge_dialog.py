"""Side-by-side merge of two contacts, choosing per field which value survives; undoable.

The merge is done by ``DuplicateService.merge`` (one transaction, snapshot kept in the
result) and pushed on the main window's ``QUndoStack`` as a ``MergeCommand``, so Edit › Undo
puts both people back exactly. Undo and redo can happen long after this dialog has closed, so
they report through ``undo_notifier(stack)``, a small object that lives as long as the stack.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
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

from netdesk.domain.models import Contact, ContactDraft
from netdesk.services.database import Database
from netdesk.services.duplicates import (
    MERGE_FIELDS,
    Choice,
    DuplicateService,
    MergeCandidate,
    MergeError,
    MergeResult,
    compose,
)
from netdesk.ui.busy import DatabaseBusyError, guarded, returns_when_busy
from netdesk.ui.field_choices import checked_choices, choose_in
from netdesk.ui.plain import button_text, plain_label


class UndoNotifier(QObject):
    """Signals of merges undone or redone from the undo stack; connect panels' refresh here."""

    contacts_changed = Signal()
    status_message = Signal(str)


def undo_notifier(stack: QUndoStack) -> UndoNotifier:
    found = stack.findChild(UndoNotifier)
    if isinstance(found, UndoNotifier):
        return found
    return UndoNotifier(stack)


class MergeCommand(QUndoCommand):
    """Created after the merge succeeded; its first ``redo`` (from ``push``) does nothing."""

    def __init__(
        self, service: DuplicateService, result: MergeResult, draft: ContactDraft, notifier: UndoNotifier
    ) -> None:
        super().__init__(button_text(f"Merge {result.removed_name or 'contact'}"))  # Edit menu text
        self.service = service
        self.result = result
        self.draft = draft
        self.notifier = notifier
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        try:
            self.result = self.service.merge(self.result.survivor_id, self.result.removed_id, self.draft)
        except (MergeError, DatabaseBusyError) as exc:  # busy: the database is as before the redo
            self.setObsolete(True)
            self.notifier.status_message.emit(str(exc))
            return
        self.notifier.contacts_changed.emit()
        self.notifier.status_message.emit(f"Merged {self.result.removed_name} again.")

    def undo(self) -> None:
        try:
            restored = self.service.undo(self.result)
        except (MergeError, DatabaseBusyError) as exc:  # busy: the merge stays, as the message says
            self.setObsolete(True)
            self.notifier.status_message.emit(str(exc))
            return
        self.result = MergeResult(
            self.result.survivor_id,
            restored,
            self.result.removed_name,
            self.result.moved,
            self.result.snapshot,
        )
        self.notifier.contacts_changed.emit()
        self.notifier.status_message.emit(f"Merge undone: {self.result.removed_name} is back.")


def _value_text(contact: Contact, name: str) -> str:
    draft = contact.draft
    value = getattr(draft, name)
    if name == "emails":
        return "\n".join(e.address for e in draft.emails)
    if name == "phones":
        return "\n".join(p.display for p in draft.phones)
    if name == "urls":
        return "\n".join(u.url for u in draft.urls)
    if name == "tags":
        return ", ".join(draft.tags)
    if name == "event_id":
        return contact.event_name or ""
    if name == "introduced_by_id":
        return contact.introduced_by_name or ""
    if name in ("circle", "how_met"):
        return str(value.label) if value is not None else ""
    if isinstance(value, datetime):
        return value.strftime("%d %b %Y")
    return "" if value is None else str(value)


class MergeDialog(QDialog):
    """Choose per field; ``merged(survivor_id, removed_id)`` and ``contacts_changed`` on success."""

    merged = Signal(int, int)
    contacts_changed = Signal()
    status_message = Signal(str)

    def __init__(
        self,
        db: Database,
        keep_id: int,
        other_id: int,
        undo_stack: QUndoStack | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = guarded(DuplicateService(db), self)  # waits visibly on a locked database
        self.undo_stack = undo_stack
        self.setWindowTitle("Merge contacts")
        self.setMinimumSize(760, 560)
        self.resize(860, 680)
        self.groups: dict[str, QButtonGroup] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        top = QHBoxLayout()
        title = QLabel("Merge contacts", self)
        title.setObjectName("pageTitle")
        top.addWidget(title)
        top.addStretch(1)
        self.swap_button = QPushButton("Keep the other record", self)
        self.swap_button.setObjectName("linkButton")
        self.swap_button.clicked.connect(self.swap)
        top.addWidget(self.swap_button)
        layout.addLayout(top)
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
        buttons.addStretch(1)
        cancel = QPushButton("Cancel", self)
        cancel.clicked.connect(self.reject)
        self.merge_button = QPushButton("&Merge", self)
        self.merge_button.setObjectName("primaryButton")
        self.merge_button.setDefault(True)
        self.merge_button.clicked.connect(self.merge)
        buttons.addWidget(cancel)
        buttons.addWidget(self.merge_button)
        layout.addLayout(buttons)
        self.candidate: MergeCandidate | None = None
        self.load(keep_id, other_id)

    # -- building ------------------------------------------------------------------------------
    @returns_when_busy
    def load(self, keep_id: int, other_id: int) -> None:
        try:
            self.candidate = self.service.candidate(keep_id, other_id)
        except MergeError as exc:
            self.candidate = None
            self.error_label.setText(str(exc))
            self.merge_button.setEnabled(False)
            return
        keep, other = self.candidate.keep, self.candidate.other
        log = self.candidate.other_interactions
        self.hint.setText(
            f"Choose the value to keep for each field. “{keep.name}” is kept; “{other.name}” is removed "
            f"after their {log} interaction{'' if log == 1 else 's'}, follow-ups, event links and "
            "introductions move over. Edit › Undo puts both back."
        )
        self.merge_button.setText(f"&Merge into {button_text(keep.name)}")
        self.fields_scroll.setWidget(self._grid(keep, other))

    def _grid(self, keep: Contact, other: Contact) -> QWidget:
        assert self.candidate is not None
        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 8, 8, 8)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(10)
        for column, (text, contact) in enumerate((("Kept", keep), ("Removed", other)), start=1):
            head = plain_label(f"{text}: {contact.name}  (#{contact.id})", body)
            head.setObjectName("sectionTitle")
            head.setWordWrap(True)
            grid.addWidget(head, 0, column)
        self.groups = {}
        row = 1
        for field in MERGE_FIELDS:
            first, second = _value_text(keep, field.name), _value_text(other, field.name)
            if not first and not second:
                continue
            label = QLabel(field.label, body)
            label.setObjectName("muted")
            label.setContentsMargins(0, 3, 0, 0)  # on the radio buttons' text baseline
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            group = QButtonGroup(body)
            if first == second:
                same = plain_label(first, body)
                same.setWordWrap(True)
                same.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                grid.addWidget(same, row, 1, 1, 2)
                row += 1
                continue
            options = [(Choice.KEEP, first, 1), (Choice.OTHER, second, 2)]
            default = self.candidate.choices.get(field.name)
            if field.multi and first and second:
                options.append((Choice.BOTH, "Both", 3))
            elif default is Choice.BOTH:  # one side is empty: "both" is the other side
                default = Choice.KEEP if first else Choice.OTHER
            for choice, text, column in options:
                button = QRadioButton(button_text(text) or "(empty)", body)
                button.setProperty("choice", choice.value)
                group.addButton(button)
                grid.addWidget(button, row, column, Qt.AlignmentFlag.AlignTop)
                if default is choice:
                    button.setChecked(True)
            self.groups[field.name] = group
            row += 1
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(row, 1)
        return body

    # -- choosing ------------------------------------------------------------------------------
    def choose(self, field: str, choice: Choice) -> None:
        """Select ``choice`` for ``field`` (as a click on its radio button would)."""
        choose_in(self.groups, field, choice, "has nothing to choose: both contacts have the same value")

    def choices(self) -> dict[str, Choice]:
        return checked_choices(self.groups)

    def merged_draft(self) -> ContactDraft:
        assert self.candidate is not None
        return compose(self.candidate.keep.draft, self.candidate.other.draft, self.choices())

    def swap(self) -> None:
        if self.candidate is not None:
            self.load(self.candidate.other.id, self.candidate.keep.id)

    # -- merging -------------------------------------------------------------------------------
    @returns_when_busy
    def merge(self) -> None:
        if self.candidate is None:
            return
        keep, other = self.candidate.keep, self.candidate.other
        draft = self.merged_draft()
        try:
            result = self.service.merge(keep.id, other.id, draft)
        except MergeError as exc:
            self.error_label.setText(str(exc))
            return
        if self.undo_stack is not None:
            self.undo_stack.push(MergeCommand(self.service, result, draft, undo_notifier(self.undo_stack)))
        message = f"Merged {other.name} into {keep.name}." + (
            " Press Ctrl+Z to undo." if self.undo_stack is not None else ""
        )
        self.merged.emit(result.survivor_id, result.removed_id)
        self.contacts_changed.emit()
        self.status_message.emit(message)
        self.accept()
