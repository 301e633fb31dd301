"""Mouse wheel over a closed combo box, spin box or date field scrolls the form, never the value.

Qt's default lets the wheel change whatever value sits under the pointer while the user scrolls
a long form ("How met" silently became "Online"). Installed with the theme: such widgets take
focus by click or Tab only (StrongFocus), and while they have no focus a wheel event goes to the
nearest scroll area around them instead. Once the user has clicked into one, the wheel changes
its value as usual.

The filter sits on the guarded widgets only, put there by the application's style when it
polishes each widget (``GuardingStyle``, once per widget): an application-wide event filter in
Python would run for every event of every object and made the whole window several times slower.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QProxyStyle,
    QWidget,
)

_GUARDED = (QComboBox, QAbstractSpinBox)  # QDateEdit, QTimeEdit, QSpinBox... are spin boxes


class WheelGuard(QObject):
    """The filter on each guarded widget (one instance, owned by the application)."""

    def guard(self, widget: QWidget) -> None:
        if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.removeEventFilter(self)  # polished again (style change): never filtered twice
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, _GUARDED) or watched.hasFocus():
            return False
        assert isinstance(event, QWheelEvent)
        area = _scroll_area_around(watched)
        if area is not None:
            viewport = area.viewport()
            forwarded = QWheelEvent(
                viewport.mapFromGlobal(event.globalPosition()),
                event.globalPosition(),
                event.pixelDelta(),
                event.angleDelta(),
                event.buttons(),
                event.modifiers(),
                event.phase(),
                event.inverted(),
            )
            QApplication.sendEvent(viewport, forwarded)
            event.accept()
        else:
            event.ignore()  # Qt offers it to the parents, as if the widget were not there
        return True


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


class GuardingStyle(QProxyStyle):
    """The application's style (Fusion underneath) that guards each combo or spin box it polishes."""

    def __init__(self, base: str, guard: WheelGuard) -> None:
        super().__init__(base)
        self._guard = guard

    def polish(self, target: object) -> object:  # type: ignore[override]
        if isinstance(target, _GUARDED):
            self._guard.guard(target)
        return super().polish(target)  # type: ignore[call-overload]


def install(app: QApplication, base: str = "Fusion") -> WheelGuard:
    """Give the application the guarding style over ``base`` (idempotent); returns the guard."""
    existing = app.findChild(WheelGuard)
    guard = existing if isinstance(existing, WheelGuard) else WheelGuard(app)
    if not isinstance(app.style(), GuardingStyle):
        app.setStyle(GuardingStyle(base, guard))
    return guard
