"""The app never waits on one queue: a card and a note open while the library loads and the index builds.

The slow work is made to block (until the test lets it go), so each check fails if
opening a card or a note waited for it: the sidebar's reading of the library, a
rebuild of the search index, and assigning the library to topics (compare view).
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from canvass_app.ui import sidebar as sidebar_module
from canvass_app.ui.navigation import Location
from canvass_app.ui.services import has_service

BLOCK_S = 60  # a stuck test ends by itself; the checks below take well under a second each


@pytest.fixture
def blocked(monkeypatch):  # type: ignore[no-untyped-def]
    """Events that hold the library load, the index rebuild and the topic assignment until set."""
    from canvass_app.content import service as content_service
    from canvass_app.search.service import SearchService

    gates = {name: threading.Event() for name in ("library", "index", "topics")}
    entered = {name: threading.Event() for name in gates}
    real_outline = sidebar_module.load_outline
    real_open = SearchService.ensure_open
    real_assign = content_service.assign_by_signals

    def slow_outline(library):  # type: ignore[no-untyped-def]
        entered["library"].set()
        gates["library"].wait(BLOCK_S)
        return real_outline(library)

    def slow_open(self):  # type: ignore[no-untyped-def]
        if not gates["index"].is_set():
            entered["index"].set()
            self.progress = (3, 10)  # what a real build reports while it runs
            gates["index"].wait(BLOCK_S)
            self.progress = None
        return real_open(self)

    def slow_assign(*args, **kwargs):  # type: ignore[no-untyped-def]
        entered["topics"].set()
        gates["topics"].wait(BLOCK_S)
        return real_assign(*args, **kwargs)

    monkeypatch.setattr(sidebar_module, "load_outline", slow_outline)
    monkeypatch.setattr(SearchService, "ensure_open", slow_open)
    monkeypatch.setattr(content_service, "assign_by_signals", slow_assign)
    yield gates, entered
    for gate in gates.values():
        gate.set()


def test_card_and_note_open_while_library_loads_and_index_builds(qtbot, library, blocked) -> None:  # type: ignore[no-untyped-def]
    from canvass_app.ui.main_window import MainWindow

    for name in ("corpus", "content", "notes", "search"):
        if not has_service(library, name):
            pytest.skip(f"core service {name!r} not available")
    gates, entered = blocked
    win = MainWindow(library)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    # Both slow jobs are running (and stuck) before anything else is asked for.
    qtbot.waitUntil(lambda: entered["library"].is_set() and entered["index"].is_set(), timeout=10000)
    assert not win.sidebar.loaded

    # The rebuild shows how far it got, in the window, while it runs.
    qtbot.waitUntil(lambda: "3 von 10" in win.busy_label.text(), timeout=5000)

    # Comparing a topic starts assigning the library to topics (stuck as well).
    win.navigator.open(Location("topic", library.content.topics()[0].id))
    qtbot.waitUntil(lambda: entered["topics"].is_set(), timeout=10000)

    # A card opens meanwhile.
    qtbot.keyClick(win, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.card_catalogue.is_loaded and win.card_view.entry is not None, timeout=10000)
    assert win.current_view() is win.card_view

    # A note is written on a passage and opens again from the notes view.
    passage = library.corpus.programmes()[0].passages()[0]
    win.navigator.open(Location("passage", passage.id))
    qtbot.waitUntil(lambda: win.reader_view.page is not None, timeout=10000)
    qtbot.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    panel = win.notes_panel
    qtbot.waitUntil(lambda: panel.draft is not None and panel.editor.isEnabled(), timeout=10000)
    qtbot.keyClicks(panel.editor, "Nachfragen beim Nachbarn")
    panel.save_now_async()
    qtbot.waitUntil(lambda: len(library.notes.list()) == 1, timeout=10000)
    qtbot.keyClick(win, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.notes_view.model.rowCount() == 1, timeout=10000)

    # All of it happened while the three slow jobs were still stuck.
    assert not any(gate.is_set() for gate in gates.values())
    assert not win.sidebar.loaded and "3 von 10" in win.busy_label.text()

    for gate in gates.values():
        gate.set()
    qtbot.waitUntil(lambda: win.sidebar.loaded, timeout=30000)
    assert win.runner.wait_idle(30000)
