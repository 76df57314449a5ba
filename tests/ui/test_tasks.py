"""The background helper: results and errors come back on the UI thread, and never to a dead widget."""

from __future__ import annotations

import os
import sys
import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QWidget

from canvass_app.errors import CanvassError
from canvass_app.ui.tasks import BACKGROUND_NICE, MEANING_LANE, SEARCH_LANE, UNEXPECTED, TaskRunner


def test_result_arrives_on_the_ui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner, owner = TaskRunner(), QWidget()
    qtbot.addWidget(owner)
    seen: list[tuple[object, bool, bool]] = []
    ui_thread = QThread.currentThread()

    def work() -> int:
        assert QThread.currentThread() is not ui_thread
        return 42

    runner.run(owner, work, lambda r: seen.append((r, QThread.currentThread() is ui_thread, True)), seen.append)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(42, True, True)]
    assert runner.wait_idle()


def test_errors_become_one_german_sentence(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner, owner = TaskRunner(), QWidget()
    qtbot.addWidget(owner)
    messages: list[str] = []

    def fails_for_the_user() -> None:
        raise CanvassError("Die Datei fehlt.")

    def fails_as_a_bug() -> None:
        raise ZeroDivisionError

    runner.run(owner, fails_for_the_user, lambda _r: None, messages.append)
    runner.run(owner, fails_as_a_bug, lambda _r: None, messages.append)
    qtbot.waitUntil(lambda: len(messages) == 2)
    assert messages == ["Die Datei fehlt.", UNEXPECTED]
    assert "Traceback" not in "".join(messages)


def test_no_callback_after_the_owner_is_gone(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    owner = QWidget()
    called: list[object] = []
    gate = []

    def slow() -> str:
        while not gate:
            QThread.msleep(5)
        return "spät"

    runner.run(owner, slow, called.append, called.append)
    owner.deleteLater()
    qtbot.wait(20)
    gate.append(True)
    assert runner.wait_idle()
    qtbot.wait(20)
    assert called == []


def test_a_slow_search_lane_does_not_hold_up_the_main_lane(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Opening the index of a large library (search lane) must not delay opening a card or a note."""
    import threading

    from canvass_app.ui.tasks import SEARCH_LANE

    runner, owner = TaskRunner(), QWidget()
    qtbot.addWidget(owner)
    release = threading.Event()
    order: list[str] = []
    runner.run(owner, lambda: release.wait(10), lambda _r: order.append("search"), order.append, lane=SEARCH_LANE)
    runner.run(owner, lambda: "card", order.append, order.append)
    qtbot.waitUntil(lambda: order == ["card"], timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: order == ["card", "search"], timeout=5000)
    assert runner.wait_idle()


@pytest.mark.skipif(not hasattr(os, "getpriority") or sys.platform != "linux", reason="per-thread nice is Linux's")
def test_bulk_vector_work_runs_below_the_ui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    # Minutes of embedding on a two-core machine must not take the CPU from the window;
    # the other lanes (a search someone waits for) keep the ordinary priority.
    owner = QWidget()
    qtbot.addWidget(owner)
    runner = TaskRunner()
    seen: dict[str, int] = {}

    def nice_of(lane: str) -> None:
        def work() -> int:
            return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

        runner.run(owner, work, lambda value: seen.__setitem__(lane, value), lambda _m: None, lane=lane)

    base = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    nice_of(MEANING_LANE)
    nice_of(SEARCH_LANE)
    assert runner.wait_idle()
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen[SEARCH_LANE] == base
    assert seen[MEANING_LANE] == min(19, base + BACKGROUND_NICE)
