"""The desktop shell: title, German text, focused search field, and the self-test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from canvass_app import APP_NAME, __version__


def test_main_window_title_and_focus(qtbot, library) -> None:  # type: ignore[no-untyped-def]
    from canvass_app.ui.main_window import MainWindow

    window = MainWindow(library)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == f"{APP_NAME} {__version__}"
    qtbot.waitUntil(lambda: window.search_field.hasFocus())
    assert "Suchen" in window.search_field.placeholderText()


def test_self_test_exits_zero(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "canvass_app.ui.app", "--self-test", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Selbsttest bestanden" in result.stdout
