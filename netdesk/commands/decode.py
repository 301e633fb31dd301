"""``netdesk decode [--json] [--ocr] IMAGE...``: every QR code in each photo, and the contacts in them.

One JSON line per file (``{"file", "codes", "contacts", "error"}``) so a script can stream a folder
of photos; a bad file is reported on its own line and on stderr, and the rest still run.
"""

from __future__ import annotations

import argparse
import importlib
from typing import TYPE_CHECKING, Any

from netdesk.commands.output import configure_stdout, error, print_json_line
from netdesk.domain.file_names import shown_path
from netdesk.domain.jsonshape import contact_json
from netdesk.domain.models import ContactDraft

if TYPE_CHECKING:
    # The capture pipeline loads OpenCV and zxing: imported when ``decode`` runs (netdesk/cli.py).
    from netdesk.capture.pipeline import CaptureResult, OcrHook


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "decode",
        help="read the QR codes (and card contacts) in photos",
        description="Finds every QR code in each image and parses contact payloads "
        "(vCard, MECARD, BIZCARD, LinkedIn and other links). Nothing is stored.",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document per file (JSON lines)")
    parser.add_argument(
        "--ocr",
        action="store_true",
        help="also read the printed text of cards without a QR code, or whose code gives no name",
    )
    parser.add_argument("images", nargs="+", metavar="IMAGE", help="JPEG, PNG, WebP, BMP, TIFF or HEIC files")
    parser.set_defaults(func=run)


def _ocr_hook() -> OcrHook | None:
    """The OCR reader, or None (with the reason on stderr) when it cannot run on this install."""
    try:
        ocr = importlib.import_module("netdesk.capture.ocr")
    except ImportError:
        return None
    problem = getattr(ocr, "ocr_problem", lambda: None)()
    if problem:
        error(f"{problem} Only QR codes are read for now.")
        return None
    hook: OcrHook | None = getattr(ocr, "read_card", None)
    return hook


def result_json(result: CaptureResult) -> dict[str, Any]:
    return {
        "file": shown_path(result.source),
        "codes": [{"text": code.text, "format": code.format} for code in result.codes],
        "contacts": [contact_json(draft) for draft in result.contacts],
        "error": result.error,
    }


def _summary(result: CaptureResult) -> str:
    lines = [f"{shown_path(result.source)}: {len(result.codes)} code(s), {len(result.contacts)} contact(s)"]
    merged = {o.code: d for d, o in zip(result.contacts, result.origins, strict=False) if o.printed}
    for index, (code, payload) in enumerate(zip(result.codes, result.payloads, strict=False)):
        preview = " ".join(code.text.split())
        preview = "".join(ch if ch.isprintable() else "?" for ch in preview)
        if len(preview) > 70:
            preview = preview[:67] + "..."
        lines.append(f"  [{payload.kind.value}] {preview}")
        if index in merged:
            lines.append("      contact (code and printed text): " + _details(merged[index]))
            continue
        if payload.reason:
            lines.append(f"      {payload.reason}")
        for draft in payload.contacts:
            lines.append("      contact: " + _details(draft))
    if None in merged:
        lines.append("  [printed text] contact: " + _details(merged[None]))
    return "\n".join(lines)


def _details(draft: ContactDraft) -> str:
    details = [draft.name or "(no name)"]
    details += [x for x in (draft.title, draft.organization) if x]
    details += [e.address for e in draft.emails[:2]] + [p.display for p in draft.phones[:2]]
    details += [u.url for u in draft.urls[:2]]
    return " | ".join(details)


def run(args: argparse.Namespace) -> int:
    from netdesk.capture.pipeline import capture_file

    configure_stdout()
    ocr = _ocr_hook() if args.ocr else None
    status = 0
    for path in args.images:
        result = capture_file(path, ocr=ocr)
        if result.error:
            status = 1
            error(result.error)
        if args.json:
            print_json_line(result_json(result))
        elif not result.error:
            print(_summary(result))
    return status
