"""Failures of the server or the way to it, as sentences that say what to do next.

No user name, password or server address goes into a message: they may be shown, logged or
pasted into a bug report.
"""

from __future__ import annotations


class RemoteError(RuntimeError):
    """The sync could not finish; ``str()`` is the sentence for the user."""


class ServerUnreachableError(RemoteError):
    """No answer: wrong address, no network, the server is down or too slow."""


class AuthenticationError(RemoteError):
    """The server refused the user name or password (HTTP 401/403)."""


class RateLimitedError(RemoteError):
    """HTTP 429, or 503 with Retry-After: the server asks to come back later."""

    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class BadResponseError(RemoteError):
    """The server answered something that is not what the protocol says (or an HTTP error)."""


class NotADavServerError(RemoteError):
    """Discovery found no address book or task list at the address given."""


def unreachable(reason: str) -> ServerUnreachableError:
    return ServerUnreachableError(
        f"The sync server cannot be reached ({reason}); nothing was changed here. Check the address "
        "and your connection, then sync again."
    )


def refused(status: int) -> AuthenticationError:
    return AuthenticationError(
        f"The server refused the user name or password (HTTP {status}); nothing was changed here. "
        "Check them and sync again (File › Sync… in the window, or netdesk sync --password-stdin)."
    )


def rate_limited(status: int, retry_after: float | None) -> RateLimitedError:
    wait = f"in {int(retry_after + 0.999)} seconds" if retry_after is not None else "in a few minutes"
    return RateLimitedError(
        f"The server is busy and asks to wait (HTTP {status}); nothing was changed here. Sync again {wait}.",
        retry_after,
    )


def bad_response(what: str) -> BadResponseError:
    return BadResponseError(
        f"The server's answer could not be used ({what}); nothing was changed here. Try again later; "
        "if it persists, check that the address is a CardDAV/CalDAV server."
    )
