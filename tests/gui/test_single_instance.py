"""One window per data folder: a second ``netdesk`` launch hands its files to the running window
(a real second process), a crash's stale socket does not block the next start, and another data
folder gets its own window."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtNetwork import QLocalServer

from netdesk.ui.file_opener import FileOpener
from netdesk.ui.single_instance import Handover, Inbox, InstanceServer, claim, hand_over, server_name
from tests.gui.test_open_files import shows_the_preview_of

VCARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nN:Hopper;Grace;;;\r\nEND:VCARD\r\n"


@pytest.fixture
def server(data_dir: Path) -> Any:
    listening = InstanceServer(server_name(data_dir))
    assert listening.listen()
    yield listening
    listening.close()


def launch(data_dir: Path, *files: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LC_ALL": "C"}
    env.pop("NETDESK_DATA_DIR", None)
    return subprocess.Popen(
        [sys.executable, "-m", "netdesk", "--data-dir", str(data_dir), *map(str, files)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def finish(qtbot: Any, process: subprocess.Popen[str]) -> tuple[int, str]:
    """Wait for the launch while this process's event loop runs (the server answers from it)."""
    try:
        qtbot.waitUntil(lambda: process.poll() is not None, timeout=60_000)
    finally:
        if process.poll() is None:
            process.kill()
    _out, err = process.communicate(timeout=10)
    return process.returncode, err


def test_a_second_launch_hands_its_file_to_the_running_window(
    qtbot: Any, main_window: Any, server: Any, data_dir: Path, tmp_path: Path
) -> None:
    server.files_received.connect(FileOpener(main_window).receive)
    card = tmp_path / "Grace Hopper.vcf"
    card.write_text(VCARD, encoding="utf-8")
    code, err = finish(qtbot, launch(data_dir, card))
    assert code == 0, err
    shows_the_preview_of(qtbot, main_window, card)


def test_a_second_launch_without_files_just_brings_the_window_forward(
    qtbot: Any, server: Any, data_dir: Path
) -> None:
    received: list[list[str]] = []
    server.files_received.connect(received.append)
    code, err = finish(qtbot, launch(data_dir))
    assert code == 0, err
    assert received == [[]]


def test_relative_files_reach_the_window_as_absolute_paths(qtbot: Any, server: Any, data_dir: Path) -> None:
    received: list[list[str]] = []
    server.files_received.connect(received.append)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    folder = data_dir.parent / "cards"
    folder.mkdir()
    (folder / "front.jpg").write_bytes(b"\xff\xd8\xff")
    process = subprocess.Popen(
        [sys.executable, "-m", "netdesk", "--data-dir", str(data_dir), "front.jpg"],
        cwd=folder,
        env={**env, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        stderr=subprocess.PIPE,
        text=True,
    )
    code, err = finish(qtbot, process)
    assert code == 0, err
    assert received == [[str(folder / "front.jpg")]]


def test_the_name_follows_the_folder_not_its_spelling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a").mkdir()
    assert server_name(tmp_path / "a") == server_name(Path("a")) == server_name(tmp_path / "a" / ".." / "a")
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")


def test_another_data_folder_is_not_handed_over_to(qtbot: Any, server: Any, tmp_path: Path) -> None:
    assert hand_over(server_name(tmp_path / "elsewhere"), []) is Handover.NO_WINDOW


def test_a_stale_socket_left_by_a_crash_does_not_block_the_start(qapp: Any, tmp_path: Path) -> None:
    if sys.platform == "win32":
        pytest.skip("named pipes vanish with their process")
    name = server_name(tmp_path / "crashed")
    probe = QLocalServer()
    assert probe.listen(name)
    path = probe.fullServerName()
    probe.close()
    dead = socket.socket(socket.AF_UNIX)  # bound and never listening: what a killed netdesk leaves
    dead.bind(path)
    try:
        assert hand_over(name, []) is Handover.NO_WINDOW
        claimed = claim(name, [])
        assert isinstance(claimed, InstanceServer) and claimed.server.isListening()
        claimed.close()
    finally:
        dead.close()


def test_files_wait_in_the_inbox_until_a_window_shows(qtbot: Any) -> None:
    inbox = Inbox(["/a.vcf"])
    inbox.deliver(["/b.jpg"])  # a launch during the recovery dialog
    opened: list[list[str]] = []
    inbox.attach(opened.append)
    qtbot.waitUntil(lambda: opened == [["/a.vcf", "/b.jpg"]])
    inbox.deliver(["/c.csv"])
    assert opened[-1] == ["/c.csv"]
    inbox.detach()
    inbox.deliver(["/d.csv"])
    assert inbox.pending == ["/d.csv"]
