"""A real Radicale (the PyPI package) on 127.0.0.1, for the sync tests and benchmarks/sync.py.

Started as its own process on a free port, with its collections in a temporary folder and
htpasswd users in plain text, so a wrong password gets a real 401. ``stop()`` kills it: a test can
do that between two requests of a sync. ``storage_type`` picks another ``[storage] type`` (a module
found on ``python_path``, e.g. benchmarks/radicale_uid_index.py for the sync benchmark).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

USER = "student"
PASSWORD = "s3cret pass"

#: A rights file for a server with a fixed set of collections, as many hosted calendars are: each
#: user may read and write the collections named "contacts" and "calendar" (the test makes them
#: first) and create no other (MKCOL and MKCALENDAR of any other name get 403).
FIXED_COLLECTIONS = """\
[principal]
user: .+
collection: {user}
permissions: RW

[fixed]
user: .+
collection: {user}/(contacts|calendar)
permissions: rw

[root]
user: .+
collection:
permissions: R
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RadicaleServer:
    #: The text of a Radicale rights file (``[rights] type = from_file``, e.g. FIXED_COLLECTIONS)
    #: instead of owner_only; set it before ``start()``.
    rights = ""

    def __init__(
        self,
        folder: Path,
        users: dict[str, str] | None = None,
        *,
        storage_type: str = "multifilesystem",
        python_path: tuple[Path, ...] = (),
    ) -> None:
        self.folder = folder
        self.users = users or {USER: PASSWORD}
        self.storage_type = storage_type
        self.python_path = python_path
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _rights_section(self) -> str:
        if not self.rights:
            return "[rights]\ntype = owner_only\n"
        path = self.folder / "rights"
        path.write_text(self.rights, encoding="utf-8")
        return f"[rights]\ntype = from_file\nfile = {path}\n"

    def start(self) -> RadicaleServer:
        self.folder.mkdir(parents=True, exist_ok=True)
        users = self.folder / "users"
        users.write_text("".join(f"{u}:{p}\n" for u, p in self.users.items()), encoding="utf-8")
        config = self.folder / "config"
        config.write_text(
            "[server]\n"
            f"hosts = 127.0.0.1:{self.port}\n"
            "[auth]\n"
            "type = htpasswd\n"
            f"htpasswd_filename = {users}\n"
            "htpasswd_encryption = plain\n"
            "delay = 0\n"
            f"{self._rights_section()}"
            "[storage]\n"
            f"type = {self.storage_type}\n"
            f"filesystem_folder = {self.folder / 'collections'}\n"
            "[web]\n"
            "type = none\n"
            "[logging]\n"
            "level = warning\n",
            encoding="utf-8",
        )
        log = (self.folder / "radicale.log").open("wb")
        env = {**os.environ, "PYTHONWARNINGS": "ignore"}
        if self.python_path:
            env["PYTHONPATH"] = os.pathsep.join(
                [*map(str, self.python_path), *filter(None, [os.environ.get("PYTHONPATH")])]
            )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Radicale exited: {(self.folder / 'radicale.log').read_text()[-2000:]}")
            try:
                urllib.request.urlopen(self.url, timeout=1)
                return self
            except urllib.error.HTTPError:
                return self  # it answers (401 or 404): up
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("Radicale did not start within 30 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, bytes, dict[str, str]]:
        """A plain HTTP request as the first user (what a phone would do to the server)."""
        import base64

        user, password = next(iter(self.users.items()))
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        request = urllib.request.Request(
            self.url.rstrip("/") + path,
            data=body or None,
            method=method,
            headers={"Authorization": f"Basic {token}", **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(), dict(exc.headers)
