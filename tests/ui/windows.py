"""Main windows for widget tests: shown, active (window shortcuts need that) or with the sidebar loaded."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from canvass_app.library import Library
from canvass_app.ui.main_window import MainWindow


def active_window(qtbot, library: Library) -> MainWindow:  # type: ignore[no-untyped-def]
    """A main window over ``library``, shown and the active window: its shortcuts answer."""
    win = MainWindow(library)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win


def loaded_window(qtbot, library: Library, timeout: int = 5000) -> MainWindow:  # type: ignore[no-untyped-def]
    """A main window over ``library``, on screen, once its sidebar has loaded the programmes and topics."""
    win = MainWindow(library)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.sidebar.loaded, timeout=timeout)
    return win
