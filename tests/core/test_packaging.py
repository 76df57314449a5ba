"""The bundle's build policy: what of Qt is kept, one place for name and version, one executable for two commands."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from canvass_app import APP_ID, APP_NAME, __version__

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import prune  # noqa: E402


def test_plugins_kept_are_the_ones_the_app_draws_with() -> None:
    base = "PySide6/Qt/plugins"
    for kept in (
        "platforms/libqxcb.so",
        "platforms/libqoffscreen.so",
        "imageformats/libqsvg.so",
        "iconengines/libqsvgicon.so",
    ):
        assert prune.keep_plugin(f"{base}/{kept}"), kept
    for dropped in (
        "platforms/libqwayland.so",
        "platforms/libqvnc.so",
        "platformthemes/libqgtk3.so",
        "imageformats/libqjpeg.so",
        "sqldrivers/libqsqlite.so",
        "tls/libqopensslbackend.so",
    ):
        assert not prune.keep_plugin(f"{base}/{dropped}"), dropped


def test_only_german_qt_translations_stay() -> None:
    assert prune.keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert not prune.keep_data("PySide6/Qt/translations/qtbase_fr.qm")
    assert not prune.keep_data("PySide6/Qt/translations/assistant_de.qm")
    assert prune.keep_data("data/topics.toml")
    assert prune.keep_data("resources/canvass.svg")
    assert not prune.keep_data("resources/screenshots/search.png")


def test_unused_qt_modules_are_excluded_and_used_ones_are_not() -> None:
    assert {"QtNetwork", "QtQml", "QtQuick", "QtSql"} <= set(prune.QT_MODULES_UNUSED)
    assert not prune.QT_MODULES_USED & set(prune.QT_MODULES_UNUSED)
    assert not prune.keep_binary("_internal/libcups.so.2")
    assert prune.keep_binary("_internal/libQt6Core.so.6")


def test_the_spec_reads_name_and_version_from_the_package() -> None:
    spec = (ROOT / "packaging" / "canvass.spec").read_text(encoding="utf-8")
    assert __version__ not in spec
    assert f'"{APP_NAME}"' not in spec
    assert '"__init__.py"' in spec and "__version__" in spec


def test_one_executable_answers_as_cli_or_app_by_its_name(tmp_path: Path) -> None:
    # The bundle's `canvass` is a symlink to `canvass-app`; launch.py picks by name.
    for name, prog in ((APP_ID, "canvass"), (f"{APP_ID}-app", "canvass-app")):
        launcher = tmp_path / name
        shutil.copy(ROOT / "packaging" / "launch.py", launcher)
        result = subprocess.run(
            [sys.executable, str(launcher), "--help"], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"Aufruf: {prog} "), result.stdout
