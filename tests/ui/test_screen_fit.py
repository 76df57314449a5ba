"""The window and every dialog fit the usable screen: a 1366×768 laptop and a 1024×600 tablet."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QRect, QSettings
from PySide6.QtWidgets import QDialog, QMessageBox, QStatusBar

from canvass_app.ui import screen_fit
from canvass_app.ui.navigation import Location

SCREENS = {"laptop": QRect(0, 0, 1366, 728), "tablet": QRect(0, 0, 1024, 600)}


@pytest.fixture(params=sorted(SCREENS))
def screen(request, monkeypatch) -> QRect:  # type: ignore[no-untyped-def]
    area = SCREENS[request.param]
    monkeypatch.setattr(screen_fit, "available_geometry", lambda widget=None: area)
    return area


def _fits(widget, area: QRect) -> bool:  # type: ignore[no-untyped-def]
    room = screen_fit.room()
    return widget.width() <= room.width() and widget.height() <= room.height() and area.contains(widget.pos())


def test_a_new_window_opens_within_the_screen(qtbot, fake_library, screen: QRect) -> None:  # type: ignore[no-untyped-def]
    from canvass_app.ui.main_window import MainWindow

    win = MainWindow(fake_library)
    qtbot.addWidget(win)
    win.show()
    assert _fits(win, screen)
    # The status bar, where "Lädt …" and "PDF gespeichert" appear, is inside the window.
    bar = win.findChild(QStatusBar)
    assert bar.isVisible() and bar.geometry().bottom() < win.height()


def test_a_window_saved_on_a_big_monitor_comes_back_within_the_screen(qtbot, fake_library, tmp_path, screen) -> None:  # type: ignore[no-untyped-def]
    from canvass_app.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    big = MainWindow(fake_library, settings=settings)
    qtbot.addWidget(big)
    monkey_area = QRect(0, 0, 2560, 1440)
    screen_fit_available = screen_fit.available_geometry
    screen_fit.available_geometry = lambda widget=None: monkey_area  # type: ignore[assignment]
    try:
        big.resize(1900, 1200)
        settings.setValue("window/geometry", big.saveGeometry())
    finally:
        screen_fit.available_geometry = screen_fit_available  # type: ignore[assignment]
    assert isinstance(settings.value("window/geometry"), QByteArray)
    again = MainWindow(fake_library, settings=settings)
    qtbot.addWidget(again)
    again.show()
    assert _fits(again, screen)


@pytest.mark.parametrize("where", ["search", "section", "card", "notes", "card-edit"])
def test_every_view_is_usable_at_the_screen_size(qtbot, window, screen, where: str) -> None:  # type: ignore[no-untyped-def]
    targets = {"search": "Glasfaser", "section": "spd-2020#s2", "card": "", "notes": "", "card-edit": ""}
    window.navigator.open(Location(where, targets[where]))
    qtbot.wait(50)
    room = screen_fit.room()
    hint = window.minimumSizeHint()
    assert hint.width() <= room.width() and hint.height() <= room.height(), (where, hint)


def test_dialogs_are_fitted_when_shown(qtbot, window, screen) -> None:  # type: ignore[no-untyped-def]
    dialog = QDialog(window)
    qtbot.addWidget(dialog)
    dialog.resize(1600, 1100)
    dialog.show()
    assert _fits(dialog, screen)
    box = QMessageBox(QMessageBox.Icon.Information, "Titel", "Ein ganzer Satz. " * 30, QMessageBox.StandardButton.Ok, window)
    box.setDetailedText("Zeile\n" * 200)
    qtbot.addWidget(box)
    box.show()
    assert box.height() <= screen_fit.room().height()


def test_briefing_composer_and_its_pickers_fit(qtbot, window, screen) -> None:  # type: ignore[no-untyped-def]
    from canvass_app.ui.briefing_editor import PickerDialog, TextItemDialog

    window.print_actions.open_briefing_editor()
    editor = window.print_actions.editor
    assert editor is not None and editor.isVisible()
    assert _fits(editor, screen)
    for dialog in (PickerDialog("Karte hinzufügen", [("a", "A")], window), TextItemDialog("", "", window)):
        qtbot.addWidget(dialog)
        dialog.show()
        assert _fits(dialog, screen)
        dialog.close()
    editor.close()


def test_the_sidebar_leaves_the_views_room_on_a_small_tablet(qtbot, fake_library, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from canvass_app.ui.main_window import MainWindow

    monkeypatch.setattr(screen_fit, "available_geometry", lambda widget=None: SCREENS["tablet"])
    win = MainWindow(fake_library)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.sidebar.width() > 0)
    assert win.sidebar.width() <= win.width() // 4 + 10
