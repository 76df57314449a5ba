"""`canvass-app --screenshot`: the real command renders a view headless to a PNG of the asked size."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "canvass_app.ui.app", *args],
        capture_output=True, text=True, timeout=180,
    )


def test_screenshot_of_the_reader(tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "shots" / "reader.png"
    result = _run("--data-dir", str(tmp_path / "data"), "--screenshot", str(target),
                  "--view", "reader", "--query", "Glasfaser", "--size", "900x600")
    assert result.returncode == 0, result.stderr
    image = QImage(str(target))
    assert (image.width(), image.height()) == (900, 600)
    # Not a blank window: many distinct colours (text, highlight, selection).
    colours = {image.pixel(x, y) for x in range(0, 900, 7) for y in range(0, 600, 7)}
    assert len(colours) > 20
    # The screenshot never writes window settings into the user's data directory.
    assert not (tmp_path / "data" / "settings.ini").exists()


def test_unknown_view_is_one_german_line(tmp_path: Path) -> None:
    result = _run("--data-dir", str(tmp_path), "--screenshot", str(tmp_path / "x.png"), "--view", "kaputt")
    assert result.returncode == 2
    assert "Unbekannte Ansicht" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_the_help_names_every_view_there_is_a_scene_for(capsys) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from canvass_app.ui.app import build_parser
    from canvass_app.ui.screenshot import view_names

    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    listed = help_text.split("welche Ansicht:", 1)[1].split("(Standard", 1)[0]
    assert sorted(n.strip() for n in listed.split(",")) == sorted(view_names())
