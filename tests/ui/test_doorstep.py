"""The doorstep mode: one card full-screen in very large type, next and previous one key away, Esc leaves."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from canvass_app.ui.doorstep import MIN_PX, fit_size
from canvass_app.ui.navigation import Location
from canvass_app.ui.passage_html import Colors


def test_open_a_card_then_page_through_at_the_door(qtbot, real_window, library) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    win.navigator.open(Location("card", "glasfaser"))
    qtbot.waitUntil(lambda: win.card_view.entry is not None and win.card_view.entry.id == "glasfaser", timeout=20000)
    order = win.card_view.visible_ids()
    start = order.index("glasfaser")
    assert start + 2 < len(order)

    qtbot.keyClick(win, Qt.Key.Key_F11)
    door = win.doorstep_view
    qtbot.waitUntil(lambda: win.current_view() is door and door.entry is not None)
    assert win.isFullScreen()
    assert win.menuBar().isHidden() and win.sidebar.isHidden() and win.toolbar.isHidden()
    assert door.hasFocus()
    assert library.content.card("glasfaser").question in door.text.toPlainText()
    assert f"Karte {start + 1} von {len(order)}" in door.footer.text()

    qtbot.keyClick(door, Qt.Key.Key_Right)
    assert door.card_id == order[start + 1]
    assert library.content.card(order[start + 1]).question in door.text.toPlainText()
    qtbot.keyClick(door, Qt.Key.Key_Space)
    assert door.card_id == order[start + 2]
    qtbot.keyClick(door, Qt.Key.Key_Left)
    assert door.card_id == order[start + 1]
    qtbot.keyClick(door, Qt.Key.Key_PageDown)
    assert door.card_id == order[start + 2]
    qtbot.keyClick(door, Qt.Key.Key_PageUp)
    assert door.card_id == order[start + 1]
    # Paging is not history, the location follows.
    assert win.navigator.current == Location("doorstep", order[start + 1])

    qtbot.keyClick(door, Qt.Key.Key_Escape)
    assert win.current_view() is win.card_view
    assert win.card_view.entry.id == order[start + 1]  # back on the card shown last
    assert not win.isFullScreen()
    assert not win.menuBar().isHidden() and not win.sidebar.isHidden() and not win.toolbar.isHidden()


def test_the_doorstep_type_is_very_large(qtbot, real_window) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    win.resize(1200, 800)
    win.navigator.open(Location("doorstep", "glasfaser"))
    door = win.doorstep_view
    qtbot.waitUntil(lambda: door.entry is not None, timeout=20000)
    # Far above the window's reading size (about 12 pt = 16 px).
    assert door.px >= 2 * 12
    assert door.px >= MIN_PX


def test_the_first_and_last_card_stop_and_say_so(qtbot, real_window) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    win.navigator.open(Location("card", ""))
    qtbot.waitUntil(lambda: win.card_view.entry is not None, timeout=20000)
    first = win.card_view.visible_ids()[0]
    win.navigator.open(Location("doorstep", first))
    door = win.doorstep_view
    qtbot.keyClick(door, Qt.Key.Key_Left)
    assert door.card_id == first
    assert "erste Karte" in win.statusBar().currentMessage()
    qtbot.keyClick(door, Qt.Key.Key_End)
    assert door.card_id == win.card_view.visible_ids()[-1]


def test_closing_in_doorstep_mode_keeps_the_normal_layout(qtbot, library) -> None:  # type: ignore[no-untyped-def]
    from canvass_app.ui.main_window import MainWindow

    win = MainWindow(library)
    qtbot.addWidget(win)
    win.show()
    win.navigator.open(Location("doorstep", "glasfaser"))
    qtbot.waitUntil(lambda: win.doorstep_view.entry is not None, timeout=20000)
    assert win.sidebar.isHidden()
    win.close()
    again = MainWindow(library)
    qtbot.addWidget(again)
    again.show()
    assert not again.sidebar.isHidden()
    assert not again.menuBar().isHidden()


def test_a_longer_card_gets_smaller_type_but_fits(qtbot, real_window, library) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    win.card_catalogue.load()
    qtbot.waitUntil(lambda: win.card_catalogue.is_loaded, timeout=20000)
    entries = win.card_catalogue.entries
    by_length = sorted(entries, key=lambda e: len(e.card.tip) + sum(len(a.summary) for a in e.answers))
    short, long = by_length[0], by_length[-1]
    short_px, _ = fit_size(short, Colors(), 1000, 700)
    long_px, _ = fit_size(long, Colors(), 1000, 700)
    assert short_px >= long_px >= MIN_PX


@pytest.mark.parametrize("view", ["card", "doorstep", "card-edit"])
def test_screenshot_scenes(qtbot, library, tmp_path, view: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QImage

    from canvass_app.ui.main_window import MainWindow
    from canvass_app.ui.screenshot import render, view_names

    assert view in view_names()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(library, settings=settings)
    qtbot.addWidget(win)
    path = render(win, tmp_path / f"{view}.png", view, "glasfaser", (1000, 700))
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1000, 700)
    if view == "doorstep":
        assert win.doorstep_view.card_id == "glasfaser" and win.menuBar().isHidden()
    elif view == "card":
        assert win.card_view.entry.id == "glasfaser"
    else:
        assert win.card_editor.card_id == "glasfaser"
    win.close()


def test_f11_on_a_card_found_by_the_search_takes_that_card_to_the_door(qtbot, real_window, library) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    view = win.search_view
    qtbot.keyClicks(view.field, "Reparaturpraemie")
    qtbot.waitUntil(lambda: view.model.rowCount() > 0 and view.model.row_at(0).kind == "card", timeout=20000)
    assert view.model.row_at(0).id == "reparaturpraemie"
    qtbot.keyClick(view.field, Qt.Key.Key_F11)
    door = win.doorstep_view
    qtbot.waitUntil(lambda: win.current_view() is door and door.entry is not None)
    assert door.card_id == "reparaturpraemie"
    assert library.content.card("reparaturpraemie").question in door.text.toPlainText()


def _most_quoted(win):  # type: ignore[no-untyped-def]
    return max(win.card_catalogue.entries, key=lambda e: sum(len(a.citations) for a in e.answers if a.on_card))


def test_touch_controls_leave_and_page_without_a_keyboard(qtbot, real_window) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    win.navigator.open(Location("card", ""))
    qtbot.waitUntil(lambda: win.card_view.entry is not None, timeout=20000)
    order = win.card_view.visible_ids()
    win.navigator.open(Location("doorstep", order[-2]))
    door = win.doorstep_view
    qtbot.waitUntil(lambda: door.entry is not None and door.next_button.isVisible())
    for button in (door.close_button, door.previous_button, door.next_button):
        assert button.isVisible() and button.height() >= 64 and button.width() >= 96
    qtbot.mouseClick(door.next_button, Qt.MouseButton.LeftButton)
    assert door.card_id == order[-1]
    assert "letzte Karte" in door.footer.text()
    assert not door.next_button.isEnabled()
    qtbot.mouseClick(door.previous_button, Qt.MouseButton.LeftButton)
    assert door.card_id == order[-2]
    assert "letzte Karte" not in door.footer.text()
    qtbot.mouseClick(door.close_button, Qt.MouseButton.LeftButton)
    assert win.current_view() is win.card_view
    assert not win.isFullScreen()


def test_a_swipe_pages_and_a_drag_does_not(qtbot, real_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    win = real_window
    win.navigator.open(Location("card", ""))
    qtbot.waitUntil(lambda: win.card_view.entry is not None, timeout=20000)
    order = win.card_view.visible_ids()
    win.navigator.open(Location("doorstep", order[1]))
    door = win.doorstep_view
    qtbot.waitUntil(lambda: door.entry is not None)
    viewport = door.text.viewport()
    middle = viewport.rect().center()

    def drag(dx: int, dy: int) -> None:
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=middle)
        qtbot.mouseMove(viewport, middle + QPoint(dx // 2, dy // 2))
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=middle + QPoint(dx, dy))

    drag(-200, 10)  # swipe left: the next card
    assert door.card_id == order[2]
    drag(200, -5)  # swipe right: back
    assert door.card_id == order[1]
    drag(30, 150)  # mostly vertical: scrolling, not paging
    assert door.card_id == order[1]


def test_every_quote_is_shown_large_enough_even_on_a_small_tablet(qtbot, real_window) -> None:  # type: ignore[no-untyped-def]
    import re

    from canvass_app.ui.doorstep import QUOTE_RATIO, doorstep_html

    win = real_window
    win.card_catalogue.load()
    qtbot.waitUntil(lambda: win.card_catalogue.is_loaded, timeout=20000)
    entry = _most_quoted(win)
    quotes = [c.quote for a in entry.answers if a.on_card and not a.silent for c in a.citations]
    assert len(quotes) >= 2
    win.showNormal()
    win.resize(1024, 600)
    win.navigator.open(Location("doorstep", entry.id))
    door = win.doorstep_view
    qtbot.waitUntil(lambda: door.entry is not None and door.entry.id == entry.id)
    shown = " ".join(door.text.toPlainText().split())
    for quote in quotes:
        assert " ".join(quote.split()) in shown
    assert QUOTE_RATIO >= 0.6
    html = doorstep_html(entry, Colors(), door.px)
    body = door.px
    sizes = [int(s) for s in re.findall(r"font-size:(\d+)px", html)]
    assert sizes and min(sizes) >= 0.6 * body


def test_f11_on_a_topic_takes_a_card_of_that_topic(qtbot, real_window, library) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    win.card_catalogue.load()
    qtbot.waitUntil(lambda: win.card_catalogue.is_loaded, timeout=20000)
    # First some other card was open: F11 from the topic must not take that one.
    entries = win.card_catalogue.entries
    topic = next(t for e in entries for t in e.card.topics if e.id != entries[0].id and t not in entries[0].topic_family)
    win.navigator.open(Location("card", entries[0].id))
    qtbot.waitUntil(lambda: win.card_view.entry is not None and win.card_view.entry.id == entries[0].id)
    win.navigator.open(Location("topic", topic))
    qtbot.keyClick(win, Qt.Key.Key_F11)
    door = win.doorstep_view
    qtbot.waitUntil(lambda: win.current_view() is door and door.entry is not None)
    assert topic in door.entry.topic_family
