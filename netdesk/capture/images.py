"""Load photos safely: any broken, hostile or gigantic file becomes an ``ImageError`` naming it.

Event mode and ``netdesk decode`` take files straight from phones and chat apps, so a loader that
can hang on a decompression bomb or crash on a truncated JPEG would lose a whole batch. The pixel
count is checked from the header, before any pixel is decoded, which keeps a refusal well under 2 s.
"""

from __future__ import annotations

import importlib
import warnings
from pathlib import Path

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageOps, UnidentifiedImageError

from netdesk.domain.file_names import shown_path

#: Larger images are refused: a 48 MP phone photo is fine, a 100+ MP file is a bomb or a scan error.
MAX_PIXELS = 100_000_000
SUPPORTED = "JPEG, PNG, WebP, BMP, TIFF or HEIC"

_heif_registered: bool | None = None


class ImageError(Exception):
    """A file that cannot be used as a photo; the message names it and says what to do."""

    def __init__(self, path: str | Path, message: str) -> None:
        super().__init__(f"{shown_path(path)}: {message}")  # printable whatever the name's bytes
        self.path = str(path)
        self.reason = message


def _register_heif() -> bool:
    """iPhone photos are HEIC. pi-heif decodes them (libheif and libde265, no encoder: pillow-heif's
    wheels also carry the GPL x265 encoder, 22 MiB netdesk never uses); pillow-heif, when only it
    is installed, does the same. Either is optional at run time: without one only HEIC is lost."""
    global _heif_registered
    if _heif_registered is None:
        _heif_registered = False
        for module in ("pi_heif", "pillow_heif"):
            try:
                importlib.import_module(module).register_heif_opener()
            except Exception:
                continue
            _heif_registered = True
            break
    return _heif_registered


def load_image(
    path: str | Path, *, grayscale: bool = True, max_pixels: int = MAX_PIXELS
) -> npt.NDArray[np.uint8]:
    """The photo as a numpy array (H×W gray, or H×W×3 BGR like OpenCV), EXIF orientation applied.

    Transparent pixels are put on white, because QR generators often write black modules on a
    transparent background, which would otherwise turn into black on black.
    """
    file = Path(path)
    try:
        size = file.stat().st_size
    except FileNotFoundError:
        raise ImageError(path, "the file does not exist; check the path.") from None
    except OSError as exc:
        raise ImageError(path, f"the file cannot be read ({exc.strerror or exc}).") from None
    if file.is_dir():
        raise ImageError(path, "is a folder, not an image; pass the image files inside it.")
    if size == 0:
        raise ImageError(path, "the file is empty (0 bytes); copy the photo again from its source.")
    _register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as opened:
                width, height = opened.size
                if width * height > max_pixels:
                    raise ImageError(
                        path,
                        f"the image is {width}×{height} pixels ({width * height / 1e6:.0f} megapixels), "
                        f"more than the {max_pixels / 1e6:.0f} megapixels netdesk accepts; "
                        "it may be a decompression bomb, or resize it first.",
                    )
                return _to_array(opened, grayscale)
    except ImageError:
        raise
    except UnidentifiedImageError:
        raise ImageError(path, f"not an image netdesk can read; use a {SUPPORTED} file.") from None
    except Image.DecompressionBombError:
        raise ImageError(path, "the image is too large to open safely; resize it first.") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        detail = str(exc) or type(exc).__name__
        raise ImageError(path, f"the image is truncated or damaged ({detail}); copy it again.") from None
    except MemoryError:
        raise ImageError(path, "not enough memory to open this image; resize it first.") from None


def _to_array(image: Image.Image, grayscale: bool) -> npt.NDArray[np.uint8]:
    if grayscale and image.format == "JPEG" and image.mode in ("RGB", "YCbCr", "CMYK"):
        image.draft("L", image.size)  # libjpeg skips chroma: faster and identical luminance
    image.load()
    oriented = ImageOps.exif_transpose(image) or image
    if oriented.mode in ("RGBA", "LA", "PA") or (oriented.mode == "P" and "transparency" in oriented.info):
        rgba = oriented.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        oriented = Image.alpha_composite(background, rgba)
    if grayscale:
        return np.asarray(oriented.convert("L"), dtype=np.uint8)
    rgb = np.asarray(oriented.convert("RGB"), dtype=np.uint8)
    return np.ascontiguousarray(rgb[:, :, ::-1])
