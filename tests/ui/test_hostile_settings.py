"""A broken settings.ini never stops the window: bad values are reset and logged in one line, special files set aside."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from canvass_app.ui import settings as settings_file
from canvass_app.ui.main_window import MainWindow


@pytest.mark.parametrize(
    "body",
    [
        "[text]\nstep=abc\n",
        "[text]\nstep=1.5\n",
        "[text]\nstep=1, 2, 3\n",
        "[text]\nstep=99999999999999999999\n",
        "[window]\nsidebar=vielleicht\ngeometry=kaputt\nstate=1, 2\nlocation=@ByteArray(x)\n",
        "[window]\ngeometry=@ByteArray(\\0\\0\\0\\0\\xff\\xff)\nsplitter=@Variant(\\0\\0\\0\\x7f)\n",
        "\x00\xff\xfe[[[=\n" * 50,
    ],
)
def test_bad_values_are_reset_and_logged(qtbot, fake_library, caplog, body: str) -> None:  # type: ignore[no-untyped-def]
    path = fake_library.data_dir / "settings.ini"
    path.write_bytes(body.encode("utf-8", "surrogateescape"))
    with caplog.at_level(logging.WARNING, logger="canvass_app.ui.settings"):
        window = MainWindow(fake_library)
        qtbot.addWidget(window)
    assert -4 <= window.text_step <= 8
    for record in caplog.records:
        assert "\n" not in record.getMessage()
    if "step=abc" in body:
        assert window.text_step == 0
        assert any("text/step" in r.getMessage() for r in caplog.records)
        # Reset means gone from the file: the next start is quiet.
        window.settings.sync()
        assert QSettings(str(path), QSettings.Format.IniFormat).value("text/step") is None


def test_a_fifo_or_device_as_settings_is_set_aside_without_hanging(qtbot, fake_library, caplog) -> None:  # type: ignore[no-untyped-def]
    path = fake_library.data_dir / "settings.ini"
    os.mkfifo(path)
    done = threading.Event()
    with caplog.at_level(logging.WARNING, logger="canvass_app.ui.settings"):
        window = MainWindow(fake_library)
        qtbot.addWidget(window)
        done.set()
    assert done.is_set()
    assert path.exists() is False or path.is_file()
    assert any("keine gewöhnliche Datei" in r.getMessage() for r in caplog.records)
    path.unlink(missing_ok=True)
    path.symlink_to("/dev/zero")
    settings = settings_file.open_settings(path)
    assert settings.fileName() == str(path)
    assert not path.is_symlink()


def test_typed_readers_fall_back(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("a", "12")
    settings.setValue("b", ["x", "y"])
    settings.setValue("c", "true")
    assert settings_file.read_int(settings, "a", 0, -4, 8) == 0  # out of range
    assert settings_file.read_int(settings, "b", 3, -4, 8) == 3
    assert settings_file.read_bool(settings, "c", False) is True
    assert settings_file.read_bool(settings, "b", False) is False
    assert settings_file.read_text(settings, "b") is None
    assert settings.value("b") is None
