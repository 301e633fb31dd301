"""ui/warm_up.py's plan, read from the source: every module it names exists, each comes after
the netdesk modules it imports, and importing them in that order in a fresh interpreter leaves
nothing for the page to import but what the plan said."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE = "netdesk.ui.events_panel"

SCRIPT = f"""
import json, sys
import netdesk.ui.main_window  # what a start has imported
from netdesk.ui.warm_up import import_plan
libraries, modules = import_plan([{PAGE!r}])
before = set(sys.modules)
for name in libraries + modules:
    __import__(name)
after_plan = set(sys.modules)
import {PAGE}
print(json.dumps({{"libraries": libraries, "modules": modules,
                   "page_added": sorted(m for m in set(sys.modules) - after_plan if m.startswith("netdesk"))}}))
"""


def _plan() -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=ROOT, timeout=120, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_plan_imports_everything_the_page_needs_in_order() -> None:
    plan = _plan()
    assert plan["modules"][-1] == PAGE  # the page itself comes last
    assert {"numpy", "cv2", "zxingcpp"} <= set(plan["libraries"])
    assert not any(name.startswith(("netdesk", "PySide6")) for name in plan["libraries"])
    assert plan["page_added"] == []  # nothing of netdesk was left for the page's own import
    # every module is in the tree and named once
    modules = plan["modules"]
    assert len(modules) == len(set(modules)) and len(modules) > 20
    for name in modules:
        path = ROOT.joinpath(*name.split("."))
        assert path.with_suffix(".py").is_file() or (path / "__init__.py").is_file(), name


def test_each_module_comes_after_the_netdesk_modules_it_imports(tmp_path: Path) -> None:
    """A small package of its own: a imports b (top level) and c only when type checking."""
    pkg = tmp_path / "netdesk"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "a.py").write_text(
        "from typing import TYPE_CHECKING\nimport json\nfrom netdesk.sub import b\n"
        "if TYPE_CHECKING:\n    from netdesk.sub import c\ndef f():\n    import netdesk.sub.d\n"
    )
    (pkg / "sub" / "b.py").write_text("import numpy\nfrom netdesk.sub.e import x\n")
    (pkg / "sub" / "c.py").write_text("")
    (pkg / "sub" / "d.py").write_text("")
    (pkg / "sub" / "e.py").write_text("x = 1\n")
    script = (
        "import sys, json\nsys.path.insert(0, sys.argv[1])\nimport netdesk\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "import importlib.util\n"
        f"spec = importlib.util.spec_from_file_location('warm_up', {str(ROOT / 'netdesk' / 'ui' / 'warm_up.py')!r})\n"
        "mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)\n"
        "print(json.dumps(mod.import_plan(['netdesk.sub.a'], {'netdesk', 'json'})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=60, check=True
    )
    libraries, modules = json.loads(done.stdout.strip().splitlines()[-1])
    assert libraries == ["typing", "numpy"]
    assert modules == ["netdesk.sub", "netdesk.sub.e", "netdesk.sub.b", "netdesk.sub.a"]
