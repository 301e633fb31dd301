"""Ctrl+Z and Ctrl+Shift+Z go to the window's undo stack unless the focused text field has its
own typing to undo.

A QLineEdit or QTextEdit claims the undo keys (ShortcutOverride) whenever it has focus, even
when it is empty, so "Deleted Jane Doe. Press Ctrl+Z to undo." did nothing while the cursor sat
in the search box. This filter lets the field keep the key only when it has something of its own
to undo or redo; otherwise the key falls through to Edit › Undo/Redo (delete, merge, import,
skipped cards).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget
from shiboken6 import isValid


def _own_history(widget: QWidget, redo: bool) -> bool | None:
    """Whether a text widget has its own step to undo/redo; None for other widgets."""
    if isinstance(widget, QLineEdit):
        return widget.isRedoAvailable() if redo else widget.isUndoAvailable()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        document = widget.document()
        if widget.isReadOnly() or not document.isUndoRedoEnabled():
            return False
        return document.isRedoAvailable() if redo else document.isUndoAvailable()
    return None


class UndoKeyRouter(QObject):
    """Filters only the focused text field of one window (its children and its dialogs).

    An application-wide event filter would run Python for every event of the program; this one
    moves with the focus, so it costs nothing while no text field has it.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)  # no Python reference back to the window: it would never be freed
        self._watched: QWidget | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self._watched is not None and isValid(self._watched):
            self._watched.removeEventFilter(self)
        self._watched = None
        text_field = new is not None and _own_history(new, False) is not None
        if text_field and new is not None and new.window() is self.parent():
            new.installEventFilter(self)
            self._watched = new

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if event.matches(QKeySequence.StandardKey.Undo):
            redo = False
        elif event.matches(QKeySequence.StandardKey.Redo):
            redo = True
        else:
            return False
        if isinstance(watched, QWidget) and _own_history(watched, redo) is False:
            # Leave the override unaccepted and keep the field from accepting it: the shortcut
            # map then triggers the window's Undo/Redo action.
            event.ignore()
            return True
        return False
