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


def _age_the_index(library) -> None:  # type: ignore[no-untyped-def]
    """Make the built index look like one of an older analyzer (its files untouched, so it still verifies)."""
    import json

    directory = idx.current_dir(library.search.root)
    assert directory is not None
    manifest_path = directory / idx.MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["analyzer"] = "de-0"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    library.search.close()


def test_an_older_analyzers_index_answers_while_the_builder_writes_its_successor(qtbot, data_dir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from canvass_app.library import Library
    from canvass_app.search.analysis import ANALYZER_VERSION
    from canvass_app.ui.main_window import MainWindow

    monkeypatch.setattr(index_build, "PROCESS_PASSAGES", 0)
    first = Library(data_dir)
    first.search.ensure_open()
    old = idx.current_dir(first.search.root)
    _age_the_index(first)

    library = Library(data_dir)
    assert index_build.needs_rebuild_elsewhere(library, library.search)
    assert not index_build.needs_process(library, library.search)
    go_on = threading.Event()
    builds: list[int] = []
    real = index_build.build_elsewhere

    def held_build(lib, search, should_stop):  # type: ignore[no-untyped-def]
        builds.append(1)
        go_on.wait(60)
        return real(lib, search, should_stop)

    monkeypatch.setattr(index_build, "build_elsewhere", held_build)
    win = MainWindow(library)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: builds == [1], timeout=30000)
    # The builder has not finished: the old index answers.
    assert library.search.rebuilding_elsewhere
    win.search_view.set_query("Glasfaser")
    qtbot.waitUntil(lambda: win.search_view.model.query == "Glasfaser", timeout=30000)
    assert win.search_view.model.rowCount() > 0
    assert idx.current_dir(library.search.root) == old
    go_on.set()
    qtbot.waitUntil(lambda: not library.search.rebuilding_elsewhere, timeout=120000)
    if not win.runner.wait_idle(60000):
        pytest.fail("background work did not finish")
    # Swapped in: the new index of this analyzer, built by the builder (not by a thread of the app).
    new = idx.current_dir(library.search.root)
    assert new is not None and new != old
    assert idx.verify(new)["analyzer"] == ANALYZER_VERSION
    assert library.search.last_build_seconds is None
    assert library.search.search("Glasfaser", dense=False).hits
