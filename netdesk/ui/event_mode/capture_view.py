"""The focused capture layout of one event: camera and photos, review list, quick add, my card.

Cards found by the camera or in photos are matched on the main thread (the service opens its
own short sessions) and listed for review; the newest camera card is loaded into the quick-add
form unless the user is typing there. Enter in the form stores the person, or logs the meeting
with someone already in the network.

Cards without a QR code are read by OCR (photos, and "Capture still" on the camera). The review
form shows each scanned card's picture beside the fields and marks the fields OCR was unsure of;
accepting such a card from the list opens it in the form first, so the person checks them.

Every found card is stored as a pending capture before it is listed (``PendingCaptureService``),
and the list is rebuilt from those when the event is opened again: End event, quitting or a
crash never lose a card. End event with cards still waiting asks what to do with them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.card_scanning import (
    PHOTO_SUFFIXES,
    FoundCard,
    PhotoScan,
    StillScan,
    available_cameras,
    card_reader,
    open_camera,
)
from netdesk.services.contacts import ContactInputError, NotFoundError
from netdesk.services.database import Database
from netdesk.services.event_capture import (
    Candidate,
    CaptureError,
    DraftInvalidError,
    EventCaptureService,
    EventCounters,
)
from netdesk.services.pending_captures import PendingCapture, PendingCaptureService
from netdesk.services.profile import ProfileService
from netdesk.ui.busy import guarded, returns_when_busy
from netdesk.ui.event_mode.camera_view import CameraLister, CameraView, FrameSourceFactory
from netdesk.ui.event_mode.end_prompt import DISCARD, KEEP, EndEventPrompt
from netdesk.ui.event_mode.my_card import MyCardView
from netdesk.ui.event_mode.photo_batch import PhotoBatchView
from netdesk.ui.event_mode.quick_add import QuickAddForm
from netdesk.ui.event_mode.review_model import FOUND, NAME, ORG, REACH, ReviewModel, ReviewRow, RowStatus
from netdesk.ui.event_mode.workers import ReaderFactory
from netdesk.ui.plain import plain_label


class EventModeView(QWidget):
    status_message = Signal(str)
    contact_saved = Signal(int)
    counters_changed = Signal()
    event_ended = Signal(int)
    pending_changed = Signal()  # a card was stored, accepted or discarded
    cards_discarded = Signal(int, object)  # event id, ids of the pending captures (for undo)

    def __init__(
        self,
        db: Database,
        event_id: int,
        *,
        source_factory: FrameSourceFactory = open_camera,
        camera_lister: CameraLister = available_cameras,
        reader_factory: ReaderFactory = card_reader,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        service = EventCaptureService(db)
        self.capture = guarded(service, self)  # waits visibly on a locked database
        self.pending = guarded(PendingCaptureService(db, service), self)
        self.end_prompt: EndEventPrompt | None = None
        self.current_event = self.capture.events.get(event_id)
        self.event_id = event_id
        self.setAcceptDrops(True)

        title = plain_label(self.current_event.name, self)
        title.setObjectName("pageTitle")
        self.counter_label = plain_label("", self)  # includes the event's goals
        self.counter_label.setObjectName("muted")
        self.counter_label.setWordWrap(True)
        self.end_button = QPushButton("End event", self)
        self.end_button.setToolTip("Stop the camera and see the summary")
        self.end_button.clicked.connect(self.end_event)
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(self.end_button)

        self.camera = CameraView(source_factory, camera_lister, self, reader_factory=reader_factory)
        self.camera.cards_found.connect(self.on_cards_found)
        self.camera.still_scanned.connect(self.on_still_scanned)
        self.camera.notes_found.connect(lambda notes: self.status_message.emit(" ".join(notes)))
        self.camera.camera_failed.connect(self.status_message)
        self.sound = QCheckBox("Beep on a new card", self)
        self.photos = PhotoBatchView(self, reader_factory=reader_factory)
        self.photos.photo_scanned.connect(self.on_photo_scanned)
        self.photos.batch_finished.connect(self._photos_done)
        left = QVBoxLayout()
        heading = QLabel("Scan cards", self)
        heading.setObjectName("sectionTitle")
        left.addWidget(heading)
        left.addWidget(self.camera)
        left.addWidget(self.sound)
        left.addSpacing(6)
        left.addWidget(self.photos)
        left.addStretch(1)

        self.form = QuickAddForm(self)
        self.form.submitted.connect(self.save_form)
        self.form.add_as_new_requested.connect(lambda: self.save_form(as_new=True))
        self.model = ReviewModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        columns = self.table.horizontalHeader()
        columns.setStretchLastSection(True)
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setColumnHidden(REACH, True)  # in the Name tooltip; the column is too narrow here
        for column, width in ((NAME, 120), (ORG, 110), (FOUND, 80)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.review_empty = QLabel(
            "Cards you scan appear here to accept, edit or skip. Two cards in one photo give two rows.", self
        )
        self.review_empty.setObjectName("emptyHint")
        self.review_empty.setWordWrap(True)
        self.review_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.accept_button = QPushButton("Accept", self)
        self.accept_button.setToolTip("Store the selected card (Enter in the list, or Ctrl+Enter)")
        self.accept_button.clicked.connect(self.accept_selected)
        self.edit_button = QPushButton("Edit in form", self)
        self.edit_button.clicked.connect(self.edit_selected)
        self.skip_button = QPushButton("Skip", self)
        self.skip_button.setToolTip("Leave the selected card out (Delete)")
        self.skip_button.clicked.connect(self.skip_selected)
        review_buttons = QHBoxLayout()
        review_buttons.addWidget(self.accept_button)
        review_buttons.addWidget(self.edit_button)
        review_buttons.addWidget(self.skip_button)
        review_buttons.addStretch(1)
        middle = QVBoxLayout()
        middle.addWidget(self.form)
        heading = QLabel("Review", self)
        heading.setObjectName("sectionTitle")
        middle.addWidget(heading)
        middle.addWidget(self.table, 1)
        middle.addWidget(self.review_empty, 1)
        middle.addLayout(review_buttons)

        self.my_card = MyCardView(guarded(ProfileService(db), self), self)
        self.my_card.card_given.connect(self.give_card)
        self.my_card.status_message.connect(self.status_message)
        self.my_card.setFixedWidth(270)

        body = QHBoxLayout()
        body.setSpacing(14)
        body.addLayout(left, 3)
        body.addLayout(middle, 7)  # the form needs room for the card picture beside its fields
        body.addWidget(self.my_card)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(header)
        layout.addWidget(self.counter_label)
        layout.addSpacing(4)
        layout.addLayout(body, 1)

        for keys, slot in (
            ("Ctrl+O", self.photos.choose),
            ("Ctrl+Shift+C", self.camera.capture_still),
            ("Ctrl+Return", self.accept_selected),
        ):
            QShortcut(QKeySequence(keys), self, slot)
        self.table.installEventFilter(self)  # Enter accepts, Delete skips the selected card
        self.model.rowsInserted.connect(self._review_changed)
        self.model.dataChanged.connect(self._review_changed)
        self._watched: QObject | None = None
        self._review_changed()
        self.refresh_counters()
        self.load_pending()

    # -- lifecycle -----------------------------------------------------------------------------
    def start_camera_if_available(self) -> None:
        if self.camera.has_camera():
            self.camera.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        window = self.window()
        if window is not self._watched:
            window.installEventFilter(self)
            self._watched = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and event.type() == QEvent.Type.Close:
            self.shutdown()
        elif watched is self.table and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept_selected()
                return True
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.skip_selected()
                return True
        return super().eventFilter(watched, event)

    def shutdown(self) -> None:
        """Stop the camera, a still being read and any photo batch, waiting for their threads."""
        self.camera.shutdown()
        self.photos.shutdown()

    @returns_when_busy
    def end_event(self) -> None:
        """End at once when nothing waits; otherwise ask (review now, keep for later, discard)."""
        waiting = self.pending.waiting_count(self.event_id)
        if not waiting:
            self._finish()
            return
        self.end_prompt = EndEventPrompt(self, waiting, self.current_event.name)
        self.end_prompt.chosen.connect(self._end_chosen)
        self.end_prompt.open()

    @returns_when_busy
    def _end_chosen(self, choice: str) -> None:
        self.end_prompt = None
        if choice == DISCARD:
            ids = self.pending.discard_event(self.event_id)
            self.cards_discarded.emit(self.event_id, ids)
        if choice in (KEEP, DISCARD):
            self._finish()
            return
        first = next((i for i, row in enumerate(self.model.rows()) if row.open), None)
        if first is not None:
            self.table.selectRow(first)
        self.table.setFocus()
        self.status_message.emit("Enter accepts the selected card, Delete skips it.")

    def _finish(self) -> None:
        self.shutdown()
        self.event_ended.emit(self.event_id)

    # -- counters ------------------------------------------------------------------------------
    def counters(self) -> EventCounters:
        return self.capture.counters(self.event_id)

    @returns_when_busy
    def refresh_counters(self) -> None:
        c = self.counters()
        parts = [
            f"People met {c.people_met}",
            f"Cards collected {c.cards_collected}",
            f"Cards given {c.cards_given}",
        ]
        parts += [g.text for g in c.goals]
        self.counter_label.setText("    ·    ".join(parts))
        self.counters_changed.emit()

    @returns_when_busy
    def give_card(self, delta: int) -> None:
        try:
            count = self.capture.give_card(self.event_id, delta)
        except NotFoundError as exc:
            self.status_message.emit(str(exc))
            return
        self.refresh_counters()
        self.status_message.emit(f"Cards given at {self.current_event.name}: {count}.")

    # -- arriving cards ------------------------------------------------------------------------
    def _show(self, stored: PendingCapture) -> ReviewRow:
        """List a stored card; one seen before says so instead of disappearing."""
        if stored.duplicate:
            candidate = Candidate(stored.card, stored.card.draft, already_captured=True)
            message = f"Already captured — {stored.duplicate_of}"
            return self.model.add(
                candidate, pending_id=stored.id, status=RowStatus.DUPLICATE, message=message
            )
        return self.model.add(self.capture.prepare(self.event_id, stored.card), pending_id=stored.id)

    @returns_when_busy
    def load_pending(self) -> None:
        """The cards of this event still waiting from before (End event, quitting, a crash)."""
        stored = self.pending.pending(self.event_id)
        for item in stored:
            self._show(item)
        if stored:
            self.pending_changed.emit()

    def _add_cards(self, cards: tuple[FoundCard, ...]) -> list[ReviewRow]:
        """Store each card first (so nothing found is ever lost), then list it; the new ones."""
        rows: list[ReviewRow] = []
        for card in cards:
            try:
                stored = self.pending.store_pending(self.event_id, card)
            except NotFoundError as exc:
                self.status_message.emit(str(exc))
                return rows
            row = self._show(stored)
            if row.open:
                rows.append(row)
            else:
                self.status_message.emit(
                    f"{row.candidate.name or 'That card'} was already captured at this event."
                )
        if cards:
            self.pending_changed.emit()
        return rows

    @returns_when_busy
    def on_cards_found(self, cards: tuple[FoundCard, ...], *, asked: bool = False) -> None:
        """Cards from the camera; ``asked`` (a still) loads the newest unless the user is typing."""
        rows = self._add_cards(cards)
        if not rows:
            return
        self.camera.preview.flash()
        if self.sound.isChecked():
            QApplication.beep()
        newest = rows[-1]
        busy = self.form.is_dirty() if asked else self.form.is_dirty() or self.form.candidate is not None
        if busy:
            self.status_message.emit(f"New card: {newest.candidate.name}. It is waiting in the review list.")
        else:
            self.form.load(newest.id, newest.candidate)
            self.status_message.emit(f"New card: {newest.candidate.name}.")

    def on_still_scanned(self, scan: StillScan) -> None:
        if scan.cards:
            known = all(self.model.has_key(card.key) for card in scan.cards)
            self.on_cards_found(scan.cards, asked=True)
            if known:
                self.status_message.emit("That card is already in the review list.")
        else:
            self.status_message.emit(scan.error or " ".join(scan.notes))

    @returns_when_busy
    def on_photo_scanned(self, scan: PhotoScan) -> None:
        self._add_cards(scan.cards)

    def _photos_done(self, cancelled: bool) -> None:
        waiting = self.model.open_count()
        text = ("Photo scan cancelled. " if cancelled else "Photos read. ") + (
            f"{waiting} card(s) waiting in the review list."
        )
        if self.photos.ocr_problem:
            text += f" Photos without a QR code were not read: {self.photos.ocr_problem}"
        self.status_message.emit(text)

    def drop_paths(self, paths: list[str]) -> bool:
        photos = [p for p in paths if Path(p).suffix.lower() in PHOTO_SUFFIXES]
        if not photos:
            self.status_message.emit("Drop photos of cards (JPEG, PNG, HEIC, WebP…).")
            return False
        return self.photos.scan(photos)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if self.drop_paths(paths):
            event.acceptProposedAction()

    # -- storing -------------------------------------------------------------------------------
    def _store(
        self, candidate: Candidate | None, *, as_new: bool, from_form: bool, pending_id: int | None = None
    ) -> tuple[int, str, str] | None:
        """Store the form (or a candidate as found); (contact id, name, action) or None on error."""
        card = candidate.card if candidate is not None else None
        conversation = self.form.conversation_text() if from_form else ""
        lead = self.form.is_lead() if from_form else False
        try:
            if pending_id is not None and candidate is not None:  # a scanned card that waited
                matched = candidate.match_id is not None and not as_new
                outcome = self.pending.accept(
                    pending_id,
                    None if matched else (self.form.draft() if from_form else candidate.draft),
                    match_id=candidate.match_id if matched else None,
                    conversation=conversation,
                    lead=lead,
                )
            elif candidate is not None and candidate.match_id is not None and not as_new:
                outcome = self.capture.log_meeting(
                    self.event_id, candidate.match_id, card=card, conversation=conversation, lead=lead
                )
            else:
                draft = self.form.draft() if from_form else candidate.draft  # type: ignore[union-attr]
                outcome = self.capture.add(
                    self.event_id, draft, card=card, conversation=conversation, lead=lead
                )
        except DraftInvalidError as exc:
            if from_form:
                self.form.show_problems(exc.problems)
            else:
                self.status_message.emit(
                    f"{candidate.name if candidate else 'This card'}: {exc} Edit it in the form."
                )
            return None
        except (CaptureError, ContactInputError, NotFoundError) as exc:
            if from_form:
                self.form.show_error(str(exc))
            else:
                self.status_message.emit(str(exc))
            return None
        if pending_id is not None:
            self.pending_changed.emit()
        return outcome.contact_id, outcome.name, outcome.action

    @returns_when_busy
    def save_form(self, as_new: bool = False) -> None:
        row_id, candidate = self.form.row_id, self.form.candidate
        found = self.model.find(row_id) if row_id is not None else None
        pending_id = found[1].pending_id if found is not None else None
        stored = self._store(candidate, as_new=as_new, from_form=True, pending_id=pending_id)
        if stored is None:
            return
        contact_id, name, action = stored
        if row_id is not None:
            self.model.update(row_id, status=RowStatus.LOGGED if action == "matched" else RowStatus.SAVED)
        self.form.clear()
        self._after_store(contact_id, name, action)

    def _after_store(self, contact_id: int, name: str, action: str) -> None:
        self.refresh_counters()
        self.contact_saved.emit(contact_id)
        if action == "matched":
            self.status_message.emit(
                f"{name} is already in your network: logged this meeting at {self.current_event.name}."
            )
        else:
            self.status_message.emit(f"Added {name} to {self.current_event.name}.")

    def _selected(self) -> ReviewRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    @returns_when_busy
    def accept_selected(self) -> None:
        row = self._selected()
        if row is None or not row.open:
            return
        if row.candidate.problems:
            self.edit_row(row)
            return
        if row.low_confidence() and self.form.row_id != row.id:
            self.edit_row(row)
            self.status_message.emit(
                f"{row.candidate.name or 'This card'} was read as text: check the fields marked in amber "
                "against the card, then press Enter."
            )
            return
        stored = self._store(row.candidate, as_new=False, from_form=False, pending_id=row.pending_id)
        if stored is None:
            return
        contact_id, name, action = stored
        self.model.update(row.id, status=RowStatus.LOGGED if action == "matched" else RowStatus.SAVED)
        if self.form.row_id == row.id:
            self.form.clear()
        self._after_store(contact_id, name, action)

    def edit_selected(self) -> None:
        row = self._selected()
        if row is not None and row.open:
            self.edit_row(row)

    def edit_row(self, row: ReviewRow) -> None:
        self.form.load(row.id, row.candidate)

    @returns_when_busy
    def skip_selected(self) -> None:
        row = self._selected()
        if row is None or not row.dismissable:
            return
        if row.pending_id is not None:
            self.pending.discard(row.pending_id)
            self.pending_changed.emit()
        self.model.update(row.id, status=RowStatus.SKIPPED)
        self.camera.forget(row.candidate.card.text)
        if self.form.row_id == row.id:
            self.form.clear()

    def _review_changed(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.table.setVisible(has_rows)
        self.review_empty.setVisible(not has_rows)
        for button in (self.accept_button, self.edit_button, self.skip_button):
            button.setEnabled(has_rows)
