"""Reading hostile text files in bounded memory, and writing files atomically.

Why not ``open(path).read()``: a contacts file may be 50 MB on one line, UTF-16 from Outlook,
cp1252 from an old Windows export or Shift_JIS from a Japanese phone. Files are read in blocks;
lines longer than a cap are reported and skipped instead of being held whole; the encoding is
decided from the bytes, never from the locale.
"""

from __future__ import annotations

import codecs
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

BLOCK = 1 << 16
#: A physical line longer than this is skipped with an error (a real contact line is < 100 kB;
#: 2.1 photos without folding reach a few MB).
MAX_LINE = 8 << 20
_BREAK = re.compile(rb"\r\r\n|\r\n|\n|\r")


@dataclass(frozen=True, slots=True)
class Line:
    """A physical line without its line break; ``overlong`` lines carry no data."""

    number: int
    data: bytes
    overlong: bool = False


class _Transcoder:
    """A ``read(n)`` stream giving UTF-8 bytes for a UTF-16 file, decoded incrementally."""

    def __init__(self, raw: BinaryIO, encoding: str) -> None:
        self._raw = raw
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace")

    def read(self, size: int) -> bytes:
        block = self._raw.read(size)
        text = self._decoder.decode(block, final=not block)
        return text.encode("utf-8", errors="surrogatepass")


def iter_lines(stream: BinaryIO | _Transcoder, max_line: int = MAX_LINE) -> Iterator[Line]:
    """Physical lines split on CRLF, LF, CR or CR CR LF (an iPhone quirk), numbered from 1.

    At most ``max_line`` bytes of one line are ever held; a longer line is yielded once as
    ``overlong`` and its bytes are dropped.
    """
    number = 1
    buffer = b""
    skipping = False
    # Where the search for the next line break resumes: bytes before it were already searched,
    # so a long line is scanned once, not once per block (which was quadratic in its length).
    scan = 0
    while True:
        block = stream.read(BLOCK)
        eof = not block
        buffer += block
        start = 0
        # Near the end of a block a CR may be the first half of CRLF or CR CR LF: wait for more.
        limit = len(buffer) if eof else len(buffer) - 2
        for match in _BREAK.finditer(buffer, scan):
            if match.end() > limit:
                break
            if skipping:
                skipping = False
            elif match.start() - start > max_line:
                yield Line(number, b"", overlong=True)
            else:
                yield Line(number, buffer[start : match.start()])
            number += 1
            start = match.end()
        buffer = buffer[start:]
        # A break not taken yet ends after ``limit``, so it starts within the last 4 bytes.
        scan = max(0, len(buffer) - 4)
        if len(buffer) > max_line:
            if not skipping:
                yield Line(number, b"", overlong=True)
                skipping = True
            buffer = buffer[-2:]
            scan = 0
        if eof:
            if buffer and not skipping:
                yield Line(number, buffer) if len(buffer) <= max_line else Line(number, b"", overlong=True)
            return


def sniff_encoding(path: Path) -> str:
    """The file's encoding: BOM first, then NUL patterns (UTF-16 without BOM), then a full scan.

    UTF-8 is accepted only if the whole file decodes; otherwise Shift_JIS is chosen when it
    decodes strictly and most non-ASCII characters come out Japanese, else cp1252 (the encoding
    of Windows exports, which never fails to decode). Shift_JIS is read as cp932, Windows'
    superset that Japanese Outlook writes: plain Shift_JIS fails on 髙 or ① and the file
    would come out as cp1252 mojibake.
    """
    with path.open("rb") as f:
        head = f.read(4096)
    wide = utf16_encoding(head)
    if wide:
        return wide
    if _decodes(path, "utf-8"):
        return "utf-8"
    if _decodes(path, "cp932") and _looks_japanese(path):
        return "cp932"
    return "cp1252"


def utf16_encoding(head: bytes) -> str | None:
    """ "utf-8-sig" or a UTF-16 codec when the first bytes say so (BOM or NUL pattern), else None."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) >= 4:
        even, odd = head[0::2], head[1::2]
        if odd.count(0) > len(odd) // 3 and even.count(0) < len(even) // 10:
            return "utf-16-le"
        if even.count(0) > len(even) // 3 and odd.count(0) < len(odd) // 10:
            return "utf-16-be"
    return None


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as f:
        try:
            while block := f.read(1 << 20):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _looks_japanese(path: Path) -> bool:
    """Most non-ASCII characters are kana or kanji, and they are not glued to Latin letters.

    cp1252 text often decodes as cp932 too: "Seán" comes out "Se疣", an accented letter and
    the next ASCII letter read as one kanji. Real Japanese text rarely has a kanji right
    after or before a Latin letter, so such pairs count against Japanese.
    """
    with path.open("rb") as f:
        sample = f.read(1 << 20)
    text = sample.decode("cp932", errors="ignore")
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if not non_ascii:
        return False
    japanese = 0
    glued = 0
    for i, ch in enumerate(text):
        if ord(ch) > 127 and unicodedata.name(ch, "").startswith(("CJK", "HIRAGANA", "KATAKANA")):
            japanese += 1
            around = text[max(i - 1, 0) : i] + text[i + 1 : i + 2]
            glued += any(c.isascii() and c.isalpha() for c in around)
    return japanese * 2 >= len(non_ascii) and glued * 4 < japanese


def open_lines(path: Path, encoding: str, max_line: int = MAX_LINE) -> Iterator[Line]:
    """Lines of ``path``; UTF-16 is transcoded to UTF-8 so line breaks are found as bytes."""
    with path.open("rb") as raw:
        stream: BinaryIO | _Transcoder = raw
        if encoding.startswith("utf-16"):
            stream = _Transcoder(raw, encoding)
        elif encoding == "utf-8-sig":
            raw.read(3)
        yield from iter_lines(stream, max_line)


def atomic_write(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write through a temporary file in the same folder, fsync, then rename over ``path``.

    A crash or full disk leaves the previous file intact, never a half-written export.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """``atomic_write`` of ready-made bytes (a calendar, an e-mail, an image, a template)."""

    def write(handle: BinaryIO) -> None:
        handle.write(data)

    atomic_write(path, write)
