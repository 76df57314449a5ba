"""Widget-test fixtures: a fake library whose every word is known, and a main window over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.fakes import FakeLibrary


@pytest.fixture(scope="session", autouse=True)
def _german_qt(qapp):  # type: ignore[no-untyped-def]
    """Qt's own texts in German, as the app loads them at start (ui/translations.py)."""
    from canvass_app.ui.translations import install_german

    install_german(qapp)


@pytest.fixture
def fake_library(data_dir: Path) -> FakeLibrary:
    return FakeLibrary(data_dir)


@pytest.fixture
def window(qtbot, fake_library):  # type: ignore[no-untyped-def]
    from canvass_app.ui.main_window import MainWindow

    win = MainWindow(fake_library)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.sidebar.loaded)
    return win
