"""What the pages not yet built will import, imported while the window idles after start.

Event mode's first show imported OpenCV, NumPy, zxing-cpp, Pillow and some seventy netdesk
modules: 0.2-0.8 s in which the window did not answer. Importing them beforehand in a thread is
not safe: two threads importing netdesk modules that import each other can meet in a cycle,
which Python breaks by handing one of them a half-initialised module ("partially initialized
module ... circular import"). So:

1. the pages' source is read (``ast``, nothing imported), a few files per timer tick, to work
   out everything they import: the libraries they use, and the netdesk modules in dependency
   order (a module after what it imports);
2. they are imported one per timer tick, libraries first, so that each netdesk module finds its
   own imports there and costs a few milliseconds. The big libraries are single ticks (OpenCV
   ~0.1 s): imported while the window idles, not when a page is first shown.

All of it runs on the GUI thread. With the libraries imported in a thread, long GUI test runs
saw a write wait more than five seconds for the database lock and the event loop slowed (the
cause was not pinned down); and ``ast.parse`` in a thread while another thread compiles (an
import from source) can fail on Python 3.11 with "AST constructor recursion depth mismatch"
(CPython's AST recursion guard is shared between threads), which a test run hit.

Computed from the source at run time, the plan cannot go stale as modules change. A module that
fails to import here is imported again by its page's build, which reports it as it always did.
"""

from __future__ import annotations

import ast
import importlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from netdesk.ui.busy import waiting_for_a_lock

_ROOT_PACKAGE = "netdesk"
_NOT_PLANNED = ("PySide6", "shiboken6", "__future__")  # the window has them already
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


def _needs(name: str, base: Path) -> tuple[list[str], list[str]]:
    """(netdesk modules, other top-level packages) that ``name`` imports, read once per process."""
    key = (str(base), name)
    if key not in _READ:
        _READ[key] = _read_needs(name, base)
    return _READ[key]


def _read_needs(name: str, base: Path) -> tuple[list[str], list[str]]:
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
                if top not in _NOT_PLANNED and top not in outside:
                    outside.append(top)
                continue
            parts = module.split(".")
            wanted += [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
    return wanted, outside


def _base() -> Path | None:
    package = sys.modules.get(_ROOT_PACKAGE)
    if package is None or package.__file__ is None:
        return None
    return Path(package.__file__).resolve().parent.parent


def import_plan(roots: Sequence[str], loaded: set[str] | None = None) -> tuple[list[str], list[str]]:
    """(libraries, netdesk modules) that importing ``roots`` would import beyond ``loaded``
    (default: what is imported now); the modules in an order that imports each after its own
    imports. Reads source files only."""
    loaded = set(sys.modules) if loaded is None else loaded
    base = _base()
    if base is None:
        return [], []
    order: list[str] = []
    libraries: list[str] = []
    state: dict[str, str] = {}  # "visiting" or "done"

    def needs(name: str) -> list[str]:
        found, outside = _needs(name, base)
        for top in outside:
            if top not in loaded and top not in libraries:
                libraries.append(top)
        return found

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
    """Runs the plan for ``roots`` once, on this (the GUI) thread, a tick every ``GAP_MS``:
    first the source files are read (for at most ``READ_MS`` a tick), then the plan's modules
    are imported one per tick; never while a dialog is open or a save waits for another
    program's lock."""

    GAP_MS = 25
    READ_MS = 8

    def __init__(self, roots: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.roots = tuple(roots)
        self.pending: list[str] = []
        self._planned = False
        self._loaded: set[str] = set()
        self._to_read: list[str] = []
        self._seen: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setInterval(self.GAP_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._loaded = set(sys.modules)
        self._to_read = list(self.roots)
        self._timer.start()

    def _read_some(self) -> None:
        """Read source files (each module the roots reach) for up to READ_MS; plan when all are."""
        base = _base()
        until = time.perf_counter() + self.READ_MS / 1000
        while base is not None and self._to_read and time.perf_counter() < until:
            name = self._to_read.pop()
            if name in self._seen or name in self._loaded or _source(name, base) is None:
                continue
            self._seen.add(name)
            parts = name.split(".")
            self._to_read += [".".join(parts[:i]) for i in range(1, len(parts))]
            self._to_read += _needs(name, base)[0]
        if base is None or not self._to_read:  # every file read: the plan reads no file now
            libraries, modules = import_plan(self.roots, self._loaded)
            self.pending = libraries + modules
            self._planned = True

    def is_done(self) -> bool:
        return self._planned and not self.pending

    def _tick(self) -> None:
        if QApplication.activeModalWidget() is not None or waiting_for_a_lock():
            return  # a dialog is open, or a save waits for another program's lock: later
        if not self._planned:
            self._read_some()
            return
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
