"""Desktop app: time of one text-size step (Strg+Plus / Strg+Minus) until the window is laid out and painted.

Prints numbers; it asserts nothing. Target (issue 14): under 100 ms per step, in
every view a person changes the size in (search results, reader, card, compare).
"""

from __future__ import annotations

import os
import statistics
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


def step_times(window: MainWindow, app: QApplication) -> list[float]:
    times = []
    for delta in [1] * (STEPS // 2) + [-1] * (STEPS // 2):
        started = time.perf_counter()
        window.scale_text(window.text_step + delta)
        # What the person waits for: the new size laid out and painted, background work included.
        app.processEvents()
        while window.runner.pending:
            window.runner.wait_idle(5000)
            app.processEvents()
        window.repaint()
        app.processEvents()
        times.append((time.perf_counter() - started) * 1000)
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
        print(f"{'view':<10} {'median':>8} {'max':>8}")
        for view in VIEWS:
            SCENES[view](window, None)
            settle(window)
            times = step_times(window, app)
            print(f"{view:<10} {statistics.median(times):8.1f} {max(times):8.1f}")
        window.close()


if __name__ == "__main__":
    main()
