"""File › Export contacts: vCard 3.0 / 4.0 or CSV in Google's or Outlook's columns, all, a search
or a selection;
or the follow-ups of those contacts as a calendar file, as tasks or as events
(``CalendarExportService``, the same as ``netdesk export --format ics --calendar-kind``).

The file is written to a temporary name and renamed (``ExportService``), so an interrupted
export never leaves half a file where a good one was. Opened with ``open()``. When the chosen
format could not hold everything as it was (a 4.0 property converted for 3.0, a fourth e-mail
for Outlook), the dialog stays open after writing and lists those notes — kinds and counts,
never values — so nothing is changed or left out without the user seeing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.calendar_export import CalendarExportResult, CalendarExportService, CalendarKind
from netdesk.services.database import Database
from netdesk.services.exchange import ExportFormat, ExportService, ExportSummary
from netdesk.ui.plain import plain_label
from netdesk.ui.workers import BackgroundRunner, Task

_FORMATS = (
    (ExportFormat.VCARD3, "vCard 3.0 — phones, Outlook, Gmail, macOS"),
    (ExportFormat.VCARD4, "vCard 4.0"),
    (ExportFormat.CSV, "CSV — Google Contacts columns, opens in spreadsheets"),
    (ExportFormat.CSV_OUTLOOK, "CSV — Outlook columns (Outlook, Outlook.com, Exchange)"),
)
_CALENDAR = "ics"  # the format button of the follow-ups calendar (not a contact format)
_CALENDAR_KINDS = (
    (CalendarKind.EVENTS, "Events — Google Calendar, Outlook, any calendar"),
    (CalendarKind.TASKS, "Tasks — Thunderbird, KOrganizer, Apple Reminders"),
)


class ExportDialog(QDialog):
    """``exported(path, count)`` after the file is written."""

    exported = Signal(str, int)
    status_message = Signal(str)

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        fmt: ExportFormat = ExportFormat.VCARD3,
        search: str = "",
        selected_ids: Sequence[int] = (),
        folder: Path | None = None,
        calendar_kind: CalendarKind | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = ExportService(db)
        self.calendar = CalendarExportService(db)
        self.runner = BackgroundRunner(self)
        self.selected_ids = list(selected_ids)
        self.folder = folder or Path.home()
        self.setWindowTitle("Export contacts")
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        self.title_label = title = QLabel("Export contacts", self)
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        formats = QVBoxLayout()
        self.format_group = QButtonGroup(self)
        for value, label in _FORMATS:
            button = QRadioButton(label, self)
            button.setProperty("format", value.value)
            button.setChecked(value is fmt)
            self.format_group.addButton(button)
            formats.addWidget(button)
        self.calendar_button = QRadioButton("Follow-ups of these contacts as a calendar (.ics)", self)
        self.calendar_button.setProperty("format", _CALENDAR)
        self.calendar_button.setChecked(calendar_kind is not None)
        self.format_group.addButton(self.calendar_button)
        formats.addWidget(self.calendar_button)
        self.format_group.buttonToggled.connect(self._on_format_toggled)
        form.addRow("Format", formats)
        self.kind_combo = QComboBox(self)
        for kind, label in _CALENDAR_KINDS:
            self.kind_combo.addItem(label, kind.value)
        if calendar_kind is not None:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(calendar_kind.value))
        self.kind_combo.setToolTip(
            "Google Calendar imports only events. Follow-ups done, skipped or removed since an "
            "earlier export are sent as completed or cancelled, so the calendar updates them."
        )
        form.addRow("Calendar", self.kind_combo)
        self.form = form

        scope = QVBoxLayout()
        self.scope_group = QButtonGroup(self)
        self.all_button = QRadioButton("All contacts", self)
        self.search_button = QRadioButton("Contacts matching", self)
        self.selected_button = QRadioButton(f"The {len(self.selected_ids)} selected contacts", self)
        self.selected_button.setVisible(bool(self.selected_ids))
        self.search_edit = QLineEdit(search, self)
        self.search_edit.setPlaceholderText("words, e.g. career fair python")
        self.search_edit.textEdited.connect(lambda _t: self.search_button.setChecked(True))
        self.search_edit.textChanged.connect(lambda _t: self._update_count())
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_button)
        search_row.addWidget(self.search_edit, 1)
        for button in (self.all_button, self.search_button, self.selected_button):
            self.scope_group.addButton(button)
        scope.addWidget(self.all_button)
        scope.addLayout(search_row)
        scope.addWidget(self.selected_button)
        if self.selected_ids:
            self.selected_button.setChecked(True)
        elif search.strip():
            self.search_button.setChecked(True)
        else:
            self.all_button.setChecked(True)
        self.scope_group.buttonToggled.connect(self._on_scope_toggled)
        form.addRow("Contacts", scope)

        file_row = QHBoxLayout()
        self.path_edit = QLineEdit(self)
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self.browse)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        form.addRow("File", file_row)
        layout.addLayout(form)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("muted")
        layout.addWidget(self.count_label)
        self.error_label = plain_label("", self)  # names the chosen path
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        self.notes_label = plain_label("", self)  # the written path and the format's notes
        self.notes_label.setWordWrap(True)
        self.notes_label.setVisible(False)
        layout.addWidget(self.notes_label)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = cancel = QPushButton("Cancel", self)
        cancel.clicked.connect(self.reject)
        self.close_button = QPushButton("&Close", self)
        self.close_button.clicked.connect(self.accept)
        self.close_button.setVisible(False)
        self.export_button = QPushButton("&Export", self)
        self.export_button.setObjectName("primaryButton")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        buttons.addWidget(cancel)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self._format_changed()
        self._update_count()

    # -- state ---------------------------------------------------------------------------------
    def format(self) -> ExportFormat:
        """The contact format chosen (vCard 3.0 while the calendar is chosen)."""
        checked = self.format_group.checkedButton()
        if checked is None or checked is self.calendar_button:
            return ExportFormat.VCARD3
        return ExportFormat(str(checked.property("format")))

    def calendar_chosen(self) -> bool:
        return self.calendar_button.isChecked()

    def calendar_kind(self) -> CalendarKind:
        return CalendarKind(str(self.kind_combo.currentData()))

    def _suffix(self) -> str:
        return ".ics" if self.calendar_chosen() else self.format().suffix

    def set_format(self, fmt: ExportFormat) -> None:
        for button in self.format_group.buttons():
            if button.property("format") == fmt.value:
                button.setChecked(True)

    def _scope(self) -> tuple[str, list[int] | None]:
        if self.selected_button.isChecked() and self.selected_ids:
            return "", self.selected_ids
        if self.search_button.isChecked():
            return self.search_edit.text(), None
        return "", None

    def _on_format_toggled(self, _button: object, checked: bool) -> None:
        if checked:
            self._format_changed()

    def _on_scope_toggled(self, _button: object, checked: bool) -> None:
        if checked:
            self._update_count()

    def _format_changed(self) -> None:
        calendar = self.calendar_chosen()
        suffix = self._suffix()
        self.form.setRowVisible(self.kind_combo, calendar)
        heading = "Export follow-ups to a calendar" if calendar else "Export contacts"
        self.title_label.setText(heading)
        self.setWindowTitle(heading)
        default = "netdesk-followups" if calendar else "netdesk-contacts"
        current = self.path_edit.text().strip()
        if not current:
            self.path_edit.setText(str(self.folder / f"{default}{suffix}"))
        elif Path(current).suffix.lower() in (".vcf", ".csv", ".ics"):
            stem = Path(current).stem
            if stem in ("netdesk-followups", "netdesk-contacts"):
                stem = default  # our own suggestion follows the format; the user's name stays
            self.path_edit.setText(str(Path(current).with_name(stem + suffix)))
        self._update_count()

    def _update_count(self) -> None:
        search, ids = self._scope()
        if self.calendar_chosen():
            n = self.calendar.count(search, ids)
            self.count_label.setText(
                f"{n} open follow-up{'' if n == 1 else 's'} will be exported, and any done or removed "
                "since an earlier export as completed or cancelled."
            )
            self.export_button.setEnabled(not self.runner.is_busy())
            return
        n = self.service.count(search, ids)
        self.count_label.setText(f"{n} contact{'' if n == 1 else 's'} will be exported.")
        self.export_button.setEnabled(n > 0 and not self.runner.is_busy())

    def browse(self) -> None:
        fmt = self.format()
        name_filter = "CSV (*.csv)" if fmt.suffix == ".csv" else "vCard (*.vcf)"
        if self.calendar_chosen():
            name_filter = "iCalendar (*.ics)"
        dialog = QFileDialog(self, "Export to", self.path_edit.text(), name_filter)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(self._suffix().lstrip("."))
        dialog.fileSelected.connect(self.path_edit.setText)
        dialog.open()

    # -- export --------------------------------------------------------------------------------
    def export(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self.error_label.setText("Choose where to save the file.")
            return
        path = Path(text).expanduser()
        if path.is_dir():
            self.error_label.setText(f"{path} is a folder; add a file name such as netdesk{self._suffix()}.")
            return
        if not path.parent.is_dir():
            self.error_label.setText(f"The folder {path.parent} does not exist; choose another place.")
            return
        search, ids = self._scope()
        if self.calendar_chosen():
            self._export_calendar(path, search, ids)
            return
        fmt = self.format()
        service = self.service

        def work(task: Task) -> ExportSummary:
            return service.export_summary(path, fmt, search=search, ids=ids, cancelled=task.cancelled)

        def done(summary: ExportSummary) -> None:
            self.exported.emit(str(path), summary.count)
            self.status_message.emit(f"Exported {summary.count} contacts to {path}.")
            if summary.notes:
                self._show_notes(path, summary)
            else:
                self.accept()

        def failed(exc: BaseException) -> None:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.error_label.setText(
                f"Could not write {path}: {reason}. Check the folder's permissions and free space; "
                "any existing file there is unchanged."
            )
            self._update_count()

        self.error_label.setText("")
        self.export_button.setEnabled(False)
        self.runner.start("Exporting contacts…", work, done, failed)

    def _show_notes(self, path: Path, summary: ExportSummary) -> None:
        """Keep the dialog open on what the format changed or left out; only Close remains."""
        lines = [
            f"Exported {summary.count} contacts to {path}.",
            "",
            "What this format could not hold as it was:",
        ]
        self.notes_label.setText("\n".join([*lines, *(f"•  {note}." for note in summary.notes)]))
        self.notes_label.setVisible(True)
        for widget in (self.export_button, self.cancel_button, self.count_label):
            widget.setVisible(False)
        self.close_button.setVisible(True)
        self.close_button.setDefault(True)
        self.close_button.setFocus()

    def _export_calendar(self, path: Path, search: str, ids: list[int] | None) -> None:
        kind = self.calendar_kind()
        calendar = self.calendar

        def work(_task: Task) -> CalendarExportResult:
            return calendar.export(path, kind, search=search, ids=ids)

        def done(result: CalendarExportResult) -> None:
            self.exported.emit(str(path), result.count)
            self.status_message.emit(f"Exported {result.open} follow-ups as {kind.value} to {path}.")
            self.accept()

        def failed(exc: BaseException) -> None:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.error_label.setText(
                f"Could not write {path}: {reason}. Check the folder's permissions and free space; "
                "any existing file there is unchanged."
            )
            self._update_count()

        self.error_label.setText("")
        self.export_button.setEnabled(False)
        self.runner.start("Exporting follow-ups…", work, done, failed, cancellable=False)

    def done(self, result: int) -> None:
        self.runner.cancel_and_wait()
        super().done(result)
