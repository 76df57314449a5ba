"""Every view has a keyboard path and shows where the focus is."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QListView, QTableView, QTextBrowser, QTreeView

from canvass_app.ui import pane_focus
from canvass_app.ui.navigation import Location


def test_opening_a_card_puts_the_focus_on_its_text(qtbot, real_window) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    win.navigator.open(Location("card", "glasfaser"))
    view = win.card_view
    qtbot.waitUntil(lambda: view.entry is not None and view.entry.id == "glasfaser", timeout=20000)
    qtbot.waitUntil(lambda: view.text.hasFocus())
    # ↓ and Bild↓ scroll the card rather than switching to another one.
    view.text.resize(400, 200)
    qtbot.keyClick(view.text, Qt.Key.Key_PageDown)
    assert view.entry.id == "glasfaser"


def test_ctrl_4_puts_the_cursor_in_the_filter_at_once(qtbot, real_window) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    win.navigator.open(Location("card", "glasfaser"))
    qtbot.waitUntil(lambda: win.card_view.entry is not None, timeout=20000)
    win.navigator.open(Location("search", ""))
    qtbot.keyClick(win, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    view = win.card_view
    assert win.current_view() is view
    assert view.filter_field.hasFocus()
    total = view.proxy.rowCount()
    qtbot.keyClicks(view.filter_field, "Glasfaser")
    qtbot.waitUntil(lambda: 0 < view.proxy.rowCount() < total)


def test_f6_reaches_the_second_comparison_column_at_once(qtbot, real_window, library) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    topic = library.content.topics()[0].id
    win.navigator.open(Location("topic", topic))
    compare = win.compare_view
    qtbot.waitUntil(lambda: len([c for c in compare.column_views if c.isVisible()]) >= 2, timeout=20000)
    first, second = [c for c in compare.column_views if c.isVisible()][:2]
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClick(win, Qt.Key.Key_F6)
    assert second.hasFocus()
    qtbot.keyClick(win, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert first.hasFocus()


def test_pane_order_reads_top_down_left_to_right(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.search_view.set_query("Glasfaser")
    qtbot.waitUntil(lambda: window.search_view.list.isVisible() and window.search_view.model.rowCount() > 0)
    order = pane_focus.panes(window)
    assert order[0] is window.search_field
    assert window.sidebar.tree in order
    assert order.index(window.sidebar.tree) < order.index(window.search_view.list)


@pytest.mark.parametrize("kind", [QListView, QTreeView, QTextBrowser, QTableView])
def test_focus_is_visible_on_lists_trees_tables_and_texts(qtbot, window, kind) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    holder = QWidget(window.stack)
    layout = QVBoxLayout(holder)
    pane = kind()
    other = QLineEdit()
    layout.addWidget(pane)
    layout.addWidget(other)
    window.stack.addWidget(holder)
    window.stack.setCurrentWidget(holder)
    qtbot.waitExposed(pane)
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    y = pane.height() // 2
    unfocused = pane.grab().toImage().pixelColor(1, y)
    pane.setFocus()
    qtbot.waitUntil(pane.hasFocus)
    focused = pane.grab().toImage().pixelColor(1, y)
    highlight = window.palette().color(QPalette.ColorRole.Highlight)
    assert focused == highlight, (focused.name(), highlight.name())
    assert unfocused != QColor(highlight)


def test_menu_buttons_show_one_arrow_not_two(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.navigator.open(Location("topic", "jugend"))
    qtbot.waitUntil(lambda: window.compare_view.picker.text() != "")
    buttons = [window.search_view.programme_button, window.search_view.topic_button, window.compare_view.picker]
    for button in buttons:
        button.ensurePolished()
        assert button.text().endswith("▾"), button.text()  # the arrow people see
    button = buttons[2]
    qtbot.waitExposed(button)
    styled = button.grab().toImage()
    # The same button with Qt's own corner arrow: what the stylesheet takes away.
    button.setObjectName("")
    button.style().unpolish(button)
    button.style().polish(button)
    button.resize(styled.width(), styled.height())
    with_corner_arrow = button.grab().toImage()
    button.setObjectName("menuButton")
    button.style().unpolish(button)
    button.style().polish(button)
    assert styled != with_corner_arrow
