"""What sync asks of one address book or task list: what changed (sync-collection or ETags),
the changed resources in batches (multiget), conditional PUT and DELETE."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from urllib.parse import quote

from netdesk.remote import multistatus as ms
from netdesk.remote.dav import DavConnection
from netdesk.remote.errors import BadResponseError, RemoteError, bad_response

#: hrefs per addressbook-multiget / calendar-multiget request.
MULTIGET_BATCH = 250


def href_url(path: str) -> str:
    """A decoded path as sent on the wire."""
    return quote(path, safe="/@:+,;=!$'()*~")


@dataclass
class Listing:
    """Members of a collection that changed (href -> ETag) and that are gone, and the new token.
    ``complete`` means ``changed`` lists every member (a first sync or an ETag comparison), so
    members not in it are gone."""

    changed: dict[str, str] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    token: str = ""
    complete: bool = False
    truncated: bool = False  # the server left some out (507): the rest comes with ``token``


class TokenExpiredError(BadResponseError):
    """The server no longer knows the sync-token (RFC 6578 valid-sync-token): list everything."""


@dataclass(frozen=True)
class Resource:
    href: str
    etag: str
    data: bytes


@dataclass(frozen=True)
class PutResult:
    status: int  # 201/204 written; 412 the precondition failed (changed or created meanwhile)
    etag: str

    @property
    def written(self) -> bool:
        return self.status in (200, 201, 204)


class Collection:
    def __init__(self, conn: DavConnection, url: str, kind: str) -> None:
        self.conn = conn
        self.url = conn.absolute(url)
        self.path = ms.href_path(self.url)
        self.kind = kind  # "card" or "cal"

    def _member(self, path: str) -> bool:
        return path.rstrip("/") != self.path.rstrip("/") and not path.endswith("/")

    def changes(self, token: str) -> Listing:
        """Changes since ``token`` (RFC 6578); an empty token lists every member. Falls back to a
        PROPFIND of every ETag when the server has no sync-collection."""
        try:
            reply = self.conn.request(
                "REPORT",
                self.url,
                ms.sync_collection_body(token),
                {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
                ok=(207,),
            )
        except BadResponseError as exc:
            if token and ("403" in str(exc) or "409" in str(exc)):
                raise TokenExpiredError(str(exc)) from None
            if token:
                raise
            return self.etags()
        parsed = ms.parse(reply.body)
        listing = Listing(token=parsed.sync_token, complete=not token)
        for entry in parsed.entries:
            if not self._member(entry.href):
                continue
            if entry.status == 404:
                listing.removed.add(entry.href)
            elif entry.status == 507:
                listing.truncated = True  # the rest comes with the next token
            else:
                listing.changed[entry.href] = entry.text(ms.DAV, "getetag")
        if not listing.token:
            raise bad_response("a sync-collection answer without a sync-token")
        return listing

    def token_after(self, token: str, written: Mapping[str, str], deleted: AbstractSet[str]) -> str:
        """The sync-token to keep after this sync's own writes. ``token`` was taken before them;
        when all that changed since is ours — each href ``written`` with the ETag its PUT
        returned, or ``deleted`` — the server's newer token is returned, so the next sync is not
        handed back what this one sent (5,000 cards after a first sync). Anything else
        (another client wrote meanwhile, no ETag to compare, a truncated answer, an error) keeps
        ``token``: the next sync lists and compares, as it would have."""
        if not token or not (written or deleted):
            return token
        try:
            since = self.changes(token)
        except RemoteError:
            return token
        ours = (
            not since.truncated
            and since.removed <= deleted
            and all(etag and written.get(href) == etag for href, etag in since.changed.items())
        )
        return since.token if ours else token

    def etags(self) -> Listing:
        """Every member and its ETag (PROPFIND depth 1): for servers without sync-collection."""
        reply = self.conn.request(
            "PROPFIND",
            self.url,
            ms.propfind_body([(ms.DAV, "getetag"), (ms.DAV, "resourcetype")]),
            {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
            ok=(207,),
        )
        listing = Listing(complete=True)
        for entry in ms.parse(reply.body).entries:
            if self._member(entry.href) and not entry.resource_types():
                listing.changed[entry.href] = entry.text(ms.DAV, "getetag")
        return listing

    def fetch(self, hrefs: list[str]) -> Iterator[Resource]:
        """The resources at ``hrefs``, ``MULTIGET_BATCH`` per request; gone ones are left out."""
        data_tag = ms.tag(ms.CARD, "address-data") if self.kind == "card" else ms.tag(ms.CAL, "calendar-data")
        for start in range(0, len(hrefs), MULTIGET_BATCH):
            batch = [href_url(h) for h in hrefs[start : start + MULTIGET_BATCH]]
            reply = self.conn.request(
                "REPORT",
                self.url,
                ms.multiget_body(self.kind, batch),
                {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"},
                ok=(207,),
            )
            for entry in ms.parse(reply.body).entries:
                element = entry.props.get(data_tag)
                if entry.status != 200 or element is None:
                    continue
                yield Resource(
                    entry.href, entry.text(ms.DAV, "getetag"), (element.text or "").encode("utf-8")
                )

    def put(self, href: str, data: bytes, etag: str | None) -> PutResult:
        """Write ``data`` at ``href``: over ``etag`` only (If-Match), or, when ``etag`` is None,
        only where nothing is yet (If-None-Match: *)."""
        content_type = "text/vcard; charset=utf-8" if self.kind == "card" else "text/calendar; charset=utf-8"
        headers = {"Content-Type": content_type}
        if etag is None:
            headers["If-None-Match"] = "*"
        elif etag:
            headers["If-Match"] = etag
        reply = self.conn.request("PUT", href_url(href), data, headers, ok=(200, 201, 204, 412))
        return PutResult(reply.status, reply.header("ETag"))

    def delete(self, href: str, etag: str) -> int:
        """Delete ``href`` if still ``etag``; the status (404: gone already, 412: changed)."""
        headers = {"If-Match": etag} if etag else {}
        return self.conn.request("DELETE", href_url(href), b"", headers, ok=(200, 204, 404, 412)).status
