"""Strg+Plus/Minus reaches every widget at once, running text a notch larger, without rebuilding views."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QTextBrowser, QTreeView

from canvass_app.ui import theme
from canvass_app.ui.navigation import Location


def test_every_widget_follows_the_text_size(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.navigator.open(Location("section", "spd-2020#s2"))
    qtbot.waitUntil(lambda: window.reader_view.page is not None)
    opened = []
    window.navigator.location_changed.connect(opened.append)
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.text_step == 2
    assert not opened  # no view is rebuilt for a size step
    size = theme.point_size(2)
    assert window.search_field.font().pointSizeF() == size
    for kind in (QTreeView, QAbstractButton, QLineEdit):
        for widget in window.findChildren(kind):
            if widget.window() is window and widget.styleSheet() == "":
                assert widget.font().pointSizeF() == size, widget.objectName() or type(widget).__name__
    reading = round(size * theme.READING_SCALE, 1)
    for browser in window.findChildren(QTextBrowser):
        if browser.window() is window:
            assert browser.font().pointSizeF() == reading
    # A browser a view adds later gets the reading size too.
    late = QTextBrowser(window.reader_view)
    late.show()
    qtbot.waitUntil(lambda: late.font().pointSizeF() == reading)


def test_the_stylesheet_is_set_once_per_palette(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    sheet = window.styleSheet()
    assert "font-size" not in sheet
    window.scale_text(3)
    assert window.styleSheet() is sheet or window.styleSheet() == sheet
