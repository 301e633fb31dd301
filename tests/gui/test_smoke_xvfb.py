"""The real window on a real X server (Xvfb), started the way users start it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = r"""
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from netdesk.services.database import open_database
from netdesk.services.demo import load_demo
from netdesk.ui.application import run_gui

data_dir, out = Path(sys.argv[1]), Path(sys.argv[2])
db = open_database(data_dir)
load_demo(db)
db.close()

def shown(window):
    def shoot():
        app = QApplication.instance()
        assert app.platformName() == "xcb", app.platformName()
        window.grab().save(str(out / "window.png"))
        QApplication.primaryScreen().grabWindow(0).save(str(out / "screen.png"))
        (out / "title.txt").write_text(window.windowTitle(), encoding="utf-8")
        (out / "rows.txt").write_text(str(window.contacts_panel.model.rowCount()), encoding="utf-8")
        window.close()
    QTimer.singleShot(1500, shoot)

sys.exit(run_gui(data_dir, on_shown=shown))
"""


def _distinct_colours(path: Path) -> int:
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert not image.isNull(), f"{path} is not an image"
    seen = set()
    for y in range(0, image.height(), 7):
        for x in range(0, image.width(), 7):
            seen.add(image.pixel(x, y))
    return len(seen)


@pytest.mark.xvfb_smoke
def test_real_window_under_xvfb(tmp_path: Path) -> None:
    xvfb_run = shutil.which("xvfb-run")
    if xvfb_run is None:
        if os.environ.get("CI"):
            pytest.fail("xvfb-run is missing: `make setup` should have installed the xvfb package")
        pytest.skip("xvfb-run is not installed (scripts/system-deps.sh installs it)")
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "NETDESK_DATA_DIR")}
    env["QT_QPA_PLATFORM"] = "xcb"
    result = subprocess.run(
        [
            xvfb_run,
            "-a",
            "-s",
            "-screen 0 1280x800x24",
            sys.executable,
            "-c",
            SCRIPT,
            str(tmp_path / "data"),
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "title.txt").read_text(encoding="utf-8") == "netdesk"
    assert int((tmp_path / "rows.txt").read_text(encoding="utf-8")) >= 30
    assert _distinct_colours(tmp_path / "window.png") > 20
    assert _distinct_colours(tmp_path / "screen.png") > 20
    assert "Traceback" not in result.stderr
