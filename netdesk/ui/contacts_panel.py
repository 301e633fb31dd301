"""The Contacts panel: search-as-you-type over the whole network, a sortable table, and the
selected person's details and interaction log beside it.

At 100,000 contacts nothing here walks the network in Python: each keystroke (and each header
click) asks for the ids in table order in a worker thread (FTS5 and ``ORDER BY`` in SQLite), the
table builds only the rows it shows (``ContactTableModel``), and an answer to a query that has
been typed over since is dropped (a generation counter), so every keystroke's own result is
the one shown and a slow one never blocks the next. ``refresh()`` does the same at once, for
callers that need the list current when it returns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QThreadPool, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QWidget,
)
from shiboken6 import isValid

from netdesk.ui.busy import guarded, returns_when_busy
from netdesk.ui.contact_table_model import ID_ROLE, ContactTableModel
from netdesk.ui.contacts_layout import AfterPaint, contact_table, search_field, split
from netdesk.ui.empty_state import WELCOME_PANELS, EmptyState
from netdesk.ui.workers import Task

if TYPE_CHECKING:  # imported in attach(): the list paints before SQLAlchemy is imported
    from netdesk.services.contacts import ContactService
    from netdesk.services.database import Database
    from netdesk.services.early_listing import EarlyListing
    from netdesk.services.events import EventService
    from netdesk.services.followups import FollowUpService
    from netdesk.ui.contact_editor import ContactEditor
    from netdesk.ui.interaction_log import InteractionLog

# Keys typed faster than the event loop turns are taken as one query; no wait beyond that.
SEARCH_DELAY_MS = 0


class ContactsPanel(QWidget):
    status_message = Signal(str)
    contacts_changed = Signal()
    sample_data_requested = Signal()

    def __init__(
        self,
        db: Database | None,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        *,
        early: EarlyListing | None = None,
    ) -> None:
        """With ``db`` the panel is whole at once. Without it, the list is read through ``early``
        (plain sqlite3, read-only) and shown, and the services and the details pane come with
        ``attach(db)`` just after the window's first paint; a search typed or a row picked
        meanwhile is taken up then."""
        super().__init__(parent)
        self.contacts: ContactService
        self.listing: ContactService
        self.events: EventService
        self.followups: FollowUpService
        self.editor: ContactEditor
        self.log: InteractionLog
        self.attached = False
        self._waiting = False  # a search or sort asked for before attach()
        self.undo_stack = undo_stack
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh_soon)
        self._following = False
        self._generation = 0  # of the newest query: older answers are dropped
        self.shown_search: str | None = None  # the search whose result the table shows
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._tasks: set[Task] = set()
        self._build(early)
        if db is not None:
            self.attach(db)
        elif early is not None:
            self._show("", early.ids, len(early.ids))

    def attach(self, db: Database) -> None:
        """The services and the details pane; the list rereads only what was asked meanwhile."""
        from netdesk.services import capture_records
        from netdesk.services.contacts import ContactService
        from netdesk.services.events import EventService
        from netdesk.services.followups import FollowUpService
        from netdesk.ui.contact_editor import ContactEditor
        from netdesk.ui.interaction_log import InteractionLog

        current = not self._waiting and self.shown_search is not None  # the early list, unchanged
        # Writes wait visibly (and the window stays responsive) while another netdesk holds the lock.
        self.listing = ContactService(db)  # reads for the worker and the table's pages
        self.contacts = guarded(self.listing, self)  # one service: one kept name order
        self.events = guarded(EventService(db), self)
        self.followups = guarded(FollowUpService(db), self)
        self.model.set_fetch(self.listing.summaries_of)
        self.editor = ContactEditor(
            self.contacts,
            self.events,
            parent=self,
            followups=self.followups,
            card_images=lambda contact_id: capture_records.card_images(self.listing.db, contact_id),
        )
        self.editor.contact_saved.connect(self._on_saved)
        self.editor.contact_reloaded.connect(lambda _id: self._refresh_keep_selection())
        self.editor.delete_requested.connect(self.delete_contact)
        self.log = InteractionLog(self.contacts, self)
        self.log.interaction_logged.connect(lambda _i: self._refresh_keep_selection())
        self.detail_tabs = QTabWidget(self)
        self.detail_tabs.setDocumentMode(True)
        self.detail_tabs.addTab(self.editor, "Details")
        self.detail_tabs.addTab(self.log, "Interactions")
        self.detail_empty = EmptyState("No one selected", self)
        self.detail_empty_title, self.detail_empty_text = self.detail_empty.title, self.detail_empty.text
        # The details pane shows a listed person, a new contact being written, or this.
        self.detail_stack.addWidget(self.detail_tabs)
        self.detail_stack.addWidget(self.detail_empty)
        self.detail_stack.setCurrentWidget(self.detail_empty)
        self.attached = True
        if not current:
            self.refresh()  # an empty list leaves the details pane empty
        else:
            self._pool.start(Task(lambda _task: self.listing.listed()))  # the name order, kept for searches
            if not self.model.rowCount():
                self._clear_details(False)
        # The first person opens just after the window's first paint, not before it (reading
        # them and filling the form is ~0.1 s of a start at 100,000 contacts).
        QTimer.singleShot(0, self, self._open_first)

    def _open_first(self) -> None:
        if self.model.rowCount() and self.editor.contact_id() is None and not self.editor.is_dirty():
            current = self.table.currentIndex()  # a row picked before the services were there
            if current.isValid():
                self._on_current_changed(current, QModelIndex())
            else:
                self.table.selectRow(0)

    def _build(self, early: EarlyListing | None) -> None:
        self.search = search_field(self)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.count_label = QLabel("", self)
        self.count_label.setObjectName("muted")
        self.new_button = QPushButton("New contact", self)
        self.new_button.setObjectName("primaryButton")
        self.new_button.setToolTip("New contact (Ctrl+N)")
        self.new_button.clicked.connect(self.new_contact)
        bar = QHBoxLayout()
        bar.setContentsMargins(16, 12, 16, 8)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.new_button)

        self.model = ContactTableModel(early.summaries_of if early is not None else None, self)
        self.table = contact_table(self, self.model)
        self._after_paint = AfterPaint(self.table.viewport(), self._open_selected)
        self.model.sort_requested.connect(self.refresh_soon)  # ordered in SQL, off this thread
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)

        self.empty = EmptyState("", self)
        self.empty_title, self.empty_text = self.empty.title, self.empty.text
        self.empty_add = self.empty.add_button("Add a contact", primary=True)
        self.empty_add.clicked.connect(self.new_contact)
        self.empty_sample = self.empty.add_button("Try with sample data")
        self.empty_sample.clicked.connect(self.sample_data_requested.emit)

        self.list_stack = QStackedWidget(self)
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty)

        # The details pane: blank until attach() puts the editor and its empty state in.
        self.detail_stack = QStackedWidget(self)
        self.detail_stack.addWidget(QWidget(self))

        self.splitter = split(self, bar, self.list_stack, self.detail_stack)

    # -- data ----------------------------------------------------------------------------------
    @returns_when_busy
    def refresh(self) -> None:
        """Re-run the search now; keeps the selected person selected when still listed."""
        self._search_timer.stop()
        if not self.attached:
            self._waiting = True  # attach() reads it
            return
        self._generation += 1
        text = self.search.text()
        sort, descending = self.model.sort_key()
        self._show(text, *self.contacts.listed(text, sort, descending))

    def refresh_soon(self) -> None:
        """Re-run the search in the worker; the answer is shown unless a newer query was asked."""
        self._search_timer.stop()
        if not self.attached:
            self._waiting = True  # attach() reads it
            return
        self._generation += 1
        generation, text = self._generation, self.search.text()
        sort, descending = self.model.sort_key()

        def work(_task: Task) -> tuple[list[int], int] | None:
            if generation != self._generation:
                return None  # typed over while it waited: not worth reading
            return self.listing.listed(text, sort, descending)

        task = Task(work)
        self._tasks.add(task)

        def arrived(listed: object) -> None:
            self._tasks.discard(task)
            if not isValid(self):
                return  # the window closed while the worker read
            if generation == self._generation and isinstance(listed, tuple):
                ids, total = listed
                self._show(text, ids, total, typed=True)

        def failed(_exc: object) -> None:
            self._tasks.discard(task)
            if isValid(self) and generation == self._generation:
                self.refresh()  # says so if the database is busy, and shows what it can

        task.signals.finished.connect(arrived)
        task.signals.failed.connect(failed)
        self._pool.start(task)

    def _show(self, text: str, ids: list[int], total: int, typed: bool = False) -> None:
        """``ids`` listed for ``text``, of ``total`` people in all."""
        self.model.set_ids(ids)
        self.shown_search = text
        if text.strip():
            self.count_label.setText(f"{len(ids)} of {total}")
        else:
            self.count_label.setText(f"{total} {'person' if total == 1 else 'people'}")
        if ids:
            self.list_stack.setCurrentWidget(self.table)
        else:
            self._show_empty(text.strip(), total)
        if not self.attached:
            return  # the details pane follows the list from attach() on
        if not self._following:  # a save made while following the list refreshes again
            self._following = True
            try:
                self._follow_the_list(bool(text.strip()), typed)
            finally:
                self._following = False
        self.contacts_changed.emit()

    def _follow_the_list(self, searching: bool, typed: bool = False) -> None:
        """The details pane never shows someone the list does not: when the search (or a delete)
        leaves the shown person out, the first listed person takes their place, or the pane
        empties. Unsaved edits are saved first, as when picking another row; edits that cannot
        be saved stay open (with a message) rather than being thrown away. While typing
        (``typed``) with nothing unsaved, the row is selected now and the person read on the
        next turn, after the table has painted the keystroke's result (quick typing reads only
        the last one)."""
        shown = self.editor.contact_id()
        if shown is not None and self.model.row_of(shown) is not None:
            self.select_contact(shown, load=False)
            return
        if shown is None:
            if not self.editor.is_dirty() and not self.model.rowCount():
                self._clear_details(searching)
            return
        if self.model.rowCount() and typed and not self.editor.is_dirty():
            self.select_contact(self.model.id_at(0), load=False)
            self._after_paint.arm()  # opens them once the table has painted
            return
        if self.model.rowCount():
            self.table.selectRow(0)  # loads them, after saving pending edits
            if self.editor.contact_id() == shown:  # the edits could not be saved
                self.table.clearSelection()
            return
        if self.editor.is_dirty() and not self.editor.save():
            self.status_message.emit("The open contact has problems; fix or revert them first.")
            return
        self._clear_details(searching)

    def _open_selected(self) -> None:
        """The selected row's person in the details pane, when it is someone else (typing)."""
        current = self.table.currentIndex()
        if current.isValid() and current.data(ID_ROLE) != self.editor.contact_id():
            self._on_current_changed(current, QModelIndex())

    def _clear_details(self, searching: bool) -> None:
        focus = QApplication.focusWidget()  # typing in the search box goes on there
        self.editor.new_contact()
        self.log.set_contact(None)
        if focus is not None and focus is not QApplication.focusWidget():
            focus.setFocus()
        self.detail_empty_title.setText("No one to show" if searching else "No one selected")
        self.detail_empty_text.setText(
            "Change the search to see someone here."
            if searching
            else "Pick someone in the list to see their details and interactions."
        )
        self.detail_stack.setCurrentWidget(self.detail_empty)

    def _show_details(self) -> None:
        self.detail_stack.setCurrentWidget(self.detail_tabs)

    def _show_empty(self, query: str, total: int) -> None:
        if query:
            self.empty_title.setText("No one matches")
            self.empty_text.setText(
                f"Nobody in your network matches “{query}”. Check the spelling, "
                "use fewer words, or add them as a new contact."
            )
            self.empty_sample.hide()
            self.empty.set_details("")
        else:
            self.empty_title.setText("Your network starts here")
            self.empty_text.setText(
                "Add the people you know — family, professors, people you met at a "
                "career fair — and netdesk reminds you to follow up."
            )
            self.empty_sample.setVisible(total == 0)
            self.empty.set_details(WELCOME_PANELS if total == 0 else "")
        self.list_stack.setCurrentWidget(self.empty)

    def _refresh_keep_selection(self) -> None:
        self.refresh()

    def select_contact(self, contact_id: int | None, load: bool = True) -> None:
        if contact_id is None:
            return
        source_row = self.model.row_of(contact_id)
        if source_row is None:
            return
        index = self.model.index(source_row, 0)
        if not load:
            self.table.selectionModel().blockSignals(True)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        if not load:
            self.table.selectionModel().blockSignals(False)
        self.table.scrollTo(index)

    @returns_when_busy
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or not self.attached:
            return  # before attach(): _open_first() opens the row picked
        contact_id = current.data(ID_ROLE)
        if contact_id == self.editor.contact_id():
            return
        if self.editor.is_dirty() and not self.editor.save():
            self.status_message.emit("The open contact has problems; fix or revert them first.")
            self.select_contact(self.editor.contact_id(), load=False)
            return
        from netdesk.services.contacts import NotFoundError  # imported by attach(): free here

        try:
            contact = self.contacts.get(int(contact_id))
        except NotFoundError as exc:
            self.status_message.emit(str(exc))
            self.refresh()
            return
        self.editor.set_contact(contact)
        self.log.set_contact(contact.id)
        self._show_details()

    def _on_saved(self, contact_id: int, created: bool) -> None:
        name = self.editor.heading.text()
        message = f"Added {name}." if created else f"Saved {name}."
        following, self._following = self._following, True
        try:
            if created or self.search.text().strip():
                self.refresh()  # listed (or not, under the search) before this returns
            else:
                # Everyone is listed: show the new values in place now, the new order soon.
                self.model.update_rows(self.listing.summaries_of([contact_id]))
                self.refresh_soon()
        finally:
            self._following = following
        if not following:  # else saved on the way to the next listed person: the list moves on
            if self.model.row_of(contact_id) is None and self.search.text():
                self.search.clear()  # what was just saved stays in view, and listed
                self.refresh()
                message += " The search was cleared to keep them in view."
            self.select_contact(contact_id, load=False)
            self.log.set_contact(contact_id)
            self._show_details()
        self.status_message.emit(message)

    # -- actions -------------------------------------------------------------------------------
    def show_contact(self, contact_id: int) -> None:
        """Select and open ``contact_id``, clearing a search that hides them."""
        if self.model.row_of(contact_id) is None and self.search.text():
            self.search.clear()
            self.refresh()
        if self.model.row_of(contact_id) is None:
            self.status_message.emit("That contact no longer exists.")
            return
        self.select_contact(contact_id)
        self.detail_tabs.setCurrentWidget(self.editor)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def new_contact(self) -> None:
        if not self.attached:
            return  # a click before the services are there (a moment after the first paint)
        if self.editor.is_dirty() and not self.editor.save():
            return
        self.table.clearSelection()
        self.detail_tabs.setCurrentWidget(self.editor)
        self.editor.new_contact()
        self.log.set_contact(None)
        self._show_details()

    def delete_contact(self, contact_id: int, confirm: bool = True) -> None:
        """Delete after a question (``confirm``), undoably: ``ui/contact_delete.py``."""
        from netdesk.ui import contact_delete

        contact_delete.delete_contact(self, contact_id, confirm)
