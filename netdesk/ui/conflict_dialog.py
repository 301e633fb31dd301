"""What to do when the contact in the form was saved elsewhere meanwhile.

The editor saves with the version it loaded; when another window, the command line, an import
or sync saved the contact in between, ``ContactService.update`` refuses with the stored contact.
This dialog shows, field by field, what was saved meanwhile next to what the form says, and lets
the person keep their changes (save over the new version), take the stored one, or go on
editing. It is non-blocking (``open()`` + signals), like the other dialogs.

Every value is user data, so every label is plain text: a name like ``<b>Ada`` must read as
typed, never as markup.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.models import Contact, ContactDraft
from netdesk.services.duplicates import MERGE_FIELDS

_LABELS = {f.name: f.label for f in MERGE_FIELDS} | {"raw_source": "Imported from"}
#: (draft field, label) for every field that makes two drafts different, in the draft's order.
#: Read from the dataclass, so a field added later is compared too instead of being silently
#: saved over; it gets a label from its name until it has a proper one.
FIELDS: tuple[tuple[str, str], ...] = tuple(
    (f.name, _LABELS.get(f.name, f.name.replace("_", " ").capitalize()))
    for f in dataclasses.fields(ContactDraft)
    if f.compare
)
#: A value longer than this is cut in the dialog (notes can be pages); the form has it whole.
MAX_VALUE_CHARS = 600


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field saved elsewhere meanwhile: its label, the stored value and the form's value."""

    field: str
    label: str
    theirs: str
    yours: str


def _kind(value: str, kind: str) -> str:
    """The kind too (a change from work to home is a change), unless it is the default."""
    return value if kind == "other" else f"{value} ({kind})"


def value_text(draft: ContactDraft, field: str, names: Mapping[str, str]) -> str:
    """A field as one readable string; ``names`` gives the event and "introduced by" names,
    which the draft only holds as ids."""
    if field in names:
        return names[field] if getattr(draft, field) is not None else ""
    if field == "emails":
        return "\n".join(_kind(e.address, e.kind.value) for e in draft.emails)
    if field == "phones":
        return "\n".join(_kind(p.display, p.kind.value) for p in draft.phones)
    if field == "urls":
        return "\n".join(_kind(u.url, u.kind.value) for u in draft.urls)
    if field == "tags":
        return ", ".join(draft.tags)
    value = getattr(draft, field)
    if field in ("circle", "how_met"):
        return str(value.label) if value is not None else ""
    if isinstance(value, datetime):
        return value.astimezone().strftime("%d %b %Y %H:%M")
    return "" if value is None else str(value)


def changes_meanwhile(
    base: Contact, theirs: Contact, yours: ContactDraft, your_names: Mapping[str, str]
) -> list[FieldChange]:
    """The fields whose stored value changed since the form loaded ``base``.

    Only those: a field the person edited that nobody else touched is not in conflict, and
    listing it would hide the ones that are.
    """
    their_names = {
        "event_id": theirs.event_name or "",
        "introduced_by_id": theirs.introduced_by_name or "",
    }
    out: list[FieldChange] = []
    for field, label in FIELDS:
        if getattr(base.draft, field) == getattr(theirs.draft, field):
            continue
        out.append(
            FieldChange(
                field,
                label,
                value_text(theirs.draft, field, their_names),
                value_text(yours, field, your_names),
            )
        )
    return out


def _plain(text: str, parent: QWidget, name: str = "") -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


def _shown(value: str) -> str:
    if not value:
        return "(empty)"
    return value if len(value) <= MAX_VALUE_CHARS else value[: MAX_VALUE_CHARS - 1] + "…"


class ConflictDialog(QDialog):
    """``keep_mine_chosen``, ``take_theirs_chosen``, or ``rejected`` (go on editing)."""

    keep_mine_chosen = Signal()
    take_theirs_chosen = Signal()

    def __init__(self, changes: list[FieldChange], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.changes = changes
        self.setWindowTitle("Contact changed elsewhere")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        title = QLabel("This contact was changed while you were editing it", self)
        title.setObjectName("pageTitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(
            _plain(
                "Another window, the command line or an import saved it after you opened it. "
                "Keeping your changes saves the whole form as it is now, replacing what was "
                "saved meanwhile.",
                self,
                "muted",
            )
        )
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = self._grid()
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)

        self.cancel_button = QPushButton("Keep editing", self)
        self.theirs_button = QPushButton("Take theirs", self)
        self.theirs_button.setToolTip("Discard your changes and show the contact as saved")
        self.mine_button = QPushButton("Keep my changes", self)
        self.mine_button.setObjectName("primaryButton")
        self.mine_button.setToolTip("Save the form over what was saved meanwhile")
        # Enter must not overwrite someone else's change by accident.
        for button in (self.theirs_button, self.mine_button):
            button.setAutoDefault(False)
        self.cancel_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.theirs_button)
        buttons.addWidget(self.mine_button)
        layout.addLayout(buttons)
        self.cancel_button.clicked.connect(self.reject)
        self.theirs_button.clicked.connect(self._take_theirs)
        self.mine_button.clicked.connect(self._keep_mine)
        # As tall as the list needs (wrapped at this width), up to a size that fits a laptop.
        width = 640
        inner = width - 60
        listed = body.heightForWidth(inner) if body.hasHeightForWidth() else body.sizeHint().height()
        around = self.heightForWidth(width) - scroll.sizeHint().height()
        self.resize(width, max(240, min(620, around + listed + 8)))

    def _grid(self) -> QWidget:
        body = QWidget(self)
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 4, 8, 4)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(8)
        for column, text in enumerate(("Field", "Saved meanwhile", "Your form"), start=0):
            grid.addWidget(_plain(text, body, "sectionTitle"), 0, column)
        self.value_labels: list[tuple[QLabel, QLabel]] = []
        for row, change in enumerate(self.changes, start=1):
            grid.addWidget(_plain(change.label, body, "muted"), row, 0, Qt.AlignmentFlag.AlignTop)
            pair = (_plain(_shown(change.theirs), body), _plain(_shown(change.yours), body))
            for column, label in enumerate(pair, start=1):
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                grid.addWidget(label, row, column, Qt.AlignmentFlag.AlignTop)
            self.value_labels.append(pair)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(len(self.changes) + 1, 1)
        return body

    def _keep_mine(self) -> None:
        self.accept()
        self.keep_mine_chosen.emit()

    def _take_theirs(self) -> None:
        self.accept()
        self.take_theirs_chosen.emit()


def ask(
    parent: QWidget,
    changes: list[FieldChange],
    keep_mine: Callable[[], object],
    take_theirs: Callable[[], object],
    keep_editing: Callable[[], object],
) -> ConflictDialog:
    """Open the dialog (non-blocking) and wire the three answers; returns it. The caller owns
    it (it is not deleted on close, so "is it still asking?" stays answerable)."""
    dialog = ConflictDialog(changes, parent)
    dialog.keep_mine_chosen.connect(keep_mine)
    dialog.take_theirs_chosen.connect(take_theirs)
    dialog.rejected.connect(keep_editing)
    dialog.open()
    return dialog
