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

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
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
from netdesk.services.contacts import NotFoundError
from netdesk.services.database import Database
from netdesk.services.event_capture import (
    Candidate,
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
from netdesk.ui.event_mode.review_actions import ReviewActions
from netdesk.ui.event_mode.review_list import ReviewList
from netdesk.ui.event_mode.review_model import ReviewModel, ReviewRow, RowStatus
from netdesk.ui.event_mode.workers import ReaderFactory
from netdesk.ui.plain import plain_label


class EventModeView(ReviewActions, QWidget):
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
        self.review = ReviewList(self.model, self)
        self.review.accept_requested.connect(self.accept_selected)
        self.review.accept_all_requested.connect(self.accept_all_confident)
        self.review.edit_requested.connect(self.edit_selected)
        self.review.skip_requested.connect(self.skip_selected)
        self.table = self.review.table
        self.accept_button, self.edit_button, self.skip_button = (
            self.review.accept_button,
            self.review.edit_button,
            self.review.skip_button,
        )
        # The form scrolls rather than squeeze its fields when the window is short; the splitter
        # lets the person trade form height for review rows. Its width never goes below what the
        # form's fields need beside the card picture (quick_add.MIN_FIELD_WIDTH).
        self.form_scroll = QScrollArea(self)
        self.form_scroll.setObjectName("formScroll")
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.form_scroll.setWidget(self.form)
        self.form_scroll.viewport().setAutoFillBackground(False)
        self.form.setAutoFillBackground(False)
        self.form_scroll.setMinimumWidth(self.form.minimum_width_with_card())
        self.middle = QSplitter(Qt.Orientation.Vertical, self)
        self.middle.setChildrenCollapsible(False)
        self.middle.addWidget(self.form_scroll)
        self.middle.addWidget(self.review)
        self.middle.setStretchFactor(0, 0)
        self.middle.setStretchFactor(1, 1)
        self.form.loaded.connect(self._show_whole_form)

        self.my_card = MyCardView(guarded(ProfileService(db), self), self)
        self.my_card.card_given.connect(self.give_card)
        self.my_card.status_message.connect(self.status_message)
        self.my_card.setFixedWidth(max(250, self.my_card.minimumSizeHint().width()))

        body = QHBoxLayout()
        body.setSpacing(10)
        body.addLayout(left, 3)
        body.addWidget(self.middle, 7)
        body.addWidget(self.my_card)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(header)
        layout.addWidget(self.counter_label)
        layout.addSpacing(4)
        layout.addLayout(body, 1)

        for keys, slot in (
            ("Ctrl+O", self.photos.choose),
            ("Ctrl+Shift+C", self.camera.capture_still),
            ("Ctrl+Return", self.accept_selected),
            ("Ctrl+Enter", self.accept_selected),
            ("Ctrl+Shift+Return", self.accept_all_confident),
        ):
            QShortcut(QKeySequence(keys), self, slot)
        self._watched: QObject | None = None
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
            QTimer.singleShot(0, self._show_whole_form)  # once laid out: the form unsqueezed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and event.type() == QEvent.Type.Close:
            self.shutdown()
        return super().eventFilter(watched, event)

    def _show_whole_form(self) -> None:
        """Give the form its full height (the list keeps the rest, at least its minimum): when the
        view is first shown and when a card is opened in the form."""
        sizes = self.middle.sizes()
        total = sum(sizes)
        if total <= 0:
            return
        wanted = self.form.sizeHint().height() + 2 * self.form_scroll.frameWidth()
        keep = self.review.minimumSizeHint().height()
        form = max(sizes[0], min(wanted, total - keep))
        self.middle.setSizes([form, total - form])
        self.form_scroll.ensureWidgetVisible(self.form.name, 0, 0)

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
            if choice == KEEP:
                waiting = self.pending.waiting_count(self.event_id)
                cards = "1 card waits" if waiting == 1 else f"{waiting} cards wait"
                self.status_message.emit(f"{cards} for review in {self.current_event.name}.")
            return
        self.review.select_first_open()
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
