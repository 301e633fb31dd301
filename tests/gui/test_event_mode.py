"""Event mode driven through the real panel, with a fake frame source fed from corpus card photos."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from netdesk.domain.models import ContactDraft, Email, EventDraft
from netdesk.services.card_scanning import CameraInfo, FrameSourceError, ImageFrameSource
from netdesk.services.contacts import ContactService
from netdesk.services.events import EventService
from netdesk.services.people import PeopleService
from tests.gui.conftest import type_text

CARDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "cards"
EVENT_PAGE = 1
# The offscreen platform cannot size native dialogs; it says so on every QDialog.open().
pytestmark = pytest.mark.qt_log_ignore(r"^This plugin does not support propagateSizeHints")


@pytest.fixture
def cards() -> Path:
    if not CARDS.is_dir():
        pytest.skip(f"the shared corpus is not at {CARDS}")
    return CARDS


@pytest.fixture
def panel(main_window: Any, db: Any) -> Any:
    EventService(db).create(EventDraft(name="Fall Career Fair", goals="talk to 3 employers"))
    main_window.show_page(EVENT_PAGE)
    p = main_window.events_panel
    p.refresh()
    p.camera_lister = lambda: [CameraInfo(0, "Fake camera")]
    return p


def use_frames(panel: Any, *images: Path, loop: bool = True) -> None:
    panel.frame_source_factory = lambda _index: ImageFrameSource(list(images), loop=loop, interval=0.02)


class BrokenSource:
    """A camera that cannot be opened, or that is unplugged after ``frames`` frames."""

    name = "Broken camera"

    def __init__(self, frames: int | None, image: Path) -> None:
        self.frames = frames
        self.inner = ImageFrameSource([image], loop=True, interval=0.02)

    def open(self) -> None:
        if self.frames is None:
            raise FrameSourceError(
                "Camera 1 could not be opened: permission denied. You can still scan photos."
            )
        self.inner.open()

    def read(self) -> Any:
        if self.frames is not None and self.inner.delivered >= self.frames:
            raise FrameSourceError("Camera 1 stopped sending pictures; was it unplugged?")
        return self.inner.read()

    def close(self) -> None:
        self.inner.close()


def test_home_lists_events_and_creates_one_with_goals(qtbot: Any, panel: Any, db: Any) -> None:
    assert panel.tree.topLevelItemCount() == 1
    type_text(panel.name, "Réseau Social")
    panel.goals.setPlainText("hand out 10 cards")
    qtbot.keyClick(panel.name, Qt.Key.Key_Return)
    event = EventService(db).find("Réseau Social")
    assert event is not None and event.draft.goals == "hand out 10 cards"
    assert panel.tree.topLevelItemCount() == 2


def test_camera_frames_of_one_card_give_one_prefilled_draft_saved_with_enter(
    qtbot: Any, panel: Any, db: Any, cards: Path
) -> None:
    use_frames(panel, cards / "qr_nominal_00.jpg")
    view = panel.start_event(panel.selected_event_id())
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)
    assert view.form.name.text() == "Hannah Müller"
    assert view.form.organization.text() == "Blue Heron Software"
    assert "New card" in view.form.banner.text()
    qtbot.wait(300)  # many more frames of the same card arrive: still one row
    assert view.model.rowCount() == 1
    assert view.camera.capture.reader.frames > 5
    type_text(view.form.conversation, "Summer internship in data")
    qtbot.keyClick(view.form.conversation, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.form.name.text() == ""
    [contact] = ContactService(db).search_full()
    assert contact.event_name == "Fall Career Fair"
    assert view.counters().people_met == 1 and view.counters().cards_collected == 1
    assert "People met 1" in view.counter_label.text()
    assert "Added" in view.model.data(view.model.index(0, 4))
    view.shutdown()
    assert not view.camera.is_running()


def test_known_person_is_matched_not_duplicated(qtbot: Any, panel: Any, db: Any, cards: Path) -> None:
    PeopleService(db).add(ContactDraft(display_name="Hannah Müller", emails=(Email("hmller@blueheron.io"),)))
    use_frames(panel, cards / "qr_nominal_00.jpg")
    view = panel.start_event(panel.selected_event_id())
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)
    assert "Already in your network" in view.form.banner.text()
    assert view.form.save_button.text().startswith("Log meeting")
    qtbot.keyClick(view.form.conversation, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert ContactService(db).count() == 1
    assert view.counters().matched == 1 and view.counters().people_met == 1
    view.shutdown()


def test_photo_batch_two_card_photo_gives_two_rows(qtbot: Any, panel: Any, cards: Path) -> None:
    panel.camera_lister = list
    view = panel.start_event(panel.selected_event_id())
    with qtbot.waitSignal(view.photos.batch_finished, timeout=15000) as finished:
        view.drop_paths([str(cards / "qr_two_00.jpg"), str(cards / "qr_nominal_01.jpg"), "/nope/missing.jpg"])
    assert finished.args == [False]
    assert view.model.rowCount() == 3
    assert "missing.jpg" in view.photos.status.text()
    view.table.selectRow(0)
    view.accept_selected()
    assert view.counters().cards_collected == 1
    view.table.selectRow(1)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert view.model.data(view.model.index(1, 4)) == "Skipped"


def test_photo_batch_cancel_stops_early(qtbot: Any, panel: Any, cards: Path) -> None:
    panel.camera_lister = list
    view = panel.start_event(panel.selected_event_id())
    photos = [str(p) for p in sorted(cards.glob("qr_*.jpg"))] * 3
    view.photos.scan(photos)
    assert view.photos.cancel_button.isVisible()
    with qtbot.waitSignal(view.photos.batch_finished, timeout=15000) as finished:
        qtbot.mouseClick(view.photos.cancel_button, Qt.MouseButton.LeftButton)
    assert finished.args == [True]
    assert view.photos.progress.value() < len(photos)
    assert "Cancelled" in view.photos.status.text()
    assert not view.photos.cancel_button.isVisible()


def test_quick_add_by_keyboard_only(qtbot: Any, panel: Any, db: Any) -> None:
    panel.camera_lister = list
    view = panel.start_event(panel.selected_event_id())
    form = view.form
    for name, org in (("José Núñez", "Harbor Music Studio"), ("Zoë Ivanova", "WHOI")):
        type_text(form.name, name)
        qtbot.keyClick(form.name, Qt.Key.Key_Tab)
        type_text(form.organization, org)
        type_text(form.conversation, "Percussion internship")
        form.lead.setFocus()
        qtbot.keyClick(form.lead, Qt.Key.Key_Space)
        qtbot.keyClick(form.lead, Qt.Key.Key_Return)
        assert form.name.text() == "" and form.name.hasFocus()
    people = {c.name: c for c in ContactService(db).search_full()}
    assert set(people) == {"José Núñez", "Zoë Ivanova"}
    assert "lead" in people["José Núñez"].draft.tags
    assert view.counters().people_met == 2
    summary = view.capture.summary(view.event_id)
    assert summary.people[0].conversation == "Percussion internship" and summary.leads == 2


def test_quick_add_shows_what_to_fix(qtbot: Any, panel: Any, db: Any) -> None:
    panel.camera_lister = list
    view = panel.start_event(panel.selected_event_id())
    type_text(view.form.name, "Ana")
    type_text(view.form.email, "ana@")
    qtbot.keyClick(view.form.email, Qt.Key.Key_Return)
    assert view.form.error.text()
    assert view.form.email.property("invalid") is True
    assert ContactService(db).count() == 0


def test_no_camera_shows_message_and_photos_still_work(qtbot: Any, panel: Any, cards: Path) -> None:
    panel.camera_lister = list
    view = panel.start_event(panel.selected_event_id())
    assert "No camera was found" in view.camera.message.text()
    assert not view.camera.is_running()
    with qtbot.waitSignal(view.photos.batch_finished, timeout=15000):
        view.photos.scan([cards / "qr_nominal_02.jpg"])
    assert view.model.rowCount() == 1


def test_permission_denied_shows_message(qtbot: Any, panel: Any, cards: Path) -> None:
    panel.frame_source_factory = lambda _i: BrokenSource(None, cards / "qr_nominal_00.jpg")
    view = panel.start_event(panel.selected_event_id(), camera=False)
    with qtbot.waitSignal(view.camera.camera_failed, timeout=5000):
        view.camera.start()
    assert "permission denied" in view.camera.message.text()
    assert view.camera.start_button.text() == "Start camera"
    assert not view.camera.is_running()


def test_camera_unplugged_mid_event(qtbot: Any, panel: Any, cards: Path) -> None:
    panel.frame_source_factory = lambda _i: BrokenSource(8, cards / "qr_nominal_00.jpg")
    view = panel.start_event(panel.selected_event_id(), camera=False)
    with qtbot.waitSignal(view.camera.camera_failed, timeout=5000):
        view.camera.start()
    assert "unplugged" in view.camera.message.text()
    assert view.photos.open_button.isEnabled()


def test_cards_given_shortcut_counters_and_summary(qtbot: Any, panel: Any, db: Any) -> None:
    panel.camera_lister = list
    view = panel.start_event(panel.selected_event_id())
    qtbot.keyClick(view.form.name, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(view.my_card.give_button, Qt.MouseButton.LeftButton)
    assert view.counters().cards_given == 2
    assert "Cards given 2" in view.counter_label.text()
    view.end_event()
    assert panel.view is None
    dialog = panel.summary_dialog
    assert dialog is not None and dialog.isVisible()
    assert "Fall Career Fair" in dialog.windowTitle()
    dialog.close()
    panel.show_selected_summary()
    assert panel.summary_dialog.isVisible()
    panel.summary_dialog.close()


def test_review_model_passes_the_model_tester(
    qtbot: Any, qtmodeltester: Any, panel: Any, cards: Path
) -> None:
    panel.camera_lister = list
    view = panel.start_event(panel.selected_event_id())
    with qtbot.waitSignal(view.photos.batch_finished, timeout=15000):
        view.photos.scan([cards / "qr_two_01.jpg"])
    qtmodeltester.check(view.model)


def test_closing_the_window_stops_the_camera_threads(
    qtbot: Any, panel: Any, main_window: Any, cards: Path
) -> None:
    use_frames(panel, cards / "qr_nominal_00.jpg")
    view = panel.start_event(panel.selected_event_id())
    qtbot.waitUntil(lambda: view.camera.capture is not None and view.camera.capture.reader.frames > 2)
    capture = view.camera.capture
    main_window.close()
    assert not capture.reader.isRunning() and not capture.decoder.isRunning()
