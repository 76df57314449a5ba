"""A large library's first index is built by a process of its own; the window opens it when it is done."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from canvass_app.search import index as idx
from canvass_app.ui import index_build


def test_the_builder_process_builds_the_index_the_app_then_opens(library, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(index_build, "PROCESS_PASSAGES", 0)  # the bundled chapters count as large
    search = library.search
    assert idx.current_dir(search.root) is None
    assert index_build.needs_process(library, search)
    seen: list[tuple[int, int] | None] = []

    def stop() -> bool:
        seen.append(search.progress)
        return False

    assert index_build.build_elsewhere(library, search, stop)
    assert idx.current_dir(search.root) is not None
    assert not index_build.needs_process(library, search)  # built: the next start opens it
    assert search.progress is None
    search.ensure_open()
    assert search.last_build_seconds is None  # opened, not built again in this process
    assert search.search("Glasfaser", dense=False).hits


def test_a_builder_that_cannot_run_leaves_the_build_to_the_app(library, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(index_build, "command", lambda _library: ["/nonexistent/canvass-app", "--build-index"])
    assert not index_build.build_elsewhere(library, library.search, lambda: False)
    assert library.search.search("Glasfaser", dense=False).hits  # built in-process instead


def test_window_builds_a_large_librarys_index_elsewhere(qtbot, library, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from canvass_app.ui.main_window import MainWindow

    monkeypatch.setattr(index_build, "PROCESS_PASSAGES", 0)
    started: list[list[str]] = []
    real = index_build.command

    def recording(lib):  # type: ignore[no-untyped-def]
        started.append(real(lib))
        return started[-1]

    monkeypatch.setattr(index_build, "command", recording)
    win = MainWindow(library)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win or win.isVisible())
    win.search_view.set_query("Glasfaser")
    qtbot.waitUntil(lambda: win.search_view.model.query == "Glasfaser", timeout=60000)
    assert win.search_view.model.rowCount() > 0
    assert len(started) == 1 and "--build-index" in started[0]
    assert library.search.last_build_seconds is None
    if not win.runner.wait_idle(30000):
        pytest.fail("background work did not finish")
