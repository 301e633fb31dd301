"""File › Back up now and File › Restore…: actions for the main window's menu.

Restoring replaces the whole database, so it is confirmed first (with the date of the backup
and the fact that the current data is backed up too), and afterwards ``restored`` fires: every
open panel must reload, since its rows may no longer exist.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.backup import BackupError, BackupInfo, BackupService, BackupUsage, RestoreSummary
from netdesk.services.database import Database, DatabaseTooNewError
from netdesk.ui import busy
from netdesk.ui.plain import inform, message_box, plain_label, tooltip
from netdesk.ui.workers import Task

_REASONS = {
    "daily": "Daily",
    "manual": "Made by you",
    "before-import": "Before an import",
    "before-undo-import": "Before undoing an import",
    "before-restore": "Before a restore",
    "before-migration": "Before an upgrade",
    "before-first-sync": "Before the first sync",
    "before-undo-sync": "Before undoing a sync",
}


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{max(n // 1024, 1)} KB"


def describe(info: BackupInfo) -> str:
    when = info.created_at.astimezone().strftime("%a %d %b %Y, %H:%M")
    reason = next(
        (label for key, label in _REASONS.items() if info.reason.startswith(key)),
        info.reason.replace("-", " ").capitalize(),
    )
    if not info.verified:
        return f"{when}   —   {reason}, {_size(info.size)}: cannot be restored, {info.problem}"
    people = "" if info.contacts is None else f", {info.contacts} contact{'s' if info.contacts != 1 else ''}"
    return f"{when}   —   {reason}, {_size(info.size)}{people}"


def describe_usage(usage: BackupUsage) -> str:
    """Why old backups go: the space they use against the budget, and what always stays."""
    count = f"{usage.count} backup{'s' if usage.count != 1 else ''}"
    return (
        f"{count} use {_size(usage.total)} of the {_size(usage.budget.bytes)} set aside for backups. "
        "When that is full the oldest go first; the newest and one per day of the last week always stay."
    )


class RestoreDialog(QDialog):
    """Pick a backup (or any netdesk database file); ``restored`` after a confirmed restore."""

    restored = Signal(object)  # RestoreSummary

    def __init__(self, service: BackupService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle("Restore from a backup")
        self.setMinimumSize(620, 420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        title = QLabel("Restore from a backup", self)
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        hint = QLabel(
            "Your contacts, events and follow-ups are replaced by the backup you choose. The data "
            "you have now is backed up first, so a restore can itself be undone by restoring that.",
            self,
        )
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.list = QListWidget(self)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.list.itemDoubleClicked.connect(lambda _item: self.confirm())
        layout.addWidget(self.list, 1)
        self.usage_label = plain_label("", self)
        self.usage_label.setObjectName("muted")
        self.usage_label.setWordWrap(True)
        layout.addWidget(self.usage_label)
        self.error_label = plain_label("", self)  # errors name files
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        row = QHBoxLayout()
        choose = QPushButton("Choose a &file…", self)
        choose.clicked.connect(self.choose_file)
        row.addWidget(choose)
        row.addStretch(1)
        cancel = QPushButton("Cancel", self)
        cancel.clicked.connect(self.reject)
        self.restore_button = QPushButton("&Restore…", self)
        self.restore_button.setObjectName("dangerButton")
        self.restore_button.clicked.connect(self.confirm)
        row.addWidget(cancel)
        row.addWidget(self.restore_button)
        layout.addLayout(row)
        self.confirm_box: QMessageBox | None = None
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        backups = self.service.backups()
        for info in backups:
            item = QListWidgetItem(describe(info))
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            item.setToolTip(tooltip(str(info.path)))
            if not info.verified:  # listed so the user sees it, but it cannot be chosen
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsSelectable)
            self.list.addItem(item)
        self.usage_label.setText(describe_usage(self.service.usage(backups)))
        first = next(
            (b for b in range(self.list.count()) if self.list.item(b).flags() & Qt.ItemFlag.ItemIsEnabled),
            None,
        )
        if first is not None:
            self.list.setCurrentRow(first)
        else:
            self.error_label.setText("There are no backups yet; choose a file instead.")
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(bool(self.list.selectedItems()))

    def selected_path(self) -> Path | None:
        items = self.list.selectedItems()
        return Path(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def choose_file(self) -> None:
        dialog = QFileDialog(self, "Choose a netdesk backup", str(self.service.db.backup_dir))
        dialog.setNameFilter("netdesk databases (*.sqlite3 *.sqlite *.db);;All files (*)")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda path: self.consider(Path(path)))
        dialog.open()

    def consider(self, path: Path) -> QMessageBox | None:
        """A chosen file is copied and checked before anything is asked: a refused one shows why."""
        self.error_label.clear()
        problem = self.service.refusal(path)
        if problem is not None:
            self.error_label.setText(problem)
            return None
        return self.confirm(path)

    def confirm(self, path: Path | None = None) -> QMessageBox | None:
        """Ask before replacing everything; non-blocking, returns the question box."""
        path = path or self.selected_path()
        if path is None:
            return None
        box = message_box(
            self,
            QMessageBox.Icon.Warning,
            "Restore this backup?",
            f"Replace all your current data with {path.name}?",  # a file name: shown as text
            "What you have now is backed up first.",
            QMessageBox.StandardButton.Cancel,
        )
        restore = box.addButton("Restore", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(lambda button: self.restore(path) if button is restore else None)
        self.confirm_box = box
        box.open()
        return box

    @busy.returns_when_busy
    def restore(self, path: Path) -> RestoreSummary | None:
        # The restore's own connection waits 5 s for a lock: wait here instead, visibly.
        busy.wait_until_writable(self, self.service.db.path)
        try:
            summary = busy.run(self, self.service.db.path, self.service.restore, path)
        except (BackupError, DatabaseTooNewError) as exc:
            self.error_label.setText(str(exc))
            return None
        self.restored.emit(summary)
        self.accept()
        return summary


class BackupActions(QObject):
    """``back_up_action`` and ``restore_action`` for File; ``restored`` means: reload everything."""

    restored = Signal()
    status_message = Signal(str)
    daily_done = Signal(object)  # the daily backup's path, or None (not needed, or it failed)

    def __init__(self, db: Database, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.service = BackupService(db)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._daily: Task | None = None
        self.back_up_action = QAction("&Back up now", self)
        self.back_up_action.setStatusTip("Save a copy of your data in the backups folder")
        self.back_up_action.triggered.connect(lambda _checked=False: self.back_up_now())
        self.restore_action = QAction("&Restore from a backup…", self)
        self.restore_action.setStatusTip("Replace your data with a backup")
        self.restore_action.triggered.connect(lambda _checked=False: self.open_restore())

    def daily_backup(self) -> Task:
        """Today's backup, once, in a worker (at 100,000 contacts the copy and its check take
        about a second, which would freeze the window); a failure is said in the status bar,
        never as a traceback. ``daily_done`` carries the new backup's path (None: none needed)."""

        def work(_task: Task) -> Path | None:
            return self.service.ensure_daily()

        task = Task(work)
        self._daily = task
        task.signals.finished.connect(self._daily_made)
        task.signals.failed.connect(self._daily_failed)
        self._pool.start(task)
        return task

    def wait_for_daily(self) -> None:
        """Let a running daily backup finish before something else copies or replaces the file."""
        self._pool.waitForDone()

    def _daily_made(self, path: object) -> None:
        self._daily = None
        self.daily_done.emit(path)

    def _daily_failed(self, exc: object) -> None:
        self._daily = None
        if not isinstance(exc, BackupError):  # as if it had failed here: a busy database is said so
            if isinstance(exc, BaseException):
                sys.excepthook(type(exc), exc, exc.__traceback__)
            self.daily_done.emit(None)
            return
        self.status_message.emit(f"Today's automatic backup was not made: {exc}")
        self.daily_done.emit(None)

    def back_up_now(self) -> Path | None:
        self.wait_for_daily()
        try:
            path = self.service.backup_now("manual")
        except BackupError as exc:
            inform(self.window, "Back up", str(exc), QMessageBox.Icon.Warning)
            return None
        self.status_message.emit(f"Backed up to {path}.")
        return path

    def open_restore(self) -> RestoreDialog:
        self.wait_for_daily()
        dialog = RestoreDialog(self.service, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restored.connect(self._restored)
        dialog.open()
        return dialog

    def _restored(self, summary: RestoreSummary) -> None:
        self.restored.emit()
        self.status_message.emit(
            f"Restored {summary.contacts} contacts from {summary.restored_from.name}. "
            f"Your previous data is in {summary.safety_backup.name}."
        )
