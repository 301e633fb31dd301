"""Pages of the window's stack that are built the first time they are shown (or used).

Why: building every panel before the first paint read the whole network several times over
(the follow-up queue, the network picture, every interview and lead) and imported OpenCV and
zxing-cpp for event mode, which made start-up grow with the network (89 s at 100,000 contacts).
Now only the page on screen is built before the first paint; the others stand as a "Loading…"
placeholder, which paints at once when their page is chosen, and are built on the next turn of
the event loop — or at once when code asks for them (``get``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from netdesk.ui.warm_up import WarmUp


class LazyPages(QObject):
    built = Signal(str)  # the page's name, once built

    def __init__(self, pages: QStackedWidget) -> None:
        super().__init__(pages)
        self.pages = pages
        self._factories: dict[str, Callable[[], QWidget]] = {}
        self._placeholders: dict[str, QWidget] = {}
        self._widgets: dict[str, QWidget] = {}
        self.warming: WarmUp | None = None
        pages.currentChanged.connect(self._shown)

    def warm_up(self, roots: Sequence[str]) -> WarmUp:
        """Import what the pages ``roots`` need while the window idles (``ui/warm_up.py``), so
        a page's first show is only making its widgets."""
        self.warming = WarmUp(roots, self)
        self.warming.start()
        return self.warming

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
