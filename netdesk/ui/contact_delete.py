"""Deleting a contact from the Contacts panel: asked first, and undoable (Edit › Undo).

The undo command keeps the snapshot the service returns, which brings back the person, their
interaction log and the introductions they were part of.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox

from netdesk.services.contacts import DeletedContact, NotFoundError
from netdesk.ui.busy import DatabaseBusyError
from netdesk.ui.plain import button_text, message_box

if TYPE_CHECKING:
    from netdesk.ui.contacts_panel import ContactsPanel


class DeleteContact(QUndoCommand):
    """Deleting is undoable: the snapshot brings back the person, their log and introductions."""

    def __init__(self, panel: ContactsPanel, contact_id: int, name: str) -> None:
        super().__init__(button_text(f"Delete {name}"))  # the Edit menu shows it: "&" is no mnemonic
        self.panel = panel
        self.contact_id = contact_id
        self.snapshot: DeletedContact | None = None

    def redo(self) -> None:
        try:
            self.snapshot = self.panel.contacts.delete(self.contact_id)
        except (NotFoundError, DatabaseBusyError):  # busy: the user was told; the contact stays
            self.snapshot = None
            self.setObsolete(True)
        self.panel.refresh()
        if self.snapshot:
            self.panel.status_message.emit(f"Deleted {self.snapshot.name}. Press Ctrl+Z to undo.")

    def undo(self) -> None:
        if self.snapshot is None:
            return
        try:
            restored = self.panel.contacts.undelete(self.snapshot)
        except DatabaseBusyError:  # the user was told; nothing was restored
            self.setObsolete(True)
            return
        self.contact_id = restored.id
        self.panel.refresh()
        self.panel.select_contact(restored.id)
        self.panel.status_message.emit(f"Restored {restored.name}.")


def delete_contact(panel: ContactsPanel, contact_id: int, confirm: bool = True) -> None:
    """Delete ``contact_id`` (after a question when ``confirm``), as one step of the undo stack."""
    editor = panel.editor
    name = editor.heading.text() if editor.contact_id() == contact_id else "this contact"
    if not confirm:
        _delete(panel, contact_id, name)
        return
    box = message_box(
        panel,
        QMessageBox.Icon.Question,
        "Delete contact",
        f"Delete {name} and their interaction log?",
        "You can undo this with Edit › Undo (Ctrl+Z).",
        QMessageBox.StandardButton.Cancel,
    )
    delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.open()

    def on_finished(_result: int) -> None:
        if box.clickedButton() is delete:
            _delete(panel, contact_id, name)

    box.finished.connect(on_finished)


def _delete(panel: ContactsPanel, contact_id: int, name: str) -> None:
    panel.undo_stack.push(DeleteContact(panel, contact_id, name))
    if panel.editor.contact_id() == contact_id:
        panel.editor.new_contact()
        panel.log.set_contact(None)
