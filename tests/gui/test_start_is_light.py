"""Start-up reads and imports only what the first paint needs (issue 15): OpenCV, the OCR
runtime and Alembic are not loaded by the time the window is shown, and the pages other than
Contacts are not built until they are shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netdesk.services.demo import load_demo
from tests.gui.conftest import start_window

SCRIPT = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from netdesk.ui.application import run_gui

def on_shown(window):
    def look():
        heavy = [m for m in ("cv2", "onnxruntime", "rapidocr", "zxingcpp", "alembic") if m in sys.modules]
        built = sorted(window.lazy.built_pages())
        print(json.dumps({"heavy": heavy, "built": built, "rows": window.contacts_panel.model.rowCount()}))
        QTimer.singleShot(1100, later)

    def later():
        warming = window.lazy.warming
        if warming is None or not warming.is_done():
            QTimer.singleShot(100, later)
            return
        warm = [m for m in ("numpy", "cv2", "zxingcpp", "netdesk.ui.events_panel", "netdesk.ui.leads_panel")
                if m in sys.modules]
        print(json.dumps({"warm": warm, "built_later": sorted(window.lazy.built_pages())}))
        window.close()
    QTimer.singleShot(0, look)

sys.exit(run_gui(Path(sys.argv[1]), on_shown=on_shown))
"""


def test_the_window_shows_without_heavy_imports(db: Any, data_dir: Path) -> None:
    load_demo(db)
    db.close()
    done, lines = start_window(SCRIPT, str(data_dir))
    assert len(lines) == 2, done.stderr[-2000:]
    seen = lines[0]
    assert seen["rows"] >= 30  # the demo network is listed
    assert seen["heavy"] == []  # no OpenCV, zxing-cpp, OCR runtime or Alembic before the first paint
    assert seen["built"] == []  # Event mode, Follow-ups, Interviews, Leads, Network wait to be shown
    # Soon after, what the pages import is imported while the window idles (ui/warm_up.py),
    # and still no page is built.
    after = lines[1]
    assert after == {
        "warm": ["numpy", "cv2", "zxingcpp", "netdesk.ui.events_panel", "netdesk.ui.leads_panel"],
        "built_later": [],
    }


def test_a_page_is_built_when_first_shown(main_window: Any, qtbot: Any) -> None:
    assert main_window.built_page("followups_panel") is None
    main_window.show_page(2)
    qtbot.waitUntil(lambda: main_window.built_page("followups_panel") is not None)
    assert main_window.pages.currentWidget() is main_window.followups_panel
    assert main_window.built_page("leads_panel") is None
