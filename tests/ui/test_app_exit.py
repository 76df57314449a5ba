"""Closing the window ends the process at once, with settings and notes written."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

_RUN = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from canvass_app.ui import app as entry

    def close_soon():
        window = next(w for w in QApplication.topLevelWidgets() if hasattr(w, "library"))
        window.library.notes.add("Beim Schließen geschrieben", tags=["test"])
        window.close()

    real_qt_app = entry._qt_app

    def qt_app(argv0):
        application = real_qt_app(argv0)
        QTimer.singleShot(800, close_soon)
        return application

    entry._qt_app = qt_app
    sys.exit(entry.main(["--data-dir", sys.argv[1]]))
    """
)


def test_closing_the_window_exits_with_everything_written(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _RUN, str(tmp_path)],
        capture_output=True, text=True, timeout=120, cwd=REPO_ROOT,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "settings.ini").is_file()
    from canvass_app.notes.store import NoteStore

    store = NoteStore(tmp_path / "notes.db")
    try:
        assert any(n.text == "Beim Schließen geschrieben" for n in store.list())
    finally:
        store.close()
