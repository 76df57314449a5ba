"""Widget-test fixtures: a fake library whose every word is known, and main windows over it and the real one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.fakes import FakeLibrary
from tests.ui.windows import active_window, loaded_window


@pytest.fixture(scope="session", autouse=True)
def _german_qt(qapp):  # type: ignore[no-untyped-def]
    """Qt's own texts in German, as the app loads them at start (ui/translations.py)."""
    from canvass_app.ui.translations import install_german

    install_german(qapp)


@pytest.fixture
def fake_library(data_dir: Path) -> FakeLibrary:
    return FakeLibrary(data_dir)


@pytest.fixture
def window(qtbot, fake_library: FakeLibrary):  # type: ignore[no-untyped-def]
    return loaded_window(qtbot, fake_library)


@pytest.fixture
def real_window(qtbot, library):  # type: ignore[no-untyped-def]
    """An active main window over the real library (bundled content in a fresh data directory)."""
    win = active_window(qtbot, library)
    qtbot.waitUntil(lambda: win.sidebar.loaded, timeout=30000)
    return win
