"""One authenticated HTTP session to the user's DAV server, on caldav's ``DAVClient``.

caldav does the HTTP part that is easy to get wrong (keep-alive sessions over niquests, Basic and
Digest negotiated from the server's 401, Retry-After parsing); the requests themselves (PROPFIND,
REPORT, PUT, DELETE, MKCOL) are ours, sent through ``DAVClient.request``. Every failure becomes a
``RemoteError`` sentence here, so the layers above never see a library's exception.

``on_request`` is called before every request with the method and URL: the sync tests use it to
stop the server between two requests, and the GUI to count progress.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from netdesk.remote.errors import RemoteError, bad_response, rate_limited, refused, unreachable

log = logging.getLogger(__name__)

#: Seconds to wait for the server to answer one request.
DEFAULT_TIMEOUT = 30
#: A DAV answer larger than this is not one netdesk asked for.
MAX_BODY = 256 << 20

RequestHook = Callable[[str, str], None]


@dataclass(frozen=True)
class Reply:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def header(self, name: str) -> str:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return str(value)
        return ""


def normalized_url(url: str) -> str:
    """``url`` with a scheme (https unless given) and a path ending in ``/`` when it has none."""
    text = url.strip()
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(
            "The server address must be an http:// or https:// URL, such as "
            "https://cloud.example.org/remote.php/dav; correct it and sync again."
        )
    if not parts.path:
        text += "/"
    return text


class DavConnection:
    def __init__(
        self,
        url: str,
        username: str,
        password: str,
        *,
        timeout: int = DEFAULT_TIMEOUT,
        on_request: RequestHook | None = None,
    ) -> None:
        from caldav.davclient import DAVClient

        self.url = normalized_url(url)
        self.on_request = on_request
        self.requests = 0
        self._client = DAVClient(
            url=self.url,
            username=username or None,
            password=password,
            timeout=timeout,
            enable_rfc6764=False,  # no DNS look-ups: the user gave the address
            rate_limit_handle=False,  # a sentence instead of a silent wait
        )
        # caldav logs request bodies (names, e-mails) at DEBUG: never let them reach a log.
        logging.getLogger("caldav").setLevel(max(logging.getLogger("caldav").level, logging.INFO))

    def close(self) -> None:
        self._client.close()

    def absolute(self, href: str) -> str:
        return urljoin(self.url, href)

    def request(
        self,
        method: str,
        url: str,
        body: bytes | str = b"",
        headers: Mapping[str, str] | None = None,
        ok: Iterable[int] = (200, 201, 204, 207),
    ) -> Reply:
        """Send one request; raises RemoteError unless the status is in ``ok``."""
        from caldav.lib import error as caldav_error
        from niquests import exceptions as http_errors

        target = self.absolute(url)
        if self.on_request is not None:
            self.on_request(method, target)
        self.requests += 1
        data = body.decode("utf-8") if isinstance(body, bytes) else body
        try:
            response = self._client.request(target, method, data, dict(headers or {}))
        except caldav_error.RateLimitError as exc:
            raise rate_limited(int(exc.status or 429), exc.retry_after_seconds) from None
        except caldav_error.AuthorizationError as exc:
            raise refused(int(getattr(exc, "status", None) or 401)) from None
        except http_errors.Timeout:
            raise unreachable("it did not answer in time") from None
        except http_errors.ConnectionError:
            raise unreachable("the connection was refused or broken") from None
        except http_errors.RequestException as exc:
            raise unreachable(type(exc).__name__) from None
        except (caldav_error.DAVError, ValueError) as exc:  # lxml's XMLSyntaxError is a ValueError
            raise bad_response(f"{method} gave {type(exc).__name__}") from None
        status = int(response.status)
        raw = response._raw_body or response._raw  # undecoded body; caldav parses XML into .tree
        if response.tree is not None:
            from lxml import etree  # type: ignore[import-untyped]  # caldav's parser, no stubs

            raw = etree.tostring(response.tree)
        body_bytes = raw if isinstance(raw, bytes) else str(raw or "").encode("utf-8")
        if len(body_bytes) > MAX_BODY:
            raise bad_response(f"{method} answer larger than {MAX_BODY >> 20} MB")
        reply = Reply(status, dict(response.headers or {}), body_bytes)
        if status in (401, 403):
            raise refused(status)
        if status not in set(ok):
            if status >= 500:
                raise bad_response(f"HTTP {status} to {method}")
            raise bad_response(f"HTTP {status} to {method}")
        return reply
