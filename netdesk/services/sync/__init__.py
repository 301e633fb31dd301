"""Two-way sync with the user's CardDAV/CalDAV server (issue 17): contacts <-> an address book,
follow-ups <-> a task list. The state machine is netdesk's own; the protocol is ``netdesk.remote``.

``SyncService`` (the engine) loads on first use: it brings the card readers, and the window only
needs the light parts (the account, the conflict count) at start.
"""

from typing import TYPE_CHECKING, Any

from netdesk.remote.errors import AuthenticationError, RemoteError
from netdesk.services.sync.account import Account, keyring_available, keyring_password, remember_password
from netdesk.services.sync.outcome import (
    Counts,
    Discovered,
    NoAccountError,
    SyncCancelledError,
    SyncResult,
)

if TYPE_CHECKING:
    from netdesk.services.sync.engine import SyncService
    from netdesk.services.sync.history import SyncUndoError, UndoneSync

_LATER = {"SyncService": "engine", "SyncUndoError": "history", "UndoneSync": "history"}


def __getattr__(name: str) -> Any:
    if name in _LATER:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_LATER[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Account",
    "AuthenticationError",
    "Counts",
    "Discovered",
    "NoAccountError",
    "RemoteError",
    "SyncCancelledError",
    "SyncResult",
    "SyncService",
    "SyncUndoError",
    "UndoneSync",
    "keyring_available",
    "keyring_password",
    "remember_password",
]
