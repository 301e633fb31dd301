"""One measured process of ``benchmarks/gui_scale.py``: ``child.py app|bare FOLDER T0 QUERY``.

``T0`` is the parent's ``time.time()`` just before it started this process, so "start" is
process start to first paint, interpreter start-up included. ``app`` starts netdesk as its
entry point does (``netdesk.cli`` then ``ui.application.run_gui``) and drives the real window;
``bare`` is a plain PySide6 window over the same contact rows read with sqlite3, searched
with the same FTS5 query. Each result is printed as one JSON line as soon as it is known, so
a run killed for taking too long or too much memory still reports what it measured.

A 5 ms heartbeat timer runs from the first paint on; each action reports the longest gap
between two beats while it ran (and while the window settled after it) as its stall.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

Step = Generator[tuple[Any, ...], None, None]
WAIT_S = 180.0
START_ONLY = bool(os.environ.get("GUI_SCALE_START_ONLY"))  # quit after the first paint is timed


def emit(**fields: Any) -> None:
    print(json.dumps(fields), flush=True)


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Driver:
    """Runs a scenario generator on the event loop: it yields ("sleep", ms) or
    ("until", predicate) and is resumed when that holds; heartbeat gaps are kept per action."""

    def __init__(self, scenario: Callable[[Driver], Step]) -> None:
        from PySide6.QtCore import QEvent, QObject, Qt, QTimer

        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self.beat = QTimer()
        self.beat.setTimerType(Qt.TimerType.PreciseTimer)
        self.beat.setInterval(5)
        self.beat.timeout.connect(self._beat)
        self.poll = QTimer()
        self.poll.setInterval(1)
        self.poll.timeout.connect(self._check)
        self.gen: Step = scenario(self)
        self.waiting: tuple[Any, ...] = ()
        self.deadline = 0.0
        self.paints: dict[int, int] = {}
        self.painted_at: dict[int, list[float]] = {}
        paints, painted_at = self.paints, self.painted_at

        class PaintWatch(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint:
                    paints[id(watched)] = paints.get(id(watched), 0) + 1
                    painted_at.setdefault(id(watched), []).append(time.perf_counter())
                return False

        self.watch = PaintWatch()

    def watch_paints(self, widget: Any) -> None:
        widget.installEventFilter(self.watch)

    def painted(self, widget: Any) -> int:
        return self.paints.get(id(widget), 0)

    def start(self) -> None:
        self._last = time.perf_counter()
        self.beat.start()
        self.poll.start()
        self._advance()

    def _beat(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000)
        self._last = now

    def take_gaps(self) -> list[float]:
        self._beat()
        gaps, self.gaps = self.gaps, []
        return gaps

    def _advance(self) -> None:
        try:
            self.waiting = next(self.gen)
        except StopIteration:
            self.poll.stop()
            self.beat.stop()
            from PySide6.QtWidgets import QApplication

            QApplication.instance().exit(0)  # type: ignore[union-attr]
            return
        if self.waiting[0] == "sleep":
            self.deadline = time.perf_counter() + self.waiting[1] / 1000
        else:
            self.deadline = time.perf_counter() + WAIT_S

    def _check(self) -> None:
        kind = self.waiting[0]
        now = time.perf_counter()
        if kind == "sleep":
            if now >= self.deadline:
                self._advance()
        elif self.waiting[1]() or now >= self.deadline:
            self._advance()


def measure(
    d: Driver, name: str, act: Callable[[], Any], done: Callable[[], bool], paint_of: Any, settle_ms: int
) -> Step:
    """Time ``act`` until ``done()`` and a paint of ``paint_of`` after it; then let the window
    settle ``settle_ms`` and report the longest heartbeat gap over both."""
    d.take_gaps()
    before = d.painted(paint_of)
    started = time.perf_counter()
    act()
    yield ("until", done)
    finished = time.perf_counter()
    yield ("until", lambda: d.painted(paint_of) > before or time.perf_counter() - finished > 0.25)
    # The first paint of the target once the action's result was there (the paint's own time:
    # work queued after it, such as a page built on the next turn, is not counted here).
    paints = [t for t in d.painted_at.get(id(paint_of), [])[before:] if t >= started]
    shown = next((t for t in paints if t >= finished), paints[-1] if paints else time.perf_counter())
    elapsed = (max(shown, finished) - started) * 1000
    ok = done()
    yield ("sleep", settle_ms)
    gaps = d.take_gaps()
    emit(
        kind="action", name=name, ms=round(elapsed, 1), ok=ok, stall=round(max(gaps, default=0), 1), gaps=gaps
    )


def type_key(widget: Any, ch: str) -> None:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(
            widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
        )


def fts_times(db_path: Path, query: str) -> Iterator[tuple[str, float]]:
    """The raw FTS5 query of each typed prefix (plain sqlite3, matched rowids fetched)."""
    import sqlite3

    from netdesk.domain.search import fts_query, query_terms

    conn = sqlite3.connect(db_path)
    for end in range(1, len(query) + 1):
        terms = query_terms(query[:end])
        if not terms:
            continue
        sql, match = "SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?", fts_query(terms)
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            conn.execute(sql, (match,)).fetchall()
            runs.append((time.perf_counter() - started) * 1000)
        yield query[:end], statistics.median(runs)
    conn.close()


# -- netdesk ------------------------------------------------------------------------------------


def run_app(folder: Path, t0: float, query: str) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    import netdesk.cli  # noqa: F401  (as the console entry point starts)
    from netdesk.ui.application import run_gui

    os.environ["NETDESK_DATA_DIR"] = str(folder)
    state: dict[str, Any] = {}
    app = QApplication(sys.argv)  # run_gui takes this one

    class FirstPaint(QObject):
        """The window's first paint, whenever it comes: before the database is open when the
        list is painted early (ui/application.py first_paint), else once it is."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow) and "done" not in state:
                state["done"] = True
                QTimer.singleShot(0, first_paint)  # after the rest of this paint pass
            return False

    def beat() -> None:  # from the first paint until the window answers: its longest stall
        now = time.perf_counter()
        state["gap"] = max(state.get("gap", 0.0), now - state["beat"])
        state["beat"] = now

    def first_paint() -> None:
        state["beat"] = time.perf_counter()
        state["heart"] = QTimer()
        state["heart"].setInterval(5)
        state["heart"].timeout.connect(beat)
        state["heart"].start()
        heavy = [m for m in ("cv2", "onnxruntime", "rapidocr", "zxingcpp", "alembic") if m in sys.modules]
        emit(
            kind="start",
            s=round(time.time() - t0, 3),
            rss=round(rss_mb(), 1),
            heavy=heavy,
            sqlalchemy="sqlalchemy" in sys.modules,
        )

    def on_shown(window: Any) -> None:
        # The window answers from here on: the database is open and every service attached.
        app.removeEventFilter(state["filter"])

        def ready() -> None:
            if "heart" in state:
                state["heart"].stop()
                beat()
            emit(kind="ready", s=round(time.time() - t0, 3), stall=round(state.get("gap", 0.0) * 1000, 1))
            if START_ONLY:
                window.close()
                return
            state["driver"] = Driver(lambda d: app_scenario(d, window, query))
            state["driver"].start()

        QTimer.singleShot(0, ready)

    state["filter"] = FirstPaint()
    app.installEventFilter(state["filter"])
    return run_gui(folder, on_shown=on_shown)


def app_scenario(d: Driver, window: Any, query: str) -> Step:
    panel = window.contacts_panel
    d.watch_paints(panel.table.viewport())
    for i in range(window.pages.count()):
        d.watch_paints(window.pages.widget(i))
    yield ("sleep", 1500)  # timers set at start (follow-ups, badges) run now
    gaps = d.take_gaps()
    emit(
        kind="action",
        name="after start (1.5 s)",
        ms=0,
        ok=True,
        stall=round(max(gaps, default=0), 1),
        gaps=gaps,
    )

    def shown(text: str) -> Callable[[], bool]:
        if hasattr(panel, "shown_search"):
            return lambda: bool(panel.shown_search == text)
        return lambda: not panel._search_timer.isActive()

    panel.search.setFocus()
    for end in range(1, len(query) + 1):
        text = query[:end]
        yield from measure(
            d,
            f"key {text!r}",
            lambda ch=query[end - 1]: type_key(panel.search, ch),
            shown(text),
            panel.table.viewport(),
            80,
        )
    yield from measure(d, "clear search", panel.search.clear, shown(""), panel.table.viewport(), 300)

    editor = panel.editor
    # The heading shows the opened person's name: its paint is the contact on screen (the
    # editor widget itself is not repainted when only its fields change).
    d.watch_paints(editor.heading)
    for row in (5, 15, 25):
        cid = panel.table.model().index(row, 0).data(id_role())
        yield from measure(
            d,
            f"open contact (row {row})",
            lambda r=row: panel.table.selectRow(r),
            lambda c=cid: editor.contact_id() == c,
            editor.heading,
            300,
        )
    bridge = window.changes

    def settled() -> bool:
        return bridge._pending is None and not bridge._deliver_timer.isActive()

    for n in range(3):
        editor.title.setFocus()
        for ch in f" {n}":
            type_key(editor.title, ch)
        yield from measure(
            d, f"save edited contact #{n + 1}", editor.save, settled, panel.table.viewport(), 1200
        )

    names = [window.nav.item(i).text().split("   ")[0] for i in range(window.pages.count())]
    order = [i for i in range(1, window.pages.count()) if names[i] != "Network"] + [0]
    order += [i for i in range(window.pages.count()) if names[i] == "Network"]
    lazy = {
        1: "events_panel",
        2: "followups_panel",
        3: "interviews_panel",
        4: "leads_panel",
        5: "network_panel",
    }
    for i in order:
        page = window.pages.widget(i)  # a "Loading…" placeholder where pages are built on first show
        yield from measure(
            d,
            f"switch to {names[i]}",
            lambda k=i: window.show_page(k),
            lambda k=i: window.pages.currentIndex() == k,
            page,
            500,
        )
        if hasattr(window, "built_page") and i in lazy:  # then the page itself, built on first show
            d.take_gaps()
            started = time.perf_counter()
            yield ("until", lambda n=lazy[i]: window.built_page(n) is not None)
            elapsed = (time.perf_counter() - started) * 1000
            yield ("sleep", 300)
            gaps = d.take_gaps()
            emit(
                kind="action",
                name=f"  {names[i]} built after",
                ms=round(elapsed, 1),
                ok=True,
                stall=round(max(gaps, default=0), 1),
                gaps=gaps,
            )


def id_role() -> int:
    from netdesk.ui.contact_table_model import ID_ROLE

    return int(ID_ROLE)


# -- bare baseline ------------------------------------------------------------------------------


def run_bare(folder: Path, t0: float, query: str) -> int:
    import sqlite3

    from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QTableView, QVBoxLayout, QWidget

    from netdesk.domain.search import fts_query, query_terms

    app = QApplication(sys.argv)
    db_path = folder / "netdesk.sqlite3"
    conn = sqlite3.connect(db_path)
    select = "SELECT id, display_name, organization, title FROM contact"
    order = " ORDER BY display_name COLLATE NOCASE"

    class Model(QAbstractTableModel):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[tuple[Any, ...]] = []

        def set_rows(self, rows: list[tuple[Any, ...]]) -> None:
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()

        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else len(self.rows)

        def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else 3

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.rows[index.row()][index.column() + 1]
            return None

    model = Model()
    model.set_rows(conn.execute(select + order).fetchall())
    window = QMainWindow()
    central = QWidget()
    layout = QVBoxLayout(central)
    search = QLineEdit()
    table = QTableView()
    table.setModel(model)
    layout.addWidget(search)
    layout.addWidget(table)
    window.setCentralWidget(central)
    state: dict[str, Any] = {"text": ""}

    def on_text(text: str) -> None:
        terms = query_terms(text)
        if terms:
            where = " WHERE id IN (SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?)"
            model.set_rows(conn.execute(select + where + order, (fts_query(terms),)).fetchall())
        else:
            model.set_rows(conn.execute(select + order).fetchall())
        state["text"] = text

    search.textChanged.connect(on_text)

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "done" not in state:
                state["done"] = True
                QTimer.singleShot(0, first_paint)
            return False

    def first_paint() -> None:
        emit(kind="start", s=round(time.time() - t0, 3), rss=round(rss_mb(), 1), heavy=[])
        if START_ONLY:
            QApplication.instance().exit(0)  # type: ignore[union-attr]
            return
        state["driver"] = Driver(scenario)
        state["driver"].start()

    def scenario(d: Driver) -> Step:
        d.watch_paints(table.viewport())
        yield ("sleep", 300)
        d.take_gaps()
        search.setFocus()
        for end in range(1, len(query) + 1):
            text = query[:end]
            yield from measure(
                d,
                f"key {text!r}",
                lambda ch=query[end - 1]: type_key(search, ch),
                lambda t=text: state["text"] == t,
                table.viewport(),
                80,
            )
        yield from measure(
            d, "clear search", search.clear, lambda: state["text"] == "", table.viewport(), 300
        )
        for text, ms in fts_times(db_path, query):
            emit(kind="fts", text=text, ms=round(ms, 2))

    state["filter"] = FirstPaint()
    window.installEventFilter(state["filter"])
    window.resize(1200, 760)
    window.show()
    return app.exec()


if __name__ == "__main__":
    mode, folder_arg, t0_arg, query_arg = sys.argv[1:5]
    runner = run_app if mode == "app" else run_bare
    sys.exit(runner(Path(folder_arg), float(t0_arg), query_arg))
