"""Files handed to the window from outside (``netdesk FILE...``, a second launch) open where they
belong: contact files in the import preview, card photos in event mode, calendar files and
anything else with a sentence naming the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from netdesk.domain.models import EventDraft
from netdesk.services.events import EventService
from netdesk.ui.file_opener import FileOpener
from netdesk.ui.import_dialog import FILES, PREVIEW, ImportDialog

CARDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "cards"
VCARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\nEMAIL:ada@example.org\r\nEND:VCARD\r\n"


@pytest.fixture
def card_photo() -> Path:
    photo = CARDS / "qr_nominal_01.jpg"
    if not photo.is_file():
        pytest.skip(f"the shared corpus is not at {CARDS}")
    return photo


def import_dialogs(window: Any) -> list[ImportDialog]:
    return [d for d in window.findChildren(ImportDialog) if d.isVisible()]


def shows_the_preview_of(qtbot: Any, window: Any, path: Path) -> None:
    """The window shows one import dialog, for ``path``, reaching its preview of one new contact."""
    qtbot.waitUntil(lambda: bool(import_dialogs(window)), timeout=5000)
    (dialog,) = import_dialogs(window)
    assert dialog.paths == [path]
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == PREVIEW, timeout=10_000)
    assert dialog.summary_label.text().startswith("1 new contact")
    dialog.reject()


def test_a_vcard_opens_straight_in_the_import_preview(qtbot: Any, main_window: Any, tmp_path: Path) -> None:
    path = tmp_path / "ada.vcf"
    path.write_text(VCARD, encoding="utf-8")
    FileOpener(main_window).open([str(path)])
    shows_the_preview_of(qtbot, main_window, path)


def test_a_broken_contact_file_stays_on_the_files_page_with_its_name(
    qtbot: Any, main_window: Any, tmp_path: Path
) -> None:
    good, bad = tmp_path / "ada.vcf", tmp_path / "broken.vcf"
    good.write_text(VCARD, encoding="utf-8")
    bad.write_bytes(b"\x00\x01\x02 not a card")
    FileOpener(main_window).open([good, bad])
    (dialog,) = import_dialogs(main_window)
    assert dialog.pages.currentIndex() == FILES  # the person sees which file was refused
    assert "broken.vcf" in dialog.files_error.text()
    assert dialog.paths == [good]
    dialog.reject()


def test_more_contact_files_join_an_import_still_choosing_files(main_window: Any, tmp_path: Path) -> None:
    first, second = tmp_path / "a.vcf", tmp_path / "b.vcf"
    for path in (first, second):
        path.write_text(VCARD, encoding="utf-8")
    dialog = main_window.import_contacts([first])
    FileOpener(main_window).open([second])
    assert import_dialogs(main_window) == [dialog]
    assert dialog.paths == [first, second]
    dialog.reject()


def test_a_card_photo_asks_for_the_event_and_is_read_there(
    qtbot: Any, main_window: Any, db: Any, card_photo: Path
) -> None:
    events = EventService(db)
    events.create(EventDraft(name="Spring Social"))
    main_window.events_panel.refresh()
    main_window.events_panel.camera_lister = list
    opener = FileOpener(main_window)
    opener.open([card_photo])
    chooser = opener.chooser
    assert chooser is not None and chooser.isVisible()
    assert main_window.pages.currentWidget() is main_window.events_panel
    assert chooser.event_box.currentText() == "Spring Social"
    chooser.event_box.setEditText("Fall Career Fair")  # a new name makes a new event
    chooser.accept()
    view = main_window.events_panel.view
    assert view is not None and view.current_event.name == "Fall Career Fair"
    assert events.find("Fall Career Fair") is not None
    qtbot.waitUntil(lambda: not view.photos.is_busy(), timeout=15_000)
    assert view.model.rowCount() == 1


def test_a_card_photo_goes_into_the_running_event(
    qtbot: Any, main_window: Any, db: Any, card_photo: Path
) -> None:
    event = EventService(db).create(EventDraft(name="Fall Career Fair"))
    panel = main_window.events_panel
    panel.camera_lister = list
    view = panel.start_event(event.id, camera=False)
    opener = FileOpener(main_window)
    with qtbot.waitSignal(view.photos.batch_finished, timeout=15_000):
        opener.open([str(card_photo)])
    assert opener.chooser is None
    assert view.model.rowCount() == 1


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("follow-ups.ics", "netdesk does not read calendar files"),
        ("notes.pdf", "cannot open this kind of file"),
    ],
)
def test_calendar_and_other_files_get_a_sentence_naming_them(
    main_window: Any, tmp_path: Path, name: str, said: str
) -> None:
    path = tmp_path / name
    path.write_text("BEGIN:VCALENDAR\r\nSUMMARY:secret note\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    opener = FileOpener(main_window)
    opener.open([path])
    assert opener.message is not None and opener.message.isVisible()
    text = opener.message.text()
    assert name in text and said in text
    assert "secret" not in text  # never the contents
    assert not import_dialogs(main_window)
    opener.message.close()
