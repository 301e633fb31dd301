"""Leads: internships and jobs heard of through people, with status and the dates that become
follow-ups. A list on the left, the lead's form on the right; saving or moving the status
updates the lead's reminders in the Follow-ups queue. The list is read in a pool thread
(``lead_list.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.leads import LeadDraft, LeadError, LeadKind, LeadStatus
from netdesk.domain.models import Event
from netdesk.services.contacts import ContactService, NotFoundError
from netdesk.services.database import Database
from netdesk.services.events import EventService
from netdesk.services.leads import LeadService
from netdesk.ui.busy import guarded, returns_when_busy
from netdesk.ui.contact_picker import ContactPicker
from netdesk.ui.date_field import DateField
from netdesk.ui.formatting import short_date
from netdesk.ui.lead_list import ID_ROLE, LeadList
from netdesk.ui.person_search import PersonSearch
from netdesk.ui.plain import plain_label


class LeadsPanel(QWidget, LeadList):
    status_message = Signal(str)
    leads_changed = Signal()
    contact_activated = Signal(int)
    list_loaded = Signal()  # a read of the list has landed and is shown (lead_list.py)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The list is read with these in a pool thread; while another program holds the
        # database, actions (the guarded ones) wait visibly instead of failing.
        self._lead_reader, self._event_reader = LeadService(db), EventService(db)
        self.leads = guarded(self._lead_reader, self)
        self.contacts = guarded(ContactService(db), self)
        self.events = guarded(self._event_reader, self)
        self.current_id: int | None = None
        self._build()
        self._blank()  # the form of a new lead until the list lands
        self.refresh()

    def _build(self) -> None:
        title = QLabel("Leads", self)
        title.setObjectName("pageTitle")
        hint = QLabel("Internships and jobs you heard of through people. Dates become follow-ups.", self)
        hint.setObjectName("muted")
        new = QPushButton("New lead", self)
        new.setObjectName("primaryButton")
        new.clicked.connect(self.new_lead)
        self.show_closed = QCheckBox("Show closed", self)
        self.show_closed.toggled.connect(self.refresh)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.show_closed)
        head.addWidget(new)

        list_stack = self._build_list()

        form_box = QWidget(self)
        form = QFormLayout(form_box)
        self.organization = QLineEdit(form_box)
        self.role = QLineEdit(form_box)
        self.role.setPlaceholderText("e.g. Summer research internship")
        self.kind = QComboBox(form_box)
        for kind in LeadKind:
            self.kind.addItem(kind.label, kind)
        self.status = QComboBox(form_box)
        for status in LeadStatus:
            self.status.addItem(status.label, status)
        self.source_event = QComboBox(form_box)
        self.source_event.addItem("—", None)  # the events follow with the list
        self.url = QLineEdit(form_box)
        self.url.setPlaceholderText("https://… (the posting)")
        self.people = QListWidget(form_box)
        self.people.setMaximumHeight(90)
        self.people.itemActivated.connect(self._person_activated)
        self.add_person = ContactPicker(
            form_box, placeholder="Link a contact: type a name…", clear_after_pick=True
        )
        self.add_person.contact_picked.connect(self._link_person)
        self.add_person_search = PersonSearch(self.add_person, self.contacts)  # matches of what is typed
        unlink = QPushButton("Remove", form_box)
        unlink.setObjectName("linkButton")
        unlink.clicked.connect(self._unlink_person)
        people_row = QHBoxLayout()
        people_row.addWidget(self.add_person, 1)
        people_row.addWidget(unlink)
        self.deadline = DateField(form_box, what="The deadline")
        self.interview_at = DateField(form_box, what="The interview")
        self.follow_up_at = DateField(form_box, what="The follow-up date")
        self.deadline.warn_when_past()
        self.interview_at.warn_when_past()
        self.notes = QPlainTextEdit(form_box)
        self.notes.setMaximumHeight(80)
        self.error = plain_label("", form_box)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.reminders = plain_label("", form_box)  # reminder titles name the lead
        self.reminders.setObjectName("muted")
        self.reminders.setWordWrap(True)
        form.addRow("Organisation", self.organization)
        form.addRow("Role", self.role)
        form.addRow("Kind", self.kind)
        form.addRow("Status", self.status)
        form.addRow("Source event", self.source_event)
        form.addRow("Posting", self.url)
        form.addRow("Came through", self.people)
        form.addRow("", people_row)
        form.addRow("Deadline", self.deadline)
        form.addRow("Interview", self.interview_at)
        form.addRow("Follow up on", self.follow_up_at)
        form.addRow("Notes", self.notes)
        form.addRow("", self.error)
        form.addRow("Reminders", self.reminders)
        save = QPushButton("Save", form_box)
        save.setObjectName("primaryButton")
        save.clicked.connect(self.save)
        self.delete_button = QPushButton("Delete", form_box)
        self.delete_button.setObjectName("dangerButton")
        self.delete_button.clicked.connect(self.delete)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(save)
        form.addRow(buttons)

        self.splitter = QSplitter(self)
        self.splitter.addWidget(list_stack)
        self.splitter.addWidget(form_box)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([560, 480])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.addLayout(head)
        layout.addWidget(hint)
        layout.addWidget(self.splitter, 1)

    # -- data ----------------------------------------------------------------------------------
    @returns_when_busy
    def reload_choices(self) -> None:
        """Now, on the GUI thread (after an import or a restore); a refresh brings them too."""
        self._set_choices(self.events.list())

    def _set_choices(self, events: Sequence[Event]) -> None:
        chosen = self.source_event.currentData()  # kept: a reload must not change the open form
        self.source_event.clear()
        self.source_event.addItem("—", None)
        for event in events:
            self.source_event.addItem(event.name, event.id)
        self.source_event.setCurrentIndex(max(0, self.source_event.findData(chosen)))

    @returns_when_busy
    def show_lead(self, lead_id: int) -> None:
        try:
            lead = self.leads.get(lead_id)
        except NotFoundError as exc:
            self.status_message.emit(str(exc))
            return
        self.current_id = lead.id
        self._fill(lead.draft, lead.contact_names, lead.source_event_name)
        items = self.leads.reminders(lead.id)
        lines = [
            f"{f.headline} — due {short_date(f.effective_due())}"
            + ("" if f.is_open else f" ({f.status.value})")
            for f in items
            if f.is_open
        ]
        self.reminders.setText("\n".join(lines) or "None open.")
        self.delete_button.setEnabled(True)

    def new_lead(self) -> None:
        self._blank()
        self.organization.setFocus()

    def _blank(self) -> None:
        self.current_id = None
        self.list.clearSelection()
        self._fill(LeadDraft(), ())
        self.reminders.setText("Dates you enter become follow-ups for the first contact linked.")
        self.delete_button.setEnabled(False)

    def _fill(self, draft: LeadDraft, names: tuple[str, ...], event_name: str | None = None) -> None:
        self.error.clear()
        chosen = draft.source_event_id
        if chosen is not None and event_name and self.source_event.findData(chosen) < 0:
            self.source_event.addItem(event_name, chosen)  # shown before the choices were read
        self.organization.setText(draft.organization)
        self.role.setText(draft.role)
        self.kind.setCurrentIndex(self.kind.findData(draft.kind))
        self.status.setCurrentIndex(self.status.findData(draft.status))
        self.source_event.setCurrentIndex(max(0, self.source_event.findData(draft.source_event_id)))
        self.url.setText(draft.url)
        self.people.clear()
        for cid, name in zip(draft.contact_ids, names, strict=False):
            item = QListWidgetItem(name)
            item.setData(ID_ROLE, cid)
            self.people.addItem(item)
        self.deadline.set_value(draft.deadline_at)
        self.interview_at.set_value(draft.interview_at)
        self.follow_up_at.set_value(draft.follow_up_at)
        self.notes.setPlainText(draft.notes)
        self._applied_at = draft.applied_at
        self._clean = self._state()

    # -- unsaved work (asked about when leaving the page or closing the window) ----------------
    def _state(self) -> tuple[object, ...]:
        texts = (self.organization, self.role, self.url)
        dates = (self.deadline, self.interview_at, self.follow_up_at)
        return (
            *(w.text() for w in texts),
            *(d.text().strip() for d in dates),
            self.kind.currentIndex(),
            self.status.currentIndex(),
            self.source_event.currentData(),  # the same event when the choices are read again
            self.notes.toPlainText(),
            self._people_ids(),
        )

    def has_unsaved_changes(self) -> bool:
        return self._state() != getattr(self, "_clean", None)

    def save_unsaved(self) -> bool:
        return bool(self.save())

    def discard_unsaved(self) -> None:
        if self.current_id is not None:
            self.show_lead(self.current_id)
        else:
            self.new_lead()

    def _link_person(self, cid: int) -> None:
        label = self.add_person.choices.label_of(cid)
        if label is not None and cid not in self._people_ids():
            item = QListWidgetItem(label.split(" — ")[0])
            item.setData(ID_ROLE, cid)
            self.people.addItem(item)

    def _unlink_person(self) -> None:
        row = self.people.currentRow()
        if row >= 0:
            self.people.takeItem(row)

    def _person_activated(self, item: QListWidgetItem) -> None:
        self.contact_activated.emit(int(item.data(ID_ROLE)))

    def _people_ids(self) -> tuple[int, ...]:
        return tuple(int(self.people.item(i).data(ID_ROLE)) for i in range(self.people.count()))

    def current_draft(self) -> LeadDraft:
        return LeadDraft(
            organization=self.organization.text(),
            role=self.role.text(),
            kind=LeadKind(self.kind.currentData()),
            status=LeadStatus(self.status.currentData()),
            source_event_id=self.source_event.currentData(),
            url=self.url.text(),
            notes=self.notes.toPlainText(),
            deadline_at=self.deadline.value(),
            applied_at=getattr(self, "_applied_at", None),
            interview_at=self.interview_at.value(),
            follow_up_at=self.follow_up_at.value(),
            contact_ids=self._people_ids(),
        )

    @returns_when_busy
    def save(self) -> bool:
        dates = (self.deadline, self.interview_at, self.follow_up_at)
        if not all([d.validate() for d in dates]):  # every field shows its sentence
            self.error.setText("A date is not one netdesk can read; see the note under it.")
            return False
        warnings = " ".join(w for w in (d.warning() for d in dates) if w)
        draft = self.current_draft()
        try:
            if self.current_id is None:
                lead = self.leads.create(draft)
            else:
                lead = self.leads.update(self.current_id, replace(draft))
        except (LeadError, NotFoundError) as exc:
            self.error.setText(str(exc))
            return False
        self.current_id = lead.id
        self.show_lead(lead.id)  # as saved, with its reminders; the list follows from a pool thread
        note = "" if lead.draft.contact_ids else " Link a contact to get reminders."
        self.status_message.emit(f"Saved the lead “{lead.what}”.{note} {warnings}".rstrip())
        self.refresh()
        self.leads_changed.emit()
        return True

    @returns_when_busy
    def delete(self) -> None:
        if self.current_id is None:
            return
        try:
            self.leads.delete(self.current_id)
        except NotFoundError as exc:
            self.status_message.emit(str(exc))
        self._blank()  # the first one left is shown when the list lands
        self.status_message.emit("Lead deleted; its open reminders were skipped.")
        self.refresh()
        self.leads_changed.emit()
