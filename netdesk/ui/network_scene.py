"""Drawing a ``NetworkPicture`` into a graphics scene: you, the circle hubs, the people, the
introductions and the neighbourhood of the person in focus. The picture holds a few hundred
people at most (``services/network_picture.py``), so the scene stays small at any network
size; it keeps no spatial index (lines across the whole picture made Qt's BSP tree huge), and a
hit test walks those few hundred items."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
)

from netdesk.domain.intro_paths import Warmth
from netdesk.services.network_layout import WARMTH_ORDER, CircleHub, NetworkPicture, hub_caption
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
LABEL_ROLE = 1  # QGraphicsItem.data key marking a person's name (hidden when zoomed far out)
NODE_RADIUS = 11.0
FOCUS_PEN = QPen(QColor("#1e40af"), 3.0)


def _text(scene: QGraphicsScene, text: str, colour: str, *, bold: bool = False) -> QGraphicsSimpleTextItem:
    item = QGraphicsSimpleTextItem(text)  # outside text, drawn as plain text
    item.setBrush(QBrush(QColor(colour)))
    if bold:
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
    scene.addItem(item)
    return item


def draw_picture(scene: QGraphicsScene, picture: NetworkPicture) -> None:
    scene.clear()
    scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
    positions = {n.contact_id: QPointF(n.x, n.y) for n in picture.nodes}
    if picture.focus is None:
        _draw_circles(scene, picture)
    else:
        _draw_focus_links(scene, picture, positions)
    intro_pen = QPen(QColor("#a5b4fc"), 1.0, Qt.PenStyle.DashLine)
    for introducer, introduced in picture.introductions:
        a, b = positions.get(introducer), positions.get(introduced)
        if a is not None and b is not None:
            scene.addLine(a.x(), a.y(), b.x(), b.y(), intro_pen).setZValue(-1)
    for node in picture.nodes:
        colour = WARMTH_COLOURS[node.warmth]
        dot = QGraphicsEllipseItem(
            QRectF(node.x - NODE_RADIUS, node.y - NODE_RADIUS, 2 * NODE_RADIUS, 2 * NODE_RADIUS)
        )
        dot.setPen(FOCUS_PEN if node.contact_id == picture.focus else QPen(colour.darker(130), 1.5))
        dot.setBrush(QBrush(colour))
        dot.setData(CONTACT_ROLE, node.contact_id)
        dot.setCursor(Qt.CursorShape.PointingHandCursor)
        since = "never in touch" if node.days is None else f"last in touch {node.days} days ago"
        org = f" — {node.organization}" if node.organization else ""
        dot.setToolTip(tooltip(f"{node.name}{org}\n{since}"))
        scene.addItem(dot)
        name = _text(scene, node.name, "#1f2933", bold=node.contact_id == picture.focus)
        name.setData(CONTACT_ROLE, node.contact_id)
        name.setData(LABEL_ROLE, True)
        name.setPos(node.x - name.boundingRect().width() / 2, node.y + NODE_RADIUS + 2)
    scene.setSceneRect(scene.itemsBoundingRect().adjusted(-40, -40, 40, 40))


def _draw_circles(scene: QGraphicsScene, picture: NetworkPicture) -> None:
    """You in the middle, a hub per circle, each person tied to their circle's hub."""
    by_circle = {h.circle: h for h in picture.hubs}
    hub_pen = QPen(QColor("#d5dbe5"), 1.2)
    for node in picture.nodes:
        hub = by_circle.get(node.circle)
        if hub is not None:
            scene.addLine(hub.x, hub.y, node.x, node.y, hub_pen).setZValue(-2)
    for hub in picture.hubs:
        scene.addLine(0, 0, hub.x, hub.y, QPen(QColor("#c7d2fe"), 2)).setZValue(-2)
    me = scene.addEllipse(QRectF(-30, -30, 60, 60), QPen(QColor("#1e40af"), 2), QBrush(QColor("#2563eb")))
    me.setToolTip("You")
    label = _text(scene, "You", "#ffffff", bold=True)
    label.setPos(-label.boundingRect().width() / 2, -label.boundingRect().height() / 2)
    for hub in picture.hubs:
        _draw_hub(scene, hub, picture.complete)


def _draw_focus_links(scene: QGraphicsScene, picture: NetworkPicture, positions: dict[int, QPointF]) -> None:
    """The person in focus tied to each person linked to them, and what links them in between."""
    if picture.focus is None or picture.focus not in positions:
        return
    centre = positions[picture.focus]
    pen = QPen(QColor("#93c5fd"), 1.4)
    for contact_id, why in picture.focus_links:
        other = positions.get(contact_id)
        if other is not None:
            line = scene.addLine(centre.x(), centre.y(), other.x(), other.y(), pen)
            line.setZValue(-2)
            line.setToolTip(why)
    for why, x, y, count in picture.captions:
        caption = _text(scene, f"{why[:1].upper()}{why[1:]} ({count})", "#3730a3", bold=True)
        rect = caption.boundingRect()
        box = scene.addRect(
            QRectF(x - rect.width() / 2 - 6, y - rect.height() / 2 - 3, rect.width() + 12, rect.height() + 6),
            QPen(QColor("#c7d2fe")),
            QBrush(QColor("#eef2ff")),
        )
        box.setZValue(-1)
        caption.setPos(x - rect.width() / 2, y - rect.height() / 2)


def _draw_hub(scene: QGraphicsScene, hub: CircleHub, complete: bool) -> None:
    radius = hub.radius
    rect = QRectF(hub.x - radius, hub.y - radius, 2 * radius, 2 * radius)
    if complete or not hub.count:
        scene.addEllipse(rect, QPen(QColor("#818cf8"), 1.5), QBrush(QColor("#eef2ff")))
    else:
        # a pie of the circle's warmth: how many of its people are in touch, whether drawn or not
        start = 90 * 16
        for warmth, count in zip(WARMTH_ORDER, hub.warmth_counts, strict=True):
            if not count:
                continue
            span = round(-360 * 16 * count / hub.count)
            piece = QGraphicsEllipseItem(rect)
            piece.setStartAngle(start)
            piece.setSpanAngle(span)
            piece.setPen(QPen(QColor("#ffffff"), 1.0))
            piece.setBrush(QBrush(WARMTH_COLOURS[warmth]))
            scene.addItem(piece)
            start += span
        ring = scene.addEllipse(rect, QPen(QColor("#818cf8"), 1.5))
        ring.setToolTip(
            tooltip(
                f"{hub.label}: {hub.count:,} people, {hub.shown:,} drawn (the most in touch).\n"
                + "\n".join(
                    f"{w.label}: {n:,}" for w, n in zip(WARMTH_ORDER, hub.warmth_counts, strict=True) if n
                )
            )
        )
    text = _text(scene, hub_caption(hub.circle, hub.count, complete), "#3730a3", bold=not complete)
    scale = radius / 16.0  # a circle of thousands is read from far out: its name grows with its hub
    text.setScale(scale)
    text.setPos(hub.x - text.boundingRect().width() * scale / 2, hub.y + radius + 2)
