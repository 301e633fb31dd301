"""Event mode completes a card whose QR code holds only a link with its printed text (issue 13).

Photos (the photo batch worker) and camera stills ("Capture still") go through the same service
as ``netdesk scan``: the review row names the printed person and keeps the code's LinkedIn URL,
and fields read from the print with low confidence are marked in the form. A fake recogniser
makes the doubtful field deterministic; one test runs the real OCR engine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from netdesk.domain.models import ContactDraft, Email, EventDraft, Phone, Url, UrlKind
from netdesk.services.card_scanning import CameraInfo, CardReader, CardReading, ImageFrameSource, TextLine
from netdesk.services.contacts import ContactService
from netdesk.services.events import EventService
from netdesk.ui.event_mode.review_model import HEADERS
from tests.qr_print_gen import SAMPLES, write_card

EVENT_PAGE = 1
CARD = SAMPLES["linkedin_only"]
pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints")


@pytest.fixture
def panel(main_window: Any, db: Any) -> Any:
    EventService(db).create(EventDraft(name="Fall Career Fair"))
    main_window.show_page(EVENT_PAGE)
    p = main_window.events_panel
    p.refresh()
    p.camera_lister = list
    return p


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    return write_card(CARD, tmp_path / "linkedin card.jpg")


def line(text: str, top: float, score: float) -> TextLine:
    return TextLine(text, ((40.0, top), (500.0, top), (500.0, top + 30), (40.0, top + 30)), score)


def printed_reading(_image: Any) -> CardReading:
    """The printed side of the card as an OCR engine unsure of the title would read it."""
    draft = ContactDraft(
        display_name=CARD.name,
        given_name="María",
        family_name="García",
        title=CARD.title,
        organization=CARD.organization,
        emails=(Email(CARD.email),),
        phones=(Phone(CARD.phone, "+15085550142"),),
        urls=(Url("https://www.harbormusic.net", UrlKind.WEBSITE),),
    )
    lines = (
        line(CARD.name, 40, 0.99),
        line(CARD.title, 90, 0.58),
        line(CARD.organization, 130, 0.97),
        line(CARD.email, 220, 0.98),
        line(CARD.phone, 260, 0.99),
        line("www.harbormusic.net", 300, 0.95),
    )
    names = ("display_name", "title", "organization", "emails", "phones", "urls")
    return CardReading(
        draft,
        confidence={name: lines[i].score for i, name in enumerate(names)},
        lines=lines,
        sources={name: (i,) for i, name in enumerate(names)},
    )


def column(name: str) -> int:
    return HEADERS.index(name)


def check_row(view: Any) -> Any:
    """The one review row: named by the print, holding the code's profile link."""
    assert view.model.rowCount() == 1
    row = view.model.row_at(0)
    assert view.model.data(view.model.index(0, column("Name"))) == CARD.name
    assert view.model.data(view.model.index(0, column("Organisation"))) == CARD.organization
    assert row.candidate.draft.urls[0] == Url(CARD.payload, UrlKind.LINKEDIN)
    card = row.candidate.card
    assert card.text == CARD.payload and card.ocr
    return row


def test_photo_with_a_linkedin_code_is_named_by_its_print_and_doubts_are_marked(
    qtbot: Any, panel: Any, db: Any, photo: Path
) -> None:
    calls: list[int] = []

    def recognise(image: Any) -> CardReading:
        calls.append(1)
        return printed_reading(image)

    panel.card_reader_factory = lambda: CardReader(recognise)
    view = panel.start_event(panel.selected_event_id())
    with qtbot.waitSignal(view.photos.batch_finished, timeout=60000):
        assert view.drop_paths([str(photo)])
    assert calls == [1]
    row = check_row(view)
    assert row.low_confidence() == ("title",)
    assert view.model.data(view.model.index(0, column("Status"))) == "Check title"
    # The code's fields are exact: the e-mail the code did not hold is the printed one (0.98).
    assert row.candidate.card.confidence["urls"] == 0.95
    view.table.selectRow(0)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    form = view.form
    assert form.name.text() == CARD.name and form.email.text() == CARD.email
    assert form.title.property("lowConfidence") is True
    assert form.title.toolTip() == "Read by OCR with 58% confidence; check it"
    assert [f.property("lowConfidence") for f in (form.name, form.organization, form.email, form.phone)] == [
        False
    ] * 4
    assert form.card_image.isVisible() and form.card_image.picture.outlines  # the title line
    qtbot.keyClick(form.conversation, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [contact] = ContactService(db).search_full()
    assert contact.draft.name == CARD.name
    assert [u.url for u in contact.draft.urls] == [CARD.payload, "https://www.harbormusic.net"]
    view.shutdown()


def test_camera_reads_the_print_beside_a_linkedin_code_by_itself(qtbot: Any, panel: Any, photo: Path) -> None:
    """Live decoding confirms the code; no nameless row appears, a still read names the card."""
    panel.card_reader_factory = lambda: CardReader(printed_reading)
    panel.camera_lister = lambda: [CameraInfo(0, "Fake camera")]
    panel.frame_source_factory = lambda _i: ImageFrameSource([photo], loop=True, interval=0.02)
    view = panel.start_event(panel.selected_event_id(), camera=False)
    camera = view.camera
    with qtbot.waitSignal(camera.still_scanned, timeout=60000) as scanned:
        camera.start()  # nobody presses "Capture still"
    assert [c.name for c in scanned.args[0].cards] == [CARD.name]
    row = check_row(view)
    assert row.candidate.card.frame is not None  # the camera picture is kept as the card photo
    assert row.low_confidence() == ("title",)
    assert camera.still is None and camera.still_button.isEnabled()
    qtbot.wait(300)  # the code stays in view: it is not read again
    assert view.model.rowCount() == 1 and camera.still is None
    view.shutdown()


def test_real_ocr_reads_the_printed_person_beside_a_linkedin_code(
    qtbot: Any, panel: Any, photo: Path
) -> None:
    view = panel.start_event(panel.selected_event_id())  # the real OCR engine
    with qtbot.waitSignal(view.photos.batch_finished, timeout=120000):
        assert view.drop_paths([str(photo)])
    row = check_row(view)
    assert [u.url for u in row.candidate.draft.urls] == [CARD.payload, "https://www.harbormusic.net"]
    assert set(row.candidate.card.confidence) >= {"display_name", "title", "organization", "emails", "urls"}
    assert [e.address for e in row.candidate.draft.emails] == [CARD.email]
    view.shutdown()
