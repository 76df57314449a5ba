"""Finger and pen scrolling, scroll bars a finger can hold, and the comparison's read buttons.

Touch is sent as real touch events (QTest's touch device), a pen as the left-button mouse
events it arrives as: what a canvasser's tablet or touch laptop delivers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QListView, QScrollBar, QScroller, QWidget

from canvass_app.ui import theme
from canvass_app.ui.navigation import Location, Navigator
from tests.ui.test_compare_many import _open, _view, six  # noqa: F401  (six: the module's fixture)

_TOUCH = QTest.createTouchDevice()
# A bar narrower than this is hard to hold with a finger or a pen.
LEAST_BAR = 16


def finger_drag(widget: QWidget, start: QPoint, end: QPoint, steps: int = 12) -> None:
    """A finger put down at ``start``, moved to ``end`` in small steps, and lifted."""
    QTest.touchEvent(widget, _TOUCH).press(0, start, widget).commit()
    for i in range(1, steps + 1):
        QTest.qWait(16)
        QTest.touchEvent(widget, _TOUCH).move(0, start + (end - start) * i / steps, widget).commit()
    QTest.qWait(16)
    QTest.touchEvent(widget, _TOUCH).release(0, end, widget).commit()


def pen_drag(widget: QWidget, start: QPoint, end: QPoint, steps: int = 12) -> None:
    """A pen (or a mouse) pressed at ``start``, moved to ``end`` and lifted."""
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for i in range(1, steps + 1):
        QTest.qWait(16)
        QTest.mouseMove(widget, start + (end - start) * i / steps)
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def _extent(bar: QScrollBar) -> int:
    return bar.width() if bar.orientation() == Qt.Orientation.Vertical else bar.height()


def test_scroll_bars_are_wide_enough_to_hold(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.resize(1024, 600)
    qtbot.keyClicks(window.search_field, "arbeit")
    qtbot.waitUntil(lambda: window.search_view.model.query == "arbeit")
    window.search_view.list.setFixedHeight(100)  # a long list: its bar shows
    qtbot.waitUntil(lambda: window.search_view.list.verticalScrollBar().isVisible())
    bars = [b for b in window.findChildren(QScrollBar) if b.isVisible()]
    assert bars
    assert [(b.parentWidget().objectName(), _extent(b)) for b in bars if _extent(b) < LEAST_BAR] == []
    # Every bar the style makes, shown or not: one metric, for every view.
    assert window.style().pixelMetric(window.style().PixelMetric.PM_ScrollBarExtent) >= LEAST_BAR


def test_the_comparisons_sideways_bar_is_wide_enough_to_hold(qtbot, six, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    theme.use_touch_style()  # what the app does at start
    view = _view(qtbot, six, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    _open(qtbot, view, "mobilitaet")
    bar = view.scroll.horizontalScrollBar()
    qtbot.waitUntil(bar.isVisible)
    assert bar.height() >= LEAST_BAR


def test_a_finger_scrolls_the_reader_and_the_mouse_still_selects_text(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.navigator.open(Location("passage", "spd-2020:s200"))
    qtbot.waitUntil(lambda: window.reader_view.page is not None)
    text = window.reader_view.text
    text.setFixedHeight(70)  # shorter than its section: it scrolls
    bar = text.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 20)
    middle = text.viewport().rect().center()
    finger_drag(text.viewport(), middle + QPoint(0, 25), middle - QPoint(0, 25))
    qtbot.waitUntil(lambda: bar.value() > 0)
    # A mouse drag selects, it does not scroll.
    bar.setValue(0)
    pen_drag(text.viewport(), QPoint(20, 12), QPoint(200, 14))
    qtbot.wait(300)
    assert text.textCursor().hasSelection()
    assert bar.value() == 0


def _short_result_list(qtbot, window) -> QListView:  # type: ignore[no-untyped-def]
    """Results for "arbeit", the last answer in (the fused one a pause in typing brings), in
    a list too short for them: the answer that comes last replaces the rows and may scroll
    the list, so a test drags only once it is in."""
    qtbot.keyClicks(window.search_field, "arbeit")
    view = window.search_view
    qtbot.waitUntil(lambda: view.settled and view.model.query == "arbeit")
    view.list.setFixedHeight(110)
    qtbot.waitUntil(lambda: view.list.verticalScrollBar().maximum() > 20)
    return view.list


def _still(scroller: QScroller) -> bool:
    return scroller.state() == QScroller.State.Inactive


def test_a_finger_and_a_pen_scroll_the_results_and_a_tap_still_opens_one(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    results = _short_result_list(qtbot, window)
    bar = results.verticalScrollBar()
    scroller = QScroller.scroller(results.viewport())
    middle = results.viewport().rect().center()
    finger_drag(results.viewport(), middle + QPoint(0, 40), middle - QPoint(0, 40))
    # A drag ends with the list coasting on: done once it has come to rest.
    qtbot.waitUntil(lambda: _still(scroller) and bar.value() > 0)
    bar.setValue(0)
    pen_drag(results.viewport(), middle + QPoint(0, 40), middle - QPoint(0, 40))
    qtbot.waitUntil(lambda: _still(scroller) and bar.value() > 0)
    # Dragging opened nothing; a tap (press and lift in place) on the list at rest opens the row.
    assert window.current_view() is window.search_view
    qtbot.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(40, 10))
    qtbot.waitUntil(lambda: window.current_view() is not window.search_view)


@pytest.mark.parametrize("tap", ["finger", "pen"])
def test_a_tap_on_a_coasting_list_stops_it_and_the_next_tap_opens_a_row(qtbot, window, tap: str) -> None:  # type: ignore[no-untyped-def]
    """As on a phone or a tablet: the first tap on a list still moving only stops it (it
    was aimed at a row that moves away under the finger); a tap on the list at rest opens."""
    results = _short_result_list(qtbot, window)
    bar = results.verticalScrollBar()
    scroller = QScroller.scroller(results.viewport())
    # Coasting as after a flick, slowly enough that the tap comes long before its end.
    scroller.scrollTo(QPointF(0, bar.maximum()), 20000)
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Scrolling and bar.value() > 0)
    spot = QPoint(40, 10)

    def tap_once() -> None:
        if tap == "finger":
            QTest.touchEvent(results.viewport(), _TOUCH).press(0, spot, results.viewport()).commit()
            QTest.touchEvent(results.viewport(), _TOUCH).release(0, spot, results.viewport()).commit()
        else:
            qtbot.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=spot)

    with qtbot.assertNotEmitted(window.navigator.location_changed, wait=300):
        tap_once()
    assert _still(scroller)
    stopped = bar.value()
    assert 0 < stopped < bar.maximum()
    assert window.current_view() is window.search_view
    tap_once()
    qtbot.waitUntil(lambda: window.current_view() is not window.search_view)


def test_a_finger_drags_the_comparison_sideways_and_a_column_down(qtbot, six, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    view = _view(qtbot, six, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    view.resize(1046, 320)  # a low window: the columns scroll down
    _open(qtbot, view, "mobilitaet")
    sideways = view.scroll.horizontalScrollBar()
    qtbot.waitUntil(lambda: sideways.maximum() > 0)
    column = view.column_views[0]
    down = column.verticalScrollBar()
    qtbot.waitUntil(lambda: down.maximum() > 0)
    middle = column.viewport().rect().center()
    # Up over a column: that column moves, the row stays.
    reach = column.viewport().height() // 3
    finger_drag(column.viewport(), middle + QPoint(0, reach), middle - QPoint(0, reach))
    qtbot.waitUntil(lambda: down.value() > 0)
    scroller = QScroller.scroller(column.viewport())
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive)
    assert sideways.value() == 0
    # Sideways over a column: the row moves (the column itself has nothing to the side).
    finger_drag(column.viewport(), middle + QPoint(150, 0), middle - QPoint(150, 0))
    qtbot.waitUntil(lambda: sideways.value() > 0)


def test_read_in_programme_is_a_finger_sized_button(qtbot, six, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    navigator = Navigator()
    view = _view(qtbot, six, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), navigator)
    _open(qtbot, view, "sport")
    index = view.shown_programmes().index("brandenburg-spd-2024")
    column = view.column_views[index]
    passages = [p for _title, group in view._shown_columns[index].groups for p in group]
    buttons = column.buttons()
    assert [href for href, _box in buttons] == [f"passage:{p.id}" for p in passages]
    for _href, box in buttons:
        assert box.height() >= theme.TOUCH_TARGET, box
        assert box.width() >= 2 * theme.TOUCH_TARGET, box
    # A tap anywhere in the box opens the passage, its edges too, not only the letters.
    href, box = buttons[0]
    for spot in (box.topLeft() + QPoint(3, 3), box.bottomRight() - QPoint(3, 3)):
        with qtbot.waitSignal(navigator.location_changed, timeout=2000) as signal:
            qtbot.mouseClick(column.viewport(), Qt.MouseButton.LeftButton, pos=spot)
        assert signal.args[0] == Location("passage", href.partition(":")[2])
    # Just outside the box nothing opens.
    with qtbot.assertNotEmitted(navigator.location_changed, wait=300):
        qtbot.mouseClick(column.viewport(), Qt.MouseButton.LeftButton, pos=box.bottomLeft() + QPoint(3, 4))


def test_the_keyboard_on_a_read_button_is_framed(qtbot, six, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    view = _view(qtbot, six, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    _open(qtbot, view, "sport")
    column = view.column_views[view.shown_programmes().index("brandenburg-spd-2024")]
    QApplication.sendEvent(column, QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.TabFocusReason))
    column.setFocus()
    qtbot.waitUntil(column.hasFocus)
    # Tab goes from link to link: the passage's text, then its button.
    for _ in range(2):
        qtbot.keyClick(column, Qt.Key.Key_Tab)
    box = column.focused_button()
    assert box is not None and box == column.buttons()[0][1]
    # The frame is drawn in the highlight colour around the box.
    image = column.viewport().grab().toImage()
    highlight = column.palette().color(column.palette().ColorRole.Highlight)
    edge = box.topLeft() + QPoint(2, box.height() // 2)
    assert image.pixelColor(edge) == highlight
    # The button opens with Enter.
    with qtbot.waitSignal(column.anchorClicked, timeout=2000) as signal:
        qtbot.keyClick(column, Qt.Key.Key_Return)
    assert signal.args[0].toString() == column.buttons()[0][0]
