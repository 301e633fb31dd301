"""File > Import: choose files, map the columns of an unknown CSV, preview, commit, undo.

Nothing is written before the user presses Import on the preview; the preview lists what is
new, what duplicates or updates whom, and the errors with their line numbers. Reading and
committing run in a pool thread (the services open their own sessions) with a progress dialog
and Cancel when they take longer than a second. Opened with ``open()``; reports by signals.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.database import Database
from netdesk.services.exchange import (
    GENERIC_CSV,
    ColumnMapping,
    CsvLayout,
    ImportFileError,
    file_kind,
    inspect_csv,
    mapping_fields,
)
from netdesk.services.importer import (
    ImportCancelledError,
    ImportOutcome,
    ImportPreview,
    ImportService,
    Status,
)
from netdesk.ui.busy import DatabaseBusyError, retry_while_locked
from netdesk.ui.import_done import ImportDonePage, muted
from netdesk.ui.import_preview_model import (
    ACTION,
    DETAILS,
    ERROR,
    FILE,
    LINE,
    NAME,
    ORGANISATION,
    STATUS,
    WARNING,
    ActionDelegate,
    ImportPreviewModel,
    StatusFilter,
)
from netdesk.ui.import_undo import plural
from netdesk.ui.plain import plain_label, tooltip
from netdesk.ui.workers import BackgroundRunner, Task

FILES, MAPPING, PREVIEW, DONE = range(4)
_KIND_LABELS = {
    "vcard": "vCard",
    "linkedin": "LinkedIn connections",
    "google": "Google Contacts CSV",
    "outlook": "Outlook CSV",
    GENERIC_CSV: "CSV — you will choose the columns",
}
FILE_FILTER = "Contacts (*.vcf *.vcard *.csv *.txt);;vCard (*.vcf *.vcard);;CSV (*.csv *.txt);;All files (*)"


def _title(text: str, parent: QWidget) -> QLabel:
    label = plain_label(text, parent)  # file names and contents are outside text
    label.setObjectName("pageTitle")
    return label


class ImportDialog(QDialog):
    """The import wizard. ``contacts_changed`` fires after a commit and after an undo."""

    contacts_changed = Signal()
    imported = Signal(int)  # import batch id
    undone = Signal(int)
    status_message = Signal(str)

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        paths: Sequence[Path | str] = (),
        undo_stack: QUndoStack | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = ImportService(db)
        self.undo_stack = undo_stack  # a committed import goes on it: Edit › Undo takes it back
        self.runner = BackgroundRunner(self)
        self.paths: list[Path] = []
        self.kinds: dict[Path, str] = {}
        self.mappings: dict[Path, ColumnMapping] = {}
        self._to_map: list[Path] = []
        self._layout: CsvLayout | None = None
        self.preview: ImportPreview | None = None
        self.outcome: ImportOutcome | None = None
        self.setWindowTitle("Import contacts")
        self.setMinimumSize(960, 600)
        self.resize(1140, 680)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._build_files())
        self.pages.addWidget(self._build_mapping())
        self.pages.addWidget(self._build_preview())
        self.pages.addWidget(self._build_done())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.addWidget(self.pages)
        self.runner.busy_changed.connect(self._busy)
        self.runner.waiting.connect(self._waiting)
        self.add_files(paths)

    # -- page 1: files -------------------------------------------------------------------------
    def _build_files(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_title("Import contacts", page))
        layout.addWidget(
            muted(
                "vCard files from phones, Gmail, Outlook or iCloud, and CSV exports from LinkedIn "
                "(Connections.csv), Google Contacts, Outlook or any spreadsheet. Nothing is saved "
                "until you confirm the preview, and a backup is made first.",
                page,
            )
        )
        self.file_list = QListWidget(page)
        self.file_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        layout.addWidget(self.file_list, 1)
        self.files_error = plain_label("", page)
        self.files_error.setObjectName("fieldError")
        self.files_error.setWordWrap(True)
        layout.addWidget(self.files_error)
        row = QHBoxLayout()
        self.add_button = QPushButton("&Add files…", page)
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton("&Remove", page)
        self.remove_button.clicked.connect(self._remove_selected)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        cancel = QPushButton("Cancel", page)
        cancel.clicked.connect(self.reject)
        self.next_button = QPushButton("&Next", page)
        self.next_button.setObjectName("primaryButton")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next_from_files)
        row.addWidget(cancel)
        row.addWidget(self.next_button)
        layout.addLayout(row)
        return page

    def choose_files(self) -> None:
        dialog = QFileDialog(self, "Choose contact files", str(Path.home()), FILE_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.filesSelected.connect(self.add_files)
        dialog.open()

    def add_files(self, paths: Sequence[Path | str]) -> None:
        problems = []
        for raw in paths:
            path = Path(raw)
            if path in self.paths:
                continue
            try:
                kind = file_kind(path)
            except (ImportFileError, OSError) as exc:
                problems.append(str(exc))
                continue
            self.paths.append(path)
            self.kinds[path] = kind
            self.file_list.addItem(f"{path.name}   —   {_KIND_LABELS.get(kind, kind)}")
            self.file_list.item(self.file_list.count() - 1).setToolTip(tooltip(str(path)))
        self.files_error.setText("\n".join(problems))
        self.next_button.setEnabled(bool(self.paths))

    def _remove_selected(self) -> None:
        for item in self.file_list.selectedItems():
            row = self.file_list.row(item)
            path = self.paths.pop(row)
            self.kinds.pop(path, None)
            self.mappings.pop(path, None)
            self.file_list.takeItem(row)
        self.next_button.setEnabled(bool(self.paths))

    def next_from_files(self) -> None:
        if not self.paths:
            self.files_error.setText("Add at least one vCard or CSV file.")
            return
        self._to_map = [p for p in self.paths if self.kinds.get(p) == GENERIC_CSV]
        self._next_mapping_or_preview()

    # -- page 2: column mapping ----------------------------------------------------------------
    def _build_mapping(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.mapping_title = _title("Match columns", page)
        layout.addWidget(self.mapping_title)
        self.mapping_hint = muted("", page)
        layout.addWidget(self.mapping_hint)
        self.mapping_table = QTableWidget(0, 3, page)
        self.mapping_table.setHorizontalHeaderLabels(["Column in the file", "First values", "Imports as"])
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.mapping_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.mapping_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        self.mapping_table.setColumnWidth(2, 220)
        layout.addWidget(self.mapping_table, 1)
        self.mapping_error = plain_label("", page)
        self.mapping_error.setObjectName("fieldError")
        layout.addWidget(self.mapping_error)
        row = QHBoxLayout()
        back = QPushButton("&Back", page)
        back.clicked.connect(lambda: self.pages.setCurrentIndex(FILES))
        row.addWidget(back)
        row.addStretch(1)
        self.mapping_next = QPushButton("&Next", page)
        self.mapping_next.setObjectName("primaryButton")
        self.mapping_next.clicked.connect(self.accept_mapping)
        row.addWidget(self.mapping_next)
        layout.addLayout(row)
        return page

    def _next_mapping_or_preview(self) -> None:
        if not self._to_map:
            self.start_preview()
            return
        path = self._to_map[0]
        try:
            layout = inspect_csv(path)
        except (ImportFileError, OSError) as exc:
            self.files_error.setText(str(exc))
            self.pages.setCurrentIndex(FILES)
            return
        self._layout = layout
        self.mapping_title.setText(f"Match the columns of {path.name}")
        self.mapping_hint.setText(
            "netdesk does not know this CSV's layout. Choose what each column holds; the values come "
            f"from its first rows (header on line {layout.header_line}, {layout.encoding}, "
            f"separated by {_separator(layout.delimiter)})."
        )
        fields = mapping_fields()
        mapping = self.mappings.get(path, layout.mapping)
        self.mapping_table.setRowCount(len(layout.headers))
        for col, header in enumerate(layout.headers):
            self.mapping_table.setItem(col, 0, QTableWidgetItem(header or f"Column {col + 1}"))
            values = [r[col] for r in layout.sample if col < len(r) and r[col].strip()]
            sample = QTableWidgetItem(" · ".join(v.replace("\n", " ") for v in values[:3]))
            sample.setToolTip("\n".join(values))
            self.mapping_table.setItem(col, 1, sample)
            box = QComboBox(self.mapping_table)
            for name, label in fields:
                box.addItem(label, name)
            box.setCurrentIndex(max(box.findData(mapping.get(col, "ignore")), 0))
            self.mapping_table.setCellWidget(col, 2, box)
        self.mapping_error.setText("")
        self.pages.setCurrentIndex(MAPPING)

    def mapping_box(self, column: int) -> QComboBox:
        widget = self.mapping_table.cellWidget(column, 2)
        assert isinstance(widget, QComboBox)
        return widget

    def current_mapping(self) -> ColumnMapping:
        return {col: str(self.mapping_box(col).currentData()) for col in range(self.mapping_table.rowCount())}

    def accept_mapping(self) -> None:
        mapping = self.current_mapping()
        if all(target == "ignore" for target in mapping.values()):
            self.mapping_error.setText("Choose what at least one column holds, e.g. the name or e-mail.")
            return
        self.mappings[self._to_map.pop(0)] = mapping
        self._next_mapping_or_preview()

    # -- page 3: preview -----------------------------------------------------------------------
    def _build_preview(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(_title("Preview", page))
        top.addStretch(1)
        top.addWidget(QLabel("Show", page))
        self.filter_box = QComboBox(page)
        for label, status in (
            ("All rows", ""),
            ("New", Status.NEW.value),
            ("Updates", Status.UPDATE.value),
            ("Duplicates", Status.DUPLICATE.value),
            ("Errors", ERROR),
            ("Warnings", WARNING),
        ):
            self.filter_box.addItem(label, status)
        self.filter_box.currentIndexChanged.connect(lambda _i: self._filter_changed())
        top.addWidget(self.filter_box)
        layout.addLayout(top)
        self.summary_label = plain_label("", page)
        self.summary_label.setObjectName("sectionTitle")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.files_label = muted("", page)
        layout.addWidget(self.files_label)
        self.model = ImportPreviewModel(self)
        self.proxy = StatusFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(page)
        self.table.setModel(self.proxy)
        self.table.setItemDelegateForColumn(ACTION, ActionDelegate(self.table))
        self.table.setAlternatingRowColors(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        widths = ((FILE, 150), (LINE, 56), (NAME, 180), (ORGANISATION, 160), (STATUS, 84), (ACTION, 128))
        for column, width in widths:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(DETAILS, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.model.dataChanged.connect(lambda *_: self._update_import_button())
        self.preview_error = plain_label("", page)
        self.preview_error.setObjectName("fieldError")
        self.preview_error.setWordWrap(True)
        layout.addWidget(self.preview_error)
        row = QHBoxLayout()
        back = QPushButton("&Back", page)
        back.clicked.connect(lambda: self.pages.setCurrentIndex(FILES))
        row.addWidget(back)
        row.addStretch(1)
        cancel = QPushButton("Cancel", page)
        cancel.clicked.connect(self.reject)
        row.addWidget(cancel)
        self.import_button = QPushButton("&Import", page)
        self.import_button.setObjectName("primaryButton")
        self.import_button.clicked.connect(self.commit)
        row.addWidget(self.import_button)
        layout.addLayout(row)
        return page

    def _filter_changed(self) -> None:
        self.proxy.set_status(str(self.filter_box.currentData()))

    def start_preview(self) -> None:
        paths = list(self.paths)
        mappings = dict(self.mappings)
        service = self.service

        def work(task: Task) -> ImportPreview:
            parsed, failures = [], []
            for path in paths:
                found, failed = service.read([path], mappings.get(path), task.cancelled)
                parsed += found
                failures += failed
                if task.cancelled():
                    raise ImportCancelledError("Reading was cancelled; nothing was imported.")
            return service.preview(parsed, failures)

        self.files_error.setText("")
        self.runner.start("Reading and checking for duplicates…", work, self.show_preview, self._read_failed)

    def _read_failed(self, exc: BaseException) -> None:
        self.files_error.setText(str(exc))
        self.pages.setCurrentIndex(FILES)

    def show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        self.model.set_preview(preview)
        self.table.setColumnHidden(FILE, not self.model.several_files())
        errors = sum(len(f.errors) for f in preview.files) + len(preview.failures)
        parts = [
            plural(preview.count(Status.NEW), "new contact"),
            plural(preview.count(Status.UPDATE), "update"),
            plural(preview.count(Status.DUPLICATE), "duplicate"),
            plural(errors, "error"),
        ]
        self.summary_label.setText("  ·  ".join(parts))
        lines = [
            f"{Path(f.name).name}: {_KIND_LABELS.get(f.format, f.format)}, "
            f"{plural(len(f.records), 'record')}" + (f", {f.encoding}" if f.encoding else "")
            for f in preview.files
        ]
        hint = "Duplicates are skipped unless you choose another action (double-click it)."
        if errors:
            hint += " Rows with errors are not imported; the others still are."
        self.files_label.setText("\n".join([*lines, hint]))
        self.preview_error.setText("")
        self.filter_box.setCurrentIndex(0)
        self._update_import_button()
        self.pages.setCurrentIndex(PREVIEW)

    def _update_import_button(self) -> None:
        n = self.model.to_import()
        self.import_button.setText(f"&Import {plural(n, 'contact')}" if n else "&Import")
        self.import_button.setEnabled(n > 0 and not self.runner.is_busy())

    def commit(self) -> None:
        preview = self.preview
        if preview is None or self.runner.is_busy():
            return
        actions = self.model.actions()
        service = self.service

        def work(task: Task) -> ImportOutcome:
            def stop() -> None:
                if task.cancelled():
                    raise ImportCancelledError("The import was cancelled; nothing was imported.")

            # Off the GUI thread: wait for another program's lock here, telling the dialog by signal.
            return retry_while_locked(
                lambda: service.commit(preview, actions, progress=task.progress, cancelled=task.cancelled),
                service.db.path,
                waiting=task.report_waiting,
                stop=stop,
            )

        self.preview_error.setText("")
        self.runner.start("Importing contacts…", work, self._committed, self._commit_failed)

    def _commit_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ImportCancelledError):
            self.preview_error.setText("The import was cancelled; nothing was imported.")
        elif isinstance(exc, DatabaseBusyError):
            self.preview_error.setText(str(exc))  # names the program holding the database
        else:
            self.preview_error.setText(f"The import failed and nothing was saved: {exc}")

    def _committed(self, outcome: ImportOutcome) -> None:
        self.outcome = outcome
        text = self.done_page.show_outcome(outcome)
        self.pages.setCurrentIndex(DONE)
        if outcome.batch_id is not None:
            self.contacts_changed.emit()
            self.imported.emit(outcome.batch_id)
        self.status_message.emit(text)

    # -- page 4: done (netdesk/ui/import_done.py) ------------------------------------------------
    def _build_done(self) -> QWidget:
        page = ImportDonePage(self.service, self.runner, self.undo_stack, self)
        page.contacts_changed.connect(self.contacts_changed)
        page.undone.connect(self.undone)
        page.status_message.connect(self.status_message)
        page.close_requested.connect(self.accept)
        self.done_page = page
        self.done_summary, self.undo_button, self.undo_result = page.summary, page.undo_button, page.result
        return page

    # -- closing -------------------------------------------------------------------------------
    def _waiting(self, text: str) -> None:
        """The worker waits for another program's lock: say so here and in the status bar."""
        label = self.undo_result if self.pages.currentIndex() == DONE else self.preview_error
        label.setText(text)
        if text:
            self.status_message.emit(text)

    def _busy(self, busy: bool) -> None:
        for button in (self.next_button, self.mapping_next, self.add_button):
            button.setEnabled(not busy and (button is not self.next_button or bool(self.paths)))
        self._update_import_button()

    def done(self, result: int) -> None:
        self.runner.cancel_and_wait()
        super().done(result)


def _separator(delimiter: str) -> str:
    return {",": "commas", ";": "semicolons", "\t": "tabs"}.get(delimiter, repr(delimiter))
