"""Slow work off the UI thread: run a callable in a worker and get its result back on the UI thread.

Modelled on Anki's ``QueryOp``: a view hands :meth:`TaskRunner.run` a function
that touches the core (search, corpus, content, notes) and two callbacks. The
function runs in a thread pool; the callbacks run on the UI thread, and never
after the widget that asked has been destroyed. The UI thread never calls the
core itself.

Work runs in lanes, each one thread, so that a slow job in one lane never holds
up another: searching (which may open or build the index of a large library)
runs in :data:`SEARCH_LANE`, reading programmes for the sidebar's tables of
contents in :data:`LIBRARY_LANE`, assigning the whole library to topics (compare,
overview) in :data:`TOPICS_LANE`, computing passage vectors in
:data:`MEANING_LANE`, waiting for the builder process that renews an older
analyzer's index (searches go on in the old one) in :data:`INDEX_LANE`,
everything else (cards, notes, the reader) in :data:`MAIN_LANE`. Within a lane
calls are serialised; the services shared across lanes (corpus, search, content,
notes) guard their state with locks that a quick read (a card, a note, one
programme) never waits on for long.

While the window is being built the runner is *held* (:meth:`TaskRunner.hold`):
work asked for meanwhile starts once the window has been shown
(:meth:`TaskRunner.release`), so background threads never compete with the
first paint.

What a finished job leaves behind for good (an opened index, a library's programmes, the
topic assignment) is moved out of reach of the garbage collector's full collections
(:func:`canvass_app.garbage.settle`), which otherwise walk it all with the interpreter lock
held while the window waits.

Bulk work that runs for minutes (:data:`MEANING_LANE`: passage vectors for a whole
library) runs at a lower scheduling priority (nice +10 on its thread, inherited by the
embedder's own threads): on a machine with two cores it would otherwise take the CPU
from the UI thread, and the window would stall for a few hundred milliseconds at a time
although none of the app's own code was running.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDeadlineTimer,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
    Slot,
)

from canvass_app import garbage
from canvass_app.errors import CanvassError

log = logging.getLogger(__name__)

MAIN_LANE = "main"
SEARCH_LANE = "search"
LIBRARY_LANE = "library"
TOPICS_LANE = "topics"
MEANING_LANE = "meaning"
# Lanes whose thread runs at a lower priority than the UI thread (see the module text).
LOW_PRIORITY_LANES = frozenset({MEANING_LANE})
BACKGROUND_NICE = 10
INDEX_LANE = "index"
UNEXPECTED = "Das hat nicht geklappt (interner Fehler); bitte noch einmal versuchen."


def german_message(error: BaseException) -> str:
    """The one German sentence a person sees for an exception."""
    if isinstance(error, CanvassError):
        return error.message
    if isinstance(error, MemoryError):
        return "Nicht genug Arbeitsspeicher; bitte andere Programme schließen und erneut versuchen."
    if isinstance(error, OSError):
        return "Eine Datei konnte nicht gelesen oder geschrieben werden; bitte Speicherplatz und Rechte prüfen."
    return UNEXPECTED


class _Delivery(QObject):
    """Lives on the UI thread as a child of the asking widget; receives the worker's result."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, owner: QObject, on_done: Callable[[Any], None], on_error: Callable[[str], None]) -> None:
        super().__init__(owner)
        self._on_done = on_done
        self._on_error = on_error
        # Queued explicitly: the signals are emitted from the worker thread.
        self.succeeded.connect(self._deliver_result, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._deliver_error, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _deliver_result(self, result: Any) -> None:
        try:
            self._on_done(result)
        finally:
            self.deleteLater()

    @Slot(object)
    def _deliver_error(self, message: str) -> None:
        try:
            self._on_error(message)
        finally:
            self.deleteLater()


def _lower_priority() -> None:
    """Give the calling thread (and the threads it starts later) nice +10, where the system allows it."""
    with contextlib.suppress(AttributeError, OSError):
        # Relative to the main thread's value (its ID is the process's): started under `nice`,
        # the app keeps the gap; a pooled thread lowered before stays where it is.
        base = os.getpriority(os.PRIO_PROCESS, os.getpid())
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), min(19, base + BACKGROUND_NICE))


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], delivery: _Delivery, runner: TaskRunner, low: bool = False) -> None:
        super().__init__()
        self._low = low
        self._work = work
        self._delivery = delivery
        self._runner = runner
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            if self._low:
                _lower_priority()  # the lane's thread only: a nice value is per thread on Linux
            try:
                result = self._work()
            except Exception as error:
                if not isinstance(error, CanvassError):
                    log.error("background task failed:\n%s", traceback.format_exc())
                self._emit(self._delivery.failed, german_message(error))
            else:
                garbage.settle()  # before the result is handed over: what it loaded stays
                self._emit(self._delivery.succeeded, result)
        finally:
            self._runner._job_finished()

    @staticmethod
    def _emit(signal: Any, value: Any) -> None:
        # RuntimeError: the asking widget (and its delivery object) is gone; nobody wants the result.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)


class TaskRunner(QObject):
    """The one way views run slow work; owned by the main window and passed to each view."""

    busy_changed = Signal(bool)
    _pending_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pools: dict[str, QThreadPool] = {}
        self._pending = 0
        # Jobs asked for while held (the window not yet shown): (lane, job), started on release.
        self._held: list[tuple[str, _Job]] | None = None
        self._pending_changed.connect(self._on_pending_changed, Qt.ConnectionType.QueuedConnection)

    def run(
        self,
        owner: QObject,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None],
        lane: str | None = None,
    ) -> None:
        """Run ``work()`` in ``lane``; then ``on_done(result)`` or ``on_error(message)`` on the UI thread.

        Without a lane, the owner's ``task_lane`` attribute names it (the window puts the
        views that assign the whole library to topics into :data:`TOPICS_LANE`), else
        :data:`MAIN_LANE`.
        """
        if lane is None:
            lane = str(getattr(owner, "task_lane", MAIN_LANE))
        delivery = _Delivery(owner, on_done, on_error)
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        job = _Job(work, delivery, self, low=lane in LOW_PRIORITY_LANES)
        if self._held is not None:
            self._held.append((lane, job))
            return
        self._pool(lane).start(job)

    def hold(self) -> None:
        """Queue work from now on instead of starting it (while the window is being built)."""
        if self._held is None:
            self._held = []

    def release(self) -> None:
        """Start the work queued while held, in the order it was asked for."""
        held, self._held = self._held, None
        for lane, job in held or ():
            self._pool(lane).start(job)

    @property
    def held(self) -> bool:
        return self._held is not None

    def _pool(self, lane: str) -> QThreadPool:
        pool = self._pools.get(lane)
        if pool is None:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)
            self._pools[lane] = pool
        return pool

    @property
    def pending(self) -> int:
        return self._pending

    def _job_finished(self) -> None:
        # The window (and this runner) may be gone while the last task ends at exit.
        with contextlib.suppress(RuntimeError):
            self._pending_changed.emit(-1)

    @Slot(int)
    def _on_pending_changed(self, delta: int) -> None:
        self._pending += delta
        if self._pending == 0:
            self.busy_changed.emit(False)

    def wait_idle(self, timeout_ms: int = 30000) -> bool:
        """Process events until no task is pending (for screenshots, the self-test and benchmarks)."""
        deadline = QDeadlineTimer(timeout_ms)
        self.release()  # nothing held can finish
        app = QCoreApplication.instance()
        while self._pending > 0 and not deadline.hasExpired():
            for pool in list(self._pools.values()):
                pool.waitForDone(5)
            if app is not None:
                app.processEvents()
        if app is not None:
            app.processEvents()
        return self._pending == 0

    def shutdown(self, timeout_ms: int = 3000) -> None:
        self._held = None
        for pool in self._pools.values():
            pool.clear()
        for pool in self._pools.values():
            pool.waitForDone(timeout_ms)
