"""The window paints its contacts list before the database is opened through SQLAlchemy, and
takes up what was done meanwhile once it is (issue 15: start ≤ 1.5× a bare window)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netdesk.domain.models import ContactDraft
from netdesk.services.contacts import ContactService
from netdesk.services.demo import load_demo
from netdesk.services.early_listing import open_early
from tests.gui.conftest import start_window


def _early_window(qtbot: Any, settings: Any, folder: Path) -> tuple[Any, Any]:
    from netdesk.ui.main_window import MainWindow

    listing = open_early(folder)
    assert listing is not None
    window = MainWindow(None, settings, early=listing)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window, listing


def test_the_list_shows_before_the_services_and_a_search_typed_meanwhile_is_run(
    qtbot: Any, db: Any, data_dir: Path, settings: Any
) -> None:
    from tests.gui.conftest import type_text

    load_demo(db)
    window, listing = _early_window(qtbot, settings, data_dir)
    panel = window.contacts_panel
    assert not panel.attached and "editor" not in vars(panel)
    assert panel.model.rowCount() == ContactService(db).count() >= 30
    assert panel.count_label.text() == f"{panel.model.rowCount()} people"
    some = panel.model.id_at(7)
    word = ContactService(db).summaries_of([some])[some].name.split()[-1].lower()
    type_text(panel.search, word)  # typed before the database is open: kept, run on attach
    assert panel.model.rowCount() >= 30
    window.attach(db)
    listing.close()
    qtbot.waitUntil(lambda: panel.shown_search == word)
    ids = ContactService(db).ordered_ids(word)
    assert some in ids and len(ids) < panel.model.rowCount() + 30
    assert ids and panel.model.ids() == ids
    qtbot.waitUntil(lambda: panel.editor.contact_id() == ids[0])  # the first match opens


def test_a_row_picked_before_the_services_opens_after(
    qtbot: Any, db: Any, data_dir: Path, settings: Any
) -> None:
    service = ContactService(db)
    for name in ("Ada", "Bea", "Cy"):
        service.create(ContactDraft(display_name=name))
    window, listing = _early_window(qtbot, settings, data_dir)
    panel = window.contacts_panel
    panel.table.selectRow(2)  # Cy, clicked before attach(): nothing to open it with yet
    assert panel.model.row_at(2).name == "Cy"
    window.attach(db)
    listing.close()
    qtbot.waitUntil(lambda: panel.editor.contact_id() == panel.model.id_at(2))
    assert panel.editor.heading.text() == "Cy"
    assert window.pages.count() == 6 and window.menuBar().actions()[0].menu().actions()


def test_the_sidebar_waits_for_the_services(qtbot: Any, db: Any, data_dir: Path, settings: Any) -> None:
    from PySide6.QtCore import Qt

    load_demo(db)
    window, listing = _early_window(qtbot, settings, data_dir)
    item = window.nav.item(2)
    qtbot.mouseClick(
        window.nav.viewport(), Qt.MouseButton.LeftButton, pos=window.nav.visualItemRect(item).center()
    )
    assert window.pages.count() == 1 and window.pages.currentIndex() == 0  # no page to switch to yet
    window.attach(db)
    listing.close()
    qtbot.mouseClick(
        window.nav.viewport(), Qt.MouseButton.LeftButton, pos=window.nav.visualItemRect(item).center()
    )
    qtbot.waitUntil(lambda: window.built_page("followups_panel") is not None)
    assert window.pages.currentWidget() is window.followups_panel


SCRIPT = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
from netdesk.ui.application import run_gui

app = QApplication(sys.argv)
seen = {}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow) and "paint" not in seen:
            panel = watched.contacts_panel
            seen["paint"] = {"sqlalchemy": "sqlalchemy" in sys.modules, "rows": panel.model.rowCount(),
                             "attached": panel.attached}
            # Typed while the database opens: taken in between the imports, run once attached.
            panel.search.textChanged.connect(lambda _t: seen.setdefault("typed_attached", panel.attached))
            QTimer.singleShot(30, lambda: panel.search.setText("a"))
            if len(sys.argv) > 2:
                QTimer.singleShot(0, watched.close)  # closed while it opens
        return False

watch = FirstPaint()
app.installEventFilter(watch)

def on_shown(window):
    app.removeEventFilter(watch)
    panel = window.contacts_panel
    seen["shown"] = {"attached": panel.attached, "same": window.isVisible()}

    def searched():
        if panel.shown_search != "a":
            QTimer.singleShot(20, searched)
            return
        seen["searched"] = panel.model.rowCount()
        print(json.dumps(seen))
        window.close()

    QTimer.singleShot(0, searched)  # once the window's event loop runs

code = run_gui(Path(sys.argv[1]), on_shown=on_shown)
if "shown" not in seen:
    print(json.dumps(seen))
sys.exit(code)
"""


def test_the_first_paint_comes_before_sqlalchemy_is_imported(db: Any, data_dir: Path) -> None:
    load_demo(db)
    db.close()
    done, lines = start_window(SCRIPT, str(data_dir))
    assert len(lines) == 1, done.stderr[-2000:]
    seen = lines[0]
    assert seen["paint"]["sqlalchemy"] is False
    assert seen["paint"]["rows"] >= 30 and seen["paint"]["attached"] is False
    assert seen["shown"] == {"attached": True, "same": True}
    assert seen["typed_attached"] is False  # the window took the key while the database opened
    assert 0 < seen["searched"] < seen["paint"]["rows"]  # … and searched for it once open
    # Closed at once: the workers started at start-up finish before the database closes.
    assert "exception thrown from a worker" not in done.stderr and done.returncode == 0


def test_the_greeting_counts_the_network_either_way(
    qtbot: Any, db: Any, data_dir: Path, settings: Any
) -> None:
    from netdesk.ui.main_window import MainWindow

    load_demo(db)
    people = ContactService(db).count()
    whole = MainWindow(db, settings)  # made at once, as after a recovery or a migration
    qtbot.addWidget(whole)
    assert whole.statusBar().currentMessage().startswith(f"{people} people in your network.")
    window, listing = _early_window(qtbot, settings, data_dir)
    assert window.statusBar().currentMessage().startswith(f"{people} people in your network.")
    painted = (window.statusBar().height(), window.contacts_panel.table.geometry())
    window.attach(db)
    listing.close()
    assert window.statusBar().currentMessage().startswith(f"{people} people in your network.")
    qtbot.wait(50)  # laid out again
    # Nothing on screen moves when the rest arrives: the status bar and the list keep their place.
    assert (window.statusBar().height(), window.contacts_panel.table.geometry()) == painted


def test_closing_the_window_while_it_opens_ends_the_start(db: Any, data_dir: Path) -> None:
    load_demo(db)
    db.close()
    done, lines = start_window(SCRIPT, str(data_dir), "close")
    assert done.returncode == 0, done.stderr[-2000:]
    seen = lines[-1]
    assert seen["paint"]["attached"] is False and "shown" not in seen  # never attached, never shown again
