"""The mouse wheel over a closed combo box in the contact form scrolls the form; the value stays."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.models import ContactDraft, HowMet
from netdesk.services.contacts import ContactService


def wheel(widget: QWidget, notches: int) -> None:
    """``notches`` clicks of the wheel over the middle of ``widget`` (negative = towards the user)."""
    local = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        local,
        QPointF(widget.mapToGlobal(local.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_wheel_over_how_met_scrolls_the_form_and_keeps_the_value(
    main_window: Any, db: Any, qtbot: Any
) -> None:
    contact = ContactService(db).create(ContactDraft(display_name="Ana Lima", how_met=HowMet.EVENT))
    main_window.resize(1280, 560)  # short enough that the form scrolls
    panel = main_window.contacts_panel
    panel.refresh()
    panel.show_contact(contact.id)
    editor = panel.editor
    scroll = next(a for a in editor.findChildren(QScrollArea) if a.widget().isAncestorOf(editor.how_met))
    bar = scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    scroll.ensureWidgetVisible(editor.how_met)
    qtbot.waitUntil(editor.how_met.isVisible)
    bar.setValue(bar.maximum() // 2)
    before_value, before_scroll = editor.how_met.currentData(), bar.value()
    assert not editor.how_met.hasFocus()
    assert editor.how_met.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel gives no focus

    wheel(editor.how_met, -1)
    assert editor.how_met.currentData() == before_value == HowMet.EVENT.value
    assert bar.value() > before_scroll  # the form moved instead
    wheel(editor.how_met, +1)
    assert bar.value() == before_scroll
    assert editor.how_met.currentData() == before_value


def test_spin_and_date_boxes_are_guarded_but_a_focused_one_takes_the_wheel(qapp: Any, qtbot: Any) -> None:
    from netdesk.ui.theme import apply_theme

    apply_theme(qapp)
    area = QScrollArea()
    qtbot.addWidget(area)
    body = QWidget()
    column = QVBoxLayout(body)
    spin, date, combo = QSpinBox(), QDateEdit(QDate(2026, 11, 26)), QComboBox()
    combo.addItems(["Spontaneous", "Planned", "Event", "Online"])
    for widget in (spin, date, combo):
        column.addWidget(widget)
    column.addSpacing(2000)
    area.setWidget(body)
    area.setWidgetResizable(True)
    area.resize(300, 300)
    area.show()
    qtbot.waitExposed(area)
    bar = area.verticalScrollBar()
    wheel(spin, -1)
    wheel(date, -1)
    assert (spin.value(), date.date()) == (0, QDate(2026, 11, 26))
    assert bar.value() > 0
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    wheel(combo, -1)  # clicked into: the wheel is the user's choice now
    assert combo.currentIndex() == 1
