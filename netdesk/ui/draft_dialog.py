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
    QFrame,
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
from netdesk.ui.mail_handler import mailto_handler_present
from netdesk.ui.plain import plain_label

UrlOpener = Callable[[QUrl], object]
HandlerCheck = Callable[[], "bool | None"]
HANDWRITTEN = "handwritten_note"
NO_MAIL_APP = (
    "Could not open a mail app: none is set up for e-mail links here. Copy the draft or save "
    "it as an .eml file and send it from your mail program or webmail."
)
NO_ADDRESS = (
    "This contact has no e-mail address, so there is nothing to open in a mail app. Type an "
    "address in To, or copy the draft or save it as an .eml file."
)


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
        handler_check: HandlerCheck | None = None,
    ) -> None:
        """``url_opener`` and ``handler_check`` (is there a mailto handler?) are for tests."""
        super().__init__(parent)
        self.drafts = drafts
        self.followups = followups
        self.followup_id = followup_id
        self.url_opener: UrlOpener = url_opener or QDesktopServices.openUrl
        # An injected opener is trusted as it is; the desktop's is asked about first.
        self.handler_check: HandlerCheck = handler_check or (
            mailto_handler_present if url_opener is None else (lambda: None)
        )
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
        # When the mail app cannot be used: say so, with the two ways that always work.
        self.mail_notice = QFrame(self)
        self.mail_notice.setObjectName("card")
        notice = QHBoxLayout(self.mail_notice)
        notice.setContentsMargins(10, 6, 10, 6)
        self.mail_notice_label = plain_label("", self.mail_notice)
        self.mail_notice_label.setWordWrap(True)
        self.notice_copy_button = QPushButton("Copy to clipboard", self.mail_notice)
        self.notice_save_button = QPushButton("Save as .eml…", self.mail_notice)
        notice.addWidget(self.mail_notice_label, 1)
        notice.addWidget(self.notice_copy_button)
        notice.addWidget(self.notice_save_button)
        self.notice_copy_button.clicked.connect(self.copy_to_clipboard)
        self.notice_save_button.clicked.connect(self._ask_eml_path)
        self.mail_notice.hide()
        layout.addWidget(self.mail_notice)
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
        if not handwritten and not self.to_box.currentText().strip():
            self._mail_unavailable(NO_ADDRESS)
        else:
            self.mail_notice.hide()

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
        if not draft.to:
            self._mail_unavailable(NO_ADDRESS)
            return
        if self.handler_check() is False or self.url_opener(QUrl(url, QUrl.ParsingMode.StrictMode)) is False:
            self._mail_unavailable(NO_MAIL_APP)
            return
        self.last_url = url
        self.mail_notice.hide()
        self.status_message.emit("Handed the draft to your mail app. Mark it as sent once it has gone out.")

    def _mail_unavailable(self, message: str) -> None:
        """Never claim it opened: tell why, and offer copying or an .eml file instead."""
        self.mail_notice_label.setText(message)
        self.mail_notice.show()
        self.notice_copy_button.setDefault(True)
        self.notice_copy_button.setFocus()
        self.status_message.emit(message.split(":")[0].split(",")[0] + ".")

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
