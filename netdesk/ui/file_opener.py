"""Files handed to the window from outside — ``netdesk FILE...``, a second launch, the desktop's
"Open with" — go where the same files go when dropped or picked inside the app.

- contact files (vCard, CSV) open the import dialog and go straight on to its preview (or to the
  column matching of an unknown CSV); nothing is saved before the person presses Import;
- photos of cards open event mode: into the running event, else into the event the person picks
  (ui/event_mode/photo_event_dialog.py), and are read there as if dropped on it;
- calendar files (.ics) are what netdesk *writes* (follow-ups for a calendar), not what it reads:
  a message says so and where to bring people in from instead;
- anything else gets one sentence naming the file and what netdesk opens.

Messages name files but never show their contents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox

from netdesk.domain.models import EventDraft
from netdesk.services.card_scanning import PHOTO_SUFFIXES
from netdesk.ui.event_mode.capture_view import EventModeView
from netdesk.ui.event_mode.photo_event_dialog import PhotoEventDialog
from netdesk.ui.import_dialog import FILES, ImportDialog
from netdesk.ui.main_window import EVENTS, IMPORTABLE_SUFFIXES, MainWindow
from netdesk.ui.plain import message_box

CALENDAR_SUFFIXES = frozenset({".ics", ".ical", ".icalendar", ".ifb", ".vcs"})


@dataclass
class SortedFiles:
    contacts: list[Path] = field(default_factory=list)
    photos: list[Path] = field(default_factory=list)
    calendars: list[Path] = field(default_factory=list)
    others: list[Path] = field(default_factory=list)


def sort_files(paths: Sequence[str | Path]) -> SortedFiles:
    found = SortedFiles()
    for raw in paths:
        path = Path(raw)
        suffix = path.suffix.lower()
        if suffix in IMPORTABLE_SUFFIXES:  # what a drop on the window imports
            found.contacts.append(path)
        elif suffix in PHOTO_SUFFIXES:
            found.photos.append(path)
        elif suffix in CALENDAR_SUFFIXES:
            found.calendars.append(path)
        else:
            found.others.append(path)
    return found


def _names(paths: Sequence[Path]) -> str:
    return ", ".join(p.name for p in paths)


def refusals(found: SortedFiles) -> list[str]:
    """A sentence for each kind of file netdesk does not open."""
    lines = []
    if found.calendars:
        lines.append(
            f"{_names(found.calendars)}: netdesk does not read calendar files — it writes them: "
            "File › Export follow-ups to calendar… puts your follow-ups into Google Calendar, "
            "Outlook or your phone. To bring people in, open their vCard (.vcf) or CSV file."
        )
    if found.others:
        lines.append(
            f"{_names(found.others)}: netdesk cannot open this kind of file. It opens contact "
            "files (vCard .vcf, CSV from LinkedIn, Google or Outlook) and photos of business "
            "cards (JPEG, PNG, HEIC, WebP)."
        )
    return lines


class FileOpener(QObject):
    """Opens files in ``window``; see the module."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.chooser: PhotoEventDialog | None = None
        self.message: QMessageBox | None = None

    def receive(self, paths: Sequence[str | Path]) -> None:
        """Files from a later launch (ui/single_instance.py): the window comes forward first."""
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()
        self.open(paths)

    def open(self, paths: Sequence[str | Path]) -> None:
        found = sort_files(paths)
        if found.contacts:
            self._import(found.contacts)
        if found.photos:
            self._scan(found.photos)
        lines = refusals(found)
        if lines:
            self._tell("\n\n".join(lines))

    # -- contact files -------------------------------------------------------------------------
    def _import(self, paths: list[Path]) -> None:
        waiting = [
            d
            for d in self.window.findChildren(ImportDialog)
            if d.isVisible() and d.pages.currentIndex() == FILES
        ]
        if waiting:  # still choosing files: these join them
            dialog = waiting[0]
            dialog.add_files(paths)
            dialog.raise_()
        else:
            dialog = self.window.import_contacts(paths)
        if dialog.paths and not dialog.files_error.text():
            dialog.next_from_files()  # what the person opened the file for: the preview

    # -- photos of cards -----------------------------------------------------------------------
    def _scan(self, photos: list[Path]) -> None:
        panel = self.window.events_panel
        self.window.show_page(EVENTS)
        if panel.view is not None:
            self._scan_into(panel.view, photos)
            return
        if self.chooser is not None and self.chooser.isVisible():
            self.chooser.reject()  # the newer files win; one question at a time
        chooser = PhotoEventDialog(panel.events.list(), len(photos), self._create_event, self.window)
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.chosen.connect(partial(self._start, photos))
        chooser.destroyed.connect(lambda _obj=None: setattr(self, "chooser", None))
        self.chooser = chooser
        chooser.open()

    def _create_event(self, name: str) -> int:
        panel = self.window.events_panel
        now = datetime.now().astimezone().replace(second=0, microsecond=0)
        event = panel.events.create(EventDraft(name=name, starts_at=now))
        panel.refresh()
        return event.id

    def _start(self, photos: list[Path], event_id: int) -> None:
        view = self.window.events_panel.start_event(event_id, camera=False)
        self._scan_into(view, photos)

    def _scan_into(self, view: EventModeView, photos: list[Path]) -> None:
        if not view.photos.scan(photos):
            self.window.show_message(
                f"Still reading the last photos; open {_names(photos)} again when they are done."
            )

    # -- everything else -----------------------------------------------------------------------
    def _tell(self, text: str) -> None:
        box = message_box(self.window, QMessageBox.Icon.Information, "Not opened", text)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda _obj=None: setattr(self, "message", None))
        self.message = box
        box.open()
