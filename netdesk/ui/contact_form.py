"""The contact form's fields and layout: person, how to reach them, how you know them.

``ContactForm`` builds the widgets (each change calls ``_mark_dirty``; Save, Revert and Delete
call ``save``, ``revert`` and ``_request_delete``); ``ContactEditor`` (ui/contact_editor.py)
loads, validates and saves them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
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

from netdesk.domain.models import Circle, EmailKind, HowMet, PhoneKind, UrlKind
from netdesk.services.validation import check_email_text, check_phone_text
from netdesk.ui.contact_picker import ContactPicker
from netdesk.ui.date_field import DateField
from netdesk.ui.multi_value_editor import MultiValueEditor
from netdesk.ui.plain import plain_label

if TYPE_CHECKING:
    from netdesk.services.followups import FollowUpService

CADENCE_CHOICES = [
    (30, "Every month"),
    (60, "Every 2 months"),
    (90, "Every 3 months"),
    (180, "Every 6 months"),
    (365, "Every year"),
]
CIRCLE_DEFAULT, NEVER_REMIND = "circle", "never"
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


class ContactForm(QWidget):
    """The widgets of the contact form (see the module docstring)."""

    region: str
    followups: FollowUpService | None

    def _mark_dirty(self, *_args: object) -> None:
        raise NotImplementedError

    def save(self) -> bool:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def _request_delete(self) -> None:
        raise NotImplementedError

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
        self.cadence.addItem("As usual for their circle", CIRCLE_DEFAULT)
        self.cadence.addItem("Never remind me", NEVER_REMIND)
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
