"""Capture engine: QR decoding and card payload parsing, Qt-free so it is testable and benchmarkable.

Public API (the GUI's event mode, ``netdesk decode`` and the vCard importer use these):

- ``decode(image, effort=...)`` / ``decode_file(path)`` → ``list[DecodedCode]``
- ``load_image(path)`` → numpy array, or ``ImageError`` naming the file
- ``parse_payload(text)`` → ``PayloadResult`` (kind, contact drafts or the reason it is not one)
- ``parse_vcards(bytes_or_text)`` → ``VCardParseResult`` (drafts plus per-card problems with lines)
- ``capture_file(path)`` → ``CaptureResult`` (codes and contacts of one photo, or its error)
"""

from netdesk.capture.decode import DecodedCode, Effort, decode, decode_file
from netdesk.capture.images import MAX_PIXELS, ImageError, load_image
from netdesk.capture.payload import PayloadKind, PayloadResult, parse_payload
from netdesk.capture.pipeline import CaptureResult, capture_file, capture_image
from netdesk.capture.vcard import ParsedCard, VCardParseResult, VCardProblem, parse_vcards

__all__ = [
    "MAX_PIXELS",
    "CaptureResult",
    "DecodedCode",
    "Effort",
    "ImageError",
    "ParsedCard",
    "PayloadKind",
    "PayloadResult",
    "VCardParseResult",
    "VCardProblem",
    "capture_file",
    "capture_image",
    "decode",
    "decode_file",
    "load_image",
    "parse_payload",
    "parse_vcards",
]
