"""The network picture: you in the middle, your circles around you, each person a dot coloured
by warmth (days since the last interaction). Zoom with the wheel or Ctrl+= / Ctrl+-; click a
person to open them (``contact_activated``); pick a person to centre on their neighbourhood.

The picture is read in a pool thread (``services/network_picture.py``: counts in SQL, a few
hundred people drawn at any size), with a placeholder until the first one lands; a newer request
makes an older result stale, so switching to the page never waits for the database."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, QThreadPool, Signal
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.intro_paths import Warmth
from netdesk.services.contacts import ContactService
from netdesk.services.database import Database
from netdesk.services.network import NetworkService
from netdesk.services.network_picture import DETAIL_LIMIT, WARMTH_ORDER, NetworkPicture
from netdesk.ui.contact_picker import ContactPicker
from netdesk.ui.network_scene import CONTACT_ROLE, LABEL_ROLE, WARMTH_COLOURS, draw_picture
from netdesk.ui.person_search import PersonSearch
from netdesk.ui.plain import tooltip
from netdesk.ui.workers import Task

__all__ = ["WARMTH_COLOURS", "NetworkPanel", "NetworkView"]

ZOOM_STEP = 1.25
ALWAYS_LABELLED = 80  # a picture of up to this many people always shows every name
LABEL_ZOOM = 0.6  # a larger one shows names from this zoom on (overlapping blur below it)
MIN_ZOOM, MAX_ZOOM = 0.1, 8.0


class NetworkView(QGraphicsView):
    contact_activated = Signal(int)
    zoom_changed = Signal(float)
    picture_ready = Signal()  # a picture read in the background has been drawn

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.network = NetworkService(db)  # read in a pool thread (WAL: a read never waits)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._generation = 0  # a newer request makes older results stale
        self._task: Task | None = None
        self.focus: int | None = None
        self.limit = DETAIL_LIMIT  # people drawn as dots; a larger network is drawn as its circles
        self.setObjectName("networkView")
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setBackgroundBrush(QBrush(QColor("#ffffff")))
        self.picture = NetworkPicture((), (), ())
        self.loaded = False  # a first picture has arrived
        self._labels: list[QGraphicsItem] = []
        self._zoom = 1.0
        self._fitted = False
        self._pressed_at = QPointF()
        for keys, slot in (
            ((QKeySequence("Ctrl+="), QKeySequence("Ctrl++"), QKeySequence.StandardKey.ZoomIn), self.zoom_in),
            ((QKeySequence("Ctrl+-"), QKeySequence.StandardKey.ZoomOut), self.zoom_out),
            ((QKeySequence("Ctrl+0"),), self.fit),
        ):
            action = QAction(self)
            # one entry per key: where Ctrl+- is also the platform's ZoomOut, a second entry for
            # the same key made Qt call the shortcut ambiguous and do nothing
            unique = list(dict.fromkeys(QKeySequence(k).toString() for k in keys))
            action.setShortcuts([QKeySequence(k) for k in unique])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    # -- content -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the picture in a pool thread; the last one stays drawn until the new one lands."""
        self._generation += 1
        generation, focus, limit, network = self._generation, self.focus, self.limit, self.network
        if not self.loaded:
            self._placeholder("Drawing your network…")
        task = Task(lambda _task: network.picture(limit=limit, focus=focus))
        task.signals.finished.connect(lambda picture: self._arrived(generation, picture))
        task.signals.failed.connect(lambda exc: self._failed(generation, exc))
        self._task = task  # kept alive until it reports
        self.pool.start(task)

    def set_focus(self, contact_id: int | None) -> None:
        """Centre the picture on one person's neighbourhood (None: the whole network)."""
        self.focus = contact_id
        self._fitted = False
        self.refresh()

    def wait_for_picture(self) -> None:
        """Block until the pending read has finished (quitting, tests)."""
        self.pool.waitForDone()

    def _arrived(self, generation: int, picture: object) -> None:
        if generation != self._generation or not isinstance(picture, NetworkPicture):
            return  # a newer request is on its way
        self.picture = picture
        self.loaded = True
        draw_picture(self.scene(), picture)
        self._labels = [item for item in self.scene().items() if item.data(LABEL_ROLE)]
        if picture.focus is not None or not self._fitted:
            self.fit()  # a new focus shows their whole neighbourhood
        self._show_labels()
        self.picture_ready.emit()

    def _failed(self, generation: int, exc: object) -> None:
        if generation == self._generation:
            self._placeholder(f"The network could not be read: {exc}")

    def _show_labels(self) -> None:
        """Names where they can be read: always in a small picture, else once zoomed in enough."""
        visible = len(self.picture.nodes) <= ALWAYS_LABELLED or self._zoom >= LABEL_ZOOM
        for item in self._labels:
            item.setVisible(visible)

    def _placeholder(self, text: str) -> None:
        scene = self.scene()
        scene.clear()
        self._labels = []
        item = scene.addSimpleText(text)
        item.setBrush(QBrush(QColor("#52606d")))
        scene.setSceneRect(item.boundingRect().adjusted(-200, -200, 200, 200))

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
        self._show_labels()

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
        self._show_labels()

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
    """The picture with a title, a warmth legend, zoom buttons, a person to centre on and
    "Who can introduce me?"."""

    contact_activated = Signal(int)
    intro_requested = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = NetworkView(db, self)
        title = QLabel("Your network", self)
        title.setObjectName("pageTitle")
        self.summary = QLabel(self)
        self.summary.setObjectName("muted")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self._summary_text = ""
        # a long sentence never widens the window: it gives way (its tooltip has it whole)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.person = ContactPicker(self, placeholder="Centre on a person…")
        self.person.setToolTip("Their introducer, the people they introduced and their colleagues")
        self.person.setMinimumWidth(240)
        self.person.selection_changed.connect(self._person_changed)
        # the best matches of what is typed, asked of the database: never every contact in a list
        self.person_search = PersonSearch(self.person, ContactService(db))
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
        head.addWidget(self.person)
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
        legend.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.addLayout(head)
        layout.addLayout(legend)
        layout.addWidget(self.view, 1)
        self.view.contact_activated.connect(self.contact_activated)
        self.view.picture_ready.connect(self._show_summary)

    def refresh(self) -> None:
        self.view.refresh()

    def _person_changed(self) -> None:
        picked = self.person.contact_id()
        if picked != self.view.focus and (picked is not None or not self.person.text().strip()):
            self.view.set_focus(picked)

    def _show_summary(self) -> None:
        picture = self.view.picture
        if picture.is_empty:
            self._set_summary("Add contacts to see your network.")
            return
        if picture.focus is not None:
            name = next((n.name for n in picture.nodes if n.contact_id == picture.focus), "")
            linked = len(picture.focus_links)
            self._set_summary(f"{linked} linked to {name} · clear the field to see everyone")
            return
        counts = dict(zip(WARMTH_ORDER, picture.warmth_counts, strict=True))
        warm = counts[Warmth.HOT] + counts[Warmth.WARM]
        text = f"{picture.total:,} people, {warm:,} warm"
        if not picture.complete:
            text += f" · the {len(picture.nodes):,} most in touch drawn"
        self._set_summary(text)

    def _set_summary(self, text: str) -> None:
        self._summary_text = text
        self.summary.setToolTip(tooltip(text))
        self._elide_summary()

    def _elide_summary(self) -> None:
        """Cut short with "…" (never clipped mid-letter) when the row is narrow; the tooltip has it all."""
        width = max(self.summary.width(), 40)
        self.summary.setText(
            self.summary.fontMetrics().elidedText(self._summary_text, Qt.TextElideMode.ElideRight, width)
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide_summary()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
