"""The PyInstaller bundle as a user gets it: the .tar.gz unpacked, install.sh run with a fresh
HOME, then the installed ``~/.local/bin/netdesk`` (no Python, no checkout, no virtual environment
on PATH) prints its version, loads the demo, reads a card without a QR code by OCR, decodes an
iPhone (HEIC) photo, and shows its window on a real X server (Xvfb).

Runs when NETDESK_BUNDLE names the built .tar.gz (or the dist/netdesk folder): ``make
bundle-smoke`` builds the bundle and runs this file; elsewhere it is skipped. NETDESK_SMOKE_SHOTS,
when set, is a folder that receives the window's screenshot.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from netdesk import __version__

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CARDS = (ROOT / ".." / "shared" / "corpus" / "cards").resolve()
BUNDLE = os.environ.get("NETDESK_BUNDLE")
# What the bundle may weigh unpacked: 522 MiB before issue 16's trimming, 445 MiB after it; sync
# (issue 17: caldav, lxml, niquests/qh3, cryptography, keyring) added 32 MiB and reading HEIC with
# pi-heif instead of pillow-heif (no x265 encoder) took 23 MiB off: 454 MiB. A Qt module, Qt's
# translations or a test server coming back shows here first; raise it knowingly.
CEILING_MIB = 480


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("home")


def _env(home: Path, **extra: str) -> dict[str, str]:
    """A user's environment: no virtual environment, no checkout, no Python of ours on PATH."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "NETDESK_", "QT_"))
    }
    env.update(
        PATH="/usr/local/bin:/usr/bin:/bin",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_RUNTIME_DIR=str(home / "run"),
        LC_ALL="C",
        QT_QPA_PLATFORM="offscreen",
    )
    (home / "run").mkdir(mode=0o700, exist_ok=True)
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundle folder, unpacked from the .tar.gz as a user would."""
    if not BUNDLE:
        pytest.skip(
            "no bundle to test: `make bundle-smoke` builds one and runs this file (NETDESK_BUNDLE=...)"
        )
    source = Path(BUNDLE).resolve()
    assert source.exists(), f"NETDESK_BUNDLE={source} does not exist"
    if source.is_dir():
        return source
    target = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(source) as tar:
        tar.extractall(target, filter="tar")
    (folder,) = target.iterdir()
    return folder


def _install(folder: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", str(folder / "install.sh"), *args], env=_env(home), capture_output=True, text=True, timeout=300
    )


DESKTOP_ID = "io.github.netdesk.netdesk"


@pytest.fixture(scope="module")
def netdesk(unpacked: Path, home: Path) -> Path:
    """The installed command, as install.sh leaves it."""
    done = _install(unpacked, home)
    assert done.returncode == 0, done.stderr
    assert f"Installed netdesk {__version__}" in done.stdout
    command = home / ".local" / "bin" / "netdesk"
    assert command.is_symlink() and command.resolve() == (home / ".local" / "opt" / "netdesk" / "netdesk")
    return command


def test_install_adds_the_menu_entry_and_uninstall_removes_everything(unpacked: Path, tmp_path: Path) -> None:
    home = tmp_path / "someone"
    home.mkdir()
    for _ in range(2):  # the second run updates in place
        done = _install(unpacked, home)
        assert done.returncode == 0, done.stderr
    installed = home / ".local" / "opt" / "netdesk" / "netdesk"
    entry = home / ".local" / "share" / "applications" / f"{DESKTOP_ID}.desktop"
    assert entry.is_file(), done.stdout
    assert f"Exec={installed} " in entry.read_text(encoding="utf-8")  # ~/.local/bin is not on PATH here
    assert not list((home / ".local" / "opt").glob("netdesk.*")), "a leftover of the copy-then-swap"
    (home / ".local" / "share" / "netdesk").mkdir()
    (home / ".local" / "share" / "netdesk" / "netdesk.sqlite3").write_bytes(b"")
    done = _install(installed.parent, home, "--uninstall")
    assert done.returncode == 0, done.stderr
    assert not installed.parent.exists() and not (home / ".local" / "bin" / "netdesk").exists()
    assert not entry.exists()
    assert (home / ".local" / "share" / "netdesk" / "netdesk.sqlite3").exists()


def _run(netdesk: Path, home: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(netdesk), *args],
        env=_env(home),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def test_bundle_carries_what_netdesk_reads_and_not_what_it_does_not(netdesk: Path) -> None:
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        from bundle_size import MIB, measure
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    bundle = netdesk.resolve().parent
    internal = bundle / "_internal"
    for needed in (
        "netdesk/resources/style.qss",
        "netdesk/resources/icons/netdesk.svg",
        "netdesk/resources/templates/pitch.txt",
        "netdesk/resources/demo_network.json",
        "netdesk/storage/migrations/env.py",
        "rapidocr/models/PP-OCRv6_rec_small.onnx",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/lib/libQt6Network.so.6",
    ):
        assert (internal / needed).is_file(), needed
    names = {p.relative_to(internal).as_posix() for p in internal.rglob("*")}
    unwanted = [
        n
        for n in names
        if n.startswith(("PySide6/Qt/translations", "PySide6/Qt/qml", "setuptools", "tkinter"))
        or any(
            part in n
            for part in ("libQt6Quick", "libQt6Qml", "libQt6Pdf", "libQt6WebEngine", "libqgtk3", "libx265")
        )
        or ("/tests/" in n and n.startswith("numpy"))
    ]
    assert not unwanted, unwanted[:20]
    totals, _ = measure(bundle)
    size = sum(totals.values()) / MIB
    print(f"bundle: {size:.0f} MiB unpacked")
    assert size < CEILING_MIB, {k: round(v / MIB) for k, v in totals.items()}


def test_version(netdesk: Path, home: Path) -> None:
    done = _run(netdesk, home, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"netdesk {__version__}"


@pytest.fixture(scope="module")
def demo_dir(netdesk: Path, home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("demo") / "data dir"
    done = _run(netdesk, home, "--data-dir", str(data), "demo", "--json")
    assert done.returncode == 0, done.stderr
    counts = json.loads(done.stdout)
    assert counts["contacts"] >= 30 and counts["interviews"] > 0 and counts["followups"] > 0
    return data


def test_demo_then_list(netdesk: Path, home: Path, demo_dir: Path) -> None:
    done = _run(
        netdesk, home, "--data-dir", str(demo_dir), "contacts", "list", "--search", "fall career", "--json"
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) >= 1


def _card_without_code(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A corpus card without a QR code, or (without the shared corpus) a generated one."""
    if (CARDS / "expected.json").is_file():
        expected = json.loads((CARDS / "expected.json").read_text(encoding="utf-8"))
        return CARDS / "ocr_nominal_00.jpg", expected["ocr_nominal_00.jpg"]["fields"]
    from tests.card_gen import card

    generated = card(0, "dev")
    path = tmp_path / "card.jpg"
    generated.image.save(path, quality=92)
    return path, generated.truth


def test_decode_ocr_reads_a_card_without_a_code(netdesk: Path, home: Path, tmp_path: Path) -> None:
    path, fields = _card_without_code(tmp_path)
    done = _run(netdesk, home, "decode", "--ocr", "--json", str(path))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["codes"] == [] and result["error"] is None
    (contact,) = result["contacts"]
    assert contact["fn"] == fields["fn"]
    assert [e.lower() for e in contact["emails"]] == [fields["email"].lower()]


def test_decode_heic_photo(netdesk: Path, home: Path, tmp_path: Path) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    import qrcode

    text = "https://www.linkedin.com/in/bundled-heic"
    code = qrcode.QRCode(box_size=8, border=4)
    code.add_data(text)
    path = tmp_path / "card.heic"
    try:
        pillow_heif.from_pillow(code.make_image().get_image().convert("RGB")).save(path, quality=95)
    except Exception as exc:  # the checkout's libheif without an encoder
        pytest.skip(f"cannot write HEIC here: {exc}")
    done = _run(netdesk, home, "decode", "--json", str(path))
    assert done.returncode == 0, done.stderr
    assert [c["text"] for c in json.loads(done.stdout)["codes"]] == [text]


@pytest.fixture
def xvfb() -> Iterator[str]:
    """A fresh X server; yields its DISPLAY."""
    server = shutil.which("Xvfb")
    if server is None:
        if os.environ.get("CI"):
            pytest.fail("Xvfb is missing: `make setup` should have installed the xvfb package")
        pytest.skip("Xvfb is not installed (scripts/system-deps.sh installs it)")
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        [server, "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 30)
        assert ready, "Xvfb did not start within 30 s"
        number = os.read(read_end, 32).decode().strip()
        assert number.isdigit(), number
        yield f":{number}"
    finally:
        os.close(read_end)
        proc.terminate()
        proc.wait(timeout=30)


SHOOT = r"""
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
assert app.platformName() == "xcb", app.platformName()
app.primaryScreen().grabWindow(0).save(sys.argv[1])
"""


def _distinct_colours(path: Path) -> int:
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    if image.isNull():
        return 0
    return len({image.pixel(x, y) for y in range(0, image.height(), 7) for x in range(0, image.width(), 7)})


def _window_titles(display: str) -> list[str]:
    """Names of the top-level windows (xwininfo), or [] when x11-utils is not installed."""
    xwininfo = shutil.which("xwininfo")
    if xwininfo is None:
        return []
    tree = subprocess.run(
        [xwininfo, "-root", "-children", "-display", display], capture_output=True, text=True, timeout=30
    ).stdout
    return [line.split('"')[1] for line in tree.splitlines() if line.count('"') >= 2]


@pytest.mark.xvfb_smoke
def test_window_appears_under_xvfb(
    netdesk: Path, home: Path, demo_dir: Path, xvfb: str, tmp_path: Path
) -> None:
    log = tmp_path / "netdesk.log"
    shot = tmp_path / "screen.png"
    with log.open("w") as err:
        app = subprocess.Popen(
            [str(netdesk), "--data-dir", str(demo_dir)],
            env=_env(home, DISPLAY=xvfb, QT_QPA_PLATFORM="xcb"),
            stdout=err,
            stderr=err,
        )
    try:
        colours, titles = 0, []
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and app.poll() is None:
            time.sleep(2)
            titles = _window_titles(xvfb)
            subprocess.run(
                [sys.executable, "-c", SHOOT, str(shot)],
                env={**os.environ, "DISPLAY": xvfb, "QT_QPA_PLATFORM": "xcb"},
                capture_output=True,
                timeout=60,
                check=True,
            )
            colours = _distinct_colours(shot)
            if colours > 20 and (shutil.which("xwininfo") is None or "netdesk" in titles):
                break
        running = app.poll() is None
    finally:
        app.terminate()
        app.wait(timeout=30)
    output = log.read_text(encoding="utf-8", errors="replace")
    if os.environ.get("NETDESK_SMOKE_SHOTS") and shot.exists():
        keep = Path(os.environ["NETDESK_SMOKE_SHOTS"])
        keep.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, keep / "bundle-window.png")
    assert running, f"netdesk exited with {app.returncode}:\n{output[-3000:]}"
    assert colours > 20, f"the screen stayed blank:\n{output[-3000:]}"
    if shutil.which("xwininfo"):
        assert "netdesk" in titles, titles
    assert "Traceback" not in output, output[-3000:]
    assert "Could not load the Qt platform plugin" not in output, output[-3000:]
