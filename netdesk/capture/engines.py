"""Thin adapters over the three QR decoders, each returning ``DecodedCode`` values.

zxing-cpp reads most codes fastest; zbar and OpenCV's Aruco-based detector each read a few photos
zxing-cpp misses, so they are fallbacks. zbar is optional (it needs the system libzbar) and must
be asked for *binary* data: left alone it guesses Big5/Shift_JIS and turns "Jörg" into "J繹rg".
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
import zxingcpp

Image = npt.NDArray[np.uint8]
Quad = tuple[tuple[int, int], tuple[int, int], tuple[int, int], tuple[int, int]]

_QR_FORMATS = [
    zxingcpp.BarcodeFormat.QRCode,
    zxingcpp.BarcodeFormat.MicroQRCode,
    zxingcpp.BarcodeFormat.RMQRCode,
]
#: zbar's ``ZBAR_CFG_BINARY`` (zbar >= 0.23): hand back the symbol's bytes instead of guessing a charset.
_ZBAR_CFG_BINARY = 4


@dataclass(frozen=True, slots=True)
class DecodedCode:
    """One code found in an image.

    ``text`` is the exact decoded text (control characters kept: the payload parser neutralises
    them), ``raw`` the symbol's bytes, ``position`` the four corners in input-image pixels
    (top-left, top-right, bottom-right, bottom-left) and ``decoder`` which engine read it.
    """

    text: str
    raw: bytes
    format: str
    position: Quad
    decoder: str

    @property
    def center(self) -> tuple[float, float]:
        return (sum(p[0] for p in self.position) / 4, sum(p[1] for p in self.position) / 4)


def bytes_to_text(raw: bytes) -> str:
    """Text of a QR byte segment without ECI: UTF-8 if valid, else Shift_JIS (Japanese phones), else Latin-1."""
    for encoding in ("utf-8", "shift_jis"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def zxing_read(
    image: Image, *, binarizer: Any = None, return_errors: bool = False
) -> tuple[list[DecodedCode], list[Quad]]:
    """Codes read by zxing-cpp, and (with ``return_errors``) quads of symbols found but not read."""
    kwargs: dict[str, Any] = {"formats": _QR_FORMATS, "text_mode": zxingcpp.TextMode.Plain}
    if binarizer is not None:
        kwargs["binarizer"] = binarizer
    if return_errors:
        kwargs["return_errors"] = True
    codes: list[DecodedCode] = []
    failed: list[Quad] = []
    for barcode in zxingcpp.read_barcodes(image, **kwargs):
        pos = barcode.position
        quad: Quad = (
            (int(pos.top_left.x), int(pos.top_left.y)),
            (int(pos.top_right.x), int(pos.top_right.y)),
            (int(pos.bottom_right.x), int(pos.bottom_right.y)),
            (int(pos.bottom_left.x), int(pos.bottom_left.y)),
        )
        if barcode.error is not None or not barcode.valid:
            failed.append(quad)
            continue
        codes.append(DecodedCode(barcode.text, bytes(barcode.bytes), str(barcode.format), quad, "zxing-cpp"))
    return codes, failed


@functools.cache
def _zbar() -> Any:
    """The pyzbar module when libzbar is installed, else None (decoding carries on without it)."""
    try:
        from pyzbar import pyzbar

        return pyzbar
    except (ImportError, OSError):
        return None


def zbar_available() -> bool:
    return _zbar() is not None


def zbar_read(image: Image) -> list[DecodedCode]:
    """Codes read by zbar in binary mode; empty when libzbar is missing."""
    pyzbar = _zbar()
    if pyzbar is None:
        return []
    from pyzbar import wrapper

    gray = _gray(image)
    height, width = gray.shape[:2]
    pixels = np.ascontiguousarray(gray).tobytes()
    found: list[DecodedCode] = []
    with pyzbar._image_scanner() as scanner:
        for symbol in wrapper.ZBarSymbol:
            wrapper.zbar_image_scanner_set_config(scanner, symbol, wrapper.ZBarConfig.CFG_ENABLE, 0)
        qr = wrapper.ZBarSymbol.QRCODE
        wrapper.zbar_image_scanner_set_config(scanner, qr, wrapper.ZBarConfig.CFG_ENABLE, 1)
        binary = wrapper.zbar_image_scanner_set_config(scanner, qr, _ZBAR_CFG_BINARY, 1) == 0
        with pyzbar._image() as img:
            wrapper.zbar_image_set_format(img, pyzbar._FOURCC["L800"])
            wrapper.zbar_image_set_size(img, width, height)
            wrapper.zbar_image_set_data(
                img, ctypes.cast(ctypes.c_char_p(pixels), ctypes.c_void_p), len(pixels), None
            )
            if wrapper.zbar_scan_image(scanner, img) <= 0:
                return []
            for symbol in pyzbar._decode_symbols(pyzbar._symbols_for_image(img)):
                raw = bytes(symbol.data)
                text = bytes_to_text(raw) if binary else raw.decode("utf-8", errors="replace")
                points = list(symbol.polygon)[:4]
                while len(points) < 4:
                    points.append(points[-1] if points else (0, 0))
                quad: Quad = tuple((int(p[0]), int(p[1])) for p in points)  # type: ignore[assignment]
                found.append(DecodedCode(text, raw, "QR Code", quad, "zbar"))
    return found


@functools.cache
def _aruco() -> Any:
    return cv2.QRCodeDetectorAruco()


def opencv_read(image: Image) -> list[DecodedCode]:
    """Codes read by OpenCV's ``QRCodeDetectorAruco`` (multi-code)."""
    try:
        ok, texts, points, _ = _aruco().detectAndDecodeMulti(image)
    except (cv2.error, UnicodeDecodeError):
        return []
    if not ok or points is None:
        return []
    found: list[DecodedCode] = []
    for text, quad_points in zip(texts, points, strict=False):
        if not text:
            continue
        quad: Quad = tuple((int(x), int(y)) for x, y in quad_points[:4])  # type: ignore[assignment]
        found.append(DecodedCode(text, text.encode("utf-8"), "QR Code", quad, "opencv"))
    return found


def _gray(image: Image) -> Image:
    if image.ndim == 3:
        code = cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY
        return np.asarray(cv2.cvtColor(image, code), dtype=np.uint8)
    return image


Reader = Callable[[Image], list[DecodedCode]]
