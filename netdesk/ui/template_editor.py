"""Edit the draft templates, the user's own details used in them, and the reminder intervals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.drafts import PLACEHOLDERS, TEMPLATES, DraftError, DraftService, Profile
from netdesk.services.followups import FollowUpError, FollowUpService
from netdesk.ui.busy import returns_when_busy
from netdesk.ui.plain import plain_label

PROFILE_LABELS = {
    "my_name": "Your &name",
    "my_school": "&School",
    "my_major": "&Major",
    "my_year": "&Year (e.g. junior)",
    "my_email": "&E-mail",
    "my_phone": "&Phone",
}


class TemplateEditorDialog(QDialog):
    settings_saved = Signal()

    def __init__(
        self, drafts: DraftService, followups: FollowUpService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.drafts = drafts
        self.followups = followups
        self.setWindowTitle("Drafts and reminders")
        self.setMinimumSize(860, 540)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._templates_tab(), "Templates")
        self.tabs.addTab(self._profile_tab(), "Your details")
        self.tabs.addTab(self._reminders_tab(), "Reminders")
        layout.addWidget(self.tabs, 1)
        self.message = plain_label("", self)  # errors may quote a template
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        self.template_list.setCurrentRow(0)

    # -- templates -----------------------------------------------------------------------------
    def _templates_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QHBoxLayout(page)
        self.template_list = QListWidget(page)
        self.template_list.addItems(list(TEMPLATES.values()))
        self.template_list.setFixedWidth(
            self.template_list.fontMetrics().horizontalAdvance(max(TEMPLATES.values(), key=len)) + 32
        )
        self.template_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.template_list)
        right = QVBoxLayout()
        form = QFormLayout()
        self.subject_edit = QLineEdit(page)
        form.addRow("&Subject", self.subject_edit)
        right.addLayout(form)
        self.body_edit = QPlainTextEdit(page)
        self.body_edit.setTabChangesFocus(True)
        right.addWidget(self.body_edit, 1)
        help_text = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        hint = QLabel(f"Placeholders: {help_text}", page)
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        right.addWidget(hint)
        buttons = QHBoxLayout()
        self.reset_button = QPushButton("&Reset to default", page)
        self.save_button = QPushButton("Save &template", page)
        self.save_button.setObjectName("primaryButton")
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        right.addLayout(buttons)
        layout.addLayout(right, 1)
        self.template_list.currentRowChanged.connect(self._load_template)
        self.save_button.clicked.connect(self.save_template)
        self.reset_button.clicked.connect(self.reset_template)
        return page

    def current_name(self) -> str:
        return list(TEMPLATES)[max(self.template_list.currentRow(), 0)]

    def _load_template(self, row: int) -> None:
        if row < 0:
            return
        template = self.drafts.templates.load(list(TEMPLATES)[row])
        self.subject_edit.setText(template.subject)
        self.subject_edit.setEnabled(template.name != "handwritten_note")
        self.body_edit.setPlainText(template.body)
        self.reset_button.setEnabled(template.customized)

    def save_template(self) -> None:
        try:
            saved = self.drafts.templates.save(
                self.current_name(), self.subject_edit.text(), self.body_edit.toPlainText()
            )
        except (DraftError, OSError) as exc:
            self._say(str(exc), error=True)
            return
        self.reset_button.setEnabled(saved.customized)
        self._say(f"Saved “{saved.label}”.")

    def reset_template(self) -> None:
        self.drafts.templates.reset(self.current_name())
        self._load_template(self.template_list.currentRow())
        self._say("Back to the template netdesk ships with.")

    # -- profile -------------------------------------------------------------------------------
    def _profile_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        intro = QLabel("Used for {my_name}, {my_school} and the other “my” placeholders in drafts.", page)
        intro.setObjectName("muted")
        layout.addWidget(intro)
        form = QFormLayout()
        profile = self.drafts.profile()
        self.profile_edits: dict[str, QLineEdit] = {}
        for name, label in PROFILE_LABELS.items():
            edit = QLineEdit(getattr(profile, name), page)
            self.profile_edits[name] = edit
            form.addRow(label, edit)
        layout.addLayout(form)
        layout.addStretch(1)
        _add_save_button(layout, "Save &details", page, self.save_profile)
        return page

    @returns_when_busy
    def save_profile(self) -> None:
        profile = Profile(**{name: edit.text() for name, edit in self.profile_edits.items()})
        try:
            self.drafts.save_profile(profile)
        except DraftError as exc:
            self._say(str(exc), error=True)
            return
        self._say("Saved your details.")
        self.settings_saved.emit()

    # -- reminder intervals --------------------------------------------------------------------
    def _reminders_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        settings = self.followups.settings()
        form = QFormLayout()
        self.thank_you_hours = QSpinBox(page)
        self.thank_you_hours.setRange(1, 24 * 14)
        self.thank_you_hours.setSuffix(" hours after meeting")
        self.thank_you_hours.setValue(int(settings.thank_you_after.total_seconds() // 3600))
        self.cadence_days = QSpinBox(page)
        self.cadence_days.setRange(0, 3650)
        self.cadence_days.setSpecialValueText("never")
        self.cadence_days.setSuffix(" days")
        self.cadence_days.setValue(settings.default_cadence_days or 0)
        self.lead_days = QSpinBox(page)
        self.lead_days.setRange(0, 60)
        self.lead_days.setSuffix(" days before a lead's deadline")
        self.lead_days.setValue(int(settings.lead_notice.total_seconds() // 86400))
        form.addRow("&Thank-you due", self.thank_you_hours)
        form.addRow("&Keep in touch every", self.cadence_days)
        form.addRow("&Remind", self.lead_days)
        layout.addLayout(form)
        note = QLabel(
            "Keep-in-touch applies to contacts without a circle; circles (family: never, "
            "professionals: 90 days, …) and single contacts can have their own cadence.",
            page,
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)
        _add_save_button(layout, "Save &reminders", page, self.save_reminders)
        return page

    @returns_when_busy
    def save_reminders(self) -> None:
        current = self.followups.settings()
        updated = replace(
            current,
            thank_you_after=timedelta(hours=self.thank_you_hours.value()),
            default_cadence_days=self.cadence_days.value() or None,
            lead_notice=timedelta(days=self.lead_days.value()),
        )
        try:
            self.followups.save_settings(updated)
        except FollowUpError as exc:
            self._say(str(exc), error=True)
            return
        self._say("Saved. Open reminders move to the new times.")
        self.settings_saved.emit()

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setObjectName("fieldError" if error else "muted")
        self.message.setStyleSheet(self.message.styleSheet())  # re-polish for the new object name
        self.message.setText(text)


def _add_save_button(layout: QVBoxLayout, text: str, page: QWidget, slot: Callable[[], None]) -> None:
    """A primary button at the bottom right of a settings page."""
    save = QPushButton(text, page)
    save.setObjectName("primaryButton")
    save.clicked.connect(slot)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(save)
    layout.addLayout(row)
