"""The network picture: you in the middle, your circles around you, each person a dot coloured
by warmth (days since the last interaction). Zoom with the wheel or Ctrl+= / Ctrl+-; click a
person to open them (``contact_activated``)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.intro_paths import Warmth
from netdesk.services.database import Database
from netdesk.services.network import NetworkPicture, NetworkService
from netdesk.ui.busy import guarded, returns_when_busy
from netdesk.ui.plain import tooltip

# Being in touch is the calm state (greens); silence is what needs the user's attention, so
# "not in touch for 6+ months" gets the attention colour (burnt orange). Every colour stays
# readable as text on white: the intro dialog writes warmth labels in them.
WARMTH_COLOURS = {
    Warmth.HOT: QColor("#15803d"),
    Warmth.WARM: QColor("#0d9488"),
    Warmth.COOL: QColor("#64748b"),
    Warmth.COLD: QColor("#c2410c"),
}
CONTACT_ROLE = 0  # QGraphicsItem.data key holding the contact id
NODE_RADIUS = 11.0
ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.1, 8.0


class NetworkView(QGraphicsView):
    contact_activated = Signal(int)
    zoom_changed = Signal(float)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.network = guarded(NetworkService(db), self)  # a read can meet a lock too
        self.setObjectName("networkView")
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setBackgroundBrush(QBrush(QColor("#ffffff")))
        self.picture = NetworkPicture((), (), ())
        self._zoom = 1.0
        self._fitted = False
        self._pressed_at = QPointF()
        for keys, slot in (
            ((QKeySequence("Ctrl+="), QKeySequence("Ctrl++"), QKeySequence.StandardKey.ZoomIn), self.zoom_in),
            ((QKeySequence("Ctrl+-"), QKeySequence.StandardKey.ZoomOut), self.zoom_out),
            ((QKeySequence("Ctrl+0"),), self.fit),
        ):
            action = QAction(self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    # -- content -------------------------------------------------------------------------------
    @returns_when_busy
    def refresh(self) -> None:
        self.picture = self.network.picture()
        self._draw()
        self.fit()

    def _draw(self) -> None:
        scene = self.scene()
        scene.clear()
        picture = self.picture
        positions = {n.contact_id: QPointF(n.x, n.y) for n in picture.nodes}
        hub_pen = QPen(QColor("#d5dbe5"), 1.2)
        intro_pen = QPen(QColor("#a5b4fc"), 1.0, Qt.PenStyle.DashLine)
        by_circle = {h.circle: h for h in picture.hubs}
        for node in picture.nodes:
            hub = by_circle.get(node.circle)
            if hub is not None:
                scene.addLine(hub.x, hub.y, node.x, node.y, hub_pen).setZValue(-2)
        for hub in picture.hubs:
            scene.addLine(0, 0, hub.x, hub.y, QPen(QColor("#c7d2fe"), 2)).setZValue(-2)
        for introducer, introduced in picture.introductions:
            a, b = positions.get(introducer), positions.get(introduced)
            if a is not None and b is not None:
                scene.addLine(a.x(), a.y(), b.x(), b.y(), intro_pen).setZValue(-1)
        me = scene.addEllipse(QRectF(-30, -30, 60, 60), QPen(QColor("#1e40af"), 2), QBrush(QColor("#2563eb")))
        me.setToolTip("You")
        label = QGraphicsSimpleTextItem("You")
        label.setBrush(QBrush(QColor("#ffffff")))
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        scene.addItem(label)
        label.setPos(-label.boundingRect().width() / 2, -label.boundingRect().height() / 2)
        for hub in picture.hubs:
            rect = QRectF(hub.x - 16, hub.y - 16, 32, 32)
            scene.addEllipse(rect, QPen(QColor("#818cf8"), 1.5), QBrush(QColor("#eef2ff")))
            text = QGraphicsSimpleTextItem(f"{hub.label} ({hub.count})")
            text.setBrush(QBrush(QColor("#3730a3")))
            scene.addItem(text)
            text.setPos(hub.x - text.boundingRect().width() / 2, hub.y + 18)
        for node in picture.nodes:
            colour = WARMTH_COLOURS[node.warmth]
            dot = QGraphicsEllipseItem(
                QRectF(node.x - NODE_RADIUS, node.y - NODE_RADIUS, 2 * NODE_RADIUS, 2 * NODE_RADIUS)
            )
            dot.setPen(QPen(colour.darker(130), 1.5))
            dot.setBrush(QBrush(colour))
            dot.setData(CONTACT_ROLE, node.contact_id)
            dot.setCursor(Qt.CursorShape.PointingHandCursor)
            since = "never in touch" if node.days is None else f"last in touch {node.days} days ago"
            org = f" — {node.organization}" if node.organization else ""
            dot.setToolTip(tooltip(f"{node.name}{org}\n{since}"))
            scene.addItem(dot)
            name = QGraphicsSimpleTextItem(node.name)
            name.setBrush(QBrush(QColor("#1f2933")))
            name.setData(CONTACT_ROLE, node.contact_id)
            scene.addItem(name)
            name.setPos(node.x - name.boundingRect().width() / 2, node.y + NODE_RADIUS + 2)
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-40, -40, 40, 40))

    # -- zoom ----------------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self._zoom

    def _scale_by(self, factor: float) -> None:
        target = max(MIN_ZOOM, min(MAX_ZOOM, self._zoom * factor))
        factor = target / self._zoom
        if abs(factor - 1.0) < 1e-9:
            return
        self.scale(factor, factor)
        self._zoom = target
        self.zoom_changed.emit(self._zoom)

    def zoom_in(self) -> None:
        self._scale_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._scale_by(1 / ZOOM_STEP)

    def fit(self) -> None:
        rect = self.scene().sceneRect()
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        self._zoom = self.transform().m11()
        self._fitted = True
        self.zoom_changed.emit(self._zoom)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Zoom keys also work when shortcuts are not dispatched (no active window, tests)."""
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if ctrl and event.key() in (Qt.Key.Key_Equal, Qt.Key.Key_Plus):
            self.zoom_in()
        elif ctrl and event.key() == Qt.Key.Key_Minus:
            self.zoom_out()
        elif ctrl and event.key() == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta().y()
        if delta:
            self._scale_by(ZOOM_STEP if delta > 0 else 1 / ZOOM_STEP)
            event.accept()
        else:
            super().wheelEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:
            self.fit()

    # -- clicks --------------------------------------------------------------------------------
    def contact_at(self, pos: QPointF) -> int | None:
        for item in self.items(pos.toPoint()):
            value = item.data(CONTACT_ROLE)
            if isinstance(value, int):
                return value
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed_at = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        moved = (event.position() - self._pressed_at).manhattanLength()
        if event.button() is Qt.MouseButton.LeftButton and moved < 5:
            contact_id = self.contact_at(event.position())
            if contact_id is not None:
                self.contact_activated.emit(contact_id)


class NetworkPanel(QWidget):
    """The picture with a title, a warmth legend, zoom buttons and "Who can introduce me?"."""

    contact_activated = Signal(int)
    intro_requested = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = NetworkView(db, self)
        title = QLabel("Your network", self)
        title.setObjectName("pageTitle")
        self.summary = QLabel(self)
        self.summary.setObjectName("muted")
        intro = QPushButton("Who can introduce me?", self)
        intro.setObjectName("primaryButton")
        intro.clicked.connect(self.intro_requested)
        zoom_out = QPushButton("−", self)
        zoom_out.setToolTip("Zoom out (Ctrl+-)")
        zoom_out.clicked.connect(self.view.zoom_out)
        zoom_in = QPushButton("+", self)
        zoom_in.setToolTip("Zoom in (Ctrl+=)")
        zoom_in.clicked.connect(self.view.zoom_in)
        fit = QPushButton("Fit", self)
        fit.setToolTip("Show everyone (Ctrl+0)")
        fit.clicked.connect(self.view.fit)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        for button in (zoom_out, zoom_in, fit, intro):
            head.addWidget(button)
        legend = QHBoxLayout()
        legend.setSpacing(14)
        for warmth, colour in WARMTH_COLOURS.items():
            swatch = QLabel(
                f'<span style="color:{colour.name()}; font-size:14pt">●</span> {warmth.label}', self
            )
            swatch.setObjectName(f"warmthLegend_{warmth.value}")
            legend.addWidget(swatch)
        legend.addStretch(1)
        legend.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.addLayout(head)
        layout.addLayout(legend)
        layout.addWidget(self.view, 1)
        self.view.contact_activated.connect(self.contact_activated)

    @returns_when_busy
    def refresh(self) -> None:
        self.view.refresh()
        nodes = self.view.picture.nodes
        warm = sum(1 for n in nodes if n.warmth in (Warmth.HOT, Warmth.WARM))
        self.summary.setText(
            f"{len(nodes)} people, {warm} warm" if nodes else "Add contacts to see your network."
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
