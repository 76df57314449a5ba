"""Desktop app: freezes of the window with a 10 MB library, one text-size step, and exit.

Prints numbers; it asserts nothing. Targets: the window never stalls for more than
100 ms (issue 13) during start, the first search, typing on, opening a card, a passage, the
notes, the compare view and the overview, and while the index of a 10 MB library is built; under 100 ms
per text-size step in every view (issue 14); the process gone a moment after the
window closes; and what the fused answer costs when it replaces the words answer while the
user has scrolled or moved in the list (the view keeps their place), for 30 and 100 rows.

Freezes are measured with a probe: a 5 ms timer on the UI thread notes when it
ran, and a watchdog thread samples the UI thread's stack whenever the timer is
late, so each phase's longest stall is printed with what the UI thread was
doing (or, when the watchdog itself was kept from running, which background
thread held the interpreter). The 10 MB library is built from real programme
text by ``bench_library.py``'s generator (``--library DIR`` reuses one).
"""

from __future__ import annotations

import argparse
import html
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QSettings, QtMsgType, qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from canvass_app.library import Library  # noqa: E402
from canvass_app.ui.main_window import MainWindow  # noqa: E402
from canvass_app.ui.screenshot import SCENES, settle  # noqa: E402
from canvass_app.ui.search_model import MEANING_LABEL, ResultRow, SearchOutcome  # noqa: E402

REAL = Path(os.environ.get("CANVASS_REAL_PROGRAMMES", "/work/shared/programmes-real"))
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


# --- freezes with a large library ---------------------------------------------------

_FREEZE_CHILD = r"""
import gc, json, os, sys, threading, time, traceback
t0 = time.perf_counter()
sys.path.insert(0, {repo!r})
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from canvass_app.library import Library
from canvass_app.ui.main_window import MainWindow
from canvass_app.ui.navigation import Location

app = QApplication([])
main_id = threading.get_ident()
last = [time.perf_counter()]
phase = ["start"]
worst = {{}}      # phase -> (stall seconds, culprit)
samples = {{}}    # tick time of the stall -> culprit seen while it lasted
held = []        # (time the watchdog woke late, what the other threads were doing)

def culprit(frames, ident):
    stack = traceback.extract_stack(frames[ident]) if ident in frames else []
    mine = [f for f in stack if "canvass_app" in f.filename or "whoosh" in f.filename]
    shown = (mine or stack)[-4:]
    return " < ".join(f"{{Path(f.filename).name}}:{{f.lineno}} {{f.name}}" for f in reversed(shown))

collections = []  # (start, end, generation, thread) of each garbage collection
gc_worst = {{}}     # phase -> longest collection (seconds, generation)
long_gc = []      # (phase, ms, generation, where) of each collection over 20 ms
def on_gc(stage, info):
    now = time.perf_counter()
    if stage == "start":
        collections.append([now, None, info["generation"], threading.current_thread().name, sys._getframe(1)])
    elif collections and collections[-1][1] is None:
        entry = collections[-1]
        entry[1] = now
        frame, entry[4] = entry[4], None
        if now - entry[0] > 0.02:  # a long one: where the allocation that started it was made
            entry[3] += " in " + culprit({{0: frame}}, 0)
            long_gc.append((phase[0], round((now - entry[0]) * 1000), entry[2], entry[3]))
        if now - entry[0] > gc_worst.get(phase[0], (0.0, 0))[0]:
            gc_worst[phase[0]] = (now - entry[0], entry[2])
        del collections[:-50]
gc.callbacks.append(on_gc)

def tick():
    now = time.perf_counter()
    gap = now - last[0]
    if gap > worst.get(phase[0], (0.0, ""))[0]:
        # A collection holds the interpreter lock throughout: nothing else runs Python meanwhile.
        paused = [c for c in collections if c[1] is not None and c[1] >= last[0] and c[0] <= now and c[1] - c[0] > 0.02]
        why = samples.get(last[0])
        if paused:
            c = max(paused, key=lambda c: c[1] - c[0])
            why = f"garbage collection (generation {{c[2]}}, {{(c[1] - c[0]) * 1000:.0f}} ms, thread {{c[3]}})"
        if why is None:
            # Not sampled: the watchdog could not run during the stall either.
            late = [w for t, w in held if last[0] <= t <= now + 0.01]
            if late:
                why = late[-1]
            elif now - watchdog_woke[0] > 0.02:
                # The watchdog has not run since the stall began: the interpreter lock was held
                # elsewhere (or the process not scheduled). Who is busy now, as it ends:
                frames = sys._current_frames()
                others = [i for i in frames if i not in (main_id, watchdog_id[0])]
                busy = "; ".join(c for c in (culprit(frames, i) for i in others) if c and "wait" not in c)
                why = f"watchdog blocked too: GIL held elsewhere or process not scheduled ({{busy}})"
            else:
                why = "UI thread in Qt (layout, paint), not sampled"
        worst[phase[0]] = (gap, why)
    samples.pop(last[0], None)
    last[0] = now

watchdog_woke = [time.perf_counter()]
watchdog_id = [0]

def watchdog():
    watchdog_id[0] = threading.get_ident()
    woke = time.perf_counter()
    while True:
        time.sleep(0.004)
        now = time.perf_counter()
        watchdog_woke[0] = now
        late = now - woke
        woke = now
        tick_at = last[0]
        if late > 0.03:
            # This thread could not run either: another thread held the interpreter.
            frames = sys._current_frames()
            others = [i for i in frames if i not in (main_id, threading.get_ident())]
            busy = "; ".join(c for c in (culprit(frames, i) for i in others) if c and "wait" not in c)
            held.append((now, f"GIL held in background ({{busy}})"))
            del held[:-50]
        elif now - tick_at > 0.03:
            # Sampled every few ms while the stall lasts; a sample inside the app's code wins.
            seen = culprit(sys._current_frames(), main_id)
            if tick_at not in samples or ".py:" in seen:
                samples[tick_at] = "UI thread: " + (seen if ".py:" in seen else seen + " (in Qt)")

threading.Thread(target=watchdog, daemon=True).start()
timer = QTimer()
timer.timeout.connect(tick)
timer.start(5)

def settle(seconds, until=lambda: False):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end and not until():
        app.processEvents()
        time.sleep(0.001)

window = MainWindow(Library(Path({data!r})))
window.show()
last[0] = time.perf_counter()
while not window.search_field.hasFocus():
    app.processEvents()
ready = time.perf_counter() - t0
phase[0] = "first search"
typed = time.perf_counter()
window.search_view.set_query("Radwege")
settle({timeout}, lambda: window.search_view.model.query == "Radwege")
results = time.perf_counter() - typed
first_results = time.perf_counter() - t0
settle(2.0)
phase[0] = "typing on"
for query in ("Kita", "bezahlbarer Wohnraum", "Feurwehr", "Wohnugnsbau"):
    window.search_view.set_query(query)
    settle({timeout}, lambda: window.search_view.model.query == query)
    settle(0.5)
phase[0] = "card"
window.navigator.open(Location("card", ""))
settle(20, lambda: window.card_view.entry is not None)
settle(1.0)
phase[0] = "reader"
library = window.library
passage = library.corpus.catalog()[-1].id
window.navigator.open(Location("section", passage + "#"))
settle(20, lambda: window.reader_view.page is not None)
settle(1.0)
phase[0] = "note"
window.navigator.open(Location("notes", ""))
settle(2.0)
phase[0] = "compare"
window.navigator.open(Location("topic", "wohnen"))
settle(float({compare_s}))
phase[0] = "overview"
window.navigator.open(Location("overview", ""))
settle(float({compare_s}))
print(json.dumps({{"ready": ready, "results": results, "first_results": first_results,
                  "worst": worst, "gc": gc_worst, "long_gc": long_gc}}))
sys.stdout.flush()
os._exit(0)
"""


def freeze_probe(data_dir: Path, timeout: float = 120, compare_s: float = 5.0) -> dict[str, object]:
    code = _FREEZE_CHILD.format(repo=str(REPO), data=str(data_dir), timeout=timeout, compare_s=compare_s)
    env = dict(os.environ)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=1800, env=env)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    import json

    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def large_library(root: Path, megabytes: int = 10) -> Path:
    """A library of about ``megabytes`` of real programme text (bench_library's generator), index built."""
    sys.path.insert(0, str(Path(__file__).parent))
    import bench_library as lib

    sections = lib.seed_sections()
    count = max(1, megabytes * 1_000_000 // lib.PROGRAMME_BYTES)
    sources = lib.make_sources(root / "sources", count + 1, sections)[1:]
    data_dir = root / f"library-{megabytes}mb"
    lib.build_library(data_dir, sources)
    lib.cli(data_dir, "search", "Radwege")  # the index, as after the first start
    return data_dir


def report_freezes(label: str, numbers: dict[str, object]) -> None:
    print(f"\n{label}: window usable {numbers['ready']:.2f} s, first results {numbers['first_results']:.2f} s "
          f"after start ({numbers['results']:.2f} s after typing)")
    worst = numbers["worst"]
    assert isinstance(worst, dict)
    print(f"  {'phase':<22}{'longest stall':>14}  what ran meanwhile (target < 100 ms)")
    for name, (gap, why) in worst.items():
        print(f"  {name:<22}{gap * 1000:>11.0f} ms  {why}")


def freezes(library_dir: Path | None) -> None:
    root = Path(tempfile.mkdtemp(prefix="canvass-bench-freeze-"))
    try:
        data_dir = library_dir or large_library(root)
        print(f"\nfreezes with a ~10 MB library ({data_dir}); load: {os.getloadavg()[0]:.2f}")
        report_freezes("index ready", freeze_probe(data_dir))
        # The same with the index to build from scratch: the build runs while the window is used.
        shutil.rmtree(data_dir / "cache" / "index", ignore_errors=True)
        report_freezes("index to build", freeze_probe(data_dir, timeout=900, compare_s=5.0))
    finally:
        shutil.rmtree(root, ignore_errors=True)


# --- the fused answer replacing the words answer while the user is in the list ---------


def _bench_rows(library: Library, count: int) -> list[ResultRow]:
    """``count`` result rows from the library's real passages, snippets as long as the search's."""
    rows = []
    corpus = library.corpus
    for passage in corpus.passages()[:count]:
        programme = corpus.programme(passage.programme_id)
        words = html.escape(passage.text[:260]).split(" ")
        words[len(words) // 3] = f"<b>{words[len(words) // 3]}</b>"
        rows.append(ResultRow(
            "passage", passage.id, "… " + " ".join(words) + " …", passage.text, party=programme.party,
            year=programme.year, programme_id=programme.id, section_title=corpus.section_of(passage).title,
        ))
    return rows


def _laid_out(window: MainWindow, app: QApplication) -> None:
    view = window.search_view
    last = view.model.index(view.model.rowCount() - 1)
    deadline = time.perf_counter() + 20
    while view.list.rectForIndex(last).isEmpty() and time.perf_counter() < deadline:
        app.processEvents()


def keep_place_swap(window: MainWindow, app: QApplication, count: int, runs: int = 5) -> dict[str, list[float]]:
    """Milliseconds from the fused answer arriving to its list painted at the user's place.

    The words answer is shown and fully measured; the user scrolls a third of the way down
    (or moves to the seventh hit); then the fused answer replaces it: the same hits in another
    order with other scores, the last quarter new ones found by meaning only.
    """
    view = window.search_view
    rows = _bench_rows(window.library, count)
    if len(rows) < count:
        raise RuntimeError(f"the library has only {len(rows)} passages, {count} wanted")
    times: dict[str, list[float]] = {"untouched (top)": [], "scrolled": [], "moved to a hit": []}
    for run in range(runs):
        for case in times:
            words = SearchOutcome("bench", tuple(rows), None)
            fused_rows = [replace(r, score=r.score + 1.0) for r in rows]
            random.Random(run).shuffle(fused_rows)
            meaning = len(fused_rows) * 3 // 4
            # Found by meaning only: hits the words answer did not show (a snippet of their own).
            fused_rows[meaning:] = [
                replace(r, match="meaning", snippet=f"{html.escape(r.text[260:520]) or r.snippet} ({run}, {case})")
                for r in fused_rows[meaning:]
            ]
            fused_rows[meaning] = replace(fused_rows[meaning], section_label=MEANING_LABEL)
            fused = SearchOutcome("bench", tuple(fused_rows), None, fused=True)
            view._show_outcome(words)
            _laid_out(window, app)
            app.processEvents()
            if case == "scrolled":
                bar = view.list.verticalScrollBar()
                bar.setValue(bar.maximum() // 3)
            elif case != "untouched (top)":
                view._user_moved = True
                view.list.setCurrentIndex(view.model.index(6))
                view.list.scrollTo(view.model.index(6))
            app.processEvents()
            started = time.perf_counter()
            view._show_outcome(fused, keep=case != "untouched (top)")
            view.list.viewport().repaint()  # what the eye waits for: the kept place drawn
            times[case].append((time.perf_counter() - started) * 1000)
            _laid_out(window, app)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--library", metavar="DIR", help="a data directory of a large library to reuse")
    parser.add_argument("--freezes-only", action="store_true", help="only the freeze probe")
    parser.add_argument("--no-freezes", action="store_true", help="without the freeze probe")
    args = parser.parse_args()
    if args.no_freezes:
        print("bench_ui: freezes not measured (--no-freezes)")
    elif REAL.is_dir() or args.library:
        freezes(Path(args.library) if args.library else None)
    else:
        print(f"bench_ui: {REAL} not found, freezes with a large library not measured")
    if args.freezes_only:
        return
    qInstallMessageHandler(_quiet)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="canvass-bench-ui-") as scratch:
        settings = QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(Library(Path(scratch) / "data"), settings=settings)
        window.resize(1366, 768)
        window.show()
        settle(window)
        print("fused answer replacing the words answer, user's place kept (ms), window 1366x768")
        print(f"{'rows':<6} {'case':<16} {'median':>8} {'max':>8}")
        for count in (30, 100):
            for case, times in keep_place_swap(window, app, count).items():
                print(f"{count:<6} {case:<16} {statistics.median(times):8.1f} {max(times):8.1f}")
        window.search_view.set_query("")
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
