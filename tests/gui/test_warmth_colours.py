"""Warmth colours: in touch = a calm green/teal, 6+ months of silence = the attention colour;
the legend on the Network page shows the same colour beside each label."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from netdesk.domain.intro_paths import Warmth
from netdesk.ui.network_view import WARMTH_COLOURS, NetworkPanel


def contrast_on_white(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    lum = (
        0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())
    )
    return 1.05 / (lum + 0.05)


def test_warm_is_calm_and_cold_is_the_attention_colour() -> None:
    assert set(WARMTH_COLOURS) == set(Warmth)
    for calm in (Warmth.HOT, Warmth.WARM):
        colour = WARMTH_COLOURS[calm]
        assert 140 <= colour.hslHue() <= 190, (calm, colour.name())  # green to teal
    cold = WARMTH_COLOURS[Warmth.COLD]
    assert 0 <= cold.hslHue() <= 45 and cold.hslSaturation() > 150, cold.name()  # red to amber
    assert WARMTH_COLOURS[Warmth.COOL].hslSaturation() < 80  # a neutral in between
    assert Warmth.COLD.label == "Not in touch for 6+ months"
    for colour in WARMTH_COLOURS.values():  # also used for text in the intro dialog
        assert contrast_on_white(colour) >= 3.0, colour.name()


def test_legend_matches_the_dots(qtbot: Any, db: Any) -> None:
    panel = NetworkPanel(db)
    qtbot.addWidget(panel)
    for warmth, colour in WARMTH_COLOURS.items():
        label = panel.findChild(QLabel, f"warmthLegend_{warmth.value}")
        assert label is not None
        assert colour.name() in label.text() and warmth.label in label.text()
