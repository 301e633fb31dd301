"""Two-way sync with the user's CardDAV/CalDAV server (issue 17): contacts <-> an address book,
follow-ups <-> a task list. The state machine is netdesk's own; the protocol is ``netdesk.remote``."""

from netdesk.remote.errors import AuthenticationError, RemoteError
from netdesk.services.sync.account import Account, keyring_available, keyring_password, remember_password
from netdesk.services.sync.engine import NoAccountError, SyncCancelledError, SyncService
from netdesk.services.sync.outcome import Counts, Discovered, SyncResult

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
    "keyring_available",
    "keyring_password",
    "remember_password",
]
