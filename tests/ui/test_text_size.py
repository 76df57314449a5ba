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
    late = theme.ReadingBrowser(window.reader_view)
    late.show()
    qtbot.waitUntil(lambda: late.font().pointSizeF() == reading)


def test_the_stylesheet_is_set_once_per_palette(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    sheet = window.styleSheet()
    assert "font-size" not in sheet
    window.scale_text(3)
    assert window.styleSheet() is sheet or window.styleSheet() == sheet


def test_dialogs_and_the_composer_use_the_window_text_size(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    window.scale_text(2)
    size = theme.point_size(2)
    window.print_actions.open_briefing_editor()
    editor = window.print_actions.editor
    assert editor.font().pointSizeF() == size
    box = QMessageBox(QMessageBox.Icon.Information, "Titel", "Text", QMessageBox.StandardButton.Ok, window)
    qtbot.addWidget(box)
    box.show()
    assert box.font().pointSizeF() == size
    window.scale_text(3)
    assert editor.font().pointSizeF() == theme.point_size(3)
    editor.close()


def test_running_text_keeps_a_readable_line_length_on_wide_screens(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.navigator.open(Location("section", "spd-2020#s2"))
    qtbot.waitUntil(lambda: window.reader_view.page is not None)
    browser = window.reader_view.text
    window.resize(2400, 900)
    qtbot.waitUntil(lambda: browser.viewport().width() > 1500)
    limit = browser.fontMetrics().averageCharWidth() * theme.MAX_LINE_CHARS
    qtbot.waitUntil(lambda: browser.lineWrapMode() == QTextBrowser.LineWrapMode.FixedPixelWidth)
    assert browser.lineWrapColumnOrWidth() == limit
    window.resize(700, 500)
    qtbot.waitUntil(lambda: browser.lineWrapMode() == QTextBrowser.LineWrapMode.WidgetWidth)
