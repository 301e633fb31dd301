"""The one window: a navigation rail (Contacts, Event mode, Follow-ups), menus and a status bar."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QThreadPool, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from netdesk.ui import busy
from netdesk.ui.about_box import show_about
from netdesk.ui.contacts_panel import ContactsPanel
from netdesk.ui.plain import inform, tooltip
from netdesk.ui.undo_keys import UndoKeyRouter
from netdesk.ui.unsaved import PageGuard
from netdesk.ui.window_pages import WindowPages

if TYPE_CHECKING:  # attach() imports them: the first paint comes before SQLAlchemy is imported
    from netdesk.services.database import Database
    from netdesk.services.early_listing import EarlyListing
    from netdesk.ui.backup_actions import BackupActions
    from netdesk.ui.change_routes import ChangeRoutes
    from netdesk.ui.changes import ChangeBridge
    from netdesk.ui.import_dialog import ImportDialog
    from netdesk.ui.me_actions import MeActions
    from netdesk.ui.sync_actions import SyncActions

CONTACTS, EVENTS, FOLLOWUPS, INTERVIEWS, LEADS, NETWORK = range(6)
IMPORTABLE_SUFFIXES = frozenset({".vcf", ".vcard", ".csv", ".tsv", ".txt"})


class MainWindow(WindowPages, QMainWindow):
    """The window. ``MainWindow(db, settings)`` is whole at once. At start-up it is made in two
    steps (``ui/application.py``): ``MainWindow(None, settings, early=listing)`` paints the
    sidebar and the contacts list read with plain sqlite3, before SQLAlchemy is imported; then
    ``attach(db)``, once the database is open and checked, adds the services, the details pane,
    the other pages, the menus' actions and the badges. Until then the sidebar takes no clicks
    and a search typed is run by attach()."""

    def __init__(
        self,
        db: Database | None,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        early: EarlyListing | None = None,
    ) -> None:
        super().__init__(parent)
        self.db: Database
        self.backup_actions: BackupActions
        self.changes: ChangeBridge
        self.change_routes: ChangeRoutes
        self.me: MeActions
        self.sync: SyncActions
        self.settings = settings
        self.closed_early = False  # closed before attach(): the start goes no further
        self.undo_stack = QUndoStack(self)
        self._undo_keys = UndoKeyRouter(self)  # Ctrl+Z in an empty field undoes the last delete
        self._followups_timer = QTimer(self)
        self._followups_timer.setSingleShot(True)
        self._followups_timer.setInterval(400)
        self.setWindowTitle("netdesk")
        self.setMinimumSize(QSize(760, 520))
        self.setAcceptDrops(True)

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.nav.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.pages = QStackedWidget(self)
        self.badge_pool = QThreadPool(self)
        self.badge_pool.setMaxThreadCount(1)
        self.contacts_panel = ContactsPanel(None, self.undo_stack, self, early=early)
        self._nav_labels = ["Contacts", "Event mode", "Follow-ups", "Interviews", "Leads", "Network"]
        for label in self._nav_labels:
            self.nav.addItem(QListWidgetItem(label))
        self.nav.setCurrentRow(CONTACTS)
        self.nav.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)  # until attach()
        self.pages.addWidget(self.contacts_panel)

        brand = QLabel("netdesk", self)
        brand.setObjectName("brand")
        rail = QWidget(self)
        rail.setObjectName("rail")
        rail_layout = QVBoxLayout(rail)
        rail_layout.setContentsMargins(10, 16, 10, 12)
        rail_layout.addWidget(brand)
        rail_layout.addSpacing(10)
        rail_layout.addWidget(self.nav, 1)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(rail)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        # The menus' titles now (the menu bar's height is in the first paint), their actions in attach().
        bar = self.menuBar()
        self._menus = {title: bar.addMenu(title) for title in ("&File", "&Edit", "&View", "&Help")}
        # My card and About me, in the menu bar's row so they cost no height on a 720-pixel
        # screen; their actions come in attach() (ui/me_actions.py).
        self._me_bar = QToolBar("Me", self)
        self._me_bar.setObjectName("meToolbar")
        self._me_bar.setMovable(False)
        self._me_bar.setFloatable(False)
        self._me_bar.toggleViewAction().setEnabled(False)
        for text in ("About &me…", "My &card"):
            self._me_bar.addAction(text)
        bar.setCornerWidget(self._me_bar, Qt.Corner.TopRightCorner)
        # "2 sync conflicts", shown by ui/sync_actions.py; placed now, so the status bar has its
        # height from the first paint (a status bar is as tall as its tallest widget, shown or not).
        self.sync_conflicts_button = QPushButton("", self)
        self.sync_conflicts_button.setObjectName("linkButton")
        self.sync_conflicts_button.hide()
        self.statusBar().addPermanentWidget(self.sync_conflicts_button)
        self._restore_geometry()
        self._greeting = ""
        if early is not None:
            self._greet(len(early.ids))
        if db is not None:
            self.attach(db)

    def attach(self, db: Database) -> None:
        """Everything that needs the open database (see the class's docstring)."""
        from netdesk.ui.backup_actions import BackupActions
        from netdesk.ui.change_routes import ChangeRoutes
        from netdesk.ui.changes import ChangeBridge
        from netdesk.ui.me_actions import MeActions
        from netdesk.ui.merge_dialog import undo_notifier
        from netdesk.ui.sync_actions import SyncActions

        self.db = db
        self.contacts_panel.attach(db)
        # The other pages are built when first shown (ui/window_pages.py): start-up reads little.
        self._add_lazy_pages()
        # The stack follows the sidebar once the page left has no unsaved text (or the person chose).
        self.page_guard = PageGuard(self, self.nav, self.pages, self._nav_labels)
        self.nav.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, False)
        self.contacts_panel.status_message.connect(self.show_message)
        self.contacts_panel.sample_data_requested.connect(self.load_sample_data)
        self._followups_timer.timeout.connect(self._followups_changed)
        self.backup_actions = BackupActions(db, self)
        self.backup_actions.restored.connect(self._after_restore)
        self.backup_actions.status_message.connect(self.show_message)
        notifier = undo_notifier(self.undo_stack)  # merges undone or redone after their dialog closed
        notifier.status_message.connect(self.show_message)
        # The daily backup waits until the window is up, so start-up stays instant.
        if not db.read_only:  # a read-only folder takes no backups; the window says it is read-only
            QTimer.singleShot(3000, self.backup_actions.daily_backup)
        # Every committed change, from any page, worker or another program, reaches the views
        # that show it (services/changes.py -> ui/changes.py -> ui/change_routes.py).
        self.changes = ChangeBridge(db, self)
        self.change_routes = ChangeRoutes(self, self.changes)
        self.me = MeActions(db, self)  # My card and About me: toolbar, menus, Ctrl+Shift+M
        self.me.status_message.connect(self.show_message)
        self.me.profile_saved.connect(self._profile_saved)
        self.sync = SyncActions(db, self, settings=self.settings)  # File › Sync…, its worker and timer
        self.sync.status_message.connect(self.show_message)
        self._build_menus()
        self.me.toolbar(self._me_bar)
        self._restore_page()
        if not self._greeting:
            self._greet(self.contacts_panel.model.rowCount())
        self._read_badges(self._greeting)  # overdue and cards to review join the greeting when counted

    def _greet(self, people: int) -> None:
        self._greeting = f"{people} {'person' if people == 1 else 'people'} in your network."
        self.statusBar().showMessage(self._greeting, 15000)

    def _set_overdue_badge(self, count: int) -> None:
        item = self.nav.item(FOLLOWUPS)
        if item is not None:
            item.setText(f"Follow-ups   ({count})" if count else "Follow-ups")
            item.setToolTip(f"{count} overdue" if count else "Nothing overdue")

    def _set_review_badge(self, count: int, text: str) -> None:
        item = self.nav.item(EVENTS)
        if item is not None:
            item.setText(f"Event mode   ({count})" if count else "Event mode")
            item.setToolTip(tooltip(text) or "No cards waiting for review")

    def _followups_changed(self) -> None:
        followups = self.built_page("followups_panel")
        if followups is not None:
            followups.refresh()  # type: ignore[attr-defined]
        else:
            self._read_badges()

    def _refresh_followups_later(self) -> None:
        # Contacts change in bursts (search keystrokes refresh too); the queue only needs the latest.
        self._followups_timer.start()

    # -- menus ---------------------------------------------------------------------------------
    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self) -> None:
        file_menu = self._menus["&File"]
        file_menu.addAction(self._action("&New contact", self.new_contact, QKeySequence.StandardKey.New))
        file_menu.addAction(self._action("Load &sample data", self.load_sample_data))
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Import contacts…", self.import_contacts, "Ctrl+I"))
        file_menu.addAction(self._action("&Export contacts…", self.export_contacts, "Ctrl+E"))
        file_menu.addAction(self._action("Export follow-ups to &calendar…", self.export_followups_calendar))
        file_menu.addSeparator()
        file_menu.addAction(self.sync.dialog_action)
        file_menu.addSeparator()
        file_menu.addAction(self.backup_actions.back_up_action)
        file_menu.addAction(self.backup_actions.restore_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))

        edit_menu = self._menus["&Edit"]
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcuts(QKeySequence.StandardKey.Undo)  # every platform binding (Ctrl+Y too)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts(QKeySequence.StandardKey.Redo)  # every platform binding (Ctrl+Y too)
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        edit_menu.addAction(self._action("&Find contacts", self.find_contacts, QKeySequence.StandardKey.Find))
        edit_menu.addAction(self._action("Find &duplicates…", self.find_duplicates, "Ctrl+Shift+D"))
        edit_menu.addAction(self._action("&Who can introduce me…", self.who_can_introduce, "Ctrl+Shift+W"))

        edit_menu.addSeparator()
        edit_menu.addAction(self.me.about_me_action)

        view_menu = self._menus["&View"]
        for row, label in enumerate(self._nav_labels):
            view_menu.addAction(self._action(label, partial(self.show_page, row), f"Ctrl+{row + 1}"))
        view_menu.addSeparator()
        view_menu.addAction(self.me.my_card_action)

        help_menu = self._menus["&Help"]
        help_menu.addAction(self._action("&About netdesk", self.about))

    # -- me ------------------------------------------------------------------------------------
    def _profile_saved(self) -> None:
        view = getattr(self.built_page("events_panel"), "view", None)  # a running event shows it too
        my_card = getattr(view, "my_card", None)
        if my_card is not None:
            my_card.refresh()

    # -- actions -------------------------------------------------------------------------------
    def show_page(self, row: int) -> None:
        self.nav.setCurrentRow(row)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def new_contact(self) -> None:
        self.show_page(CONTACTS)
        self.contacts_panel.new_contact()

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.status_message.connect(self.show_message)  # type: ignore[attr-defined]
        dialog.open()

    def import_contacts(self, paths: Sequence[Path | str] = ()) -> ImportDialog:
        from netdesk.ui.import_dialog import ImportDialog  # file readers load on first use

        dialog = ImportDialog(self.db, self, paths, undo_stack=self.undo_stack)
        self._open(dialog)
        return dialog

    def export_followups_calendar(self) -> None:
        """The whole follow-up queue as calendar events (.ics), as `netdesk export --format ics`."""
        from netdesk.domain.calendar import CalendarKind
        from netdesk.ui.export_dialog import ExportDialog

        self._open(ExportDialog(self.db, self, calendar_kind=CalendarKind.EVENTS))

    def export_contacts(self) -> None:
        from netdesk.ui.export_dialog import ExportDialog

        selected = self.contacts_panel.editor.contact_id()
        self._open(
            ExportDialog(
                self.db,
                self,
                search=self.contacts_panel.search.text(),
                selected_ids=(selected,) if selected is not None else (),
            )
        )

    def who_can_introduce(self) -> None:
        from netdesk.ui.intro_dialog import IntroDialog

        dialog = IntroDialog(self.db, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.contact_activated.connect(self.show_contact)
        dialog.open()

    def show_contact(self, contact_id: int) -> None:
        """Open one person in the Contacts panel (from a follow-up, a lead, the network picture…)."""
        self.show_page(CONTACTS)
        self.contacts_panel.show_contact(contact_id)

    def find_duplicates(self) -> None:
        from netdesk.ui.duplicates_dialog import DuplicatesDialog

        self._open(DuplicatesDialog(self.db, self.undo_stack, self))

    def reload_all(self) -> None:
        """After imports, merges and restores: every panel shows what the database holds now."""
        self.contacts_panel.refresh()
        self.contacts_panel.editor.reload_choices()
        pages: dict[str, Any] = self.lazy.built_pages()  # pages not built yet read when shown
        for page in pages.values():
            page.refresh()
        if "leads_panel" in pages:
            pages["leads_panel"].reload_choices()
        if len(pages) < 5:
            self._read_badges()

    def _after_restore(self) -> None:
        self.undo_stack.clear()  # queued undo commands hold ids from the replaced database
        self.contacts_panel.editor.new_contact()
        # every panel rereads through the change bridge: the restore announced "everything changed"

    def find_contacts(self) -> None:
        self.show_page(CONTACTS)
        self.contacts_panel.focus_search()

    @busy.returns_when_busy
    def load_sample_data(self) -> None:
        from netdesk.services.demo import DemoNotEmptyError, load_demo  # on first use: 0.2 s to import

        try:
            summary = busy.run(self, self.db.path, load_demo, self.db)  # waits visibly if locked
        except DemoNotEmptyError as exc:
            inform(self, "Sample data", str(exc).replace("use --force", "start with an empty folder"))
            return
        # the load is one committed change: the change bridge refreshes every panel once
        self.show_message(
            f"Loaded {summary.contacts} sample people and {summary.events} events. Explore, then start your own."
        )

    def about(self) -> QMessageBox:
        return show_about(self, self.db.folder)  # version, data folder, licence

    # -- geometry ------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        splitter = self.settings.value("contacts/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.contacts_panel.splitter.restoreState(splitter)

    def _restore_page(self) -> None:
        page = self.settings.value("window/page", CONTACTS)
        try:
            self.show_page(int(page))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            self.show_page(CONTACTS)

    # -- drag and drop: contact files dropped anywhere open the import ---------------------------
    @staticmethod
    def _contact_files(urls: Sequence[QUrl]) -> list[Path]:
        paths = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
        return [p for p in paths if p.suffix.lower() in IMPORTABLE_SUFFIXES]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime is not None and mime.hasUrls() and self._contact_files(mime.urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        files = self._contact_files(mime.urls()) if mime is not None and mime.hasUrls() else []
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_contacts(files)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.contacts_panel.attached:  # closed before the database opened: nothing to keep
            self.closed_early = True
            super().closeEvent(event)
            return
        if self.contacts_panel.editor.asking_about_conflict():
            event.ignore()  # saved elsewhere meanwhile: the person answers that dialog first
            return
        if not self.page_guard.settle_all():  # Save / Discard / Cancel for each half-typed form
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("contacts/splitter", self.contacts_panel.splitter.saveState())
        self.settings.setValue("window/page", self.nav.currentRow())
        self.settings.sync()
        super().closeEvent(event)
