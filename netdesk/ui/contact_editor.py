"""The contact form: every field of a contact, validated as the person types, saved in one step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.followups import UNSET, Unset
from netdesk.domain.models import (
    Circle,
    Contact,
    ContactDraft,
    Email,
    EmailKind,
    HowMet,
    Phone,
    PhoneKind,
    Url,
    UrlKind,
)
from netdesk.domain.typed_dates import format_typed
from netdesk.services.contacts import ContactChangedError, ContactInputError, ContactService, NotFoundError
from netdesk.services.events import EventService
from netdesk.services.followups import FollowUpService
from netdesk.services.validation import DraftInvalidError, check_email_text, check_phone_text, clean_draft
from netdesk.ui import conflict_dialog
from netdesk.ui.busy import DatabaseBusyError
from netdesk.ui.contact_picker import ContactPicker
from netdesk.ui.date_field import DateField
from netdesk.ui.multi_value_editor import MultiValueEditor
from netdesk.ui.plain import plain_label, tooltip

CADENCE_CHOICES = [
    (30, "Every month"),
    (60, "Every 2 months"),
    (90, "Every 3 months"),
    (180, "Every 6 months"),
    (365, "Every year"),
]
_CIRCLE_DEFAULT, _NEVER = "circle", "never"
EMAIL_KINDS = [(k.value, k.value.capitalize()) for k in EmailKind]
PHONE_KINDS = [(k.value, k.value.capitalize()) for k in PhoneKind]
URL_KINDS = [
    (UrlKind.LINKEDIN.value, "LinkedIn"),
    (UrlKind.WEBSITE.value, "Website"),
    (UrlKind.CARD.value, "Card"),
    (UrlKind.OTHER.value, "Other"),
]


def _future_warning(when: datetime) -> str:
    if when > datetime.now().astimezone() + timedelta(hours=1):
        return "That is in the future; a meeting that has not happened yet belongs in Follow-ups."
    return ""


class ContactEditor(QWidget):
    """Edits one contact, or a new one. Emits ``contact_saved(id, created)`` after a save, and
    ``contact_reloaded(id)`` when the person took the version saved elsewhere over their edits."""

    contact_saved = Signal(int, bool)
    contact_reloaded = Signal(int)
    delete_requested = Signal(int)

    def __init__(
        self,
        contacts: ContactService,
        events: EventService,
        region: str = "US",
        parent: QWidget | None = None,
        followups: FollowUpService | None = None,
        card_images: Callable[[int], list[Path]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.card_images = card_images
        self.contacts = contacts
        self.events = events
        self.followups = followups
        self.region = region
        self._contact: Contact | None = None
        self._people_stamp: tuple[object, ...] | None = None
        self._loaded_cadence: str | None = None  # what the menu showed on load: only a change is saved
        self.conflict_dialog: conflict_dialog.ConflictDialog | None = None
        self._dirty = False
        self._loading = False
        self._build()

    # -- layout --------------------------------------------------------------------------------
    def _line(self, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(self._mark_dirty)
        return edit

    def _section(self, form: QFormLayout, title: str) -> None:
        label = QLabel(title, self)
        label.setObjectName("sectionTitle")
        form.addRow(label)

    def _build(self) -> None:
        self.heading = plain_label("New contact", self)
        self.heading.setObjectName("editorHeading")
        self.subheading = plain_label("", self)
        self.subheading.setObjectName("muted")
        self.heading.setWordWrap(True)
        self.subheading.setWordWrap(True)

        self.display_name = self._line("Full name as you would say it")
        self.given_name = self._line("First")
        self.family_name = self._line("Last")
        self.title = self._line("e.g. University Recruiter")
        self.organization = self._line("Company, school or organisation")
        self.department = self._line()
        self.field = self._line("e.g. Marine biology, Software")
        self.name_error = plain_label("", self)
        self.name_error.setObjectName("fieldError")
        self.name_error.hide()

        self.emails = MultiValueEditor(
            EMAIL_KINDS, "+ Add e-mail", "name@example.com", check_email_text, self
        )
        self.phones = MultiValueEditor(
            PHONE_KINDS, "+ Add phone", "+1 508 555 0142", lambda t: check_phone_text(t, self.region), self
        )
        self.urls = MultiValueEditor(URL_KINDS, "+ Add link", "https://www.linkedin.com/in/…", None, self)
        for multi in (self.emails, self.phones, self.urls):
            multi.changed.connect(self._mark_dirty)

        self.address = QPlainTextEdit(self)
        self.address.setPlaceholderText("Street, city")
        self.address.setFixedHeight(52)
        self.address.textChanged.connect(self._mark_dirty)
        self.tags = self._line("Comma-separated, e.g. pharma, recruiter")

        self.circle = QComboBox(self)
        self.circle.addItem("—", None)
        for circle in Circle:
            self.circle.addItem(circle.label, circle.value)
        self.how_met = QComboBox(self)
        self.how_met.addItem("—", None)
        for how in HowMet:
            self.how_met.addItem(how.label, how.value)
        self.event_choice = QComboBox(self)
        # A completer over the network ("ramirez" finds Elena Ramírez), not a combo of every contact.
        self.introduced_by = ContactPicker(self, placeholder="Type a name…")
        self.introduced_by.selection_changed.connect(self._mark_dirty)
        self.introduced_by.textEdited.connect(self._mark_dirty)
        for combo in (self.circle, self.how_met, self.event_choice):
            combo.currentIndexChanged.connect(self._mark_dirty)
            # Long names must not widen the form beyond the pane; the popup still shows them whole.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)

        self.cadence = QComboBox(self)
        self.cadence.addItem("As usual for their circle", _CIRCLE_DEFAULT)
        self.cadence.addItem("Never remind me", _NEVER)
        for days, label in CADENCE_CHOICES:
            self.cadence.addItem(label, str(days))
        self.cadence.setToolTip("How often the follow-up queue reminds you to get in touch")
        self.cadence.currentIndexChanged.connect(self._mark_dirty)
        self.cadence.setEnabled(self.followups is not None)

        # The shared date field: what is typed is what is saved; blank = not known.
        self.met_at = DateField(self, what="The meeting")
        self.met_at.add_check(_future_warning)
        self.met_at.edited.connect(self._mark_dirty)

        self.notes = QPlainTextEdit(self)
        self.notes.setPlaceholderText("What did you talk about? What do they care about?")
        self.notes.setMinimumHeight(90)
        self.notes.textChanged.connect(self._mark_dirty)
        self.source = QPlainTextEdit(self)
        self.source.setReadOnly(True)
        self.source.setFixedHeight(70)
        self.source_label = QLabel("Imported from", self)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        self._section(form, "Person")
        form.addRow("Name", self.display_name)
        names = QHBoxLayout()
        names.addWidget(self.given_name)
        names.addWidget(self.family_name)
        form.addRow("First / last", names)
        form.addRow("", self.name_error)
        form.addRow("Title", self.title)
        form.addRow("Organisation", self.organization)
        form.addRow("Department", self.department)
        form.addRow("Field", self.field)
        self._section(form, "Reach them")
        form.addRow("E-mail", self.emails)
        form.addRow("Phone", self.phones)
        form.addRow("Links", self.urls)
        form.addRow("Address", self.address)
        self._section(form, "How you know them")
        form.addRow("Circle", self.circle)
        form.addRow("How met", self.how_met)
        form.addRow("Event", self.event_choice)
        form.addRow("Met on", self.met_at)
        form.addRow("Introduced by", self.introduced_by)
        form.addRow("Keep in touch", self.cadence)
        form.addRow("Tags", self.tags)
        form.addRow("Notes", self.notes)
        form.addRow(self.source_label, self.source)

        body = QWidget(self)
        body.setObjectName("editorBody")
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(16, 12, 16, 12)
        body_layout.addWidget(self.heading)
        body_layout.addWidget(self.subheading)
        self.card_image = QLabel(self)
        self.card_image.setObjectName("cardImage")
        self.card_image.hide()
        body_layout.addWidget(self.card_image)
        body_layout.addSpacing(6)
        body_layout.addLayout(form)
        body_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        self.status = plain_label("", self)
        self.status.setObjectName("muted")
        self.delete_button = QPushButton("Delete…", self)
        self.delete_button.setObjectName("dangerButton")
        self.revert_button = QPushButton("Revert", self)
        self.save_button = QPushButton("Save", self)
        self.save_button.setDefault(True)
        self.save_button.setObjectName("primaryButton")
        self.save_button.setToolTip("Save (Ctrl+S)")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(16, 8, 16, 12)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(scroll, 1)
        outer.addLayout(buttons)

        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.delete_button.clicked.connect(self._request_delete)
        save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_shortcut.activated.connect(self.save)

    # -- loading -------------------------------------------------------------------------------
    def reload_choices(self) -> None:
        current_event = self.event_choice.currentData()
        self.event_choice.blockSignals(True)
        self.event_choice.clear()
        self.event_choice.addItem("—", None)
        for ev in self.events.list():
            self.event_choice.addItem(ev.name, ev.id)
        self.event_choice.setCurrentIndex(max(self.event_choice.findData(current_event), 0))
        self.event_choice.blockSignals(False)
        # Rebuilding the people list costs time in a network of thousands: only when it changed.
        stamp = self.contacts.change_stamp()
        if stamp == self._people_stamp:
            return
        self._people_stamp = stamp
        self.introduced_by.blockSignals(True)
        self.introduced_by.set_choices(self.contacts.choices())  # the picked person stays picked
        self.introduced_by.blockSignals(False)

    def contact_id(self) -> int | None:
        return self._contact.id if self._contact else None

    def is_dirty(self) -> bool:
        return self._dirty

    def _show_card_image(self) -> None:
        """The photo of the business card this person gave, when event mode kept one."""
        images = self.card_images(self._contact.id) if self.card_images and self._contact else []
        pixmap = QPixmap(str(images[-1])) if images else QPixmap()
        if pixmap.isNull():
            self.card_image.clear()
            self.card_image.hide()
            return
        self.card_image.setPixmap(
            pixmap.scaled(
                260, 160, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )
        self.card_image.setToolTip(tooltip(f"Their card, kept in {images[-1]}"))
        self.card_image.show()

    def new_contact(self, prefill: ContactDraft | None = None) -> None:
        self._contact = None
        self._load(prefill or ContactDraft())
        self.heading.setText("New contact")
        self.subheading.setText("Fill in what you know; only a name is needed.")
        self.delete_button.hide()
        self.display_name.setFocus()

    def set_contact(self, contact: Contact) -> None:
        self._contact = contact
        self._load(contact.draft)
        self.heading.setText(contact.name)
        role = ", ".join(p for p in (contact.draft.title, contact.draft.organization) if p)
        self.subheading.setText(role)
        self.delete_button.show()

    def _load(self, d: ContactDraft) -> None:
        self._loading = True
        try:
            self.reload_choices()
            self.display_name.setText(d.display_name)
            self.given_name.setText(d.given_name)
            self.family_name.setText(d.family_name)
            self.title.setText(d.title)
            self.organization.setText(d.organization)
            self.department.setText(d.department)
            self.field.setText(d.field)
            self.emails.set_values([(e.address, e.kind.value) for e in d.emails])
            self.phones.set_values([(p.raw, p.kind.value) for p in d.phones])
            self.urls.set_values([(u.url, u.kind.value) for u in d.urls])
            self.address.setPlainText(d.address)
            self.tags.setText(", ".join(d.tags))
            self.circle.setCurrentIndex(max(self.circle.findData(d.circle.value if d.circle else None), 0))
            self.how_met.setCurrentIndex(
                max(self.how_met.findData(d.how_met.value if d.how_met else None), 0)
            )
            self.event_choice.setCurrentIndex(max(self.event_choice.findData(d.event_id), 0))
            self.introduced_by.set_contact_id(d.introduced_by_id)
            self.met_at.set_value(d.met_at)
            self.notes.setPlainText(d.notes)
            self._load_cadence()
            self._show_card_image()
            self.source.setPlainText(d.raw_source)
            self.source.setVisible(bool(d.raw_source))
            self.source_label.setVisible(bool(d.raw_source))
            self._show_problems([])
            self.status.setText("")
        finally:
            self._loading = False
        self._dirty = False

    def _load_cadence(self) -> None:
        value: int | Unset | None = UNSET
        if self.followups is not None and self._contact is not None:
            value = self.followups.cadence(self._contact.id)
        key = _CIRCLE_DEFAULT if isinstance(value, Unset) else (_NEVER if value is None else str(value))
        index = self.cadence.findData(key)
        if index < 0:  # a cadence set elsewhere that the menu does not list
            self.cadence.addItem(f"Every {key} days", key)
            index = self.cadence.count() - 1
        self.cadence.setCurrentIndex(index)
        self._loaded_cadence = key

    def _save_cadence(self, contact_id: int) -> None:
        if self.followups is None:
            return
        key = str(self.cadence.currentData())
        if key == self._loaded_cadence:  # untouched: keep whatever was set elsewhere meanwhile
            return
        wanted: int | Unset | None = (
            UNSET if key == _CIRCLE_DEFAULT else (None if key == _NEVER else int(key))
        )
        if self.followups.cadence(contact_id) != wanted:
            self.followups.set_cadence(contact_id, wanted)

    def _mark_dirty(self, *_args: object) -> None:
        if not self._loading:
            self._dirty = True
            self.status.setText("Unsaved changes")

    # -- saving --------------------------------------------------------------------------------
    def draft(self) -> ContactDraft:
        """What the form says now, before validation."""
        intro_id = self.introduced_by.contact_id()
        # Fields the form does not show (name parts, nickname, dates, UID) are carried from the
        # loaded contact, so saving the form never blanks what an import brought in.
        loaded = self._contact.draft if self._contact else ContactDraft()
        return replace(
            loaded,
            display_name=self.display_name.text(),
            given_name=self.given_name.text(),
            family_name=self.family_name.text(),
            title=self.title.text(),
            organization=self.organization.text(),
            department=self.department.text(),
            field=self.field.text(),
            emails=tuple(Email(t, EmailKind(k)) for t, k in self.emails.values()),
            phones=tuple(Phone(t, None, PhoneKind(k)) for t, k in self.phones.values()),
            urls=tuple(Url(t, UrlKind(k)) for t, k in self.urls.values()),
            address=self.address.toPlainText(),
            notes=self.notes.toPlainText(),
            tags=tuple(t.strip() for t in self.tags.text().split(",") if t.strip()),
            circle=Circle(self.circle.currentData()) if self.circle.currentData() else None,
            how_met=HowMet(self.how_met.currentData()) if self.how_met.currentData() else None,
            met_at=self._met_at(loaded),
            event_id=self.event_choice.currentData(),
            introduced_by_id=intro_id,
            raw_source=self._contact.draft.raw_source if self._contact else "",
        )

    def _met_at(self, loaded: ContactDraft) -> datetime | None:
        """The typed moment; the stored one to the second (and its offset) while its text is unedited."""
        if loaded.met_at is not None and self.met_at.text() == format_typed(loaded.met_at, with_time=True):
            return loaded.met_at
        return self.met_at.value()

    def _show_problems(self, problems: list[tuple[str, int, str]]) -> None:
        by_field: dict[str, dict[int, str]] = {"email": {}, "phone": {}, "url": {}}
        name_message = ""
        for field, index, message in problems:
            if field in by_field:
                by_field[field][index] = message
            else:
                name_message = message
        self.emails.set_messages(by_field["email"])
        self.phones.set_messages(by_field["phone"])
        self.urls.set_messages(by_field["url"])
        self.name_error.setText(name_message)
        self.name_error.setVisible(bool(name_message))

    def save(self) -> bool:
        if not self.met_at.validate():  # not a date: say so under the field, save nothing
            self.status.setText("Fix the marked fields to save.")
            self.met_at.setFocus()
            return False
        if self.introduced_by.text().strip() and self.introduced_by.contact_id() is None:
            # what was typed names nobody (or several): never save it as "introduced by no one"
            self.status.setText("Introduced by: choose a person from the list, or clear the field.")
            self.introduced_by.setFocus()
            self.introduced_by.show_matches(self.introduced_by.text())
            return False
        try:
            draft = clean_draft(self.draft(), self.region)
        except DraftInvalidError as exc:
            self._show_problems([(p.field, p.index, p.message) for p in exc.problems])
            self.status.setText("Fix the marked fields to save.")
            target = self.emails.first_invalid() or self.phones.first_invalid() or self.urls.first_invalid()
            (target or self.display_name).setFocus()
            return False
        self._show_problems([])
        return self._store(draft, self._contact.version if self._contact else None)

    def _store(self, draft: ContactDraft, expected_version: int | None) -> bool:
        """Create, or update over ``expected_version``; a version saved elsewhere meanwhile
        opens the conflict dialog instead (non-blocking), and nothing is saved until it answers."""
        try:
            if self._contact is None:
                saved = self.contacts.create(draft)
                created = True
            else:
                saved = self.contacts.update(self._contact.id, draft, expected_version=expected_version)
                created = False
        except ContactChangedError as exc:
            return self._ask_about_conflict(draft, exc.current)
        except (ContactInputError, NotFoundError, DatabaseBusyError) as exc:
            self.status.setText(str(exc))
            return False
        self._save_cadence(saved.id)
        self.set_contact(saved)
        self.status.setText("Saved")
        self.contact_saved.emit(saved.id, created)
        return True

    def _ask_about_conflict(self, draft: ContactDraft, current: Contact) -> bool:
        """Saved elsewhere meanwhile: ask, unless nothing the form shows changed (the same values
        saved again), which has nothing to lose and saves at once. True when saved."""
        if self._contact is None:
            return False
        names = {
            "event_id": self.event_choice.currentText(),
            "introduced_by_id": self.introduced_by.text(),
        }
        changes = conflict_dialog.changes_meanwhile(self._contact, current, draft, names)
        if not changes:
            return self._store(draft, current.version)
        self.status.setText("Not saved: changed elsewhere.")
        if self.conflict_dialog is not None:
            self.conflict_dialog.deleteLater()  # answered already; one dialog at a time
        self.conflict_dialog = conflict_dialog.ask(
            self,
            changes,
            keep_mine=lambda: self._store(draft, current.version),
            take_theirs=self._take_theirs,
            keep_editing=lambda: self.status.setText("Not saved: Save again to choose."),
        )
        return False

    def asking_about_conflict(self) -> bool:
        """True while the conflict dialog waits for an answer (closing must wait for it too)."""
        return self.conflict_dialog is not None and self.conflict_dialog.isVisible()

    def _take_theirs(self) -> None:
        self.revert()
        if self._contact is not None and not self._dirty:
            self.status.setText("Showing the version saved elsewhere.")
            self.contact_reloaded.emit(self._contact.id)

    def revert(self) -> None:
        if self._contact is None:
            self.new_contact()
        else:
            try:
                self.set_contact(self.contacts.get(self._contact.id))
            except NotFoundError as exc:
                self.status.setText(str(exc))

    def _request_delete(self) -> None:
        if self._contact is not None:
            self.delete_requested.emit(self._contact.id)
