"""Pages of the window's stack that are built the first time they are shown (or used).

Why: building every panel before the first paint read the whole network several times over
(the follow-up queue, the network picture, every interview and lead) and imported OpenCV and
zxing-cpp for event mode, which made start-up grow with the network (89 s at 100,000 contacts).
Now only the page on screen is built before the first paint; the others stand as a "Loading…"
placeholder, which paints at once when their page is chosen, and are built on the next turn of
the event loop — or at once when code asks for them (``get``).
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget


class LazyPages(QObject):
    built = Signal(str)  # the page's name, once built

    def __init__(self, pages: QStackedWidget) -> None:
        super().__init__(pages)
        self.pages = pages
        self._factories: dict[str, Callable[[], QWidget]] = {}
        self._placeholders: dict[str, QWidget] = {}
        self._widgets: dict[str, QWidget] = {}
        self._warm: threading.Thread | None = None
        pages.currentChanged.connect(self._shown)

    def warm_up(self, modules: Sequence[str]) -> None:
        """Import ``modules`` (third-party libraries that import nothing of netdesk) in a thread
        while the window idles after start, so that a page's first show does not wait for them
        (Event mode: OpenCV, NumPy and zxing-cpp, 0.3-0.8 s that froze the window). Imports
        hold the GIL only in short stretches, so the window keeps answering meanwhile (longest
        gap ~35 ms on a 2-core machine); a page built meanwhile waits on the module being
        imported, as Python's import locks make it. A module that fails to import here is
        imported again by its page's build, which reports it as it always did."""

        def run() -> None:
            for name in modules:
                if name not in sys.modules:
                    try:
                        importlib.import_module(name)
                    except Exception:  # the page's own build imports it again and says what failed
                        return

        self._warm = threading.Thread(target=run, name="netdesk-warm-up", daemon=True)
        self._warm.start()

    def wait_for_warm_up(self) -> None:
        if self._warm is not None:
            self._warm.join()

    def add(self, name: str, label: str, factory: Callable[[], QWidget]) -> None:
        placeholder = QLabel(f"Loading {label}…", self.pages)
        placeholder.setObjectName("emptyHint")
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._factories[name] = factory
        self._placeholders[name] = placeholder
        self.pages.addWidget(placeholder)

    def is_built(self, name: str) -> bool:
        return name in self._widgets

    def built_pages(self) -> dict[str, QWidget]:
        return dict(self._widgets)

    def get(self, name: str) -> QWidget:
        """The page, built now if it was not yet (in the placeholder's place in the stack)."""
        widget = self._widgets.get(name)
        if widget is not None:
            return widget
        placeholder = self._placeholders.pop(name)
        widget = self._factories.pop(name)()
        self._widgets[name] = widget
        index = self.pages.indexOf(placeholder)
        current = self.pages.currentWidget() is placeholder
        self.pages.insertWidget(index, widget)
        if current:
            self.pages.setCurrentWidget(widget)
        self.pages.removeWidget(placeholder)
        placeholder.deleteLater()
        self.built.emit(name)
        return widget

    def _shown(self, index: int) -> None:
        widget = self.pages.widget(index)
        for name, placeholder in self._placeholders.items():
            if placeholder is widget:
                # The placeholder paints first (now, not after the build); the page replaces it
                # on the next turn of the event loop.
                placeholder.repaint()
                QTimer.singleShot(0, lambda n=name: self._build_if_shown(n))
                return

    def _build_if_shown(self, name: str) -> None:
        placeholder = self._placeholders.get(name)
        if placeholder is not None and self.pages.currentWidget() is placeholder:
            self.get(name)
