"""Event mode's home: pick or create the event (with goals), then switch to the capture layout.

The page is a stack: the events list with the new/edit form, and — once an event is started —
the focused capture view of that event. "End event" shows the summary and comes back here; the
summary of any event can be reopened from the list.

Cards still waiting for review are counted here ("3 cards to review from Fall Career Fair"),
for this page and, through ``review_waiting``, for the main window's badge; a discard at End
event can be undone from the line it leaves on this page.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.models import Event, EventDraft, EventKind
from netdesk.services.card_scanning import available_cameras, card_reader, open_camera
from netdesk.services.contacts import NotFoundError
from netdesk.services.database import Database
from netdesk.services.event_capture import EventCaptureService
from netdesk.services.events import EventInputError, EventService
from netdesk.services.pending_captures import PendingCaptureService, waiting_text
from netdesk.ui.busy import guarded, returns_when_busy
from netdesk.ui.date_field import DateField
from netdesk.ui.event_mode.camera_view import CameraLister, FrameSourceFactory
from netdesk.ui.event_mode.capture_view import EventModeView
from netdesk.ui.event_mode.summary_dialog import SummaryDialog
from netdesk.ui.event_mode.workers import ReaderFactory
from netdesk.ui.formatting import short_date
from netdesk.ui.plain import plain_label, tooltip


class EventsPanel(QWidget):
    status_message = Signal(str)
    events_changed = Signal()
    contacts_changed = Signal()
    review_waiting = Signal(int, str)  # cards waiting for review in all events, and the sentence

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        # While another program holds the database, actions wait visibly instead of failing.
        self.events = guarded(EventService(db), self)
        self.capture = guarded(EventCaptureService(db), self)
        self.pending = guarded(PendingCaptureService(db), self)
        self.waiting: tuple[int, str] = (0, "")
        self.discarded: tuple[int, ...] = ()  # the last End event's discarded cards, for Undo
        #: Injectable for tests and demos: where live frames come from, and which cameras exist.
        self.frame_source_factory: FrameSourceFactory = open_camera
        self.camera_lister: CameraLister = available_cameras
        #: Makes the OCR reader of cards without a QR code (tests inject a fake recogniser).
        self.card_reader_factory: ReaderFactory = card_reader
        self.view: EventModeView | None = None
        self.summary_dialog: SummaryDialog | None = None
        self.editing_id: int | None = None

        self.stack = QStackedWidget(self)
        self.home = QWidget(self.stack)
        self.stack.addWidget(self.home)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._build_home()
        self.refresh()

    # -- home ----------------------------------------------------------------------------------
    def _build_home(self) -> None:
        home = self.home
        title = QLabel("Event mode", home)
        title.setObjectName("pageTitle")
        hint = QLabel(
            "Pick the career fair or social you are at and start event mode: scan cards with the "
            "webcam or from photos, quick-add people, and show your own card.",
            home,
        )
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        self.waiting_label = plain_label("", home)  # event names are outside text
        self.waiting_label.setWordWrap(True)
        self.undo_label = plain_label("", home)
        self.undo_label.setWordWrap(True)
        self.undo_button = QPushButton("Undo", home)
        self.undo_button.clicked.connect(self.undo_discard)
        self.notice = QWidget(home)
        self.notice.setObjectName("card")
        self.notice.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        notice = QVBoxLayout(self.notice)
        notice.setContentsMargins(12, 8, 12, 8)
        notice.addWidget(self.waiting_label)
        undo_row = QHBoxLayout()
        undo_row.addWidget(self.undo_label, 1)
        undo_row.addWidget(self.undo_button)
        notice.addLayout(undo_row)
        self.tree = QTreeWidget(home)
        self.tree.setHeaderLabels(["Event", "Kind", "Date", "Location", "Met", "Cards"])
        # Short count headers leave the width to event names; the header tooltips say it in full.
        for column, full in ((4, "People met at the event"), (5, "Business cards you handed out")):
            self.tree.headerItem().setToolTip(column, full)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 110), (2, 70), (3, 110)):
            self.tree.setColumnWidth(column, width)
        for column in (4, 5):  # counts: exactly as wide as their headers
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(lambda *_: self.start_selected())
        self.tree.currentItemChanged.connect(lambda *_: self._selection_changed())
        self.empty = QLabel(
            "No events yet. Add the next career fair or networking social on the right.", home
        )
        self.empty.setObjectName("emptyHint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.start_button = QPushButton("Start event mode", home)
        self.start_button.setObjectName("primaryButton")
        self.start_button.clicked.connect(self.start_selected)
        self.summary_button = QPushButton("Summary", home)
        self.summary_button.clicked.connect(self.show_selected_summary)
        self.edit_button = QPushButton("Edit goals…", home)
        self.edit_button.clicked.connect(self.edit_selected)
        actions = QHBoxLayout()
        actions.addWidget(self.start_button)
        actions.addWidget(self.summary_button)
        actions.addWidget(self.edit_button)
        actions.addStretch(1)

        self.name = QLineEdit(home)
        self.name.setPlaceholderText("e.g. Spring Career Fair")
        self.kind = QComboBox(home)
        for kind in EventKind:
            self.kind.addItem(kind.label, kind.value)
        self.when = DateField(home, optional=False, what="The start")
        self.when.set_value(datetime.now().astimezone().replace(second=0, microsecond=0))
        self.location = QLineEdit(home)
        self.location.setPlaceholderText("Where")
        self.goals = QPlainTextEdit(home)
        self.goals.setPlaceholderText(
            "One per line, e.g.\ntalk to 5 employers\nhand out 15 cards\ntargets: Moderna, WHOI"
        )
        self.goals.setFixedHeight(96)
        self.add_button = QPushButton("Add event", home)
        self.add_button.setObjectName("primaryButton")
        self.add_button.clicked.connect(self.add_event)
        self.cancel_edit = QPushButton("Cancel", home)
        self.cancel_edit.clicked.connect(self.reset_form)
        self.cancel_edit.hide()
        self.form_message = plain_label("", home)
        self.form_message.setObjectName("fieldError")
        self.form_message.setWordWrap(True)
        form_box = QWidget(home)
        form_box.setObjectName("card")
        form_box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        form = QFormLayout(form_box)
        form.setContentsMargins(14, 12, 14, 12)
        self.form_heading = QLabel("New event", form_box)
        self.form_heading.setObjectName("sectionTitle")
        form.addRow(self.form_heading)
        form.addRow("Name", self.name)
        form.addRow("Kind", self.kind)
        form.addRow("Starts", self.when)
        form.addRow("Location", self.location)
        form.addRow("Goals", self.goals)
        form.addRow(self.form_message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.cancel_edit)
        buttons.addStretch(1)
        form.addRow("", buttons)
        form_box.setFixedWidth(380)

        left = QVBoxLayout()
        left.addWidget(title)
        left.addWidget(hint)
        left.addWidget(self.notice)
        left.addSpacing(6)
        left.addWidget(self.tree, 1)
        left.addWidget(self.empty, 1)
        left.addLayout(actions)
        right = QVBoxLayout()
        right.addWidget(form_box)
        right.addStretch(1)
        layout = QHBoxLayout(home)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(16)
        layout.addLayout(left, 1)
        layout.addLayout(right)
        self.name.returnPressed.connect(self.add_event)

    @returns_when_busy
    def refresh(self) -> None:
        selected = self.selected_event_id()
        self.tree.clear()
        events = self.events.list()
        for ev in events:
            self.tree.addTopLevelItem(self._item(ev))
        self.tree.setVisible(bool(events))
        self.empty.setVisible(not events)
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is None:
                continue
            if item.data(0, Qt.ItemDataRole.UserRole) == selected or (selected is None and i == 0):
                self.tree.setCurrentItem(item)
                break
        self._selection_changed()
        self.update_waiting()
        if self.view is not None:
            self.view.refresh_counters()

    @returns_when_busy
    def update_waiting(self) -> None:
        """Recount the cards waiting for review; the page line and the window's badge follow."""
        waiting = self.pending.waiting()
        text = waiting_text(waiting)
        self.waiting = (sum(w.count for w in waiting), text)
        self.waiting_label.setText(f"{text}. Start event mode for that event to review them." if text else "")
        self.waiting_label.setVisible(bool(text))
        self.undo_label.setVisible(bool(self.discarded))
        self.undo_button.setVisible(bool(self.discarded))
        self.notice.setVisible(bool(text) or bool(self.discarded))
        self.review_waiting.emit(*self.waiting)

    def cards_discarded(self, event_id: int, ids: tuple[int, ...]) -> None:
        self.discarded = tuple(ids)
        name = self.events.get(event_id).name
        cards = "1 card" if len(ids) == 1 else f"{len(ids)} cards"
        self.undo_label.setText(f"Discarded {cards} from {name}.")
        self.status_message.emit(f"Discarded {cards} from {name}. Undo brings them back.")

    @returns_when_busy
    def undo_discard(self) -> None:
        back = self.pending.undiscard_many(self.discarded)
        self.discarded = ()
        self.update_waiting()
        cards = "1 card waits" if len(back) == 1 else f"{len(back)} cards wait"
        self.status_message.emit(f"Undone: {cards} for review again.")

    @staticmethod
    def _item(ev: Event) -> QTreeWidgetItem:
        d = ev.draft
        item = QTreeWidgetItem(
            [
                d.name,
                d.kind.label,
                short_date(d.starts_at),
                d.location,
                str(ev.contact_count),
                str(d.cards_given),
            ]
        )
        item.setData(0, Qt.ItemDataRole.UserRole, ev.id)
        item.setToolTip(0, tooltip(f"{d.name}\n\nGoals:\n{d.goals}" if d.goals else d.name))
        item.setToolTip(1, tooltip(d.kind.label))  # cut short (…) when the pane is narrow
        item.setToolTip(3, tooltip(d.location))
        for column in (4, 5):
            item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def selected_event_id(self) -> int | None:
        item = self.tree.currentItem()
        return int(item.data(0, Qt.ItemDataRole.UserRole)) if item is not None else None

    def _selection_changed(self) -> None:
        has = self.selected_event_id() is not None
        for button in (self.start_button, self.summary_button, self.edit_button):
            button.setEnabled(has)

    def _draft(self) -> EventDraft:
        moment = self.when.value()
        base = self.events.get(self.editing_id).draft if self.editing_id is not None else EventDraft(name="")
        return EventDraft(
            name=self.name.text(),
            kind=EventKind(self.kind.currentData()),
            starts_at=moment,
            ends_at=base.ends_at,
            location=self.location.text(),
            goals=self.goals.toPlainText(),
            notes=base.notes,
            cards_given=base.cards_given,
        )

    @returns_when_busy
    def add_event(self) -> None:
        if not self.when.validate():
            self.form_message.setText(self.when.problem())
            self.when.setFocus()
            return
        try:
            if self.editing_id is not None:
                event = self.events.update(self.editing_id, self._draft())
                done = f"Saved {event.name}."
            else:
                event = self.events.create(self._draft())
                done = f"Added event {event.name}. Select it and press “Start event mode”."
        except (EventInputError, NotFoundError) as exc:
            self.form_message.setText(str(exc))
            self.name.setFocus()
            return
        self.reset_form()
        self.refresh()
        self.select_event(event.id)
        self.events_changed.emit()
        self.status_message.emit(done)

    def reset_form(self) -> None:
        self.editing_id = None
        self.form_message.setText("")
        self.name.clear()
        self.location.clear()
        self.goals.clear()
        self.form_heading.setText("New event")
        self.add_button.setText("Add event")
        self.cancel_edit.hide()

    @returns_when_busy
    def edit_selected(self) -> None:
        event_id = self.selected_event_id()
        if event_id is None:
            return
        d = self.events.get(event_id).draft
        self.editing_id = event_id
        self.name.setText(d.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(d.kind.value)))
        if d.starts_at is not None:
            self.when.set_value(d.starts_at)
        self.location.setText(d.location)
        self.goals.setPlainText(d.goals)
        self.form_heading.setText("Edit event")
        self.add_button.setText("Save changes")
        self.cancel_edit.show()
        self.goals.setFocus()

    def select_event(self, event_id: int) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == event_id:
                self.tree.setCurrentItem(item)

    # -- event mode ----------------------------------------------------------------------------
    @returns_when_busy
    def start_selected(self) -> None:
        event_id = self.selected_event_id()
        if event_id is not None:
            self.start_event(event_id)

    def start_event(self, event_id: int, *, camera: bool = True) -> EventModeView:
        self.close_view()
        view = EventModeView(
            self.db,
            event_id,
            source_factory=self.frame_source_factory,
            camera_lister=self.camera_lister,
            reader_factory=self.card_reader_factory,
            parent=self.stack,
        )
        view.status_message.connect(self.status_message)
        view.contact_saved.connect(lambda _id: self.contacts_changed.emit())
        view.event_ended.connect(self.end_event)
        view.cards_discarded.connect(self.cards_discarded)
        view.pending_changed.connect(self.update_waiting)
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        self.view = view
        if camera:
            view.start_camera_if_available()
        view.form.name.setFocus()
        waiting = view.model.open_count()  # kept for later, or left by a crash or a quit
        more = (
            ""
            if not waiting
            else f" {waiting} card{'s wait' if waiting != 1 else ' waits'} for review below."
        )
        self.status_message.emit(f"Event mode: {view.current_event.name}.{more}")
        return view

    def close_view(self) -> None:
        view, self.view = self.view, None
        if view is not None:
            view.shutdown()
            self.stack.removeWidget(view)
            view.deleteLater()
        self.stack.setCurrentWidget(self.home)

    @returns_when_busy
    def end_event(self, event_id: int) -> None:
        self.close_view()
        self.refresh()
        self.select_event(event_id)
        self.events_changed.emit()
        self.show_summary(event_id)

    @returns_when_busy
    def show_selected_summary(self) -> None:
        event_id = self.selected_event_id()
        if event_id is not None:
            self.show_summary(event_id)

    def show_summary(self, event_id: int) -> SummaryDialog:
        waiting = self.pending.waiting_count(event_id)
        tick = partial(self.capture.set_goal_checked, event_id)  # checkbox goals are ticked here too
        self.summary_dialog = SummaryDialog(self.capture.summary(event_id), self, waiting=waiting, tick=tick)
        self.summary_dialog.goals.status_message.connect(self.status_message)
        self.summary_dialog.open()
        return self.summary_dialog
