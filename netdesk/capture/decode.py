"""Find every QR code in a photo or camera frame.

Fast path first: zxing-cpp on the image as given, which reads nearly every decent photo in a
millisecond or two. Only when it finds nothing — or finds a symbol it cannot read — do the slower
retries run: other binarizers and scales, zbar and OpenCV, contrast and sharpening, and crops of the
failed symbol at higher resolution. A time budget bounds the retries so one hopeless photo cannot
stall a batch; camera frames use ``effort="fast"`` because the next frame is the better retry.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Literal

import cv2
import numpy as np
import zxingcpp

from netdesk.capture.engines import (
    DecodedCode,
    Image,
    Quad,
    _gray,
    opencv_read,
    zbar_read,
    zxing_read,
)
from netdesk.capture.images import load_image

Effort = Literal["fast", "thorough"]
#: Seconds the retries of one image may take (the fast path is not counted against it).
DEFAULT_BUDGET = 1.5

__all__ = ["DEFAULT_BUDGET", "DecodedCode", "Effort", "decode", "decode_file"]


def decode_file(
    path: str | Path, *, effort: Effort = "thorough", budget: float = DEFAULT_BUDGET
) -> list[DecodedCode]:
    """Every code in the image file; ``ImageError`` (naming the file) when it is not a usable image."""
    return decode(load_image(path, grayscale=True), effort=effort, budget=budget)


def decode(
    image: Image | str | Path, *, effort: Effort = "thorough", budget: float = DEFAULT_BUDGET
) -> list[DecodedCode]:
    """Every QR code in ``image`` (a gray or BGR numpy array, or a file path), in reading order."""
    if isinstance(image, (str, Path)):
        return decode_file(image, effort=effort, budget=budget)
    if image.size == 0:
        return []
    found, failed = zxing_read(image, return_errors=True)
    if effort == "fast" or (found and not _unread(failed, found)):
        return _ordered(found)
    deadline = time.perf_counter() + budget
    gray = np.ascontiguousarray(_gray(image))
    results = _Results(found)
    for quad in _unread(failed, found):
        for attempt in _crop_attempts(gray, quad):
            if time.perf_counter() > deadline:
                break
            if results.add(attempt()):
                break
    if not results.codes:
        for attempt in _whole_attempts(gray):
            if time.perf_counter() > deadline:
                break
            if results.add(attempt()):
                break
    return _ordered(results.codes)


class _Results:
    """Codes found so far, one per payload (several decoders often read the same symbol)."""

    def __init__(self, initial: list[DecodedCode]) -> None:
        self.codes: list[DecodedCode] = []
        self.add(initial)

    def add(self, codes: list[DecodedCode]) -> bool:
        added = False
        for code in codes:
            if all(code.raw != c.raw and not _overlaps(code.position, c.position) for c in self.codes):
                self.codes.append(code)
                added = True
        return added


def _ordered(codes: list[DecodedCode]) -> list[DecodedCode]:
    """Top-to-bottom, left-to-right, so two cards in a photo come out in a stable order."""
    return sorted(codes, key=lambda c: (round(c.center[1] / 50), c.center[0]))


def _bbox(quad: Quad) -> tuple[int, int, int, int]:
    xs = [p[0] for p in quad]
    ys = [p[1] for p in quad]
    return min(xs), min(ys), max(xs), max(ys)


def _overlaps(a: Quad, b: Quad) -> bool:
    ax0, ay0, ax1, ay1 = _bbox(a)
    bx0, by0, bx1, by1 = _bbox(b)
    ix = max(0, min(ax1, bx1) - max(ax0, bx0))
    iy = max(0, min(ay1, by1) - max(ay0, by0))
    smaller = min((ax1 - ax0) * (ay1 - ay0), (bx1 - bx0) * (by1 - by0))
    return smaller > 0 and ix * iy > 0.5 * smaller


def _unread(failed: list[Quad], found: list[DecodedCode]) -> list[Quad]:
    """Symbols zxing saw but could not read, minus duplicates and ones another result covers."""
    out: list[Quad] = []
    for quad in failed:
        if any(_overlaps(quad, c.position) for c in found) or any(_overlaps(quad, q) for q in out):
            continue
        out.append(quad)
    return out[:4]


def _mapped(codes: list[DecodedCode], scale: float, dx: int = 0, dy: int = 0) -> list[DecodedCode]:
    """Codes read on a resized or cropped copy, with corners mapped back to the original image."""
    if scale == 1 and dx == 0 and dy == 0:
        return codes
    return [
        DecodedCode(
            c.text,
            c.raw,
            c.format,
            tuple((int(x / scale) + dx, int(y / scale) + dy) for x, y in c.position),  # type: ignore[arg-type]
            c.decoder,
        )
        for c in codes
    ]


def _zx(image: Image, binarizer: object = None) -> list[DecodedCode]:
    return zxing_read(image, binarizer=binarizer)[0]


def _u8(array: object) -> Image:
    return np.asarray(array, dtype=np.uint8)


def _resize(gray: Image, scale: float) -> Image:
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    return _u8(cv2.resize(gray, None, fx=scale, fy=scale, interpolation=interpolation))


def _sharpen(gray: Image, sigma: float = 2.0, amount: float = 1.5) -> Image:
    blurred = cv2.GaussianBlur(gray, (0, 0), sigma)
    return _u8(cv2.addWeighted(gray, 1 + amount, blurred, -amount, 0))


def _clahe(gray: Image) -> Image:
    return _u8(cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8)).apply(gray))


def _otsu(gray: Image) -> Image:
    return _u8(cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1])


def _median(gray: Image) -> Image:
    return _u8(cv2.medianBlur(gray, 3))


def _deblur(gray: Image, sigma: float, noise: float = 0.001) -> Image:
    """Wiener deconvolution for a Gaussian blur: out-of-focus card photos that no binarizer can rescue.

    Modules smeared into each other are sharpened back in the frequency domain; ``noise`` keeps
    the inverse filter from amplifying sensor noise. Costs one FFT pair, so it runs last.
    """
    data = gray.astype(np.float32) / 255.0
    fy = np.fft.fftfreq(data.shape[0])[:, None]
    fx = np.fft.rfftfreq(data.shape[1])[None, :]
    otf = np.exp(-2.0 * np.pi**2 * sigma**2 * (fx**2 + fy**2)).astype(np.float32)
    restored = np.fft.irfft2(np.fft.rfft2(data) * otf / (otf * otf + noise), s=data.shape)
    return _u8(np.clip(restored * 255.0, 0, 255))


def _zx_deblurred(gray: Image, sigma: float) -> list[DecodedCode]:
    return _zx(_deblur(gray, sigma))


def _zx_scaled(
    gray: Image, scale: float, binarizer: object = None, dx: int = 0, dy: int = 0
) -> list[DecodedCode]:
    return _mapped(_zx(_resize(gray, scale), binarizer), scale, dx, dy)


def _zx_sharp_scaled(gray: Image, scale: float, dx: int = 0, dy: int = 0) -> list[DecodedCode]:
    return _mapped(_zx(_sharpen(_resize(gray, scale), scale * 1.5)), scale, dx, dy)


def _zbar_scaled(gray: Image, scale: float, dx: int = 0, dy: int = 0) -> list[DecodedCode]:
    return _mapped(zbar_read(_resize(gray, scale)), scale, dx, dy)


Attempt = Callable[[], list[DecodedCode]]
_GH = zxingcpp.Binarizer.GlobalHistogram


def _whole_attempts(gray: Image) -> Iterator[Attempt]:
    """Retries over the whole image, cheapest and most often successful first."""
    height, width = gray.shape[:2]
    longest = max(height, width)
    yield partial(_zx, gray, _GH)
    for scale in (0.5, 0.75):
        if longest * scale >= 120:
            yield partial(_zx_scaled, gray, scale, _GH)
            yield partial(_zx_scaled, gray, scale)
    yield partial(zbar_read, gray)
    yield partial(opencv_read, gray)
    yield lambda: _zx(_median(gray))
    yield lambda: _zx(_otsu(gray))
    yield lambda: _zx(_clahe(gray))
    yield lambda: _zx(_sharpen(gray))
    if longest <= 1600:
        yield partial(_zx_scaled, gray, 2.0)
        yield partial(_zx_sharp_scaled, gray, 2.0)
    if longest > 2500:  # huge photos: find the code small, the fast path already read full size
        yield partial(_zx_scaled, gray, 1200 / longest)
        yield partial(_zbar_scaled, gray, 1200 / longest)
    yield partial(_zx, gray, zxingcpp.Binarizer.FixedThreshold)
    if longest <= 2500:
        for sigma in (2.5, 3.5, 1.5):
            yield partial(_zx_deblurred, gray, sigma)


def _crop_attempts(gray: Image, quad: Quad) -> Iterator[Attempt]:
    """Retries on a symbol zxing located but could not read: crop it with a margin and enlarge it."""
    x0, y0, x1, y1 = _bbox(quad)
    margin = max(x1 - x0, y1 - y0) // 4 + 8
    height, width = gray.shape[:2]
    cx0, cy0 = max(0, x0 - margin), max(0, y0 - margin)
    cx1, cy1 = min(width, x1 + margin), min(height, y1 + margin)
    if cx1 - cx0 < 8 or cy1 - cy0 < 8:
        return
    crop = np.ascontiguousarray(gray[cy0:cy1, cx0:cx1])
    yield partial(_zx_scaled, crop, 1.0, _GH, cx0, cy0)
    for scale in (2.0, 3.0):
        yield partial(_zx_scaled, crop, scale, None, cx0, cy0)
        yield partial(_zx_sharp_scaled, crop, scale, cx0, cy0)
        yield partial(_zbar_scaled, crop, scale, cx0, cy0)
    yield lambda: _mapped(opencv_read(crop), 1, cx0, cy0)
