"""The Sync dialog on a real X server at 1280x720 (issue 17), during and after a sync against a
real Radicale: no field squeezed and no wrapped sentence cut while the progress shows (under Xvfb
the layout squeezed the form to make room for it; the offscreen platform did not show that)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLabel, QLineEdit
from tests.dav_server import PASSWORD, USER, RadicaleServer

folder, out = Path(sys.argv[1]), Path(sys.argv[2])
server = RadicaleServer(folder / "radicale").start()
from netdesk.services.database import open_database
from netdesk.services.demo import load_demo
from netdesk.services.sync import SyncService
from netdesk.ui.main_window import MainWindow
from netdesk.ui.theme import apply_theme

db = open_database(folder / "data")
load_demo(db)
app = QApplication(sys.argv)
assert app.platformName() == "xcb", app.platformName()
apply_theme(app)
window = MainWindow(db, QSettings(str(folder / "w.ini"), QSettings.Format.IniFormat))
window.resize(1280, 720)
window.show()


def pump(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def squeezed(dialog):
    bad = []
    for w in dialog.findChildren(QLineEdit):
        if w.isVisible() and not isinstance(w.parentWidget(), QAbstractSpinBox) and w.height() < w.sizeHint().height():
            bad.append(f"field {w.height()} < {w.sizeHint().height()}")
    for w in dialog.findChildren(QLabel):
        if w.isVisible() and w.wordWrap() and w.text() and w.height() < w.heightForWidth(w.width()):
            bad.append(f"label {w.text()[:30]!r} {w.height()} < {w.heightForWidth(w.width())}")
    screen = app.primaryScreen().availableGeometry()
    if not screen.contains(dialog.frameGeometry()):
        bad.append(f"off screen: {dialog.frameGeometry()}")
    return bad


found = {}
pump(1)
window.sync._service = SyncService(db, on_request=lambda m, u: time.sleep(0.1))
dialog = window.sync.open_dialog()
dialog.url.setText(server.url)
dialog.user.setText(USER)
dialog.password.setText(PASSWORD)
pump(0.5)
found["idle"] = squeezed(dialog)
dialog.sync_button.click()
end = time.monotonic() + 60
while time.monotonic() < end and not (window.sync.is_busy() and dialog.progress.value() > 3):
    pump(0.05)
pump(0.3)
app.primaryScreen().grabWindow(0).save(str(out / "during.png"))
found["during"] = squeezed(dialog)
while time.monotonic() < end + 120 and window.sync.is_busy():
    pump(0.05)
pump(0.3)
app.primaryScreen().grabWindow(0).save(str(out / "after.png"))
found["after"] = squeezed(dialog)
found["result"] = dialog.result_label.text()
(out / "found.json").write_text(json.dumps(found), encoding="utf-8")
window.close()
db.close()
server.stop()
"""


@pytest.mark.xvfb_smoke
def test_sync_dialog_at_1280x720_on_a_real_x_server(tmp_path: Path) -> None:
    xvfb_run = shutil.which("xvfb-run")
    if xvfb_run is None:
        if os.environ.get("CI"):
            pytest.fail("xvfb-run is missing: `make setup` should have installed the xvfb package")
        pytest.skip("xvfb-run is not installed (scripts/system-deps.sh installs it)")
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "NETDESK_DATA_DIR")}
    env.update(QT_QPA_PLATFORM="xcb", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    result = subprocess.run(
        [
            xvfb_run,
            "-a",
            "-s",
            "-screen 0 1280x720x24",
            sys.executable,
            "-c",
            SCRIPT,
            str(tmp_path),
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads((tmp_path / "found.json").read_text(encoding="utf-8"))
    assert found["idle"] == [] and found["during"] == [] and found["after"] == [], found
    assert found["result"].startswith("Contacts: 32 sent"), found["result"]
    assert "Traceback" not in result.stderr
