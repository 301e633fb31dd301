"""What the pages not yet built will import, imported while the window idles after start.

Event mode's first show imported OpenCV, NumPy, zxing-cpp, Pillow and some seventy netdesk
modules: 0.2-0.8 s in which the window did not answer. Importing them beforehand in a thread is
not safe: two threads importing netdesk modules that import each other can meet in a cycle,
which Python breaks by handing one of them a half-initialised module ("partially initialized
module ... circular import"). So:

1. a thread reads the pages' source (``ast``, nothing imported) and works out everything they
   import: the libraries they use, and the netdesk modules in dependency order (a module after
   what it imports);
2. the GUI thread imports them one per timer tick, libraries first, so that each netdesk module
   finds its own imports there and costs a few milliseconds. The big libraries are single ticks
   (OpenCV ~0.1 s): imported while the window idles, not when a page is first shown.

Nothing is imported off the GUI thread: with an earlier version that imported the libraries in a
thread, long GUI test runs saw a write wait more than five seconds for the database lock and the
event loop slowed; the cause was not pinned down, so that was taken out.

Computed from the source at run time, the plan cannot go stale as modules change. A module that
fails to import here is imported again by its page's build, which reports it as it always did.
"""

from __future__ import annotations

import ast
import importlib
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from netdesk.ui.busy import waiting_for_a_lock

_ROOT_PACKAGE = "netdesk"
_NOT_IN_A_THREAD = ("PySide6", "shiboken6", "__future__")  # Qt's modules load on the GUI thread
# What each module's source imports, read once per process (a second window reads no file again).
_READ: dict[tuple[str, str], tuple[list[str], list[str]]] = {}


def _source(name: str, base: Path) -> Path | None:
    path = base.joinpath(*name.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _is_type_checking(node: ast.stmt) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Imports run when the module is imported: its body and try/if blocks, not functions and
    not ``if TYPE_CHECKING:``."""
    found: list[ast.Import | ast.ImportFrom] = []
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop(0)
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If) and not _is_type_checking(node):
            pending[:0] = [*node.body, *node.orelse]
        elif isinstance(node, ast.Try):
            pending[:0] = [*node.body, *node.orelse, *node.finalbody]
    return found


def import_plan(roots: Sequence[str], loaded: set[str] | None = None) -> tuple[list[str], list[str]]:
    """(libraries, netdesk modules) that importing ``roots`` would import beyond ``loaded``
    (default: what is imported now); the modules in an order that imports each after its own
    imports. Reads source files only."""
    loaded = set(sys.modules) if loaded is None else loaded
    package = sys.modules.get(_ROOT_PACKAGE)
    if package is None or package.__file__ is None:
        return [], []
    base = Path(package.__file__).resolve().parent.parent
    order: list[str] = []
    libraries: list[str] = []
    state: dict[str, str] = {}  # "visiting" or "done"

    def needs(name: str) -> list[str]:
        key = (str(base), name)
        if key not in _READ:
            _READ[key] = _read_needs(name)
        found, outside = _READ[key]
        for top in outside:
            if top not in loaded and top not in libraries:
                libraries.append(top)
        return found

    def _read_needs(name: str) -> tuple[list[str], list[str]]:
        path = _source(name, base)
        if path is None:
            return [], []
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except (OSError, SyntaxError, ValueError):
            return [], []
        wanted: list[str] = []
        outside: list[str] = []
        for node in _module_level_imports(tree):
            if isinstance(node, ast.ImportFrom):
                if node.level or node.module is None:
                    continue
                modules = [node.module]
                modules += [
                    f"{node.module}.{a.name}" for a in node.names if _source(f"{node.module}.{a.name}", base)
                ]
            else:
                modules = [a.name for a in node.names]
            for module in modules:
                top = module.split(".")[0]
                if top != _ROOT_PACKAGE:
                    if top not in _NOT_IN_A_THREAD and top not in outside:
                        outside.append(top)
                    continue
                parts = module.split(".")
                wanted += [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
        return wanted, outside

    def visit(name: str) -> None:
        if name in loaded or state.get(name) or _source(name, base) is None:
            return  # imported already, on the way (a cycle: Python's order decides), or not ours
        state[name] = "visiting"
        parts = name.split(".")
        for parent in (".".join(parts[:i]) for i in range(1, len(parts))):
            visit(parent)
        for dependency in needs(name):
            visit(dependency)
        state[name] = "done"
        order.append(name)

    for root in roots:
        visit(root)
    return libraries, order


class WarmUp(QObject):
    """Runs the plan for ``roots`` once: worked out in a thread (reading source files only),
    imported on this (the GUI) thread one module per tick, ``GAP_MS`` apart, never while a
    dialog is open or a save waits for another program's lock."""

    GAP_MS = 25

    def __init__(self, roots: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.roots = tuple(roots)
        self.pending: list[str] = []
        self._planned = False
        self._thread: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(self.GAP_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        loaded = set(sys.modules)  # read here, on the GUI thread

        def run() -> None:
            libraries, modules = import_plan(self.roots, loaded)
            self.pending = libraries + modules
            self._planned = True

        self._thread = threading.Thread(target=run, name="netdesk-warm-up-plan", daemon=True)
        self._thread.start()
        self._timer.start()

    def is_done(self) -> bool:
        return self._planned and not self.pending

    def _tick(self) -> None:
        if not self._planned:
            return  # still reading the source
        if QApplication.activeModalWidget() is not None or waiting_for_a_lock():
            return  # a dialog is open, or a save waits for another program's lock: later
        while self.pending:
            name = self.pending.pop(0)
            if name in sys.modules:
                continue
            try:
                importlib.import_module(name)
            except Exception:  # imported again by the page's build, which reports it
                if name.startswith(_ROOT_PACKAGE):
                    self.pending.clear()
            break
        if not self.pending:
            self._timer.stop()
