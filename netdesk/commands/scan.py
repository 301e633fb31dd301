"""``netdesk scan --event NAME [--json] IMAGE...``: event mode's photo scanning without the GUI.

Each card found becomes a new contact linked to the event with the meeting logged, or — when
the person is already in the network — a logged meeting instead of a duplicate. A card already
captured at this event is skipped. One JSON document: ``{"added", "matched", "failed"}`` (plus
``skipped``); exit status 1 when any file failed, the rest still processed.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from netdesk.commands.common import open_db_or_exit
from netdesk.commands.output import error, print_json
from netdesk.domain.file_names import shown_path
from netdesk.domain.jsonshape import stored_contact_json

if TYPE_CHECKING:
    from netdesk.services.validation import FieldProblem


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "scan",
        help="capture the cards in photos into an event",
        description="Reads every card (QR code, or printed text when OCR is installed) in each photo "
        "and stores it under the event: new people are added, people already in your network get "
        "this meeting logged instead of a duplicate.",
    )
    parser.add_argument("--event", required=True, metavar="NAME", help="the event (created if new)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("images", nargs="+", metavar="IMAGE", help="JPEG, PNG, WebP, BMP, TIFF or HEIC files")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Scanning loads OpenCV, zxing and OCR: imported only when this command runs (netdesk/cli.py).
    from netdesk.services.card_scanning import ocr_hook, scan_photo
    from netdesk.services.contacts import ContactService
    from netdesk.services.event_capture import CaptureError, DraftInvalidError, EventCaptureService
    from netdesk.services.events import EventInputError

    db = open_db_or_exit(args)
    try:
        service = EventCaptureService(db)
        contacts = ContactService(db)
        try:
            event = service.event_named(args.event)
        except EventInputError as exc:
            error(str(exc))
            return 2
        ocr = ocr_hook()
        added: list[dict[str, Any]] = []
        matched: list[dict[str, Any]] = []
        skipped: list[dict[str, Any]] = []
        failed: list[dict[str, Any]] = []

        def fail(file: str, message: str) -> None:
            failed.append({"file": file, "error": message})
            error(message)

        for path in args.images:
            scan = scan_photo(path, ocr=ocr, source="cli")
            shown = shown_path(path)  # the name as printable text, whatever its bytes
            if scan.error:
                fail(shown, scan.error)
                continue
            if not scan.cards:
                fail(shown, f"{shown}: no card was found; " + " ".join(scan.notes))
                continue
            for number, card in enumerate(scan.cards, start=1):
                candidate = service.prepare(event.id, card)
                label = f"{shown}: card {number}"  # never the name: stderr carries no personal data
                if candidate.already_captured:
                    skipped.append(
                        {"file": shown, "fn": candidate.name or None, "reason": "already captured"}
                    )
                    continue
                try:
                    if candidate.match_id is not None:
                        outcome = service.log_meeting(event.id, candidate.match_id, card=card)
                        entry = stored_contact_json(contacts.get(outcome.contact_id))
                        entry["file"] = shown
                        entry["reason"] = candidate.match_reason
                        matched.append(entry)
                    else:
                        if candidate.problems:
                            raise DraftInvalidError(list(candidate.problems))
                        outcome = service.add(event.id, candidate.draft, card=card)
                        entry = stored_contact_json(contacts.get(outcome.contact_id))
                        entry["file"] = shown
                        added.append(entry)
                except CaptureError as exc:
                    skipped.append({"file": shown, "fn": candidate.name or None, "reason": str(exc)})
                except DraftInvalidError as exc:
                    fail(shown, f"{label}: {problem_summary(exc.problems)}")
                except ValueError:
                    fail(
                        shown, f"{label}: the card could not be saved as read; add it by hand in event mode."
                    )
        if args.json:
            print_json({"added": added, "matched": matched, "failed": failed, "skipped": skipped})
        else:
            print(
                f"{event.name}: {len(added)} added, {len(matched)} already in your network (meeting logged), "
                f"{len(skipped)} skipped, {len(failed)} failed."
            )
            for entry in added:
                print(f"  + {entry['fn']}" + (f" ({entry['org']})" if entry["org"] else ""))
            for entry in matched:
                print(f"  = {entry['fn']}: {entry['reason']}")
        return 1 if failed else 0
    finally:
        db.close()


_FIELD_PROBLEMS = {
    "name": "it gives no name, organisation, e-mail or phone",
    "email": "an e-mail address on it is not valid",
    "phone": "a phone number on it is not valid",
    "url": "a link on it is not a web address",
}


def problem_summary(problems: list[FieldProblem]) -> str:
    """What is wrong with a card, by field and never by value: the values are personal data and
    this goes to stderr."""
    said: dict[str, None] = {}
    for problem in problems:
        said.setdefault(_FIELD_PROBLEMS.get(problem.field, f"its {problem.field} is not valid"), None)
    return "; ".join(said) + "."
