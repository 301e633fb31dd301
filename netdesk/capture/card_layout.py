"""Geometry of recognised card text: lines with their boxes, rows in reading order, sideways cards.

Separate from the field rules (``card_fields``) because it knows nothing about names or phones:
it only decides which boxes form one printed line, in what order a person would read them, and how
to turn the layout of a sideways photo upright while still reporting boxes in image pixels.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Point = tuple[float, float]
Box = tuple[Point, Point, Point, Point]


@dataclass(frozen=True, slots=True)
class TextLine:
    """One recognised line: its text, its quadrilateral in image pixels and the OCR score (0..1)."""

    text: str
    box: Box
    score: float = 1.0

    @property
    def height(self) -> float:
        """Text height, the layout's best signal: names are printed largest."""
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = self.box
        return (math.hypot(x3 - x0, y3 - y0) + math.hypot(x2 - x1, y2 - y1)) / 2

    @property
    def center(self) -> Point:
        return (sum(p[0] for p in self.box) / 4, sum(p[1] for p in self.box) / 4)


def merge_rows(lines: Sequence[TextLine]) -> list[TextLine]:
    """Reading order (rows top to bottom, left to right), with boxes of one printed line that the
    detector split ("Fatima" + "Lee") joined again; a wide gap keeps two columns apart."""
    rows: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda ln: ln.center[1]):
        row = rows[-1] if rows else None
        if row is not None and abs(row[0].center[1] - line.center[1]) < 0.35 * max(
            row[0].height, line.height
        ):
            row.append(line)
        else:
            rows.append([line])
    merged: list[TextLine] = []
    for row in rows:
        row.sort(key=lambda ln: ln.center[0])
        out = [row[0]]
        for line in row[1:]:
            prev = out[-1]
            if _joins(prev, line):
                out[-1] = TextLine(
                    f"{prev.text} {line.text}", _union(prev.box, line.box), min(prev.score, line.score)
                )
            else:
                out.append(line)
        merged.extend(out)
    return merged


def _joins(a: TextLine, b: TextLine) -> bool:
    """Same size and a word-sized gap: one printed line."""
    height = max(a.height, b.height)
    if min(a.height, b.height) < 0.75 * height:
        return False
    gap = min(p[0] for p in b.box) - max(p[0] for p in a.box)
    return -0.2 * height < gap < 1.2 * height


def _bounds(box: Box) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in box], [p[1] for p in box]
    return min(xs), min(ys), max(xs), max(ys)


def upright(lines: Sequence[TextLine]) -> tuple[list[TextLine], Callable[[Box], Box]]:
    """Lines of a sideways card turned upright, and how to turn a box back to image pixels.

    The recogniser already reads vertical lines in the right direction, but the layout rules need
    rows. Which way to turn: the largest print (name or logo) sits at the card's top, so the side
    of the widest column is where the top went.
    """

    def width(line: TextLine) -> float:
        x0, _, x1, _ = _bounds(line.box)
        return x1 - x0

    def height(line: TextLine) -> float:
        _, y0, _, y1 = _bounds(line.box)
        return y1 - y0

    tall = [ln for ln in lines if height(ln) > 1.5 * width(ln)]
    if not lines or len(tall) <= len(lines) / 2:
        return list(lines), lambda box: box
    left, _, right, bottom = _bounds(_union(*[ln.box for ln in lines]))
    widest = max(tall, key=width)
    if widest.center[0] < (left + right) / 2:  # top of the card at the left: turn clockwise

        def turn(p: Point) -> Point:
            return (bottom - p[1], p[0])

        def back(p: Point) -> Point:
            return (p[1], bottom - p[0])
    else:

        def turn(p: Point) -> Point:
            return (p[1], right - p[0])

        def back(p: Point) -> Point:
            return (right - p[1], p[0])

    def axis_box(points: list[Point]) -> Box:
        x0, y0, x1, y1 = _bounds((points[0], points[1], points[2], points[3]))
        return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))

    turned = [TextLine(ln.text, axis_box([turn(p) for p in ln.box]), ln.score) for ln in lines]
    return turned, lambda box: axis_box([back(p) for p in box])


def _union(a: Box, *more: Box) -> Box:
    xs = [p[0] for box in (a, *more) for p in box]
    ys = [p[1] for box in (a, *more) for p in box]
    return ((min(xs), min(ys)), (max(xs), min(ys)), (max(xs), max(ys)), (min(xs), max(ys)))
