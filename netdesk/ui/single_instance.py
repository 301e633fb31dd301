"""One window per data folder: a second launch hands its files to the running window and exits.

Double-clicking three vCards, or ``netdesk card.jpg`` while netdesk is open, must not start a
second window on the same database. The first window listens on a local socket
(``QLocalServer``: a Unix socket, a named pipe on Windows) whose name is a hash of the user and
the data folder's real path, so two data folders run side by side and nobody else's launch
reaches this window (``UserAccessOption``). A later launch connects, sends the files' absolute
paths as one JSON line, waits for ``ok`` and exits 0; the window comes to the front and opens
them (ui/file_opener.py).

A socket left by a crash refuses connections: it is removed and listened on again. When two
launches race, the one that cannot listen tries to hand over once more before removing anything.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

CONNECT_MS = 1000
ANSWER_MS = 10_000  # a window still starting (migrating, say) answers once its loop runs
MAX_MESSAGE = 1 << 20  # a megabyte of paths is far more than any launch hands over
ACK = b"ok\n"


def server_name(folder: Path) -> str:
    """The socket's name for ``folder``: the same for every spelling of the same folder."""
    try:
        user = str(os.getuid())
    except AttributeError:  # Windows
        user = getpass.getuser()
    key = f"{user}\0{os.path.realpath(folder)}".encode("utf-8", "surrogateescape")
    return f"netdesk-{hashlib.sha256(key).hexdigest()[:24]}"


class Handover(Enum):
    NO_WINDOW = "no window"  # nothing listens: this launch opens the window
    DONE = "done"  # the running window took the files
    UNANSWERED = "unanswered"  # a window listens but did not say it took them


def hand_over(name: str, files: Sequence[str]) -> Handover:
    """Give ``files`` to the window listening on ``name``, if there is one (blocking, short)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return Handover.NO_WINDOW
    socket.write(json.dumps({"files": list(files)}).encode("utf-8") + b"\n")
    socket.flush()
    answer = b""
    while ACK not in answer and socket.waitForReadyRead(ANSWER_MS):
        answer += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return Handover.DONE if ACK in answer else Handover.UNANSWERED


class InstanceServer(QObject):
    """Listens for later launches on the same data folder; ``files_received`` carries their files."""

    files_received = Signal(list)  # absolute paths (str), possibly none: just come to the front

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        if self.server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
            return False
        QLocalServer.removeServer(self.name)  # left by a crash: nobody answers on it
        return self.server.listen(self.name)

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            if socket is None:
                return
            buffer = bytearray()
            socket.readyRead.connect(lambda s=socket, b=buffer: self._read(s, b))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket, buffer)

    def _read(self, socket: QLocalSocket, buffer: bytearray) -> None:
        buffer += bytes(socket.readAll().data())
        if b"\n" not in buffer:
            if len(buffer) > MAX_MESSAGE:
                socket.abort()
            return
        line = bytes(buffer.split(b"\n", 1)[0])
        buffer.clear()
        files = _files(line)
        if files is None:
            socket.abort()  # not a netdesk launch speaking
            return
        socket.write(ACK)
        socket.flush()
        self.files_received.emit(files)


def _files(line: bytes) -> list[str] | None:
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    files = message.get("files") if isinstance(message, dict) else None
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    return files


def claim(name: str, files: Sequence[str]) -> InstanceServer | Handover:
    """Become the window for ``name`` (the listening server), or hand ``files`` to the one there is.

    The listening server may not get going (a folder where sockets cannot be made): the window
    still opens, only without the hand-over, so that is a server that is not listening.
    """
    handed = hand_over(name, files)
    if handed is not Handover.NO_WINDOW:
        return handed
    server = InstanceServer(name)
    if server.server.listen(name):
        return server
    handed = hand_over(name, files)  # another launch got there first, a moment ago
    if handed is not Handover.NO_WINDOW:
        server.deleteLater()
        return handed
    server.listen()  # removes a stale socket first
    return server


class Inbox:
    """Files for the window: kept while none shows (start-up, recovery), opened at once when one does."""

    def __init__(self, files: Sequence[str] = ()) -> None:
        self.pending = list(files)
        self.target: Callable[[list[str]], None] | None = None

    def attach(self, target: Callable[[list[str]], None]) -> None:
        self.target = target
        if self.pending:
            files, self.pending = self.pending, []
            QTimer.singleShot(0, lambda: target(files))

    def detach(self) -> None:
        self.target = None

    def deliver(self, files: list[str]) -> None:
        if self.target is not None:
            self.target(files)
        else:
            self.pending += files
