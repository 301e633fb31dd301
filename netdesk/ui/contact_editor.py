"""The contact form: every field of a contact, validated as the person types, saved in one step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
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
from netdesk.services.validation import DraftInvalidError, clean_draft
from netdesk.ui import conflict_dialog
from netdesk.ui.busy import DatabaseBusyError
from netdesk.ui.contact_form import CIRCLE_DEFAULT, NEVER_REMIND, ContactForm
from netdesk.ui.person_search import PersonSearch
from netdesk.ui.plain import tooltip


class ContactEditor(ContactForm):
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
        self._loaded_cadence: str | None = None  # what the menu showed on load: only a change is saved
        self.conflict_dialog: conflict_dialog.ConflictDialog | None = None
        self._dirty = False
        self._loading = False
        self._choices_read = False  # the event list, read on the first load
        self._build()
        # "Introduced by" offers the best matches of what is typed, asked of the search index:
        # never a list of every contact (seconds at 100,000 people, on every change)
        self.person_search = PersonSearch(self.introduced_by, contacts)

    # -- loading -------------------------------------------------------------------------------
    def reload_choices(self) -> None:
        self._choices_read = True
        current_event = self.event_choice.currentData()
        self.event_choice.blockSignals(True)
        self.event_choice.clear()
        self.event_choice.addItem("—", None)
        for ev in self.events.list():
            self.event_choice.addItem(ev.name, ev.id)
        self.event_choice.setCurrentIndex(max(self.event_choice.findData(current_event), 0))
        self.event_choice.blockSignals(False)

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
            # The event list is read once, and again when events change (change_routes); not on
            # every contact opened (a read of every event, ~25 ms) unless theirs is not in it.
            if not self._choices_read or (
                d.event_id is not None and self.event_choice.findData(d.event_id) < 0
            ):
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
            self.person_search.show_person(d.introduced_by_id)  # the picker holds only matches
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
        key = CIRCLE_DEFAULT if isinstance(value, Unset) else (NEVER_REMIND if value is None else str(value))
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
            UNSET if key == CIRCLE_DEFAULT else (None if key == NEVER_REMIND else int(key))
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
            self.person_search.search_now()  # the people whose names match what was typed
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
