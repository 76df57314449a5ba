"""Desktop app: one text-size step (Strg+Plus / Strg+Minus), and how long the process outlives its window.

Prints numbers; it asserts nothing. Targets (issue 14): under 100 ms per step, in
every view a person changes the size in (search results, reader, card, compare);
the process gone a moment after the window closes.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QSettings, QtMsgType, qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from canvass_app.library import Library  # noqa: E402
from canvass_app.ui.main_window import MainWindow  # noqa: E402
from canvass_app.ui.screenshot import SCENES, settle  # noqa: E402

STEPS = 8  # four larger, four smaller, like someone tapping Strg+Plus repeatedly
VIEWS = ("search", "reader", "card", "compare")


def step_times(window: MainWindow, app: QApplication) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per step (CPU time shows the cost on a busy machine)."""
    times, cpu = [], []
    for delta in [1] * (STEPS // 2) + [-1] * (STEPS // 2):
        started = time.perf_counter()
        started_cpu = time.process_time()
        window.scale_text(window.text_step + delta)
        # What the person waits for: the new size laid out and painted, background work included.
        app.processEvents()
        while window.runner.pending:
            window.runner.wait_idle(5000)
            app.processEvents()
        window.repaint()
        app.processEvents()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return times, cpu


# The real entry point in a fresh interpreter; the window closes itself once shown.
_EXIT_CHILD = r"""
import sys, time
sys.path.insert(0, {repo!r})
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from canvass_app.ui import app as entry
real = entry._qt_app
def qt_app(argv0):
    application = real(argv0)
    def close():
        print(f"{{time.time():.4f}}", flush=True)
        next(w for w in QApplication.topLevelWidgets() if hasattr(w, "library")).close()
    QTimer.singleShot(1500, close)
    return application
entry._qt_app = qt_app
sys.exit(entry.main(["--data-dir", {data!r}]))
"""


def exit_lingers(data_dir: Path, runs: int = 3) -> list[float]:
    times = []
    for _ in range(runs):
        code = _EXIT_CHILD.format(repo=str(REPO), data=str(data_dir))
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        ended = time.time()
        closed = float(proc.stdout.split()[-1])
        times.append((ended - closed) * 1000)
    return times


def _quiet(kind: QtMsgType, _context: object, message: str) -> None:
    if "propagateSizeHints" not in message:
        print(f"Qt: {message}", file=sys.stderr)


def main() -> None:
    qInstallMessageHandler(_quiet)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="canvass-bench-ui-") as scratch:
        settings = QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(Library(Path(scratch) / "data"), settings=settings)
        window.resize(1366, 768)
        window.show()
        settle(window)
        print("text-size step (ms), window 1366x768, bundled library")
        print(f"{'view':<10} {'median':>8} {'max':>8} {'cpu med':>8}")
        for view in VIEWS:
            SCENES[view](window, None)
            settle(window)
            times, cpu = step_times(window, app)
            print(f"{view:<10} {statistics.median(times):8.1f} {max(times):8.1f} {statistics.median(cpu):8.1f}")
        window.close()
        lingers = exit_lingers(Path(scratch) / "exit")
        print(f"window closed to process gone (ms): median {statistics.median(lingers):.0f}, max {max(lingers):.0f}")


if __name__ == "__main__":
    main()
