"""Accepting a live code only once it is seen in two frames. No Qt.

A single frame can misread a code (motion blur, a half-visible card) or catch a code that merely
swept past; requiring the same text in ``min_frames`` of the last ``window`` decoded frames
filters both without making a steady hand wait. Each text is confirmed once per validator, so a
card held in front of the camera for ten seconds gives one draft, not three hundred.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable


class FrameValidator:
    def __init__(self, min_frames: int = 2, window: int = 8) -> None:
        if min_frames < 1 or window < min_frames:
            raise ValueError("need 1 <= min_frames <= window")
        self.min_frames = min_frames
        self._recent: deque[frozenset[str]] = deque(maxlen=window)
        self._confirmed: set[str] = set()

    def feed(self, texts: Iterable[str]) -> list[str]:
        """The texts of one decoded frame; returns those confirmed by this frame, in frame order."""
        frame = list(dict.fromkeys(t for t in texts if t))
        self._recent.append(frozenset(frame))
        confirmed: list[str] = []
        for text in frame:
            if text in self._confirmed:
                continue
            seen = sum(1 for past in self._recent if text in past)
            if seen >= self.min_frames:
                self._confirmed.add(text)
                confirmed.append(text)
        return confirmed

    def forget(self, text: str) -> None:
        """Let ``text`` be confirmed again (the user skipped it and shows the card once more)."""
        self._confirmed.discard(text)

    def reset(self) -> None:
        self._recent.clear()
        self._confirmed.clear()
