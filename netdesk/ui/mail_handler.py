"""Is there a mail app for ``mailto:`` links? Asked before "Open in mail app" claims anything.

Qt cannot say which program handles a scheme, and on Linux ``QDesktopServices.openUrl`` returns
True as soon as ``xdg-open`` starts, even when nothing handles ``mailto:``. So on Linux and the
BSDs ask ``xdg-mime`` first; elsewhere (Windows, macOS) openUrl's own answer is truthful.
"""

from __future__ import annotations

import shutil
import subprocess
import sys


def mailto_handler_present() -> bool | None:
    """True/False when the desktop says whether a mail app handles ``mailto:``; None: unknown."""
    if not (sys.platform.startswith("linux") or "bsd" in sys.platform):
        return None
    exe = shutil.which("xdg-mime")
    if exe is None:
        return None
    try:
        done = subprocess.run(
            [exe, "query", "default", "x-scheme-handler/mailto"],
            capture_output=True,
            text=True,
            timeout=3,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return bool(done.stdout.strip())
