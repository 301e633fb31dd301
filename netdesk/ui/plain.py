"""Outside text (names, notes, QR payloads, imported files, paths) is shown as text, never as HTML.

Qt guesses: a QLabel, a QMessageBox or a tooltip whose text *looks like* HTML (``Qt.mightBeRichText``)
is rendered as rich text, so ``<img src="file:...">`` in a name would load a local file and
``<a href>`` would become a link. Every widget that shows such text goes through these helpers;
``tests/gui/test_hostile_text.py`` walks the window and fails on any that does not.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGui
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A label that shows exactly ``text``, whatever it looks like."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def make_plain(*labels: QLabel) -> None:
    """For labels built elsewhere (a .ui layout, a Qt dialog): show their text as text."""
    for label in labels:
        label.setTextFormat(Qt.TextFormat.PlainText)


def escape(text: object) -> str:
    """For a label that means to use rich text: every value put into it goes through this."""
    return html.escape(str(text), quote=True)


def tooltip(text: str) -> str:
    """Tooltip text showing ``text`` literally, line breaks kept, as a plain tooltip would.

    QToolTip has no text-format setting: it renders anything ``Qt.mightBeRichText`` accepts, so
    such text is escaped into a paragraph that keeps white space the way plain text shows it.
    """
    if not text or not QtGui.mightBeRichText(text):
        return text
    return f"<p style='white-space:pre'>{html.escape(text, quote=False)}</p>"


def button_text(text: str) -> str:
    """Text for a button, radio button, tab or menu action: a lone '&' would be a mnemonic."""
    return text.replace("&", "&&")


def message_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    informative: str = "",
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
) -> QMessageBox:
    """A message box whose text and informative text are plain; add buttons, then open() it."""
    box = QMessageBox(icon, title, "", buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    # The informative label is created by setInformativeText, as AutoText with links opened.
    for label in box.findChildren(QLabel):
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setOpenExternalLinks(False)
    return box


def inform(
    parent: QWidget | None,
    title: str,
    text: str,
    icon: QMessageBox.Icon = QMessageBox.Icon.Information,
) -> None:
    """``QMessageBox.information``/``warning``/``critical`` with the text shown as text."""
    message_box(parent, icon, title, text).exec()


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """``QMessageBox.question`` with the text shown as text; True when the answer is Yes."""
    box = message_box(
        parent,
        QMessageBox.Icon.Question,
        title,
        text,
        buttons=QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    return box.exec() == QMessageBox.StandardButton.Yes
