"""Import/export fidelity: the shared corpus next to files written by our own generators.

Run from the project root:  .venv/bin/python benchmarks/interchange.py [--seeds N]

Reports, for the corpus (../shared/corpus/vcards and csv, with expected.json) and for the
generated dialects (tests/interchange_gen: six vCard producers, CSV from Outlook, Thunderbird,
generic and header-less exports in five languages, four separators and five encodings):

- import: files read without an error and with every expected value in its field (and, for
  generated files, how many fields of how many came through as written);
- round trip: import -> export (vCard 3.0, 4.0, Google CSV, Outlook CSV) -> import into an empty
  database gives the same contacts (Outlook: what its columns hold), each vCard export valid for
  its version to vobject and a second validator.

The checks are the test suite's own (tests/unit/interchange); this prints them as numbers for
the README. Exit status 1 when anything fails.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.interchange_gen.vcard_dialects import DIALECTS, generate  # noqa: E402
from tests.unit.interchange import test_corpus as corpus  # noqa: E402
from tests.unit.interchange import test_roundtrip_lossless as roundtrip  # noqa: E402
from tests.unit.interchange.test_csv_generated import compare_all  # noqa: E402
from tests.unit.interchange.test_generated_dialects import _check as check_card  # noqa: E402


def _passes(check: Callable[[], Any]) -> bool:
    try:
        check()
    except AssertionError:
        return False
    return True


def corpus_import(kind: str) -> tuple[int, int]:
    cases = [(p.values[0], p.values[1]) if hasattr(p, "values") else p for p in corpus._cases(kind)]
    ok = sum(_passes(lambda n=name, s=spec: corpus._check(kind, n, s)) for name, spec in cases)
    return len(cases), ok


def generated_vcards(folder: Path, seeds: int) -> tuple[int, int, int, int]:
    """(files, files passing, cards, cards passing)."""
    from netdesk.interchange.vcard_import import read_vcards

    files = ok_files = cards = ok_cards = 0
    for dialect in DIALECTS:
        for seed in range(seeds):
            data, expects = generate(dialect, seed)
            path = folder / f"{dialect}-{seed}.vcf"
            path.write_bytes(data)
            parsed = read_vcards(path)
            files += 1
            good = not parsed.errors and len(parsed.records) == len(expects)
            for record, expect in zip(parsed.records, expects, strict=False):
                cards += 1
                card_ok = _passes(lambda r=record, e=expect: check_card(e, r.draft, r.extras, "card"))
                ok_cards += card_ok
                good = good and card_ok
            ok_files += good
    return files, ok_files, cards, ok_cards


def round_trips(folder: Path) -> dict[str, dict[str, tuple[int, int]]]:
    """format -> {"corpus" | "generated": (sources, sources passing)}."""
    sources = roundtrip._sources(folder)
    generated_names = {p.name for p in (folder / "dialects").iterdir()} | {"network.vcf"}
    checks: dict[str, Callable[[Path], None]] = {
        "vCard 3.0": lambda t: roundtrip.test_vcard_export_then_import_gives_the_same_contacts(t, "3.0"),
        "vCard 4.0": lambda t: roundtrip.test_vcard_export_then_import_gives_the_same_contacts(t, "4.0"),
        "Google CSV": roundtrip.test_google_csv_export_then_import_gives_the_same_contacts,
        "Outlook CSV": roundtrip.test_outlook_csv_export_then_import_keeps_what_outlook_can_hold,
    }
    results: dict[str, dict[str, tuple[int, int]]] = {}
    for label, check in checks.items():
        tally = {"corpus": [0, 0], "generated": [0, 0]}
        for n, source in enumerate(sources):
            where = tempfile.mkdtemp(dir=folder)
            one = Path(where)

            def only(tmp: Path, path: Path = source) -> list[Path]:
                return [path]

            original = roundtrip._sources
            roundtrip._sources = only  # type: ignore[assignment]
            try:
                ok = _passes(lambda c=check, t=one: c(t))
            finally:
                roundtrip._sources = original  # type: ignore[assignment]
            group = "generated" if source.name in generated_names else "corpus"
            tally[group][0] += 1
            tally[group][1] += ok
            if not ok:
                print(f"  round trip {label} failed: {source.name} (#{n})")
        results[label] = {k: (v[0], v[1]) for k, v in tally.items()}
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=20, help="generated vCard files per producer")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        vc_files, vc_ok = corpus_import("vcards")
        csv_files, csv_ok = corpus_import("csv")
        gen_dir = folder / "csv"
        gen_dir.mkdir()
        g_files, g_ok, g_fields, g_fields_ok, _failures = compare_all(gen_dir)
        vcard_dir = folder / "vcf"
        vcard_dir.mkdir()
        v_files, v_ok, v_cards, v_cards_ok = generated_vcards(vcard_dir, args.seeds)
        print("Import (files with every expected value in its field)")
        print(f"  corpus vCard        {vc_ok:>4}/{vc_files:<4} files")
        print(f"  corpus CSV          {csv_ok:>4}/{csv_files:<4} files")
        print(f"  generated vCard     {v_ok:>4}/{v_files:<4} files, {v_cards_ok}/{v_cards} cards")
        print(f"  generated CSV       {g_ok:>4}/{g_files:<4} files, {g_fields_ok:,}/{g_fields:,} fields")
        failed |= (vc_ok, csv_ok, v_ok, g_ok, g_fields_ok) != (
            vc_files,
            csv_files,
            v_files,
            g_files,
            g_fields,
        )
        trips_dir = folder / "trips"
        trips_dir.mkdir()
        print("Round trip (import -> export -> import into an empty database gives the same contacts)")
        for label, groups in round_trips(trips_dir).items():
            corpus_n, corpus_ok = groups["corpus"]
            gen_n, gen_ok = groups["generated"]
            print(
                f"  {label:<12} corpus {corpus_ok:>3}/{corpus_n:<3} files   generated {gen_ok:>3}/{gen_n:<3} files"
            )
            failed |= corpus_ok != corpus_n or gen_ok != gen_n
    print("FAIL" if failed else "OK: everything read and round-tripped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
