"""The draft of a follow-up message: pick a template, edit, then open in the mail app, copy, or
save as .eml; "Mark as sent" logs the e-mail (or the handwritten note) and completes it.

Opened with ``open()`` (never ``exec()``), so the queue stays usable behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.models import InteractionKind
from netdesk.services.contacts import NotFoundError
from netdesk.services.drafts import TEMPLATES, Draft, DraftError, DraftService, mailto_url, write_eml
from netdesk.services.followups import FollowUpError, FollowUpService
from netdesk.ui.busy import returns_when_busy
from netdesk.ui.plain import plain_label

UrlOpener = Callable[[QUrl], object]
HANDWRITTEN = "handwritten_note"


class DraftDialog(QDialog):
    marked_sent = Signal(int)
    status_message = Signal(str)

    def __init__(
        self,
        drafts: DraftService,
        followups: FollowUpService,
        followup_id: int,
        parent: QWidget | None = None,
        url_opener: UrlOpener | None = None,
    ) -> None:
        super().__init__(parent)
        self.drafts = drafts
        self.followups = followups
        self.followup_id = followup_id
        self.url_opener: UrlOpener = url_opener or QDesktopServices.openUrl
        self.last_url: str | None = None
        self.setWindowTitle("Draft follow-up")
        self.setMinimumSize(640, 560)
        self._build()
        first = drafts.draft(followup_id)
        self.template_box.setCurrentIndex(list(TEMPLATES).index(first.template))
        self._show(first)
        self.template_box.currentIndexChanged.connect(self._template_changed)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.heading = plain_label("", self)
        self.heading.setObjectName("editorHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        form = QFormLayout()
        self.template_box = QComboBox(self)
        for label in TEMPLATES.values():
            self.template_box.addItem(label)
        self.to_box = QComboBox(self)
        self.to_box.setEditable(True)
        self.subject_edit = QLineEdit(self)
        for text, field in (
            ("&Template", self.template_box),
            ("&To", self.to_box),
            ("&Subject", self.subject_edit),
        ):
            caption = QLabel(text, self)
            caption.setBuddy(field)
            # Room for the widest label: the default hint clips "To" and "Template" under some styles.
            caption.setMinimumWidth(caption.fontMetrics().horizontalAdvance("Template") + 12)
            form.addRow(caption, field)
        layout.addLayout(form)
        self.body_edit = QPlainTextEdit(self)
        self.body_edit.setTabChangesFocus(True)
        layout.addWidget(self.body_edit, 1)
        self.error_label = plain_label("", self)
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        row = QHBoxLayout()
        self.open_button = QPushButton("&Open in mail app", self)
        self.open_button.setObjectName("primaryButton")
        self.copy_button = QPushButton("&Copy", self)
        self.save_button = QPushButton("Save as .&eml…", self)
        self.sent_button = QPushButton("&Mark as sent", self)
        self.close_button = QPushButton("Close", self)
        for button in (self.open_button, self.copy_button, self.save_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.sent_button)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.open_button.clicked.connect(self.open_in_mail_app)
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.save_button.clicked.connect(self._ask_eml_path)
        self.sent_button.clicked.connect(self.mark_sent)
        self.close_button.clicked.connect(self.reject)
        self.open_button.setDefault(True)

    # -- content -------------------------------------------------------------------------------
    def _show(self, draft: Draft) -> None:
        item = self.followups.get(self.followup_id)
        self.heading.setText(f"{item.headline} — {item.contact_name}")
        current = self.to_box.currentText()
        self.to_box.clear()
        self.to_box.addItems(list(draft.addresses))
        self.to_box.setEditText(current or draft.to)
        self.subject_edit.setText(draft.subject)
        self.body_edit.setPlainText(draft.body)
        handwritten = draft.template == HANDWRITTEN
        self.subject_edit.setEnabled(not handwritten)
        self.open_button.setEnabled(not handwritten)
        self.save_button.setEnabled(not handwritten)
        self.sent_button.setText("&Mark as written" if handwritten else "&Mark as sent")
        self._clear_error()

    @returns_when_busy
    def _template_changed(self, row: int) -> None:
        try:
            self._show(self.drafts.draft(self.followup_id, list(TEMPLATES)[row]))
        except (DraftError, NotFoundError) as exc:
            self._error(str(exc))

    def current_draft(self) -> Draft:
        return Draft(
            to=self.to_box.currentText().strip(),
            subject=self.subject_edit.text(),
            body=self.body_edit.toPlainText(),
            template=list(TEMPLATES)[self.template_box.currentIndex()],
            followup_id=self.followup_id,
        )

    def _error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    # -- actions -------------------------------------------------------------------------------
    def open_in_mail_app(self) -> None:
        draft = self.current_draft()
        try:
            url = mailto_url(draft.to, draft.subject, draft.body)
        except DraftError as exc:
            self._error(str(exc))
            return
        self._clear_error()
        self.last_url = url
        self.url_opener(QUrl(url, QUrl.ParsingMode.StrictMode))
        self.status_message.emit("Opened the draft in your mail app. Mark it as sent once it has gone out.")

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.current_draft().text)
        self.status_message.emit("Draft copied to the clipboard.")

    def _ask_eml_path(self) -> None:
        dialog = QFileDialog(self, "Save draft as .eml", str(Path.home() / "follow-up.eml"), "E-mail (*.eml)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("eml")
        dialog.fileSelected.connect(lambda name: self.save_eml(Path(name)))
        dialog.open()

    @returns_when_busy
    def save_eml(self, path: Path) -> Path | None:
        try:
            written = write_eml(path, self.current_draft(), sender=self.drafts.profile().my_email)
        except DraftError as exc:
            self._error(str(exc))
            return None
        except OSError as exc:
            self._error(f"Could not save {path}: {exc.strerror or exc}. Choose another folder.")
            return None
        self._clear_error()
        self.status_message.emit(f"Saved {written.name}; open it in your mail app to send it.")
        return written

    @returns_when_busy
    def mark_sent(self) -> None:
        draft = self.current_draft()
        try:
            if draft.template == HANDWRITTEN:
                self.followups.complete(self.followup_id, InteractionKind.LETTER, "Handwritten note written")
            else:
                self.followups.mark_sent(self.followup_id, draft.subject)
        except (FollowUpError, NotFoundError) as exc:
            self._error(str(exc))
            return
        self.marked_sent.emit(self.followup_id)
        self.accept()
