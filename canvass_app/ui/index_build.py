"""Building a large library's search index in a process of its own, so the window never waits for it.

Building the index of a 10 MB library takes half a minute to minutes of pure-Python
work in whoosh's writer. In a thread of the app it shares one interpreter lock with
the window, which then froze for up to a second at a time. So when there is no
index at all and the library is large, the app starts itself once more
(``canvass-app --build-index``, no Qt), lets that process build the index into the
same cache folder (under the index's own lock, crash-safe as every build), shows its
progress from the lines it prints, and opens the finished index. Small libraries
build in-process (a fraction of a second, cheaper than starting a process). An index of an
older analyzer in a library that large is rebuilt by the same builder process while
the app keeps searching in the old one (``SearchService.rebuilding_elsewhere``) and
opens the new one when the builder is done.
"""

from __future__ import annotations

import contextlib
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from canvass_app.library import Library

log = logging.getLogger(__name__)

# A library with more passages than this is indexed in a process of its own: about
# 0.3 MB of text, whose build in a thread of the app (two seconds and more) already
# froze the window for a third of a second at a time; starting the builder costs less.
PROCESS_PASSAGES = 1000
PROGRESS_PREFIX = "progress"

_running: set[subprocess.Popen[str]] = set()
_running_lock = threading.Lock()


def needs_process(library: Library, search: Any) -> bool:
    """True when there is no index yet and the library is large enough to build it elsewhere."""
    from canvass_app.search import index as idx

    root = getattr(search, "root", None)
    if root is None or idx.current_dir(root) is not None:
        return False
    return _large(library)


def _large(library: Library) -> bool:
    catalog = getattr(library.corpus, "catalog", None)
    if catalog is None:
        return False
    return sum(int(entry.passage_count) for entry in catalog()) > PROCESS_PASSAGES


def needs_rebuild_elsewhere(library: Library, search: Any) -> bool:
    """True when the index is intact but of an older analyzer and the library is large:
    the builder process writes its successor while the old one answers in the app."""
    from canvass_app.search import index as idx
    from canvass_app.search.analysis import ANALYZER_VERSION

    root = getattr(search, "root", None)
    directory = idx.current_dir(root) if root is not None else None
    if directory is None or not hasattr(search, "rebuilding_elsewhere"):
        return False
    try:
        manifest = idx.verify(directory)
    except idx.IndexUnusable:
        return False  # damaged: nothing to answer from, the search service builds it
    return manifest.get("analyzer") != ANALYZER_VERSION and _large(library)


def command(library: Library) -> list[str]:
    """How to start this app as an index builder (the bundle's executable, or this interpreter)."""
    args = ["--data-dir", str(library.data_dir), "--bundled-dir", str(library.bundled_dir), "--build-index"]
    if getattr(sys, "frozen", False):
        return [sys.executable, *args]
    return [sys.executable, "-m", "canvass_app.ui.app", *args]


def build_elsewhere(library: Library, search: Any, should_stop: Callable[[], bool]) -> bool:
    """Run the builder process; mirror its progress into ``search.progress``. True when it finished.

    Runs in a background task (it blocks until the process ends). On False the caller
    opens the index as usual, which builds it in-process: a builder that could not
    start or failed costs time, never the search.
    """
    try:
        process = subprocess.Popen(
            command(library), stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, bufsize=1
        )
    except OSError as error:
        log.warning("index builder could not start (%s); building in the app", error)
        return False
    with _running_lock:
        _running.add(process)
    try:
        assert process.stdout is not None
        for line in process.stdout:
            parts = line.split()
            if len(parts) == 3 and parts[0] == PROGRESS_PREFIX and parts[1].isdigit() and parts[2].isdigit():
                search.progress = (int(parts[1]), int(parts[2]))
            if should_stop():
                process.terminate()
                break
        process.wait()
        if process.returncode != 0:
            log.warning("index builder ended with %s; building in the app", process.returncode)
        return process.returncode == 0
    finally:
        search.progress = None
        with _running_lock:
            _running.discard(process)


def stop_all() -> None:
    """End every builder this app started (the window is closing). A build cut short is
    detected as incomplete and done again on the next start."""
    with _running_lock:
        running = list(_running)
    for process in running:
        with contextlib.suppress(OSError):
            process.terminate()


def run_builder(library: Library, interval: float = 0.25) -> int:
    """The builder process itself: open (that is, build) the index, printing progress lines."""
    search = library.search
    done = threading.Event()

    def report() -> None:
        last = None
        while not done.wait(interval):
            progress = search.progress
            if progress and progress != last:
                print(f"{PROGRESS_PREFIX} {progress[0]} {progress[1]}", flush=True)
                last = progress

    reporter = threading.Thread(target=report, name="canvass-build-progress", daemon=True)
    reporter.start()
    started = time.perf_counter()
    try:
        search.ensure_open()
    finally:
        done.set()
        reporter.join(1.0)
    print(f"built {time.perf_counter() - started:.1f}", flush=True)
    search.close()
    return 0
