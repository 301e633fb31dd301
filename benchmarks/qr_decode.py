"""QR decoding benchmark: netdesk against each peer decoder alone and the union of peers.

Run from the project root:  .venv/bin/python benchmarks/qr_decode.py [--repeat N] [--corpus DIR]

Sets: ``../shared/corpus/qr_photos`` (real photos, zxing's blackbox sets) and
``../shared/corpus/cards`` (synthetic business-card photos). A code counts as read when the
expected text is among the decoded texts (CRLF → LF on both sides); for cards the parsed contact
must also have every expected field right. Every contender gets the same image array loaded once
by OpenCV and is timed on decoding alone (best of ``--repeat`` runs per image). Peers run with
sensible settings: zxing-cpp with ``text_mode=Plain`` and QR formats only (exactly netdesk's fast
path), pyzbar with QR only (its default charset guessing is what users of it get), OpenCV's
``QRCodeDetectorAruco.detectAndDecodeMulti``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import zxingcpp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from netdesk.capture import decode, parse_payload  # noqa: E402
from netdesk.capture.drafts import phone_digits  # noqa: E402
from netdesk.domain.jsonshape import contact_json  # noqa: E402

Reader = Callable[[np.ndarray], list[str]]


@dataclass
class Case:
    set_name: str
    variant: str
    path: Path
    expected: list[str]
    fields: list[dict[str, str]] = field(default_factory=list)


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n")


def load_cases(corpus: Path) -> list[Case]:
    cases: list[Case] = []
    for png in sorted((corpus / "qr_photos").glob("*/*.png")):
        text = png.with_suffix(".txt").read_bytes().decode("utf-8")
        cases.append(Case("qr_photos", png.parent.name, png, [text]))
    expected: dict[str, Any] = json.loads((corpus / "cards" / "expected.json").read_text("utf-8"))
    for name, entry in sorted(expected.items()):
        if "payload" not in entry and "payloads" not in entry:
            continue  # ocr_* cards carry no code
        payloads = entry.get("payloads") or [entry["payload"]]
        fields = entry.get("fields_list") or [entry["fields"]]
        cases.append(Case("cards", entry["variant"], corpus / "cards" / name, payloads, fields))
    return cases


def fields_right(text: str, fields: dict[str, str]) -> bool:
    draft = parse_payload(text).contact
    if draft is None:
        return False
    j = contact_json(draft)
    got = {
        "fn": j["fn"],
        "email": (j["emails"] or [None])[0],
        "phone_digits": phone_digits(draft.phones[0]) if draft.phones else None,
        "org": j["org"],
        "title": j["title"],
        "url": (j["urls"] or [None])[0],
    }
    return all(got[k] == v for k, v in fields.items())


def success(case: Case, texts: list[str]) -> bool:
    got = {_lf(t): t for t in texts}
    for i, want in enumerate(case.expected):
        if _lf(want) not in got:
            return False
        if case.fields and not fields_right(got[_lf(want)], case.fields[i]):
            return False
    return True


_QR = [zxingcpp.BarcodeFormat.QRCode, zxingcpp.BarcodeFormat.MicroQRCode, zxingcpp.BarcodeFormat.RMQRCode]


def read_netdesk(img: np.ndarray) -> list[str]:
    return [c.text for c in decode(img)]


def read_zxing(img: np.ndarray) -> list[str]:
    return [b.text for b in zxingcpp.read_barcodes(img, formats=_QR, text_mode=zxingcpp.TextMode.Plain)]


def make_pyzbar() -> Reader | None:
    try:
        from pyzbar import pyzbar
    except (ImportError, OSError):
        return None

    def read(img: np.ndarray) -> list[str]:
        gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY) if img.ndim == 3 else img
        found = pyzbar.decode(gray, symbols=[pyzbar.ZBarSymbol.QRCODE])
        return [s.data.decode("utf-8", errors="replace") for s in found]

    return read


_ARUCO = cv2.QRCodeDetectorAruco()


def read_opencv(img: np.ndarray) -> list[str]:
    try:
        ok, texts, _, _ = _ARUCO.detectAndDecodeMulti(img)
    except (cv2.error, UnicodeDecodeError):
        return []
    return [t for t in texts if t] if ok else []


def timed(reader: Reader, img: np.ndarray, repeat: int) -> tuple[list[str], float]:
    best = float("inf")
    texts: list[str] = []
    for _ in range(repeat):
        start = time.perf_counter()
        texts = reader(img)
        best = min(best, time.perf_counter() - start)
    return texts, best


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=ROOT / ".." / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=3, help="runs per image; the best time counts")
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    if not (corpus / "qr_photos").is_dir() or not (corpus / "cards").is_dir():
        print(f"corpus not found at {corpus}", file=sys.stderr)
        return 2

    readers: dict[str, Reader] = {"netdesk": read_netdesk, "zxing-cpp": read_zxing}
    pyzbar_reader = make_pyzbar()
    if pyzbar_reader is not None:
        readers["pyzbar"] = pyzbar_reader
    else:
        print("note: libzbar not installed; pyzbar peer skipped (apt-get install libzbar0)")
    readers["opencv-aruco"] = read_opencv
    peers = [name for name in readers if name != "netdesk"]

    cases = load_cases(corpus)
    ok: dict[str, list[bool]] = {name: [] for name in [*readers, "union-of-peers"]}
    times: dict[str, list[float]] = {name: [] for name in readers}
    for case in cases:
        img = cv2.imread(str(case.path), cv2.IMREAD_COLOR)
        for name, reader in readers.items():
            reader(img)  # warm-up: first-call costs (module init) are not per-image costs
            texts, seconds = timed(reader, img, args.repeat)
            ok[name].append(success(case, texts))
            times[name].append(seconds)
        ok["union-of-peers"].append(any(ok[p][-1] for p in peers))

    def report(title: str, index: list[int]) -> None:
        print(f"\n{title}  ({len(index)} images)")
        print(f"  {'decoder':<16}{'read':>10}{'rate':>8}{'median ms':>11}{'p90 ms':>9}")
        for name in ok:
            hits = sum(ok[name][i] for i in index)
            line = f"  {name:<16}{hits:>5}/{len(index):<4}{100 * hits / len(index):>7.1f}%"
            if name in times:
                t = [times[name][i] * 1000 for i in index]
                line += f"{statistics.median(t):>11.2f}{pct(t, 0.9):>9.2f}"
            print(line)

    for set_name in ("qr_photos", "cards"):
        idx = [i for i, c in enumerate(cases) if c.set_name == set_name]
        report(f"== {set_name}", idx)
        for variant in sorted({cases[i].variant for i in idx}):
            report(f"-- {set_name} / {variant}", [i for i in idx if cases[i].variant == variant])
        failed = [cases[i].path.name for i in idx if not ok["netdesk"][i]]
        print(f"  netdesk misses: {', '.join(failed) or 'none'}")

    zx_read = [i for i in range(len(cases)) if ok["zxing-cpp"][i]]
    nd = statistics.median(times["netdesk"][i] for i in zx_read)
    zx = statistics.median(times["zxing-cpp"][i] for i in zx_read)
    all_nd = statistics.median(times["netdesk"])
    all_zx = statistics.median(times["zxing-cpp"])
    print(
        f"\nmedian time on the {len(zx_read)} images zxing-cpp reads: netdesk {nd * 1000:.2f} ms, "
        f"zxing-cpp {zx * 1000:.2f} ms, ratio {nd / zx:.2f}x (target <= 1.5x)"
    )
    print(f"median time on all {len(cases)} images: ratio {all_nd / all_zx:.2f}x")
    for set_name, target in (("qr_photos", 0.95), ("cards", 0.98)):
        idx = [i for i, c in enumerate(cases) if c.set_name == set_name]
        rate = sum(ok["netdesk"][i] for i in idx) / len(idx)
        best_peer = max(sum(ok[p][i] for i in idx) / len(idx) for p in [*peers, "union-of-peers"])
        verdict = "met" if rate >= target and rate > best_peer else "NOT met"
        print(
            f"target {set_name}: netdesk {100 * rate:.1f}% (>= {100 * target:.0f}% and above best peer/union "
            f"{100 * best_peer:.1f}%): {verdict}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
