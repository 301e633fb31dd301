"""OCR card-reading benchmark: netdesk's whole card read against rapidocr's bare recognition.

Run from the project root:  .venv/bin/python benchmarks/ocr.py [--repeat N] [--corpus DIR]
                            [--dev N] [--unseen N] [--unseen-start S]

Sets, reported side by side:

- *sample*: the ``ocr_*`` photos in ``../shared/corpus/cards`` (printed cards without a QR code)
  with the fields in ``expected.json``;
- *dev*: cards from the generator in ``tests/card_gen`` (seeds the rules were written against);
- *unseen*: generated cards from the held-out seed range, including a layout and a font family
  the dev cards never use; the rules were not tuned on them.

Reports per-field recall (name, title, organisation, e-mail, phone digits) for each set and, on
the sample cards, the median time per card of

- *bare*: ``RapidOCR()`` out of the box, called on the image (recognition only, no fields), and
- *netdesk*: ``recognize_card`` — the pinned engine, field extraction and any retries,

both on the same image array (loaded once, as ``netdesk decode --ocr`` loads it), in the same run,
interleaved per image so a busy machine slows both alike; each time is the best of ``--repeat``.
Model loading is excluded from both and reported apart. Targets (issues 8 and 13), on the sample
and the unseen cards: every field >= 95 %, e-mail and phone 100 %; netdesk at most 1.5x bare.
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from netdesk.capture.card_fields import CardReading, extract_fields  # noqa: E402
from netdesk.capture.drafts import phone_digits  # noqa: E402
from netdesk.capture.images import load_image  # noqa: E402
from netdesk.capture.ocr import engine, read_card, recognize_card  # noqa: E402
from netdesk.capture.pipeline import capture_file  # noqa: E402

FIELDS = ("fn", "title", "org", "email", "phone_digits")
TARGETS = {"fn": 0.95, "title": 0.95, "org": 0.95, "email": 1.0, "phone_digits": 1.0}
MAX_RATIO = 1.5


def field_hits(reading: CardReading, expected: dict[str, str]) -> dict[str, bool]:
    """Which expected fields the reading got exactly right (phones compared by digits)."""
    draft = reading.draft
    got = {
        "fn": draft.display_name == expected.get("fn"),
        "title": draft.title == expected.get("title"),
        "org": draft.organization == expected.get("org"),
        "email": any(e.address == expected.get("email") for e in draft.emails),
        "phone_digits": any(phone_digits(p) == expected.get("phone_digits") for p in draft.phones),
    }
    return {name: got[name] for name in FIELDS if name in expected}


def race(first: Callable[[], Any], second: Callable[[], Any], repeat: int) -> tuple[float, Any, float]:
    """Best-of-``repeat`` times of two calls, alternated so background load hits both alike."""
    best_first = best_second = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        first()
        best_first = min(best_first, time.perf_counter() - start)
        start = time.perf_counter()
        result = second()
        best_second = min(best_second, time.perf_counter() - start)
    return best_first, result, best_second


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=ROOT / ".." / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=2, help="runs per image and contender; the best counts")
    parser.add_argument("--dev", type=int, default=30, help="generated dev cards (0 to skip)")
    parser.add_argument("--unseen", type=int, default=60, help="generated unseen cards")
    parser.add_argument(
        "--unseen-start", type=int, default=0, help="first unseen seed offset (a fresh set: another offset)"
    )
    args = parser.parse_args(argv)

    cards = args.corpus.resolve() / "cards"
    expected: dict[str, Any] = json.loads((cards / "expected.json").read_text("utf-8"))
    names = sorted(n for n in expected if n.startswith("ocr_") and (cards / n).is_file())
    if not names:
        print(f"no ocr_* cards in {cards}", file=sys.stderr)
        return 2

    from rapidocr import RapidOCR

    start = time.perf_counter()
    bare = RapidOCR(params={"Global.log_level": "error"})  # out-of-the-box models; only quieter
    first = load_image(cards / names[0], grayscale=False)
    bare(first)
    bare_init = time.perf_counter() - start
    start = time.perf_counter()
    engine()
    recognize_card(first)
    netdesk_init = time.perf_counter() - start

    hits: dict[str, list[bool]] = {name: [] for name in FIELDS}
    bare_times: list[float] = []
    netdesk_times: list[float] = []
    pipeline_times: list[float] = []
    extraction_times: list[float] = []
    print(f"{'card':26} {'bare s':>7} {'netdesk s':>9} {'ratio':>6}  misses")
    for name in names:
        image = load_image(cards / name, grayscale=False)
        t_bare, reading, t_netdesk = race(partial(bare, image), partial(recognize_card, image), args.repeat)
        start = time.perf_counter()
        capture_file(cards / name, ocr=read_card)
        pipeline_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        extract_fields(reading.lines)
        extraction_times.append(time.perf_counter() - start)
        bare_times.append(t_bare)
        netdesk_times.append(t_netdesk)
        card_hits = field_hits(reading, expected[name]["fields"])
        for field_name, hit in card_hits.items():
            hits[field_name].append(hit)
        misses = [
            f"{f}: got {_got(reading, f)!r}, expected {expected[name]['fields'][f]!r}"
            for f, hit in card_hits.items()
            if not hit
        ]
        print(
            f"{name:26} {t_bare:7.3f} {t_netdesk:9.3f} {t_netdesk / t_bare:6.2f}  {'; '.join(misses) or '-'}"
        )

    sets: dict[str, dict[str, list[bool]]] = {"sample": hits}
    counts = {"sample": len(names)}
    for split, count in (("dev", args.dev), ("unseen", args.unseen)):
        if count > 0:
            sets[split] = generated_hits(split, count, args.unseen_start if split == "unseen" else 0)
            counts[split] = count

    ok = True
    print("\nper-field recall (targets apply to sample and unseen):")
    print(f"  {'field':13} " + " ".join(f"{f'{k} ({counts[k]})':>14}" for k in sets) + "   target")
    for field_name in FIELDS:
        cells = []
        for set_name, set_hits in sets.items():
            values = set_hits[field_name]
            recall = sum(values) / len(values) if values else 0.0
            met = recall >= TARGETS[field_name]
            if set_name != "dev":
                ok &= met
            cells.append(f"{recall:>13.1%}{' ' if met or set_name == 'dev' else '!'}")
        print(f"  {field_name:13} " + " ".join(cells) + f"   {TARGETS[field_name]:.0%}")
    median_bare = statistics.median(bare_times)
    median_netdesk = statistics.median(netdesk_times)
    ratio = median_netdesk / median_bare
    ok &= ratio <= MAX_RATIO
    print(
        f"\nmedian time per card: bare rapidocr {median_bare:.3f} s, netdesk card read {median_netdesk:.3f} s"
    )
    print(
        f"  ratio netdesk/bare {ratio:.2f}x (target <= {MAX_RATIO}x) {'ok' if ratio <= MAX_RATIO else 'MISSED'}"
    )
    print(
        f"  of which field extraction (pure Python, no OCR): median {statistics.median(extraction_times) * 1000:.1f} ms"
    )
    print(
        f"  for information: whole pipeline per file (load, QR search, OCR) median "
        f"{statistics.median(pipeline_times):.3f} s; first use incl. model loading: "
        f"bare {bare_init:.2f} s, netdesk {netdesk_init:.2f} s"
    )
    return 0 if ok else 1


def generated_hits(split: str, count: int, start: int) -> dict[str, list[bool]]:
    """Per-field hits of ``recognize_card`` on ``count`` cards of the generator's ``split``."""
    from tests.card_gen import cards

    hits: dict[str, list[bool]] = {name: [] for name in FIELDS}
    print(f"\n{split} generated cards (seeds from {start}):")
    for generated in cards(split, count, start):
        reading = recognize_card(generated.bgr())
        card_hits = field_hits(reading, generated.truth)
        for field_name, hit in card_hits.items():
            hits[field_name].append(hit)
        misses = [
            f"{f}: got {_got(reading, f)!r}, expected {generated.truth[f]!r}"
            for f, hit in card_hits.items()
            if not hit
        ]
        if misses:
            print(f"  {generated.name}: {'; '.join(misses)}")
    return hits


def _got(reading: CardReading, field_name: str) -> object:
    draft = reading.draft
    return {
        "fn": draft.display_name,
        "title": draft.title,
        "org": draft.organization,
        "email": [e.address for e in draft.emails],
        "phone_digits": [phone_digits(p) for p in draft.phones],
    }[field_name]


if __name__ == "__main__":
    raise SystemExit(main())
