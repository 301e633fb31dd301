"""Reviewing at fair speed: thumbnails beside each card's fields, Accept moving on, "Accept all
confident" storing only the cards with nothing to check (each in its own transaction, a failure
leaving its card waiting), keys that do what the buttons say, a multi-line "Talked about", and a
form whose fields keep a readable width at 1280x720 with the card picture beside them.

The cards are stored as pending captures directly (as a photo scan would store them), so no
decoder or OCR engine runs here.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import cv2
import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPixmap

from netdesk.domain.models import ContactDraft, Email, EventDraft, Phone
from netdesk.services.card_scanning import FoundCard, PhotoScan
from netdesk.services.contacts import ContactService
from netdesk.services.event_capture import CaptureError
from netdesk.services.events import EventService
from netdesk.services.pending_captures import PendingCaptureService
from netdesk.ui.event_mode.quick_add import MIN_FIELD_WIDTH
from netdesk.ui.event_mode.review_model import NAME, STATUS, THUMB
from tests.conftest import CORPUS
from tests.gui.conftest import type_text

EVENT_PAGE = 1
PHOTO = CORPUS / "cards" / "qr_nominal_00.jpg"
pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints")

#: name, e-mail, OCR confidences (None: read from a QR code), card key
CARDS: tuple[tuple[str, str, dict[str, float] | None, str], ...] = (
    ("Hannah Müller", "hmueller@blueheron.io", None, "qr-hannah"),
    (
        "Fatima Lee",
        "flee@acmemarketing.com",
        {"display_name": 0.99, "title": 0.62, "phones": 0.55},
        "ocr-fatima",
    ),
    ("Jean-Baptiste Okonkwo", "jb@northeastern-regional.org", None, "qr-jb"),
    ("Wei Zhang", "wei@harborlabs.com", {"display_name": 0.97, "emails": 0.93}, "ocr-wei"),
    ("Carlos Ruiz", "carlos@ruiz.example", None, "qr-carlos"),  # no picture
)
REPEAT = CARDS[0]  # photographed again once the event is open


def card(name: str, email: str, confidence: dict[str, float] | None, key: str, *, picture: bool) -> FoundCard:
    crop = cv2.imread(str(PHOTO), cv2.IMREAD_COLOR) if picture and PHOTO.is_file() else None
    draft = ContactDraft(
        display_name=name,
        organization="Blue Heron Software",
        title="Engineer",
        emails=(Email(email),),
        phones=(Phone("+1 508 555 0142"),),
    )
    return FoundCard(
        draft=draft,
        source="photo",
        key=key,
        file="card.jpg",
        ocr=confidence is not None,
        confidence=MappingProxyType(confidence or {}),
        crop=crop,  # type: ignore[arg-type]
    )


@pytest.fixture
def view(main_window: Any, db: Any) -> Any:
    """Event mode on six cards: 3 from QR codes (one without a picture), 1 OCR card with doubtful
    fields, 1 OCR card read confidently, stored before the event opened; then 1 repeat photo."""
    event = EventService(db).create(EventDraft(name="Fall Career Fair"))
    pending = PendingCaptureService(db)
    for i, (name, email, confidence, key) in enumerate(CARDS):
        pending.store_pending(event.id, card(name, email, confidence, key, picture=i < len(CARDS) - 1))
    main_window.resize(1280, 720)
    main_window.show_page(EVENT_PAGE)
    panel = main_window.events_panel
    panel.refresh()
    panel.camera_lister = list
    v = panel.start_event(event.id)
    v.on_photo_scanned(PhotoScan("again.jpg", (card(*REPEAT, picture=True),)))
    yield v
    v.shutdown()


def statuses(view: Any) -> list[str]:
    return [view.model.data(view.model.index(i, STATUS)) for i in range(view.model.rowCount())]


def waiting_names(db: Any, view: Any) -> list[str]:
    return [p.card.name for p in PendingCaptureService(db).pending(view.event_id)]


def test_rows_show_thumbnails_and_every_field(view: Any) -> None:
    model = view.model
    assert model.rowCount() == 6
    thumbs = [model.data(model.index(r, NAME), Qt.ItemDataRole.DecorationRole) for r in range(6)]
    assert all(isinstance(t, QPixmap) and not t.isNull() for t in thumbs)
    assert all(
        t.deviceIndependentSize().toSize().boundedTo(THUMB) == t.deviceIndependentSize().toSize()
        for t in thumbs
    )
    again = model.data(model.index(0, NAME), Qt.ItemDataRole.DecorationRole)
    assert again.cacheKey() == thumbs[0].cacheKey()  # scaled once, not per paint
    # The card without a picture gets the drawn placeholder, not the previous card's picture.
    assert thumbs[4].cacheKey() != thumbs[3].cacheKey()
    assert statuses(view) == [
        "New",
        "Check title, phone",
        "New",
        "New",
        "New",
        "Already captured — Hannah Müller",
    ]
    texts = [[model.index(1, c).data() for c in range(5)]]
    assert texts[0][:4] == ["Fatima Lee", "Blue Heron Software", "flee@acmemarketing.com", "+1 508 555 0142"]


def test_status_words_are_never_cut(qtbot: Any, view: Any) -> None:
    table = view.table
    metrics = table.fontMetrics()

    def fits() -> bool:
        for row, text in enumerate(statuses(view)):
            room = QRect(0, 0, table.columnWidth(STATUS) - 8, 10000)
            needed = metrics.boundingRect(room, Qt.TextFlag.TextWordWrap, text)
            if table.rowHeight(row) < needed.height():
                return False
        return True

    qtbot.waitUntil(fits, timeout=2000)
    assert table.columnWidth(STATUS) >= metrics.horizontalAdvance("New") + 8


def test_accept_all_confident_leaves_the_doubtful_cards_waiting(qtbot: Any, view: Any, db: Any) -> None:
    assert view.review.accept_all_button.text() == "Accept all confident (4)"
    qtbot.mouseClick(view.review.accept_all_button, Qt.MouseButton.LeftButton)
    stored = sorted(c.name for c in ContactService(db).search_full())
    assert stored == ["Carlos Ruiz", "Hannah Müller", "Jean-Baptiste Okonkwo", "Wei Zhang"]
    assert waiting_names(db, view) == ["Fatima Lee"]  # still pending in the database
    assert statuses(view) == [
        "Added",
        "Check title, phone",
        "Added",
        "Added",
        "Added",
        "Already captured — Hannah Müller",
    ]
    message = view.window().statusBar().currentMessage()
    assert "Accepted 4 cards." in message and "1 card is left to check." in message
    assert view.table.currentIndex().row() == 1  # on the card left to check
    assert not view.review.accept_all_button.isEnabled()
    assert view.counters().cards_collected == 4


def test_a_card_that_fails_in_accept_all_stays_waiting_with_the_reason(
    qtbot: Any, view: Any, db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    accept = PendingCaptureService.accept
    jb = view.model.row_at(2).pending_id

    def failing(self: PendingCaptureService, pending_id: int, *args: Any, **kwargs: Any) -> Any:
        if pending_id == jb:
            raise CaptureError("That event was deleted meanwhile.")
        return accept(self, pending_id, *args, **kwargs)

    monkeypatch.setattr(PendingCaptureService, "accept", failing)
    view.accept_all_confident()
    assert sorted(c.name for c in ContactService(db).search_full()) == [
        "Carlos Ruiz",
        "Hannah Müller",
        "Wei Zhang",
    ]
    assert waiting_names(db, view) == ["Fatima Lee", "Jean-Baptiste Okonkwo"]
    assert statuses(view)[2] == "Not stored: That event was deleted meanwhile."
    assert view.model.row_at(2).open
    message = view.window().statusBar().currentMessage()
    assert "Accepted 3 cards." in message and "1 could not be stored" in message
    assert "2 cards are left to check." in message


def test_enter_accepts_and_moves_on_delete_skips_arrows_move(qtbot: Any, view: Any, db: Any) -> None:
    table = view.table
    table.selectRow(0)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert statuses(view)[0] == "Added"
    assert table.currentIndex().row() == 1  # the next card waiting
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 2
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert statuses(view)[2] == "Skipped"
    assert "Jean-Baptiste Okonkwo" not in waiting_names(db, view)
    assert table.currentIndex().row() == 3  # on to the next card waiting
    qtbot.keyClick(table, Qt.Key.Key_Up)
    assert table.currentIndex().row() == 2
    qtbot.keyClick(table, Qt.Key.Key_Up)
    qtbot.keyClick(table, Qt.Key.Key_F2)  # the doubtful card opens in the form
    assert view.form.row_id == view.model.row_at(1).id
    assert [c.name for c in ContactService(db).search_full()] == ["Hannah Müller"]
    for button, key in (
        (view.review.accept_button, "Enter"),
        (view.review.skip_button, "Delete"),
        (view.review.edit_button, "F2"),
        (view.review.accept_all_button, "Ctrl+Shift+Enter"),
    ):
        assert key in button.toolTip()


def test_talked_about_keeps_its_lines_and_ctrl_enter_saves(qtbot: Any, view: Any, db: Any) -> None:
    view.table.selectRow(0)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    note = view.form.conversation
    assert note.hasFocus()
    type_text(note, "Data internship")
    qtbot.keyClick(note, Qt.Key.Key_Return)  # a new line, not a save
    type_text(note, "<b>call</b> in May")
    assert ContactService(db).count() == 0
    assert note.toPlainText() == "Data internship\n<b>call</b> in May"
    qtbot.keyClick(note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [c.name for c in ContactService(db).search_full()] == ["Hannah Müller"]
    summary = view.capture.summary(view.event_id)
    assert summary.people[0].conversation == "Data internship\n<b>call</b> in May"
    assert statuses(view)[0] == "Added" and note.toPlainText() == ""


def test_ctrl_enter_in_a_line_saves_the_form_not_the_selected_card(qtbot: Any, view: Any, db: Any) -> None:
    view.table.selectRow(2)
    view.edit_selected()  # Jean-Baptiste in the form
    view.table.selectRow(0)  # Hannah selected in the list
    view.form.title.selectAll()
    type_text(view.form.title, "Director")
    qtbot.keyClick(view.form.title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [contact] = ContactService(db).search_full()
    assert contact.name == "Jean-Baptiste Okonkwo" and contact.draft.title == "Director"
    assert statuses(view)[0] == "New"


def test_accept_all_leaves_a_card_being_edited_in_the_form(qtbot: Any, view: Any, db: Any) -> None:
    view.table.selectRow(0)
    view.edit_selected()
    type_text(view.form.conversation, "Met at the booth")
    view.accept_all_confident()
    assert "Hannah Müller" in waiting_names(db, view)
    assert view.form.conversation.toPlainText() == "Met at the booth"
    assert statuses(view)[0] == "New" and statuses(view)[2] == "Added"


def test_the_form_keeps_readable_widths_in_edit_mode_at_1280x720(
    qtbot: Any, view: Any, main_window: Any
) -> None:
    assert main_window.size().width() == 1280 and main_window.size().height() == 720
    view.table.selectRow(1)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    form = view.form
    qtbot.waitUntil(lambda: form.card_image.isVisible())
    qtbot.wait(50)
    widths = {
        name: getattr(form, name).width()
        for name in ("name", "organization", "title", "email", "phone", "tags", "conversation")
    }
    assert min(widths.values()) >= MIN_FIELD_WIDTH, widths
    assert not view.form_scroll.horizontalScrollBar().isVisible()
    assert not view.form_scroll.verticalScrollBar().isVisible()  # the whole form shows
    assert view.table.height() >= 2 * view.table.rowHeight(0)  # and the list still shows cards
    assert form.title.property("lowConfidence") is True


def test_review_model_passes_the_model_tester(qtmodeltester: Any, view: Any) -> None:
    qtmodeltester.check(view.model)


def test_a_skipped_card_comes_back_with_undo(qtbot: Any, view: Any, db: Any, main_window: Any) -> None:
    view.table.selectRow(2)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert statuses(view)[2] == "Skipped"
    assert "Jean-Baptiste Okonkwo" not in waiting_names(db, view)
    assert "Ctrl+Z brings it back" in main_window.statusBar().currentMessage()
    assert main_window.undo_stack.undoText() == "Skip Jean-Baptiste Okonkwo"
    main_window.undo_stack.undo()
    assert statuses(view)[2] == "New" and view.model.row_at(2).open
    assert "Jean-Baptiste Okonkwo" in waiting_names(db, view)
    main_window.undo_stack.redo()
    assert statuses(view)[2] == "Skipped"
    # A repeat photo skipped and brought back says "already captured" again, never "waiting".
    view.table.selectRow(5)
    view.skip_selected()
    main_window.undo_stack.undo()
    assert statuses(view)[5] == "Already captured — Hannah Müller"
    assert waiting_names(db, view) == ["Hannah Müller", "Fatima Lee", "Wei Zhang", "Carlos Ruiz"]


def test_ctrl_shift_enter_accepts_all_confident(qtbot: Any, view: Any, db: Any) -> None:
    view.table.setFocus()
    qtbot.keyClick(
        view.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert ContactService(db).count() == 4
    assert waiting_names(db, view) == ["Fatima Lee"]
