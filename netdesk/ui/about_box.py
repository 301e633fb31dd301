"""Help › About: the version, where the data lives and the licence, in a box that does not block.

The data folder is shown as selectable text (to paste into a file manager), escaped: a folder name
is outside text and this box is rich text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from netdesk import __version__
from netdesk.ui.plain import escape

LICENCE = "MIT"


def about_text(folder: Path) -> str:
    return (
        f"<h3>netdesk {escape(__version__)}</h3>"
        "<p>An offline companion for professional networking: your contacts, event mode and "
        "follow-ups, in one window, with no account and no network.</p>"
        f"<p><b>Your data folder</b><br>{escape(folder)}<br>"
        "Your network, its backups and card photos are kept here, private to you.</p>"
        f"<p><b>Licence</b><br>{LICENCE} licence: free to use, copy, change and share, with no "
        "warranty. Copyright © the netdesk authors.</p>"
    )


def show_about(parent: QWidget, folder: Path) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle("About netdesk")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text(folder))
    icon = QApplication.windowIcon()
    if not icon.isNull():
        box.setIconPixmap(icon.pixmap(64, 64))
    for label in box.findChildren(QLabel):
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setOpenExternalLinks(False)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
