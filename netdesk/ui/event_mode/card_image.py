"""The scanned card beside the quick-add form, with the doubtful OCR lines outlined in amber."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from netdesk.services.card_scanning import FoundCard
from netdesk.ui.event_mode.review_model import FIELD_NAMES
from netdesk.ui.event_mode.workers import to_qimage
from netdesk.ui.plain import tooltip

#: Width of the card picture beside the form; tall enough for a portrait crop, never taller.
IMAGE_WIDTH = 120
MAX_HEIGHT = 190
AMBER = QColor("#d97706")


class CardPicture(QWidget):
    """Paints the card image letterboxed, outlining the source lines of low-confidence fields."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.outlines: tuple[tuple[tuple[float, float], ...], ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFixedSize(IMAGE_WIDTH, 140)

    def set_image(
        self, image: QImage | None, outlines: tuple[tuple[tuple[float, float], ...], ...] = ()
    ) -> None:
        self.image, self.outlines = image, outlines
        if image is not None and not image.isNull():
            size = image.size().scaled(QSize(IMAGE_WIDTH, MAX_HEIGHT), Qt.AspectRatioMode.KeepAspectRatio)
            self.setFixedHeight(max(80, size.height()))
        self.update()

    def target(self) -> QRectF:
        """Where the image is drawn inside the widget (kept to its aspect ratio, centred)."""
        if self.image is None or self.image.isNull():
            return QRectF()
        size = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        left = (self.width() - size.width()) / 2
        top = (self.height() - size.height()) / 2
        return QRectF(left, top, size.width(), size.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), QColor("#e9edf3"))
        if self.image is None or self.image.isNull():
            return
        rect = self.target()
        painter.drawImage(rect, self.image)
        scale = rect.width() / max(self.image.width(), 1)
        painter.setPen(QPen(AMBER, 2))
        for quad in self.outlines:
            points = [QPointF(rect.left() + x * scale, rect.top() + y * scale) for x, y in quad]
            painter.drawPolygon(QPolygonF(points))


class CardImageView(QWidget):
    """The card picture with a caption: where the card came from and what the outlines mean."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture = CardPicture(self)
        self.caption = QLabel("", self)
        self.caption.setObjectName("cardCaption")
        self.caption.setWordWrap(True)
        self.caption.setFixedWidth(IMAGE_WIDTH)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.picture)
        layout.addWidget(self.caption)
        layout.addStretch(1)
        self.setFixedWidth(IMAGE_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.hide()

    def show_card(self, card: FoundCard, low: tuple[str, ...]) -> bool:
        """Show the card's picture; False (and hidden) when the card has none."""
        frame = card.image
        if frame is None:
            self.clear()
            return False
        image = to_qimage(frame)
        outlines = tuple(quad for name in low for quad in card.outlines.get(name, ()))
        self.picture.set_image(image, outlines)
        where = Path(card.file).name if card.file else "camera"
        if card.ocr:
            text = "Read as text (OCR)"
            tip = f"Read by OCR from {card.file or 'a camera still'}."
            if low:
                tip += " Amber outlines mark the lines read with low confidence."
        else:
            text = "Read from the QR code"
            tip = f"Read from the QR code in {card.file or 'the camera picture'}; exact."
        self.caption.setText(text)
        self.caption.setToolTip(tooltip(tip))  # photo names are outside text
        self.picture.setToolTip(tooltip(f"{where}\n{tip}"))
        self.show()
        return True

    def clear(self) -> None:
        self.picture.set_image(None)
        self.caption.clear()
        self.hide()


def field_label(name: str) -> str:
    """How a ``ContactDraft`` field is called in sentences ("phones" is "phone")."""
    return FIELD_NAMES.get(name, name)
