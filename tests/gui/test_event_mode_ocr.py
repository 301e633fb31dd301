"""Event mode reads cards without a QR code: photos fall back to OCR, "Capture still" on the camera,
and the review form shows the card beside the fields with the doubtful ones marked.

OCR takes seconds per card, so only two tests run the real engine (a dropped photo and a camera
still); the others inject a fake recogniser whose reading has one low score, which makes the
highlighting deterministic.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from netdesk.domain.models import ContactDraft, Email, EventDraft, Phone
from netdesk.services.card_scanning import CameraInfo, CardReader, CardReading, ImageFrameSource, TextLine
from netdesk.services.contacts import ContactService
from netdesk.services.events import EventService
from tests.gui.conftest import type_text

CARDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "cards"
EVENT_PAGE = 1
STATUS = 4
UNAVAILABLE = "The OCR model is missing; reinstall rapidocr."
pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints")


@pytest.fixture
def cards() -> Path:
    if not (CARDS / "expected.json").is_file():
        pytest.skip(f"the shared corpus is not at {CARDS}")
    return CARDS


def expected_name(cards: Path, file: str) -> str:
    name: str = json.loads((cards / "expected.json").read_text(encoding="utf-8"))[file]["fields"]["fn"]
    return name


@pytest.fixture
def panel(main_window: Any, db: Any) -> Any:
    EventService(db).create(EventDraft(name="Fall Career Fair"))
    main_window.show_page(EVENT_PAGE)
    p = main_window.events_panel
    p.refresh()
    p.camera_lister = list
    return p


def line(text: str, top: float, score: float) -> TextLine:
    return TextLine(text, ((40.0, top), (400.0, top), (400.0, top + 30), (40.0, top + 30)), score)


def fake_reading(_image: Any) -> CardReading:
    """Fatima Lee's card as an OCR engine unsure of her title would read it."""
    draft = ContactDraft(
        display_name="Fatima Lee",
        title="Senior Software Engineer",
        organization="Acme Marketing Group",
        emails=(Email("flee@acmemarketing.com"),),
        phones=(Phone("+1 508 555 7748"),),
    )
    lines = (
        line("Fatima Lee", 40, 0.99),
        line("Senior Software Engineer", 80, 0.62),
        line("Acme Marketing Group", 120, 0.97),
        line("flee@acmemarketing.com", 160, 0.98),
        line("+1 508 555 7748", 200, 0.99),
    )
    names = ("display_name", "title", "organization", "emails", "phones")
    return CardReading(
        draft,
        confidence={name: lines[i].score for i, name in enumerate(names)},
        lines=lines,
        sources={name: (i,) for i, name in enumerate(names)},
    )


def wait_for_batch(qtbot: Any, view: Any, *paths: Path) -> None:
    with qtbot.waitSignal(view.photos.batch_finished, timeout=60000):
        assert view.drop_paths([str(p) for p in paths])


def test_photo_without_a_qr_code_is_read_by_ocr_and_shown_beside_the_form(
    qtbot: Any, panel: Any, cards: Path
) -> None:
    view = panel.start_event(panel.selected_event_id())
    wait_for_batch(qtbot, view, cards / "ocr_nominal_00.jpg")  # the real OCR engine
    assert view.model.rowCount() == 1
    row = view.model.row_at(0)
    assert row.candidate.name == expected_name(cards, "ocr_nominal_00.jpg")
    assert row.candidate.card.ocr and row.candidate.card.confidence
    assert "OCR" in view.model.data(view.model.index(0, 3), Qt.ItemDataRole.ToolTipRole)
    view.table.selectRow(0)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    assert view.form.name.text() == "Fatima Lee"
    image_view = view.form.card_image
    assert image_view.isVisible() and image_view.picture.image is not None
    assert not image_view.picture.image.isNull()
    assert "Read as text" in image_view.caption.text()
    view.shutdown()


def test_low_confidence_fields_are_marked_until_checked(qtbot: Any, panel: Any, db: Any, cards: Path) -> None:
    panel.card_reader_factory = lambda: CardReader(fake_reading)
    view = panel.start_event(panel.selected_event_id())
    wait_for_batch(qtbot, view, cards / "ocr_nominal_05.jpg")
    assert view.model.data(view.model.index(0, STATUS)) == "Check title"
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)  # Accept opens a doubtful card in the form first
    assert ContactService(db).count() == 0
    form = view.form
    assert form.row_id == view.model.row_at(0).id
    assert form.title.property("lowConfidence") is True
    assert form.title.toolTip() == "Read by OCR with 62% confidence; check it"
    assert [f.property("lowConfidence") for f in (form.name, form.organization, form.email, form.phone)] == [
        False
    ] * 4
    assert "amber" in form.banner.text()
    assert form.card_image.isVisible() and form.card_image.picture.outlines  # the title line, outlined
    form.title.selectAll()
    type_text(form.title, "Senior Engineer")
    assert form.title.property("lowConfidence") is False and form.title.toolTip() == ""
    qtbot.keyClick(form.conversation, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [contact] = ContactService(db).search_full()
    assert contact.draft.title == "Senior Engineer"
    assert not form.card_image.isVisible()
    assert view.model.data(view.model.index(0, STATUS)) == "Added"
    view.shutdown()


def test_capture_still_reads_a_card_without_a_code(qtbot: Any, panel: Any, cards: Path) -> None:
    image = cards / "ocr_rotated_02.jpg"
    panel.camera_lister = lambda: [CameraInfo(0, "Fake camera")]
    panel.frame_source_factory = lambda _i: ImageFrameSource([image], loop=True, interval=0.02)
    view = panel.start_event(panel.selected_event_id(), camera=False)
    camera = view.camera
    assert not camera.still_button.isEnabled()
    camera.start()
    qtbot.waitUntil(lambda: camera.capture.reader.frames > 2, timeout=5000)
    with qtbot.waitSignal(camera.still_scanned, timeout=60000):
        qtbot.mouseClick(camera.still_button, Qt.MouseButton.LeftButton)  # the real OCR engine
        assert not camera.still_button.isEnabled() and camera.still is not None
    assert view.model.rowCount() == 1
    assert view.form.name.text() == expected_name(cards, "ocr_rotated_02.jpg")
    assert view.form.card_image.isVisible()
    assert view.model.row_at(0).candidate.card.frame is not None  # kept as the card photo
    assert camera.still_button.isEnabled()
    view.shutdown()
    assert not camera.is_running() and camera.still is None


def test_ocr_unavailable_says_so_and_qr_codes_still_work(
    qtbot: Any, panel: Any, cards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import netdesk.capture.ocr

    monkeypatch.setattr(netdesk.capture.ocr, "ocr_problem", lambda: UNAVAILABLE)
    view = panel.start_event(panel.selected_event_id())
    with qtbot.waitSignal(view.status_message, timeout=60000, check_params_cb=lambda m: UNAVAILABLE in m):
        wait_for_batch(qtbot, view, cards / "qr_nominal_00.jpg", cards / "ocr_nominal_00.jpg")
    assert [r.candidate.name for r in view.model.rows()] == ["Hannah Müller"]
    status = view.photos.status.text()
    assert "ocr_nominal_00.jpg" in status and "cannot be read here" in status and UNAVAILABLE in status
    view.table.selectRow(0)
    view.edit_selected()
    assert view.form.low_confidence_fields() == []  # a QR code is exact
    assert view.form.card_image.isVisible()
    assert "QR code" in view.form.card_image.caption.text()
    view.shutdown()


def test_capture_still_without_ocr_explains_and_keeps_the_camera(
    qtbot: Any, panel: Any, cards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import netdesk.capture.ocr

    monkeypatch.setattr(netdesk.capture.ocr, "ocr_problem", lambda: UNAVAILABLE)
    panel.camera_lister = lambda: [CameraInfo(0, "Fake camera")]
    panel.frame_source_factory = lambda _i: ImageFrameSource(
        [cards / "ocr_nominal_05.jpg"], loop=True, interval=0.02
    )
    view = panel.start_event(panel.selected_event_id())
    camera = view.camera
    qtbot.waitUntil(lambda: camera.capture.reader.frames > 2, timeout=5000)
    with qtbot.waitSignal(camera.still_scanned, timeout=30000) as scanned:
        assert camera.capture_still()
    assert scanned.args[0].ocr_problem == UNAVAILABLE
    assert UNAVAILABLE in camera.message.text() and camera.message.objectName() == "fieldError"
    assert view.model.rowCount() == 0
    assert camera.is_running() and camera.still_button.isEnabled()
    view.shutdown()
