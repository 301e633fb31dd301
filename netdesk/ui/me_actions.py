"""My card and About me from anywhere: the window's toolbar buttons, menu entries and shortcut.

My card (Ctrl+Shift+M) shows the QR code full-screen so someone can scan it across a table
(Esc closes); while the card is empty it opens About me instead, and saving that shows the card.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar, QWidget

from netdesk.services.database import Database
from netdesk.services.profile import ProfileService
from netdesk.ui import busy
from netdesk.ui.about_me_dialog import AboutMeDialog
from netdesk.ui.event_mode.my_card import FULL_SCREEN_SHORTCUT, show_my_card


class MeActions(QObject):
    """``profile_saved`` lets a running event's My card panel read the profile again."""

    profile_saved = Signal()
    status_message = Signal(str)

    def __init__(self, db: Database, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.profiles = busy.guarded(ProfileService(db), window)
        self.about_me_action = QAction("About &me…", window)
        self.about_me_action.setToolTip(
            "Your name, school, major, e-mail…: what My card and your e-mail drafts say"
        )
        self.about_me_action.triggered.connect(lambda _checked=False: self.edit_about_me())
        self.my_card_action = QAction("My &card", window)
        self.my_card_action.setShortcut(QKeySequence(FULL_SCREEN_SHORTCUT))
        self.my_card_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.my_card_action.setToolTip(
            f"Show your card's QR code full-screen so someone can scan it ({FULL_SCREEN_SHORTCUT}; Esc closes)"
        )
        self.my_card_action.triggered.connect(lambda _checked=False: self.show_my_card())

    def toolbar(self, bar: QToolBar) -> QToolBar:
        """``bar`` (the window's, beside the menus since the first paint with the buttons' names
        only) with both buttons."""
        bar.clear()
        bar.addAction(self.about_me_action)
        bar.addAction(self.my_card_action)
        return bar

    @busy.returns_when_busy
    def show_my_card(self) -> QWidget:
        opened = show_my_card(self.profiles, self.window)
        if isinstance(opened, AboutMeDialog):
            opened.profile_saved.connect(self._saved)
        return opened

    @busy.returns_when_busy
    def edit_about_me(self) -> AboutMeDialog:
        dialog = AboutMeDialog(self.profiles, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.profile_saved.connect(self._saved)
        dialog.open()
        return dialog

    def _saved(self) -> None:
        self.profile_saved.emit()
        self.status_message.emit("Saved About me: your card and your e-mail drafts use it.")
