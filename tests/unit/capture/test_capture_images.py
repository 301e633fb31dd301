"""Decoding generated and photographed codes, and refusing bad files quickly with clear errors."""

from __future__ import annotations

import io
import struct
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
import qrcode
from PIL import Image

from netdesk.capture import ImageError, capture_file, decode, decode_file, load_image, parse_payload
from netdesk.capture.engines import bytes_to_text, opencv_read, zbar_available, zbar_read


def _qr(text: str, *, box: int = 6, border: int = 4) -> Image.Image:
    code = qrcode.QRCode(box_size=box, border=border)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    img: Image.Image = code.make_image(fill_color="black", back_color="white").get_image()
    return img.convert("L")


def test_generated_utf8_mecard_decodes_exactly(tmp_path: Path) -> None:
    text = "MECARD:N:Müller,Jörg;ORG:Überall GmbH;EMAIL:joerg@example.de;;"
    path = tmp_path / "card.png"
    _qr(text).save(path)
    codes = decode_file(path)
    assert [c.text for c in codes] == [text]
    assert codes[0].raw == text.encode("utf-8")
    draft = parse_payload(codes[0].text).contact
    assert draft is not None and draft.name == "Jörg Müller"


@pytest.mark.skipif(not zbar_available(), reason="libzbar0 is not installed (apt-get install libzbar0)")
def test_zbar_reads_binary_so_utf8_is_not_mangled() -> None:
    codes = zbar_read(np.asarray(_qr("Jörg 李"), dtype=np.uint8))
    assert [c.text for c in codes] == ["Jörg 李"]


def test_opencv_reader_reads_utf8() -> None:
    codes = opencv_read(np.asarray(_qr("Zoë García"), dtype=np.uint8))
    assert [c.text for c in codes] == ["Zoë García"]


def test_bytes_to_text_fallbacks() -> None:
    assert bytes_to_text("Jörg".encode()) == "Jörg"
    assert bytes_to_text("日本語".encode("shift_jis")) == "日本語"
    assert bytes_to_text(b"\xff\xfe\xfa") == "ÿþú"


def test_two_codes_in_one_frame_and_positions() -> None:
    left = np.asarray(_qr("https://www.linkedin.com/in/left"), dtype=np.uint8)
    right = np.asarray(_qr("MECARD:N:Right,Ann;TEL:+15085550142;;"), dtype=np.uint8)
    height = max(left.shape[0], right.shape[0])
    canvas = np.full((height + 40, left.shape[1] + right.shape[1] + 60, 3), 255, dtype=np.uint8)
    canvas[20 : 20 + left.shape[0], 20 : 20 + left.shape[1]] = left[:, :, None]
    x = 40 + left.shape[1]
    canvas[20 : 20 + right.shape[0], x : x + right.shape[1]] = right[:, :, None]
    codes = decode(canvas)
    assert [c.text for c in codes] == [
        "https://www.linkedin.com/in/left",
        "MECARD:N:Right,Ann;TEL:+15085550142;;",
    ]
    assert codes[0].center[0] < x < codes[1].center[0]


def test_small_blurred_code_found_by_retries_not_fast_path() -> None:
    import cv2

    img = np.asarray(_qr("https://www.linkedin.com/in/retry", box=3), dtype=np.uint8)
    blurred = cv2.GaussianBlur(img, (0, 0), 1.4)
    assert decode(blurred, effort="thorough")
    assert decode(np.full((50, 50), 255, dtype=np.uint8)) == []


def test_out_of_focus_code_read_by_deconvolution_retry() -> None:
    import cv2

    from netdesk.capture.engines import zxing_read

    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Kwame Chen\nEMAIL:kchen@harbormusic.net\nTEL:+1 508 555 4351\nEND:VCARD"
    )
    sharp = np.asarray(_qr(text, box=5), dtype=np.uint8)
    canvas = np.full((sharp.shape[0] + 200, sharp.shape[1] + 200), 230, dtype=np.uint8)
    canvas[100:-100, 100:-100] = sharp
    blurred = cv2.GaussianBlur(canvas, (0, 0), 2.8)
    assert zxing_read(blurred)[0] == []  # the fast path alone cannot read it
    assert [c.text for c in decode(blurred)] == [text]


def test_exif_orientation_applied(tmp_path: Path) -> None:
    wide = Image.new("L", (40, 20), 255)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise when displayed
    path = tmp_path / "rotated.jpg"
    wide.save(path, exif=exif)
    assert load_image(path).shape == (40, 20)


def test_transparent_png_put_on_white(tmp_path: Path) -> None:
    gray = _qr("transparent background")
    rgba = Image.new("RGBA", gray.size, (0, 0, 0, 0))
    rgba.putalpha(Image.eval(gray, lambda v: 255 - v))  # black modules, transparent elsewhere
    path = tmp_path / "alpha.png"
    rgba.save(path)
    assert [c.text for c in decode_file(path)] == ["transparent background"]


def test_heic_photo(tmp_path: Path) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    path = tmp_path / "card.heic"
    try:
        pillow_heif.from_pillow(_qr("https://www.linkedin.com/in/heic", box=8).convert("RGB")).save(
            path, quality=95
        )
    except Exception as exc:  # encoder missing in this libheif build
        pytest.skip(f"cannot write HEIC here: {exc}")
    assert [c.text for c in decode_file(path)] == ["https://www.linkedin.com/in/heic"]


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _truncated_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 10, 10)).save(buffer, "JPEG")
    return buffer.getvalue()[:2_000]


@pytest.mark.parametrize(
    ("name", "content", "phrase"),
    [
        ("empty.jpg", b"", "empty (0 bytes)"),
        ("truncated.jpg", _truncated_jpeg(), "truncated or damaged"),
        ("notes.png", b"this is a text file, not a picture\n" * 10, "not an image"),
        ("bomb.png", _png_header_only(12_000, 10_000), "megapixels"),
    ],
)
def test_bad_files_fail_fast_with_a_sentence_naming_the_file(
    tmp_path: Path, name: str, content: bytes, phrase: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    start = time.perf_counter()
    with pytest.raises(ImageError) as info:
        decode_file(path)
    assert time.perf_counter() - start < 2
    assert str(path) in str(info.value)
    assert phrase in str(info.value)
    result = capture_file(path)
    assert result.error is not None and str(path) in result.error
    assert result.codes == () and result.contacts == ()


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="does not exist"):
        load_image(tmp_path / "nope.jpg")
    with pytest.raises(ImageError, match="folder"):
        load_image(tmp_path)
