"""Export benchmark: topic summary PDF and a 20-card briefing PDF over the shipped data.

Targets (issue 8): a topic summary in under 1 s, a 20-card briefing in under 2 s.
Each figure is the median of several runs of build + render + write, with the
first (cold: fonts, Qt start-up) run reported on its own.

Run: ``make bench`` or ``.venv/bin/python tests/bench/bench_export.py``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QGuiApplication  # noqa: E402

from canvass_app.export.briefing import Briefing, BriefingItem  # noqa: E402
from canvass_app.export.builders import build_briefing, build_topic_summary  # noqa: E402
from canvass_app.export.html import render_html  # noqa: E402
from canvass_app.library import Library  # noqa: E402
from canvass_app.ui.page_painter import render_pdf  # noqa: E402

RUNS = 7


def timed(work: Callable[[], int]) -> tuple[float, list[float], int]:
    """(cold seconds, warm seconds, pages of the last run)."""
    times: list[float] = []
    pages = 0
    for _ in range(RUNS + 1):
        start = time.perf_counter()
        pages = work()
        times.append(time.perf_counter() - start)
    return times[0], times[1:], pages


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    with tempfile.TemporaryDirectory(prefix="canvass-bench-export-") as scratch:
        out = Path(scratch)
        library = Library(out / "data")
        topics = library.content.topics()
        biggest = max(topics, key=lambda t: len(library.content.passage_ids(t.id)))
        cards = library.content.cards()[:20]
        briefing = Briefing(
            title="Benchmark-Briefing",
            date="2025-08-30",
            intro="Zwanzig Karten in einem Briefing.",
            items=tuple(BriefingItem("card", ref=c.id) for c in cards),
        )
        cases: list[tuple[str, float, Callable[[], int]]] = [
            (
                "topic summary PDF (jugendarbeitslosigkeit)",
                1.0,
                lambda: render_pdf(build_topic_summary(library, "jugendarbeitslosigkeit"), out / "t.pdf"),
            ),
            (
                f"topic summary PDF, largest topic ({biggest.id}, "
                f"{len(library.content.passage_ids(biggest.id))} passages)",
                1.0,
                lambda: render_pdf(build_topic_summary(library, biggest.id), out / "big.pdf"),
            ),
            (
                f"briefing PDF, {len(cards)} cards, full layout",
                2.0,
                lambda: render_pdf(build_briefing(library, briefing), out / "b.pdf"),
            ),
            (
                f"briefing PDF, {len(cards)} cards, pocket layout",
                2.0,
                lambda: render_pdf(build_briefing(library, briefing, layout="pocket"), out / "p.pdf"),
            ),
            (
                f"briefing HTML, {len(cards)} cards",
                2.0,
                lambda: len(render_html(build_briefing(library, briefing))) and 1,
            ),
        ]
        print("Export benchmark (build + render + write; median of", RUNS, "warm runs)")
        print(f"{'case':<72} {'cold s':>7} {'median s':>9} {'max s':>7} {'pages':>6} {'target':>7}")
        for name, target, work in cases:
            cold, warm, pages = timed(work)
            median = statistics.median(warm)
            verdict = "ok" if median < target else "SLOW"
            print(
                f"{name:<72} {cold:>7.3f} {median:>9.3f} {max(warm):>7.3f} {pages:>6} "
                f"{'<' + str(target) + ' ' + verdict:>7}"
            )
        # The whole command as a user runs it: Python and Qt start-up, data loading, PDF.
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "canvass_app.cli", "--data-dir", str(out / "cli"),
             "export", "topic", "jugendarbeitslosigkeit", "--pdf", str(out / "cli.pdf")],
            check=True, capture_output=True, cwd=REPO,
        )
        print(f"{'canvass export topic jugendarbeitslosigkeit --pdf (whole process)':<72} "
              f"{time.perf_counter() - start:>7.3f}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
