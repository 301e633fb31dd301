"""Keyboard-only quick add: type, press Enter, the next person. Also confirms scanned cards.

Enter in a line of the form saves and clears; Esc clears. "Talked about" holds several lines:
Enter starts a new line there and Ctrl+Enter saves (Ctrl+Enter saves from every field). When a
scanned card is loaded, the
fields are prefilled and the draft keeps everything else the card held (more e-mails, links,
address); when the card's person is already in the network, saving logs this meeting instead.

A scanned card's picture is shown beside the fields. A card read by OCR marks each field read
with low confidence (the ``lowConfidence`` property, amber in style.qss, with a tooltip giving
the confidence) until the person edits it; fields from a QR code are exact and never marked.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.models import ContactDraft, Email, Phone
from netdesk.services.event_capture import Candidate
from netdesk.services.validation import FieldProblem
from netdesk.ui.event_mode.card_image import IMAGE_WIDTH, CardImageView, field_label
from netdesk.ui.plain import plain_label

#: No line of the form gets narrower than this (about 30 characters), card picture or not.
MIN_FIELD_WIDTH = 230
SAVE_TEXT = "Save  (Ctrl+Enter)"
#: Lines of "Talked about" shown before it scrolls.
NOTE_LINES = 3


def _saves(event: QKeyEvent) -> bool:
    """Ctrl+Enter (either Enter key): save from anywhere in the form."""
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and bool(
        event.modifiers() & Qt.KeyboardModifier.ControlModifier
    )


class NoteEdit(QPlainTextEdit):
    """ "Talked about": plain text over several lines; Enter starts a line, Ctrl+Enter saves the form
    (the key goes on to the form), Tab moves to the next field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        margins = self.contentsMargins()
        line = self.fontMetrics().lineSpacing()
        frame = 2 * self.frameWidth() + margins.top() + margins.bottom()
        self.setFixedHeight(NOTE_LINES * line + 2 * int(self.document().documentMargin()) + frame)

    def event(self, event: QEvent) -> bool:
        # Claim Ctrl+Enter before the window's shortcuts do, so it reaches keyPressEvent.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and _saves(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _saves(event):
            event.ignore()  # the form saves
            return
        super().keyPressEvent(event)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(text)


class QuickAddForm(QWidget):
    submitted = Signal()  # Enter or the save button: the view stores what the form holds
    add_as_new_requested = Signal()  # the card matched someone, but the user says it is another person
    cleared = Signal()
    loaded = Signal()  # a scanned card was opened in the form

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.row_id: int | None = None
        self.candidate: Candidate | None = None

        heading = QLabel("Quick add", self)
        heading.setObjectName("sectionTitle")
        # How the keys work, beside the heading; the banner below speaks only about a loaded card.
        self.keys = QLabel("Enter saves and clears · Esc clears", self)
        self.keys.setObjectName("muted")
        self.keys.setToolTip(
            "Type who you just met and press Enter; the form clears for the next person. In "
            "Talked about, Enter starts a new line and Ctrl+Enter saves."
        )
        self.banner = plain_label("", self)
        self.banner.setWordWrap(True)
        self.banner.setObjectName("muted")
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("Name")
        self.organization = QLineEdit(self)
        self.organization.setPlaceholderText("Organisation")
        self.title = QLineEdit(self)
        self.title.setPlaceholderText("Title")
        self.email = QLineEdit(self)
        self.email.setPlaceholderText("name@example.com")
        self.phone = QLineEdit(self)
        self.phone.setPlaceholderText("+1 508 555 0142")
        self.conversation = NoteEdit(self)
        self.conversation.setPlaceholderText("What did we talk about? (Enter starts a new line)")
        self.conversation.setToolTip(
            "Quoted in the thank-you draft the Follow-ups page prepares. Enter starts a new line; "
            "Ctrl+Enter saves."
        )
        self.tags = QLineEdit(self)
        self.tags.setPlaceholderText("Tags, comma separated")
        self.lead = QCheckBox("&Lead: job or internship", self)
        self.lead.setToolTip("They told you about an internship or job opening")
        self.error = plain_label("", self)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.save_button = QPushButton(SAVE_TEXT, self)
        self.save_button.setObjectName("primaryButton")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.submitted)
        self.clear_button = QPushButton("Clear  (Esc)", self)
        self.clear_button.clicked.connect(self.clear)
        self.as_new_button = QPushButton("Add as a new person instead", self)
        self.as_new_button.setObjectName("linkButton")
        self.as_new_button.clicked.connect(self.add_as_new_requested)
        self.as_new_button.hide()

        self.card_image = CardImageView(self)
        #: Form field per ``ContactDraft`` attribute that OCR gives a confidence for.
        self.ocr_fields: dict[str, QLineEdit] = {
            "display_name": self.name,
            "organization": self.organization,
            "title": self.title,
            "emails": self.email,
            "phones": self.phone,
        }
        for field in self.ocr_fields.values():
            field.textEdited.connect(lambda _text, f=field: self._checked(f))
        for line in self._lines():
            line.setMinimumWidth(MIN_FIELD_WIDTH)
        self._loaded: tuple[str, ...] = ()  # the fields as a card filled them (see has_changes)

        self.fields_layout = form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(5)
        form.addRow("&Name", self.name)
        form.addRow("&Organisation", self.organization)
        form.addRow("&Title", self.title)
        form.addRow("&E-mail", self.email)
        form.addRow("&Phone", self.phone)
        form.addRow("&Talked about", self.conversation)
        form.addRow("Ta&gs", self.tags)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        buttons.addSpacing(4)
        buttons.addWidget(self.lead)  # beside the buttons: one row less for the review list
        buttons.addStretch(1)
        self.outer = layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.keys)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        self.body = body = QHBoxLayout()
        body.setSpacing(10)
        body.addLayout(form, 1)
        body.addWidget(self.card_image, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(body)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addWidget(self.as_new_button)
        self._idle_banner()

    def minimum_width_with_card(self) -> int:
        """Width the form needs for MIN_FIELD_WIDTH fields beside the card picture."""
        margins = self.outer.contentsMargins()
        labels = max(
            (w.sizeHint().width() for f in self._fields() if (w := self.fields_layout.labelForField(f))),
            default=0,
        )
        spacing = max(self.fields_layout.horizontalSpacing(), 6)
        return margins.left() + margins.right() + labels + spacing + MIN_FIELD_WIDTH + 10 + IMAGE_WIDTH

    # -- keyboard ------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        # Ctrl+Enter in a line of the form saves the form, not the list's selected card.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and _saves(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)

    # -- state ---------------------------------------------------------------------------------
    def _lines(self) -> tuple[QLineEdit, ...]:
        return (self.name, self.organization, self.title, self.email, self.phone, self.tags)

    def _fields(self) -> tuple[QLineEdit | NoteEdit, ...]:
        return (
            self.name,
            self.organization,
            self.title,
            self.email,
            self.phone,
            self.conversation,
            self.tags,
        )

    def _values(self) -> tuple[str, ...]:
        return (*(f.text() for f in self._fields()), str(self.lead.isChecked()))

    def has_changes(self) -> bool:
        """Something typed (or Lead ticked) since a card was loaded, or typed into an empty form."""
        if self.candidate is None:
            return self.is_dirty() or self.lead.isChecked()
        return self._values() != self._loaded

    def is_dirty(self) -> bool:
        """Something typed that a new scan must not overwrite."""
        return self.candidate is None and any(f.text().strip() for f in self._fields())

    def _idle_banner(self) -> None:
        self.banner.clear()
        self.banner.setStyleSheet("")
        self.banner.hide()  # the keys are beside the heading; one line more for the review list
        self.save_button.setText(SAVE_TEXT)
        self.as_new_button.hide()

    def _mark(self, field: QLineEdit, confidence: float | None) -> None:
        """Mark a field read with low confidence (None: unmark)."""
        field.setProperty("lowConfidence", confidence is not None)
        field.setToolTip(
            "" if confidence is None else f"Read by OCR with {confidence:.0%} confidence; check it"
        )
        field.style().polish(field)

    def _checked(self, field: QLineEdit) -> None:
        """The person edited a doubtful field: it is theirs now, no longer marked."""
        if field.property("lowConfidence"):
            self._mark(field, None)

    def low_confidence_fields(self) -> list[QLineEdit]:
        return [f for f in self.ocr_fields.values() if f.property("lowConfidence")]

    def clear(self) -> None:
        for field in self._fields():
            field.clear()
            field.setProperty("invalid", False)
            field.style().polish(field)
        for field in self.ocr_fields.values():
            self._mark(field, None)
        self.card_image.clear()
        self.lead.setChecked(False)
        self.error.clear()
        self.row_id = None
        self.candidate = None
        self._loaded = ()
        self._idle_banner()
        self.name.setFocus()
        self.cleared.emit()

    def load(self, row_id: int, candidate: Candidate) -> None:
        """Prefill from a scanned card; the cursor goes to "talked about"."""
        self.clear()
        self.row_id, self.candidate = row_id, candidate
        d = candidate.draft
        self.name.setText(candidate.name)
        self.organization.setText(d.organization)
        self.title.setText(d.title)
        self.email.setText(d.emails[0].address if d.emails else "")
        self.phone.setText(d.phones[0].display if d.phones else "")
        self.tags.setText(", ".join(d.tags))
        for line in self._lines():
            line.setCursorPosition(0)  # show the start of long values, not their tail
        if candidate.matched:
            self.banner.setText(
                f"Already in your network: {candidate.match_name} ({candidate.match_reason}). "
                "Ctrl+Enter logs this meeting instead of adding a duplicate."
            )
            self.banner.setStyleSheet("color: #9a5b00; font-weight: 600;")
            self.save_button.setText("Log meeting  (Ctrl+Enter)")
            self.as_new_button.show()
        card = candidate.card
        low = card.low_confidence() if card.ocr else ()
        marked = [n for n in low if n in self.ocr_fields and self.ocr_fields[n].text()]
        others = [field_label(n) for n in low if n not in self.ocr_fields]
        if not candidate.matched:
            name = candidate.name or "no name"
            if marked:
                text = (
                    f"New card: {name}, read as text. Check the {len(marked)} field(s) in amber "
                    "against the card, add a note, press Ctrl+Enter."
                )
            else:
                text = f"New card: {name}. Check it, add a note, press Ctrl+Enter."
            if others:
                text += f" The {' and '.join(others)} may be misread too."
            self.banner.setText(text)
            self.banner.setStyleSheet(f"color: {'#9a5b00' if marked else '#1b7f3b'}; font-weight: 600;")
        self.banner.show()
        for field_name in marked:
            self._mark(self.ocr_fields[field_name], card.confidence[field_name])
        self.card_image.show_card(card, low)
        if candidate.problems:
            self.show_problems(list(candidate.problems))
        self._loaded = self._values()
        self.conversation.setFocus()
        self.loaded.emit()

    # -- reading -------------------------------------------------------------------------------
    def draft(self) -> ContactDraft:
        """The person as typed, on top of the loaded card's full draft."""
        base = self.candidate.draft if self.candidate is not None else ContactDraft()
        name = " ".join(self.name.text().split())
        changes: dict[str, object] = {
            "organization": self.organization.text().strip(),
            "title": self.title.text().strip(),
            "tags": tuple(t.strip() for t in self.tags.text().split(",") if t.strip()),
        }
        if name != base.name:
            changes.update(display_name=name, given_name="", family_name="")
        email = self.email.text().strip()
        rest_emails = base.emails[1:] if base.emails else ()
        changes["emails"] = ((Email(email),) if email else ()) + tuple(rest_emails)
        if base.emails and email == base.emails[0].address:
            changes["emails"] = base.emails
        phone = self.phone.text().strip()
        if base.phones and phone == base.phones[0].display:
            changes["phones"] = base.phones
        else:
            changes["phones"] = ((Phone(phone),) if phone else ()) + tuple(base.phones[1:])
        return replace(base, **changes)  # type: ignore[arg-type]

    def conversation_text(self) -> str:
        return self.conversation.toPlainText().strip()

    def is_lead(self) -> bool:
        return self.lead.isChecked()

    def show_problems(self, problems: list[FieldProblem]) -> None:
        widgets = {"name": self.name, "email": self.email, "phone": self.phone}
        for field in self._fields():
            field.setProperty("invalid", False)
        for problem in problems:
            widget = widgets.get(problem.field)
            if widget is not None and (problem.field == "name" or problem.index == 0):
                widget.setProperty("invalid", True)
        for field in self._fields():
            field.style().polish(field)
        self.error.setText(" ".join(p.message for p in problems))
        first = next((widgets[p.field] for p in problems if p.field in widgets), self.name)
        first.setFocus()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
