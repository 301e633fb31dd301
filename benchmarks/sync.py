"""Sync of 5,000 contacts against a local Radicale, next to the bare requests (issue 17).

Measures, each against its own fresh Radicale (the PyPI package, started on 127.0.0.1):
* netdesk's first sync of N contacts (discovery, N PUTs, the database written) and a no-change
  sync (two sync-collection REPORTs and the local change check);
* the bare sequence of the same requests with nothing around them: the sync-collection REPORTs
  of the empty address book and task list, the same N cards and N tasks PUT with
  If-None-Match: * over one keep-alive session of the same HTTP library, the two REPORTs since
  the first tokens (netdesk's check that the changes are its own), and the two REPORTs of a
  no-change sync.

Both servers run the same storage: by default Radicale's own file storage with a UID index
(benchmarks/radicale_uid_index.py), because stock Radicale scans every item of the collection on
each PUT to check the UID is new (O(N²) for N PUTs: hours at 5,000 contacts, for netdesk and the
bare requests alike); ``--storage stock`` runs the unmodified one.

Prints the times and the ratios; exits 1 when the first sync takes more than 2x the bare
requests or the no-change sync 1 s or more (the median of three in a row, the first of them
being the one right after the first sync; the bare REPORT pair likewise).

    .venv/bin/python benchmarks/sync.py [--contacts 5000] [--storage uid-index|stock]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from tests.dav_server import PASSWORD, USER, RadicaleServer  # noqa: E402

FIRST_RATIO = 2.0
NO_CHANGE_SECONDS = 1.0
NO_CHANGE_RUNS = 3  # the median is compared: the server's REPORT pair alone varies by a fifth here
T = TypeVar("T")
STORAGES = {"uid-index": "radicale_uid_index", "stock": "multifilesystem"}


def _vcf(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(
                "BEGIN:VCARD\r\nVERSION:3.0\r\n"
                f"FN:Person {i:05d} Example\r\nN:Example;Person {i:05d};;;\r\n"
                f"ORG:Company {i % 97}\r\nTITLE:Engineer\r\nEMAIL;TYPE=INTERNET:person{i}@example.org\r\n"
                f"TEL;TYPE=CELL:+1 617 555 {i % 10000:04d}\r\nNOTE:Met at the fair\\, table {i % 40}\r\n"
                "END:VCARD\r\n"
            )


def _bare(
    server: RadicaleServer, cards: list[tuple[str, bytes]], todos: list[tuple[str, bytes]]
) -> tuple[float, list[float]]:
    import niquests

    from netdesk.remote.multistatus import (
        mkcalendar_tasks_body,
        mkcol_addressbook_body,
        parse,
        sync_collection_body,
    )

    session = niquests.Session()
    session.auth = (USER, PASSWORD)
    base = server.url.rstrip("/")
    book, tasks = f"/{USER}/bare-book/", f"/{USER}/bare-tasks/"
    xml = {"Content-Type": "application/xml; charset=utf-8"}
    session.request("MKCOL", base + book, data=mkcol_addressbook_body("bare"), headers=xml).raise_for_status()
    session.request(
        "MKCALENDAR", base + tasks, data=mkcalendar_tasks_body("bare"), headers=xml
    ).raise_for_status()
    report = {**xml, "Depth": "1"}
    start = time.perf_counter()
    tokens = []
    for collection in (book, tasks):
        reply = session.request("REPORT", base + collection, data=sync_collection_body(""), headers=report)
        tokens.append(parse(reply.content or b"").sync_token)
    put = {"Content-Type": "text/vcard; charset=utf-8", "If-None-Match": "*"}
    for name, data in cards:
        session.put(base + book + name, data=data, headers=put).raise_for_status()
    put = {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"}
    for name, data in todos:
        session.put(base + tasks + name, data=data, headers=put).raise_for_status()
    # the sync-collection REPORTs since the first tokens, as netdesk asks to store the token after
    # its own PUTs (Collection.token_after)
    tokens = [
        parse(
            session.request(
                "REPORT", base + collection, data=sync_collection_body(token), headers=report
            ).content
            or b""
        ).sync_token
        for collection, token in zip((book, tasks), tokens, strict=True)
    ]
    first = time.perf_counter() - start
    no_changes = []
    for _ in range(NO_CHANGE_RUNS):
        start = time.perf_counter()
        for collection, token in zip((book, tasks), tokens, strict=True):
            session.request("REPORT", base + collection, data=sync_collection_body(token), headers=report)
        no_changes.append(time.perf_counter() - start)
    return first, no_changes


def _profiled(folder: Path | None, name: str, run: Callable[[], T]) -> T:
    if folder is None:
        return run()
    import cProfile

    folder.mkdir(parents=True, exist_ok=True)
    with cProfile.Profile() as profile:
        out = run()
    profile.dump_stats(folder / f"{name}.prof")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=5000)
    parser.add_argument("--storage", choices=sorted(STORAGES), default="uid-index")
    parser.add_argument(
        "--profile", type=Path, help="write cProfile stats of netdesk's two syncs here (slows them)"
    )
    args = parser.parse_args()

    def radicale(folder: Path) -> RadicaleServer:
        return RadicaleServer(
            folder, storage_type=STORAGES[args.storage], python_path=(ROOT / "benchmarks",)
        ).start()

    from netdesk.services.database import open_database
    from netdesk.services.followups import FollowUpService
    from netdesk.services.importer import ImportService
    from netdesk.services.sync import SyncService
    from netdesk.services.sync.caldav_tasks import _local as local_tasks
    from netdesk.services.sync.carddav import safe_name
    from netdesk.services.sync.contact_local import local_cards

    with tempfile.TemporaryDirectory(prefix="netdesk-sync-bench-") as scratch:
        root = Path(scratch)
        db = open_database(root / "data")
        _vcf(root / "people.vcf", args.contacts)
        importer = ImportService(db)
        importer.commit(importer.preview_paths([root / "people.vcf"]), backup=False)
        with db.sessions() as s:
            uids = dict(s.execute(__import__("sqlalchemy").text("SELECT id, uid FROM contact")).all())
            cards = [
                (safe_name(uids[cid]) + ".vcf", data) for cid, data in local_cards(s, list(uids)).items()
            ]
        FollowUpService(db).regenerate()
        with db.sessions() as s:
            todos = [(f"{uid}.ics", task.data) for uid, task in local_tasks(s, set()).items()]
        print(
            f"{len(cards)} contacts, {len(todos)} open follow-ups; Radicale {__import__('radicale').VERSION}, "
            f"storage {STORAGES[args.storage]}",
            flush=True,
        )

        ours = radicale(root / "radicale-netdesk")
        try:
            service = SyncService(db)
            account = service.resolve_account(ours.url, USER)
            start = time.perf_counter()
            result = _profiled(args.profile, "first", lambda: service.sync(account, PASSWORD))
            first = time.perf_counter() - start
            assert result.contacts.pushed == len(cards), result.as_json()
            assert result.followups.pushed == len(todos), result.as_json()
            no_changes = []
            for n in range(NO_CHANGE_RUNS):
                name = "no-change" if n == 0 else ""  # the profile is of the first
                start = time.perf_counter()
                again = _profiled(
                    args.profile if name else None, name, lambda: service.sync(account, PASSWORD)
                )
                no_changes.append(time.perf_counter() - start)
                assert not again.contacts and not again.followups, again.as_json()
        finally:
            ours.stop()
        bare_server = radicale(root / "radicale-bare")
        try:
            bare_first, bare_no_changes = _bare(bare_server, cards, todos)
        finally:
            bare_server.stop()
        db.close()

    ratio = first / bare_first
    print(
        f"first sync     netdesk {first:7.2f} s   bare PUT/REPORT {bare_first:7.2f} s   "
        f"ratio {ratio:.2f}x (target <= {FIRST_RATIO}x)"
    )
    no_change, bare_no_change = statistics.median(no_changes), statistics.median(bare_no_changes)
    print(
        f"no-change sync netdesk {no_change:7.3f} s   bare REPORT     {bare_no_change:7.3f} s   "
        f"ratio {no_change / bare_no_change:.1f}x (target < {NO_CHANGE_SECONDS:.0f} s; "
        f"median of {NO_CHANGE_RUNS}, one after the other: netdesk "
        f"{' '.join(f'{t:.3f}' for t in no_changes)}, bare {' '.join(f'{t:.3f}' for t in bare_no_changes)})"
    )
    failed = ratio > FIRST_RATIO or no_change >= NO_CHANGE_SECONDS
    print("MISS" if failed else "OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
