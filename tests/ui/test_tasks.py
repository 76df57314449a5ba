"""The background helper: results and errors come back on the UI thread, and never to a dead widget."""

from __future__ import annotations

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QWidget

from canvass_app.errors import CanvassError
from canvass_app.ui.tasks import UNEXPECTED, TaskRunner


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
