"""The sync benchmark's Radicale storage (benchmarks/radicale_uid_index.py) answers as stock does.

The benchmark swaps Radicale's O(N) UID scan for an index so 5,000 contacts finish in minutes;
that is only fair if the index refuses exactly what stock Radicale refuses. The same requests go
to a stock server and to one with the index, and every status must match — UID conflicts, the
same UID again after a delete or a move, a file written behind the server's back.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dav_server import USER, RadicaleServer
from tests.sync.conftest import vcard

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
BOOK = f"/{USER}/book/"
OTHER = f"/{USER}/other/"
MKCOL = (
    b"<?xml version='1.0' encoding='utf-8'?><mkcol xmlns='DAV:' xmlns:CR='urn:ietf:params:xml:ns:carddav'>"
    b"<set><prop><resourcetype><collection/><CR:addressbook/></resourcetype></prop></set></mkcol>"
)
VCARD = {"Content-Type": "text/vcard; charset=utf-8"}


def _indexed(folder: Path) -> RadicaleServer:
    return RadicaleServer(folder, storage_type="radicale_uid_index", python_path=(BENCHMARKS,))


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[RadicaleServer, RadicaleServer]]:
    stock = RadicaleServer(tmp_path / "stock").start()
    try:
        indexed = _indexed(tmp_path / "indexed").start()
    except BaseException:
        stock.stop()
        raise
    yield stock, indexed
    indexed.stop()
    stock.stop()


def _book_folder(server: RadicaleServer, path: str) -> Path:
    return server.folder / "collections" / "collection-root" / path.strip("/")


def _scenario(server: RadicaleServer) -> list[tuple[str, int, bool]]:
    """(step, status, whether the reply names the no-uid-conflict precondition)."""
    steps: list[tuple[str, int, bool]] = []

    def do(
        step: str, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> None:
        status, reply, _ = server.request(method, path, body, headers)
        steps.append((step, status, b"no-uid-conflict" in reply))

    do("make book", "MKCOL", BOOK, MKCOL)
    do("make other", "MKCOL", OTHER, MKCOL)
    do("new A", "PUT", BOOK + "a.vcf", vcard("uid-A", "Ada Lovelace"), VCARD)
    do("new B", "PUT", BOOK + "b.vcf", vcard("uid-B", "Bo Diddley"), VCARD)
    do("A again elsewhere", "PUT", BOOK + "c.vcf", vcard("uid-A", "Ada Again"), VCARD)
    do(
        "A again, create-only",
        "PUT",
        BOOK + "c.vcf",
        vcard("uid-A", "Ada Again"),
        {**VCARD, "If-None-Match": "*"},
    )
    do("A edited in place", "PUT", BOOK + "a.vcf", vcard("uid-A", "Ada King"), VCARD)
    do("A's file given B's UID", "PUT", BOOK + "a.vcf", vcard("uid-B", "Ada King"), VCARD)
    do("A in the other book", "PUT", OTHER + "a.vcf", vcard("uid-A", "Ada Lovelace"), VCARD)
    do("delete A", "DELETE", BOOK + "a.vcf")
    do("A again after its delete", "PUT", BOOK + "c.vcf", vcard("uid-A", "Ada Again"), VCARD)
    do(
        "move B to the other book",
        "MOVE",
        BOOK + "b.vcf",
        headers={"Destination": server.url.rstrip("/") + OTHER + "b.vcf"},
    )
    do("B again after its move", "PUT", BOOK + "b2.vcf", vcard("uid-B", "Bo Again"), VCARD)
    do("B again in the other book", "PUT", OTHER + "b3.vcf", vcard("uid-B", "Bo Third"), VCARD)
    # a resource written straight into the folder, as another Radicale process would
    (_book_folder(server, BOOK) / "d.vcf").write_bytes(vcard("uid-D", "Di Rect"))
    do("D after it appeared on disk", "PUT", BOOK + "e.vcf", vcard("uid-D", "Di Again"), VCARD)
    (_book_folder(server, BOOK) / "d.vcf").unlink()
    do("D after it went from disk", "PUT", BOOK + "e.vcf", vcard("uid-D", "Di Again"), VCARD)
    return steps


def test_the_index_refuses_exactly_what_stock_radicale_refuses(
    servers: tuple[RadicaleServer, RadicaleServer],
) -> None:
    stock, indexed = servers
    expected = _scenario(stock)
    assert _scenario(indexed) == expected
    # the scenario does exercise the check: the conflicts are there, with their precondition
    refused = [step for step, status, named in expected if status == 409 and named]
    assert refused == [
        "A again elsewhere",
        "A again, create-only",
        "A's file given B's UID",
        "B again in the other book",
        "D after it appeared on disk",
    ]
    assert dict((s, st) for s, st, _ in expected)["A again after its delete"] == 201
    assert dict((s, st) for s, st, _ in expected)["D after it went from disk"] == 201


def test_the_benchmark_server_really_loads_the_index(tmp_path: Path) -> None:
    """The type reaches Radicale: a missing module stops the server instead of falling back."""
    with pytest.raises(RuntimeError, match="no_such_storage"):
        RadicaleServer(tmp_path / "bad", storage_type="no_such_storage").start()
    server = _indexed(tmp_path / "ok").start()
    server.stop()
    assert "error" not in (tmp_path / "ok" / "radicale.log").read_text().lower()


def test_has_uid_answers_from_the_index_without_reading_the_items(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import radicale_uid_index
    from radicale import config
    from radicale import item as radicale_item

    configuration = config.load()
    configuration.update(
        {"storage": {"type": "radicale_uid_index", "filesystem_folder": str(tmp_path / "col")}},
        "test",
        privileged=True,
    )
    storage = radicale_uid_index.Storage(configuration)
    with storage.acquire_lock("w"):
        storage.create_collection("/u/", props={})
        book, _, _ = storage.create_collection("/u/book/", props={"tag": "VADDRESSBOOK"})
        for n in range(3):
            item = radicale_item.Item(
                collection_path="u/book",
                vobject_item=radicale_item.read_components(vcard(f"uid-{n}", "A B").decode())[0],
            )
            book.upload(f"{n}.vcf", item)
        assert isinstance(book, radicale_uid_index.Collection)
        assert book.has_uid("uid-1") and not book.has_uid("uid-9")

        def no_scan() -> None:
            raise AssertionError("has_uid read the collection again")

        monkeypatch.setattr(book, "get_all", no_scan)
        assert book.has_uid("uid-2") and not book.has_uid("uid-3")
        book.delete("2.vcf")
        assert not book.has_uid("uid-2") and book.has_uid("uid-0")
