"""Half-typed forms are never left silently: Save / Discard / Cancel before the page or the window
is left.

The protocol is three methods. The Leads and Interviews panels implement them themselves; the
contact editor and event mode's quick add get small adapters here, so those long modules do not
grow. The main window asks ``unsaved_work(page)`` when the sidebar moves away from a page, and
every page when the window closes (Ctrl+Q too).
"""

from __future__ import annotations

import sys
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QListWidget, QMessageBox, QStackedWidget, QWidget

from netdesk.ui.plain import message_box


@runtime_checkable
class UnsavedWork(Protocol):
    def has_unsaved_changes(self) -> bool: ...

    def save_unsaved(self) -> bool:
        """True when saved; False keeps the page open with its message (e.g. a field to fix)."""
        ...

    def discard_unsaved(self) -> None: ...


class ContactEditorWork:
    """The contact editor (Contacts page)."""

    def __init__(self, panel: QWidget) -> None:
        self.editor = panel.editor  # type: ignore[attr-defined]

    def has_unsaved_changes(self) -> bool:
        return bool(self.editor.is_dirty())

    def save_unsaved(self) -> bool:
        return bool(self.editor.save())

    def discard_unsaved(self) -> None:
        self.editor.revert()


class QuickAddWork:
    """Event mode's quick add, while an event is running: typed text, or a card's fields changed."""

    def __init__(self, panel: QWidget) -> None:
        self.panel = panel

    def _form(self) -> object | None:
        view = getattr(self.panel, "view", None)
        return getattr(view, "form", None)

    def has_unsaved_changes(self) -> bool:
        form = self._form()
        return bool(form is not None and form.has_changes())  # type: ignore[attr-defined]

    def save_unsaved(self) -> bool:
        view = getattr(self.panel, "view", None)
        if view is None:
            return True
        view.save_form()
        return not self.has_unsaved_changes()  # a stored card clears the form; a problem keeps it

    def discard_unsaved(self) -> None:
        form = self._form()
        if form is not None:
            form.clear()  # type: ignore[attr-defined]


def unsaved_work(page: QWidget) -> UnsavedWork | None:
    from netdesk.ui.contacts_panel import ContactsPanel

    if isinstance(page, ContactsPanel):
        return ContactEditorWork(page)
    # Not imported before the events page is first shown (it brings OpenCV): no page is one then.
    events = sys.modules.get("netdesk.ui.events_panel")
    if events is not None and isinstance(page, events.EventsPanel):
        return QuickAddWork(page)
    return page if isinstance(page, UnsavedWork) else None


def ask(parent: QWidget, where: str) -> QMessageBox.StandardButton:
    """Save, Discard or Cancel (the default: Esc and a stray Enter keep the text)."""
    buttons = (
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box = message_box(
        parent,
        QMessageBox.Icon.Warning,
        "Unsaved changes",
        f"{where} has changes that are not saved.",
        "Save them, discard them, or cancel to go back to them.",
        buttons,
    )
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    return QMessageBox.StandardButton(box.exec())


def settle(parent: QWidget, work: UnsavedWork | None, where: str) -> bool:
    """Ask about ``work``'s unsaved changes; True when the page may be left."""
    if work is None or not work.has_unsaved_changes():
        return True
    answer = ask(parent, where)
    if answer == QMessageBox.StandardButton.Save:
        return work.save_unsaved()
    if answer == QMessageBox.StandardButton.Discard:
        work.discard_unsaved()
        return True
    return False


class PageGuard(QObject):
    """Moves the stack with the sidebar, after the page being left has settled its unsaved work.

    Cancel puts the sidebar back on the page, whose text is untouched.
    """

    def __init__(self, parent: QWidget, nav: QListWidget, pages: QStackedWidget, labels: list[str]) -> None:
        super().__init__(parent)  # the window: asked through parent(), never held (it would leak)
        self.nav = nav
        self.pages = pages
        self.labels = labels
        nav.currentRowChanged.connect(self._row_changed)

    def _row_changed(self, row: int) -> None:
        leaving = self.pages.currentIndex()
        if row == leaving or row < 0:
            return
        if not self.settle_page(leaving):
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(leaving)
            self.nav.blockSignals(False)
            return
        self.pages.setCurrentIndex(row)

    def settle_page(self, index: int) -> bool:
        page = self.pages.widget(index)
        if page is None:
            return True
        label = self.labels[index] if 0 <= index < len(self.labels) else "This page"
        window = self.parent()
        assert isinstance(window, QWidget)
        return settle(window, unsaved_work(page), f"The {label} page")

    def settle_all(self) -> bool:
        """Before the window closes: each page with unsaved work is shown and asked about."""
        current = self.pages.currentIndex()
        for index in [current, *(i for i in range(self.pages.count()) if i != current)]:
            page = self.pages.widget(index)
            work = unsaved_work(page) if page is not None else None
            if work is None or not work.has_unsaved_changes():
                continue
            self.nav.setCurrentRow(index)  # the person sees what the question is about
            if self.pages.currentIndex() != index or not self.settle_page(index):
                return False
        return True
