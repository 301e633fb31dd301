"""File › Sync…: the server account, a connection test, Sync now with progress and Cancel, the
result as a sentence, and the optional timer. A view over ``SyncActions`` (the sync itself runs
there, so closing this dialog does not stop it). Non-blocking (``open()``), like the others.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from netdesk.services.sync import Account, Discovered, RemoteError, SyncResult
from netdesk.ui.formatting import date_time
from netdesk.ui.plain import plain_label
from netdesk.ui.sync_actions import SyncActions

URL_HINT = "https://cloud.example.org/remote.php/dav"


def _muted(text: str, parent: QWidget) -> QLabel:
    label = plain_label(text, parent)
    label.setObjectName("muted")
    label.setWordWrap(True)
    return label


class SyncDialog(QDialog):
    status_message = Signal(str)

    def __init__(self, actions: SyncActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sync = actions
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Sync")
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        title = QLabel("Sync with your server", self)
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        layout.addWidget(
            _muted(
                "Your contacts go to an address book and your open follow-ups to a task list on your "
                "own CardDAV/CalDAV server, both ways, so your phone has them too. Nextcloud: "
                f"{URL_HINT} with an app password; Radicale: its address.",
                self,
            )
        )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.url = QLineEdit(self)
        self.url.setPlaceholderText(URL_HINT)
        self.user = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("Keep the password in the system keyring", self)
        self.password_note = _muted("", self)
        form.addRow("Server address", self.url)
        form.addRow("User name", self.user)
        form.addRow("Password", self.password)
        form.addRow("", self.remember)
        layout.addLayout(form)
        layout.addWidget(self.password_note)  # outside the form: a wrapped row there is cut short

        test_row = QHBoxLayout()
        self.test_button = QPushButton("&Test connection", self)
        self.test_button.clicked.connect(self.test)
        test_row.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignTop)
        self.found_label = plain_label("", self)
        self.found_label.setWordWrap(True)
        test_row.addWidget(self.found_label, 1)
        layout.addLayout(test_row)

        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)

        self.last_label = _muted("", self)
        layout.addWidget(self.last_label)
        self.stage_label = plain_label("", self)
        self.stage_label.setWordWrap(True)
        layout.addWidget(self.stage_label)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        layout.addWidget(self.progress)
        self.result_label = plain_label("", self)
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        self.error_label = plain_label("", self)
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)

        conflicts = QHBoxLayout()
        self.conflicts_label = plain_label("", self)
        self.conflicts_label.setWordWrap(True)
        self.resolve_button = QPushButton("&Resolve…", self)
        self.resolve_button.clicked.connect(lambda: self.sync.open_conflicts())
        conflicts.addWidget(self.conflicts_label, 1)
        conflicts.addWidget(self.resolve_button)
        layout.addLayout(conflicts)

        every = QHBoxLayout()
        self.every_box = QCheckBox("Sync every", self)
        self.every_minutes = QSpinBox(self)
        self.every_minutes.setRange(5, 24 * 60)
        self.every_minutes.setSingleStep(5)
        self.every_minutes.setSuffix(" minutes")
        every.addWidget(self.every_box)
        every.addWidget(self.every_minutes)
        every.addWidget(plain_label("while netdesk is open", self))
        every.addStretch(1)
        layout.addLayout(every)
        layout.addStretch(1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.close_button = QPushButton("Close", self)
        self.close_button.clicked.connect(self.reject)
        self.cancel_button = QPushButton("Cancel sync", self)
        self.cancel_button.clicked.connect(actions.cancel)
        self.sync_button = QPushButton("&Sync now", self)
        self.sync_button.setObjectName("primaryButton")
        self.sync_button.setDefault(True)
        self.sync_button.clicked.connect(self.sync_now)
        for button in (self.close_button, self.cancel_button, self.sync_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

        self._fill()
        actions.busy_changed.connect(self._busy)
        actions.progressed.connect(self._progressed)
        actions.synced.connect(self._synced)
        actions.tested.connect(self._tested)
        actions.failed.connect(self._failed)
        actions.conflicts_counted.connect(self._conflicts)
        self._conflicts(actions.conflicts)
        self.every_box.toggled.connect(self._every_changed)
        self.every_minutes.valueChanged.connect(self._every_changed)
        self._busy(actions.is_busy())
        if actions.is_busy():
            self._progressed("Syncing…", 0, 0)

    # -- state -----------------------------------------------------------------------------------
    def _fit_soon(self) -> None:
        QTimer.singleShot(0, self.fit)

    def fit(self) -> None:
        """Grow to what is shown now (progress, a result, an error): the layout would otherwise
        squeeze the form's fields, since wrapped sentences only know their height for a width."""
        if not isValid(self):
            return  # closed before its turn came
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        wanted = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else 0
        wanted = max(wanted, layout.totalMinimumSize().height())
        if wanted > self.height():
            self.resize(self.width(), wanted)

    def _fill(self) -> None:
        account = self.sync.account()
        if account is not None:
            self.url.setText(account.url)
            self.user.setText(account.username)
        saved = account is not None and bool(self.sync.password_for(account))
        self.password.setPlaceholderText("Saved — leave empty to use it" if saved else "")
        keyring = self.sync.keyring()
        self.remember.setChecked(keyring)
        self.remember.setEnabled(keyring)
        self.remember.setVisible(keyring)
        self.password_note.setText(
            "The password is never written in plain text."
            if keyring
            else "No system keyring here: the password stays in memory while netdesk is open, is "
            "never written down, and is asked again next time."
        )
        self._show_last()
        minutes = self.sync.every_minutes()
        self.every_box.setChecked(minutes > 0)
        self.every_minutes.setValue(minutes or 30)
        last = self.sync.last_result
        if last is not None:
            self.result_label.setText(self.sync.sentence(last))
        self.error_label.setText(self.sync.last_error)

    def _show_last(self) -> None:
        when = self.sync.last_synced()
        self.last_label.setText(f"Last synced {date_time(when)}." if when else "Not synced yet.")

    def _busy(self, busy: bool) -> None:
        self._fit_soon()
        for widget in (self.sync_button, self.test_button, self.url, self.user, self.password):
            widget.setEnabled(not busy)
        self.cancel_button.setVisible(busy)
        self.progress.setVisible(busy)
        self.stage_label.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)

    def _progressed(self, text: str, done: int, total: int) -> None:
        self.stage_label.setText(text + (f"  {done} of {total}" if total else ""))
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        else:
            self.progress.setRange(0, 0)  # moving, without a count

    def _conflicts(self, count: int) -> None:
        self._fit_soon()
        people = "1 contact was" if count == 1 else f"{count} contacts were"
        self.conflicts_label.setText(
            f"{people} changed here and on the server in the same fields: choose what to keep."
        )
        self.conflicts_label.setVisible(count > 0)
        self.resolve_button.setVisible(count > 0)

    def _every_changed(self, *_args: object) -> None:
        self.every_minutes.setEnabled(self.every_box.isChecked())
        self.sync.set_every(self.every_minutes.value() if self.every_box.isChecked() else 0)

    # -- actions -----------------------------------------------------------------------------------
    def _account(self) -> Account | None:
        url = self.url.text().strip()
        if not url:
            self._failed(f"Give the server's address, such as {URL_HINT}.")
            return None
        try:
            return self.sync.service.resolve_account(url, self.user.text().strip())
        except RemoteError as exc:
            self._failed(str(exc))
            return None

    def _password(self, account: Account) -> str | None:
        typed = self.password.text()
        password = typed or self.sync.password_for(account)
        if not password:
            self._failed("Type the password for this server.")
            self.password.setFocus()
            return None
        return password

    def _clear(self) -> None:
        self.error_label.setText("")
        self.result_label.setText("")

    def test(self) -> None:
        self._clear()
        account = self._account()
        password = self._password(account) if account is not None else None
        if account is None or password is None:
            return
        self.found_label.setText("Connecting…")
        self.sync.test(account, password)

    def sync_now(self) -> None:
        self._clear()
        account = self._account()
        password = self._password(account) if account is not None else None
        if account is None or password is None:
            return
        self.sync.sync_now(account, password, remember=self.remember.isChecked())

    # -- answers ---------------------------------------------------------------------------------
    def _tested(self, found: object) -> None:
        self._fit_soon()
        assert isinstance(found, Discovered)
        self.found_label.setText(found.sentence())

    def _synced(self, result: object) -> None:
        self._fit_soon()
        assert isinstance(result, SyncResult)
        self.password.clear()
        self.found_label.setText("")  # what a test found before the first sync is old news now
        self._fill()
        self.result_label.setText(self.sync.sentence(result))
        self.error_label.setText("")

    def _failed(self, sentence: str) -> None:
        self._fit_soon()
        if self.found_label.text() == "Connecting…":
            self.found_label.setText("")
        self.error_label.setText(sentence)
