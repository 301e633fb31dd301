"""The recovery dialog: shown instead of the window when the database cannot be used.

It opens at start (a missing or empty database next to backups, a foreign file, a failed
quick_check) and when damage is found while the window runs (a "malformed" error, or the daily
full check). It offers the ways out of ``netdesk.services.recovery`` — the newest good backup,
another backup, salvage — and never an empty network in place of the user's. Every choice keeps
the unusable file beside the new one, so nothing is ever lost by choosing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.recovery import (
    RecoveryError,
    RecoveryNeeded,
    RecoverySummary,
    restore_backup,
    salvage,
)
from netdesk.ui.plain import plain_label


def _when(need: RecoveryNeeded) -> str:
    good = need.newest_good
    assert good is not None
    return good.created_at.astimezone().strftime("%a %d %b %Y, %H:%M")


class RecoveryDialog(QDialog):
    """Accepted once the database was put right (``summary`` says how); rejected = quit."""

    def __init__(self, need: RecoveryNeeded, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.need = need
        self.summary: RecoverySummary | None = None
        self.setWindowTitle("netdesk — your network needs attention")
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 20, 22, 18)
        layout.setSpacing(10)
        title = QLabel("Your network needs attention", self)
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        headline = plain_label(need.headline(), self)
        headline.setWordWrap(True)
        layout.addWidget(headline)
        if need.kind in ("missing", "empty"):
            why = (
                "netdesk will not start an empty network while backups of your data exist. "
                "Put your network back from a backup:"
            )
        else:
            why = (
                "Put your network back from a backup, or salvage what can still be read. "
                "Either way the damaged file is kept next to the new one."
            )
        explain = QLabel(why, self)
        explain.setObjectName("muted")
        explain.setWordWrap(True)
        layout.addWidget(explain)

        self.restore_newest = QPushButton(self)
        self.restore_newest.setObjectName("primaryButton")
        if need.newest_good is not None:
            contacts = need.newest_good.contacts
            self.restore_newest.setText(
                f"Restore the newest good backup — {_when(need)}, {contacts} contact{'s' if contacts != 1 else ''}"
            )
            self.restore_newest.clicked.connect(
                lambda: self._run(lambda: self._restore(need.newest_good.path))
            )  # type: ignore[union-attr]
        else:
            self.restore_newest.setText("No backup passes its check")
            self.restore_newest.setEnabled(False)
        layout.addWidget(self.restore_newest)
        self.choose = QPushButton("Restore another backup…", self)
        self.choose.clicked.connect(self.choose_backup)
        layout.addWidget(self.choose)
        self.salvage_button = QPushButton("Salvage what can still be read", self)
        self.salvage_button.clicked.connect(lambda: self._run(lambda: salvage(need.folder)))
        self.salvage_button.setVisible(need.kind in ("damaged", "foreign"))
        layout.addWidget(self.salvage_button)

        self.result_label = plain_label("", self)
        self.result_label.setObjectName("fieldError")
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        row = QHBoxLayout()
        folder = plain_label(f"Data folder: {need.folder}", self)
        folder.setObjectName("muted")
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(folder, 1)
        quit_button = QPushButton("Quit", self)
        quit_button.clicked.connect(self.reject)
        row.addWidget(quit_button)
        layout.addLayout(row)

    def _restore(self, path: Path) -> RecoverySummary:
        return restore_backup(self.need.folder, path)

    def choose_backup(self) -> None:
        start = str(self.need.folder / "backups")
        path, _filter = QFileDialog.getOpenFileName(
            self,
            "Choose a netdesk backup",
            start,
            "netdesk databases (*.sqlite3 *.sqlite *.db);;All files (*)",
        )
        if path:
            self._run(lambda: self._restore(Path(path)))

    def _run(self, action: object) -> None:
        """Run a recovery action with a wait cursor; a refusal is shown and nothing changes."""
        assert callable(action)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            summary = action()
        except RecoveryError as exc:
            self.result_label.setText(str(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.summary = summary
        self.accept()


def describe(summary: RecoverySummary) -> str:
    """One status-bar sentence after a recovery (paths only, no personal data)."""
    how = "Restored from a backup" if summary.source else "Salvaged your network"
    text = f"{how}: {summary.contacts} contacts."
    if summary.dropped_rows:
        text += f" {summary.dropped_rows} damaged records could not be kept."
    if summary.kept_aside:
        text += f" The old file is kept as {summary.kept_aside.name}."
    return text
