"""The Qt binding itself must survive a long session: PySide6 6.12.0 on Python 3.11 lost a
reference to True on every Python signal emit and aborted the whole app after a few hundred."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal

app = QCoreApplication(sys.argv)

class Source(QObject):
    changed = Signal(int)

source = Source()
seen = []
source.changed.connect(seen.append)
before_true, before_none = sys.getrefcount(True), sys.getrefcount(None)
for i in range(20000):
    source.changed.emit(i)
    app.processEvents()
print(len(seen), sys.getrefcount(True) - before_true, sys.getrefcount(None) - before_none)
"""


def test_many_signal_emits_and_event_loop_turns_do_not_corrupt_the_interpreter() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    emitted, true_drift, none_drift = (int(v) for v in result.stdout.split())
    assert emitted == 20000
    assert abs(true_drift) < 100 and abs(none_drift) < 100
