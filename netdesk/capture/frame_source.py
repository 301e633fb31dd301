"""Where live frames come from: a camera, a list of images, or a video file. No Qt.

Event mode reads frames through the ``FrameSource`` protocol so tests and benchmarks can feed
the real worker threads with corpus photos or a recorded video instead of a webcam. Every
failure a user can meet (no camera, permission denied, unplugged mid-event) is a
``FrameSourceError`` whose message is a sentence saying what to do next.
"""

from __future__ import annotations

import glob
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, cast, runtime_checkable

import cv2
import numpy as np
import numpy.typing as npt

from netdesk.capture.images import ImageError, load_image

Frame = npt.NDArray[np.uint8]

#: Consecutive failed reads after which a camera counts as gone (about half a second at 30 fps).
MAX_FAILED_READS = 15
PHOTO_HINT = "You can still scan photos of cards with “Scan photos…”."


class FrameSourceError(Exception):
    """The source cannot deliver frames; the message is meant for the user."""


@runtime_checkable
class FrameSource(Protocol):
    """A stream of BGR (or gray) frames; ``read`` returns None when a finite stream has ended."""

    @property
    def name(self) -> str: ...

    def open(self) -> None: ...

    def read(self) -> Frame | None: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class CameraInfo:
    index: int
    label: str


def list_cameras(limit: int = 6) -> list[CameraInfo]:
    """The cameras worth offering. On Linux the device nodes tell without opening anything."""
    if sys.platform.startswith("linux"):
        found: list[CameraInfo] = []
        for node in sorted(glob.glob("/dev/video*")):
            suffix = node.removeprefix("/dev/video")
            if suffix.isdigit() and int(suffix) < 64:
                found.append(CameraInfo(int(suffix), _linux_label(int(suffix))))
        return found[:limit]
    # Elsewhere probing is the only portable way; the default camera is offered even if busy.
    return [CameraInfo(i, f"Camera {i + 1}") for i in range(min(limit, 2))]


def _linux_label(index: int) -> str:
    try:
        name = Path(f"/sys/class/video4linux/video{index}/name").read_text(encoding="utf-8").strip()
    except OSError:
        name = ""
    return f"{name} (video{index})" if name else f"Camera {index + 1}"


class CameraSource:
    """A webcam through ``cv2.VideoCapture``, asking for 1280×720."""

    def __init__(self, index: int = 0, width: int = 1280, height: int = 720) -> None:
        self.index = index
        self.width = width
        self.height = height
        self._capture: cv2.VideoCapture | None = None
        self._failures = 0

    @property
    def name(self) -> str:
        return f"Camera {self.index + 1}"

    def open(self) -> None:
        backend = cv2.CAP_V4L2 if sys.platform.startswith("linux") else cv2.CAP_ANY
        if sys.platform.startswith("linux") and not Path(f"/dev/video{self.index}").exists():
            raise FrameSourceError(f"No camera was found (video{self.index}). {PHOTO_HINT}")
        capture = cv2.VideoCapture(self.index, backend)
        if not capture.isOpened():
            capture.release()
            raise FrameSourceError(
                f"{self.name} could not be opened: it may be in use by another program, or netdesk "
                f"may not have permission to use it (check the system's privacy settings). {PHOTO_HINT}"
            )
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # keep the newest frame, not a backlog
        self._capture = capture
        self._failures = 0

    def read(self) -> Frame | None:
        if self._capture is None:
            raise FrameSourceError(f"{self.name} is not open.")
        while True:
            ok, frame = self._capture.read()
            if ok and frame is not None:
                self._failures = 0
                return cast(Frame, frame)
            self._failures += 1
            if self._failures >= MAX_FAILED_READS:
                raise FrameSourceError(
                    f"{self.name} stopped sending pictures; was it unplugged? Plug it back in and "
                    f"press “Start camera”. {PHOTO_HINT}"
                )
            time.sleep(0.03)

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None


class ImageFrameSource:
    """Frames from images (arrays or files): for tests, benchmarks and demos.

    ``repeat`` delivers each image that many times in a row (a card held in front of the
    camera); ``loop`` starts over at the end instead of ending; ``interval`` paces delivery
    like a camera (seconds per frame, 0 = as fast as asked).
    """

    def __init__(
        self,
        images: Sequence[Frame | str | Path],
        *,
        repeat: int = 1,
        loop: bool = False,
        interval: float = 0.0,
        name: str = "Test frames",
    ) -> None:
        self._images = list(images)
        self.repeat = max(1, repeat)
        self.loop = loop
        self.interval = interval
        self._name = name
        self._frames: list[Frame] = []
        self._position = 0
        self._last = 0.0
        self.delivered = 0

    @property
    def name(self) -> str:
        return self._name

    def open(self) -> None:
        frames: list[Frame] = []
        for image in self._images:
            if isinstance(image, np.ndarray):
                frames.append(image)
            else:
                try:
                    frames.append(load_image(image, grayscale=False))
                except ImageError as exc:
                    raise FrameSourceError(str(exc)) from None
        self._frames = [f for f in frames for _ in range(self.repeat)]
        self._position = 0

    def read(self) -> Frame | None:
        if not self._frames:
            return None
        if self._position >= len(self._frames):
            if not self.loop:
                return None
            self._position = 0
        if self.interval:
            wait = self._last + self.interval - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            self._last = time.perf_counter()
        frame = self._frames[self._position]
        self._position += 1
        self.delivered += 1
        return frame

    def close(self) -> None:
        self._frames = []


class VideoFileSource:
    """Frames of a recorded video, at the file's own pace when ``realtime``."""

    def __init__(self, path: str | Path, *, realtime: bool = False) -> None:
        self.path = Path(path)
        self.realtime = realtime
        self._capture: cv2.VideoCapture | None = None
        self._interval = 0.0
        self._last = 0.0

    @property
    def name(self) -> str:
        return self.path.name

    def open(self) -> None:
        if not self.path.is_file():
            raise FrameSourceError(f"{self.path}: the video file does not exist; check the path.")
        capture = cv2.VideoCapture(str(self.path))
        if not capture.isOpened():
            capture.release()
            raise FrameSourceError(f"{self.path}: not a video netdesk can read; try an MP4 or AVI file.")
        fps = capture.get(cv2.CAP_PROP_FPS) or 0.0
        self._interval = 1.0 / fps if self.realtime and fps > 0 else 0.0
        self._capture = capture

    def read(self) -> Frame | None:
        if self._capture is None:
            raise FrameSourceError(f"{self.path}: the video is not open.")
        if self._interval:
            wait = self._last + self._interval - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            self._last = time.perf_counter()
        ok, frame = self._capture.read()
        return cast(Frame, frame) if ok else None

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None
