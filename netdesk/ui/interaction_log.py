"""A contact's interaction log, newest first, with a quick form to log a note, call, e-mail…"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.models import Interaction, InteractionDraft, InteractionKind
from netdesk.services.contacts import ContactService, NotFoundError
from netdesk.ui.busy import returns_when_busy
from netdesk.ui.date_field import DateField
from netdesk.ui.formatting import date_time
from netdesk.ui.plain import plain_label


class InteractionLog(QWidget):
    """Shows and adds interactions for the contact set with ``set_contact``."""

    interaction_logged = Signal(int)

    def __init__(self, contacts: ContactService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contacts = contacts
        self._contact_id: int | None = None

        self.kind = QComboBox(self)
        for kind in InteractionKind:
            self.kind.addItem(kind.label, kind.value)
        self.kind.setCurrentIndex(self.kind.findData(InteractionKind.NOTE.value))
        self.when = DateField(self, optional=False, what="The date")  # what is typed is what is logged
        self.summary = QPlainTextEdit(self)
        self.summary.setPlaceholderText("What happened? e.g. “Sent thank-you, mentioned the internship”")
        self.summary.setFixedHeight(64)
        self.add_button = QPushButton("Log it", self)
        self.add_button.setObjectName("primaryButton")
        self.add_button.setToolTip("Add to the log (Ctrl+Enter)")
        self.message = plain_label("", self)
        self.message.setObjectName("muted")

        self.list = QListWidget(self)
        self.list.setObjectName("interactionList")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.empty = QLabel(
            "Nothing logged yet. Every note, call or e-mail you log keeps the "
            "connection warm and resets the keep-in-touch reminder.",
            self,
        )
        self.empty.setWordWrap(True)
        self.empty.setObjectName("emptyHint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        top = QHBoxLayout()
        top.addWidget(self.kind, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.when, 1, Qt.AlignmentFlag.AlignTop)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(bottom)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        self.add_button.clicked.connect(self.add)

    def set_contact(self, contact_id: int | None) -> None:
        self._contact_id = contact_id
        self.setEnabled(contact_id is not None)
        self.summary.clear()
        self.message.setText("" if contact_id else "Save the contact first to log interactions.")
        self.when.set_value(datetime.now().astimezone().replace(second=0, microsecond=0))
        self.refresh()

    @returns_when_busy
    def refresh(self) -> None:
        self.list.clear()
        items: list[Interaction] = self.contacts.interactions(self._contact_id) if self._contact_id else []
        for item in items:
            text = f"{item.draft.kind.label} · {date_time(item.draft.occurred_at)}"
            if item.draft.summary:
                text += f"\n{item.draft.summary}"
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            self.list.addItem(entry)
        self.empty.setVisible(not items)
        self.list.setVisible(bool(items))

    @returns_when_busy
    def add(self) -> None:
        if self._contact_id is None:
            return
        moment = self.when.value()
        if not self.when.validate() or moment is None:  # the sentence is under the field
            self.when.setFocus()
            return
        draft = InteractionDraft(
            contact_id=self._contact_id,
            kind=InteractionKind(self.kind.currentData()),
            occurred_at=moment,
            summary=self.summary.toPlainText(),
        )
        try:
            logged = self.contacts.log_interaction(draft)
        except NotFoundError as exc:
            self.message.setText(str(exc))
            return
        self.summary.clear()
        self.message.setText("Logged.")
        self.when.set_value(datetime.now().astimezone().replace(second=0, microsecond=0))
        self.refresh()
        self.interaction_logged.emit(logged.id)
