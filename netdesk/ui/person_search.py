"""A people picker that asks the database as you type, for networks too large to list.

``ContactPicker`` filters rows it was given; handing it every contact of a 100,000-person
network costs seconds (the labels read, then the words of each folded) on the GUI thread.
``PersonSearch`` gives it only the best matches of what is typed: each pause in typing runs
the contacts search (FTS5, every word a prefix, accents and case aside — the Contacts search) in
a pool thread, and the newest answer replaces the picker's rows; answers to older text are
dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThreadPool, QTimer

from netdesk.services.contacts import ContactService
from netdesk.ui.contact_picker import ContactPicker
from netdesk.ui.workers import Task

#: Matches offered for one text.
MATCHES = 30
TYPING_PAUSE_MS = 120


def person_label(name: str, organization: str) -> str:
    """How a picker shows a person: "Name — Organisation" (as ``ContactService.choices``)."""
    return f"{name} — {organization}" if organization else name


class PersonSearch(QObject):
    """Keeps ``picker``'s rows to the matches of its text."""

    def __init__(self, picker: ContactPicker, contacts: ContactService) -> None:
        super().__init__(picker)
        self.picker = picker
        self.contacts = contacts
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._generation = 0
        self._tasks: dict[int, Task] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.search_now)
        picker.textEdited.connect(lambda _text: self._timer.start())

    def search_now(self) -> None:
        self._timer.stop()
        self._generation += 1
        generation, text, contacts = self._generation, self.picker.text().strip(), self.contacts
        if not text:
            self.picker.set_choices([])
            return

        def work(_task: Task) -> list[tuple[int, str]]:
            ids = contacts.ordered_ids(search=text)[:MATCHES]
            rows = contacts.summaries_of(ids)
            return [(cid, person_label(rows[cid].name, rows[cid].organization)) for cid in ids if cid in rows]

        task = Task(work)
        task.signals.finished.connect(lambda rows: self._arrived(generation, rows))
        task.signals.failed.connect(lambda _exc: self._tasks.pop(generation, None))
        self._tasks[generation] = task  # alive until it reports
        self.pool.start(task)

    def show_person(self, contact_id: int | None) -> None:
        """Show ``contact_id`` as picked (by name, from one summary read), or nobody."""
        rows: list[tuple[int, str]] = []
        if contact_id is not None:
            found = self.contacts.summaries_of([contact_id]).get(contact_id)
            rows = [(contact_id, person_label(found.name, found.organization))] if found else []
        self.picker.set_choices(rows)
        self.picker.set_contact_id(contact_id if rows else None)

    def pick(self, contact_id: int) -> None:
        """Choose ``contact_id`` as if found and picked from the list (links, tests)."""
        self.show_person(contact_id)
        if self.picker.contact_id() == contact_id:
            self.picker.pick(contact_id)

    def refresh_pick(self) -> None:
        """After contacts changed: the picked person's new name, or nobody when deleted."""
        picked = self.picker.contact_id()
        if picked is not None:
            self.show_person(picked)

    def wait(self) -> None:
        """Block until the pending search has answered (tests)."""
        self.pool.waitForDone()

    def _arrived(self, generation: int, rows: object) -> None:
        self._tasks.pop(generation, None)
        if generation != self._generation or not isinstance(rows, list):
            return  # typed over since
        picked = self.picker.contact_id()
        self.picker.set_choices(rows)
        if picked is None and self.picker.hasFocus():
            self.picker.show_matches(self.picker.text())  # the list opens on the new matches
