"""File names as they appear in sentences: always printable, never a reason to crash.

On Linux a file name is bytes. Python hands bytes that are not valid UTF-8 over as lone
surrogates (``b"caf\\xe9.vcf"`` becomes ``"caf\\udce9.vcf"``), which cannot be encoded for a
terminal, a JSON document or SQLite. Names can also hold control characters (a newline, an
escape sequence, a right-to-left override) that would garble a message. Such characters are
written as Python-style escapes, so ``caf\\xe9.vcf`` names the file unambiguously.
"""

from __future__ import annotations

import os


def _escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # one undecodable byte (the surrogateescape error handler)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def shown_path(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """``path`` as printable text: undecodable bytes as ``\\xNN``, other unprintables escaped."""
    text = os.fsdecode(path)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def printable(text: str) -> str:
    """A sentence that may quote a file name: surrogates escaped, line breaks and tabs kept."""
    if not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        return text
    return "".join(_escape(ch) if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)
