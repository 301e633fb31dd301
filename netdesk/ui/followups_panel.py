"""The Follow-ups panel: whom to write to today and why, grouped Overdue / Today / This week /
Later / Snoozed, driven from the keyboard (Enter = draft, D = done, S = snooze).

It builds its own services from the ``Database`` and never touches a session. The queue is
re-read when the panel is shown, after every action, and every few minutes (so Today turns
into Overdue without a restart); each read also brings rule-made reminders up to date. The
reading happens in a pool thread (``followup_loader``): the page shows what it had, or a
placeholder, until the queue lands; a long section's rest is read when scrolled to.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QWidget,
)

from netdesk.domain.followup_queue import QueueHead, QueuePage, snooze_until
from netdesk.domain.followups import FollowUp
from netdesk.domain.models import InteractionKind
from netdesk.services.contacts import ContactService, NotFoundError
from netdesk.services.database import Database
from netdesk.services.drafts import DraftError, DraftService
from netdesk.services.followups import FollowUpError, FollowUpService
from netdesk.ui.busy import guarded, returns_when_busy
from netdesk.ui.draft_dialog import DraftDialog, UrlOpener
from netdesk.ui.followup_dialogs import NewFollowUpDialog, SnoozeDateDialog
from netdesk.ui.followup_loader import QueueLoader
from netdesk.ui.followup_model import HEADERS, FollowUpModel
from netdesk.ui.followups_layout import FollowUpsLayout
from netdesk.ui.template_editor import TemplateEditorDialog

REFRESH_MS = 5 * 60 * 1000
DONE_CHOICES = (
    ("Done — e-mail sent", InteractionKind.EMAIL),
    ("Done — handwritten note", InteractionKind.LETTER),
    ("Done — phone call", InteractionKind.CALL),
    ("Done — met in person", InteractionKind.MEETING),
    ("Done — LinkedIn message", InteractionKind.LINKEDIN),
)


class FollowUpsPanel(FollowUpsLayout):
    overdue_count_changed = Signal(int)
    queue_loaded = Signal()  # a read of the queue has landed and is shown
    followup_done = Signal(int)
    followup_snoozed = Signal(int)
    followup_skipped = Signal(int)
    status_message = Signal(str)

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        url_opener: UrlOpener | None = None,
        followups: FollowUpService | None = None,
    ) -> None:
        """``url_opener`` (default: the desktop's) and ``followups`` (its clock) are for tests."""
        super().__init__(parent)
        # While another program holds the database, actions wait visibly instead of failing.
        raw = followups or FollowUpService(db)
        self.followups = guarded(raw, self)
        self.drafts = guarded(DraftService(db, raw), self)
        self.contacts = guarded(ContactService(db), self)
        self.url_opener = url_opener
        self.overdue = -1  # not counted yet
        self.dialog: QWidget | None = None
        self.model = FollowUpModel(self)
        self.loader = QueueLoader(raw, self)
        self._reselect: int | None = None  # a follow-up to select once the queue lands
        self._build()
        self.loader.head_loaded.connect(self._head_arrived)
        self.loader.page_loaded.connect(self._page_arrived)
        self.loader.failed.connect(self.status_message)
        self.model.more_wanted.connect(self.loader.load_page)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        super()._build()
        self.tree.verticalScrollBar().valueChanged.connect(self._fetch_visible)
        for label, kind in DONE_CHOICES:
            self.done_menu.addAction(label, partial(self.mark_done, kind))
        self.snooze_menu.addAction("For a &day", lambda: self.snooze_for(timedelta(days=1)))
        self.snooze_menu.addAction("For a &week", lambda: self.snooze_for(timedelta(weeks=1)))
        self.snooze_menu.addAction("Until a d&ate…", self.ask_snooze_date)

        self.draft_button.clicked.connect(self.open_draft)
        self.done_button.clicked.connect(lambda: self.mark_done())
        self.done_more.clicked.connect(
            lambda: self.done_menu.popup(self.done_more.mapToGlobal(QPoint(0, self.done_more.height())))
        )
        self.snooze_button.clicked.connect(lambda: self.show_snooze_menu(self.snooze_button))
        self.skip_button.clicked.connect(self.skip)
        self.new_button.clicked.connect(self.new_followup)
        self.templates_button.clicked.connect(self.edit_templates)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.doubleClicked.connect(lambda _index: self.open_draft())

    # -- reading -------------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        """Read the queue again in a pool thread; what is shown stays until it lands."""
        self.loader.load_head()

    def wait_for_queue(self) -> None:
        """Block until the queue being read has landed (tests)."""
        self.loader.wait()

    def _head_arrived(self, head: QueueHead) -> None:
        current = self.current_item()
        keep = self._reselect if self._reselect is not None else (current.id if current else None)
        self._reselect = None
        self.model.set_head(head, self.followups.zone)
        self.tree.expandAll()
        for row in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
        self.stack.setCurrentWidget(self.tree if head.pages else self.empty)
        self.summary.setText(head.counts.summary())
        target = self.model.index_of(keep) if keep is not None else QModelIndex()
        if not target.isValid():
            target = self._first_item_index()
        if target.isValid():
            self.tree.setCurrentIndex(target)
        self._current_changed(self.tree.currentIndex(), QModelIndex())
        QTimer.singleShot(0, self, self._fetch_visible)  # a short section's end may be on screen
        overdue = head.counts.overdue
        if overdue != self.overdue:
            self.overdue = overdue
            self.overdue_count_changed.emit(overdue)
        self.queue_loaded.emit()

    def _page_arrived(self, page: QueuePage) -> None:
        self.model.append_page(page)
        QTimer.singleShot(0, self, self._fetch_visible)

    def _fetch_visible(self) -> None:
        """Ask for the next page of every section whose last row read is on screen."""
        bottom = self.tree.viewport().height()
        for row in range(self.model.rowCount()):
            section = self.model.index(row, 0)
            count = self.model.rowCount(section)
            if not count or not self.model.more_to_read(section):
                continue
            last = self.tree.visualRect(self.model.index(count - 1, 0, section))
            if last.isValid() and last.top() <= bottom:
                self.model.read_more(section)

    def _first_item_index(self) -> QModelIndex:
        for row in range(self.model.rowCount()):
            group = self.model.index(row, 0)
            if self.model.rowCount(group):
                return self.model.index(0, 0, group)
        return QModelIndex()

    def overdue_count(self) -> int:
        """The overdue count of the last queue read (-1 before the first has landed)."""
        return self.overdue

    def current_item(self) -> FollowUp | None:
        return self.model.item_at(self.tree.currentIndex())

    def select(self, followup_id: int) -> bool:
        """Select it if it has been read; else it is selected when the queue being read lands."""
        index = self.model.index_of(followup_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        elif self.loader.busy():
            self._reselect = followup_id
        return index.isValid()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.model.item_at(current)
        for button in (
            self.draft_button,
            self.done_button,
            self.done_more,
            self.snooze_button,
            self.skip_button,
        ):
            button.setEnabled(item is not None)
        if item is None:
            self.detail.setText("")
            return
        zone = self.followups.zone
        due = item.effective_due().astimezone(zone)
        this_year = datetime.now(zone).year

        def day(when: datetime) -> str:
            year = "" if when.year == this_year else f" {when.year}"
            return f"{when:%A %B} {when.day}{year}"

        lines = [
            f"<b>{_esc(item.headline)} — {_esc(item.contact_name)}</b>",
            f"Due {day(due)}, {due:%H:%M}",
        ]
        if item.deadline_at:
            lines[-1] += f" · deadline {day(item.deadline_at.astimezone(zone))}"
        lines.extend(_esc(text) for text in (item.reason, item.note) if text and text != item.title)
        self.detail.setText("<br>".join(lines))

    # -- keyboard ------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tree and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                return False
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_draft()
                return True
            if key == Qt.Key.Key_D:
                self.mark_done()
                return True
            if key == Qt.Key.Key_S:
                self.show_snooze_menu(self.tree)
                return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.loader.busy():  # the one already on its way is as new
            self.refresh()

    # -- actions -------------------------------------------------------------------------------
    def _act(self, action: str) -> FollowUp | None:
        item = self.current_item()
        if item is None:
            self.status_message.emit(f"Select a follow-up to {action}.")
        return item

    def _failed(self, exc: Exception) -> None:
        self.status_message.emit(str(exc))
        self.refresh()

    @Slot()
    @returns_when_busy
    def open_draft(self) -> DraftDialog | None:
        item = self._act("draft")
        if item is None:
            return None
        try:
            dialog = DraftDialog(self.drafts, self.followups, item.id, self, url_opener=self.url_opener)
        except (DraftError, NotFoundError) as exc:
            self._failed(exc)
            return None
        dialog.marked_sent.connect(self._sent)
        dialog.status_message.connect(self.status_message)
        self.dialog = dialog
        dialog.open()
        return dialog

    @returns_when_busy
    def _sent(self, followup_id: int) -> None:
        self.refresh()
        self.followup_done.emit(followup_id)
        self.status_message.emit("Marked as sent and logged in the contact's history.")

    @returns_when_busy
    def mark_done(self, kind: InteractionKind | None = None) -> None:
        item = self._act("mark done")
        if item is None:
            return
        try:
            self.followups.complete(item.id, kind)
        except (FollowUpError, NotFoundError) as exc:
            self._failed(exc)
            return
        self.refresh()
        self.followup_done.emit(item.id)
        self.status_message.emit(f"Done: {item.headline} for {item.contact_name}. Logged in their history.")

    def show_snooze_menu(self, anchor: QWidget) -> None:
        if self._act("snooze") is None:
            return
        if anchor is self.tree:
            rect = self.tree.visualRect(self.tree.currentIndex())
            point = self.tree.viewport().mapToGlobal(rect.bottomLeft())
        else:
            point = anchor.mapToGlobal(QPoint(0, anchor.height()))
        self.snooze_menu.popup(point)

    def snooze_for(self, delta: timedelta) -> None:
        self._snooze(lambda: snooze_until(self.followups.now(), delta=delta))

    def snooze_to(self, day: date) -> None:
        self._snooze(lambda: snooze_until(self.followups.now(), day=day, tz=self.followups.zone))

    @returns_when_busy
    def _snooze(self, until: Callable[[], datetime]) -> None:
        item = self._act("snooze")
        if item is None:
            return
        try:
            moment = until()
            self.followups.snooze(item.id, moment)
        except (FollowUpError, NotFoundError, ValueError) as exc:
            self._failed(exc)
            return
        self.refresh()
        self.followup_snoozed.emit(item.id)
        local = moment.astimezone(self.followups.zone)
        self.status_message.emit(f"Snoozed until {local:%a %b} {local.day}, {local:%H:%M}.")

    def ask_snooze_date(self) -> None:
        dialog = SnoozeDateDialog(self)
        dialog.date_chosen.connect(self.snooze_to)
        self.dialog = dialog
        dialog.open()

    @returns_when_busy
    def skip(self) -> None:
        item = self._act("skip")
        if item is None:
            return
        try:
            self.followups.skip(item.id)
        except (FollowUpError, NotFoundError) as exc:
            self._failed(exc)
            return
        self.refresh()
        self.followup_skipped.emit(item.id)
        self.status_message.emit(f"Skipped: {item.headline} for {item.contact_name}.")

    @returns_when_busy
    def new_followup(self) -> None:
        current = self.current_item()
        dialog = NewFollowUpDialog(
            self.followups, self.contacts, self, current.contact_id if current else None
        )
        dialog.followup_added.connect(self._added)
        self.dialog = dialog
        dialog.open()

    def _added(self, followup_id: int) -> None:
        self._reselect = followup_id
        self.refresh()

    @returns_when_busy
    def edit_templates(self) -> None:
        dialog = TemplateEditorDialog(self.drafts, self.followups, self)
        dialog.settings_saved.connect(self.refresh)
        self.dialog = dialog
        dialog.open()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


__all__ = ["HEADERS", "FollowUpsPanel"]
