"""The sync account: server address and user name in the database, the password in the system
keyring (the ``keyring`` package: Secret Service, KWallet, macOS Keychain, Windows Credential
Locker) — never in plain text. Without a keyring the password is asked at every sync."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from netdesk.storage.sync_models import SyncAccountRow

log = logging.getLogger(__name__)

KEYRING_SERVICE = "netdesk-sync"


@dataclass(frozen=True)
class Account:
    url: str
    username: str

    @property
    def key(self) -> str:
        """The keyring entry: one per user and server."""
        return f"{self.username}@{self.url}"


def stored_account(s: Session) -> Account | None:
    row = s.scalar(select(SyncAccountRow).order_by(SyncAccountRow.id).limit(1))
    return None if row is None else Account(row.url, row.username)


def save_account(s: Session, account: Account) -> tuple[SyncAccountRow, bool]:
    """The account row, created or changed to ``account``; True when it is new or moved (the
    sync state of another server or user then means nothing)."""
    row = s.scalar(select(SyncAccountRow).order_by(SyncAccountRow.id).limit(1))
    if row is None:
        row = SyncAccountRow(url=account.url, username=account.username)
        s.add(row)
        s.flush()
        return row, True
    moved = (row.url, row.username) != (account.url, account.username)
    if moved:
        row.url, row.username = account.url, account.username
        row.last_synced_at = None
    return row, moved


def keyring_available() -> bool:
    """True when the system has a keyring to keep the password in (not keyring's "fail" or
    "null" stand-ins, which are what a system without one gets)."""
    try:
        import keyring

        backend = keyring.get_keyring()
        name = f"{type(backend).__module__}.{type(backend).__name__}"
        if name.startswith(("keyring.backends.fail.", "keyring.backends.null.")):
            return False
        priority = getattr(backend, "priority", 1)
        return not isinstance(priority, int | float) or priority > 0
    except Exception:
        return False


def keyring_password(account: Account) -> str | None:
    """The saved password, or None (none saved, or no keyring on this system)."""
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(KEYRING_SERVICE, account.key)
        except KeyringError:
            return None
    except Exception:  # a broken keyring backend must not stop the sync; the user types it
        log.warning("The system keyring could not be read.")
        return None


def remember_password(account: Account, password: str) -> bool:
    """Save the password in the keyring; False when there is none (then it is asked each time)."""
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            keyring.set_password(KEYRING_SERVICE, account.key, password)
            return True
        except KeyringError:
            return False
    except Exception:
        log.warning("The system keyring could not be written.")
        return False
