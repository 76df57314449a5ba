"""A trainer compares six imported programmes at 1024×600 and 1366×768: whole readable columns,
a hint what is in sight and what waits to the right (in the overview too), and the keyboard walks the columns."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from canvass_app.library import Library
from canvass_app.ui.compare_view import COLUMN_CHARS, HIDDEN_KEY, CompareView
from canvass_app.ui.main_window import MainWindow
from canvass_app.ui.navigation import Location
from tests.fixtures.glmp import PROGRAMMES, import_all

SIX = [p[0] for p in PROGRAMMES[:6]]


@pytest.fixture(scope="module")
def six_only(tmp_path_factory) -> Library:  # type: ignore[no-untyped-def]
    library = Library(tmp_path_factory.mktemp("six-only"))
    import_all(library, only=SIX)
    return library


def compare_at(qtbot, library: Library, tmp_path: Path, size: tuple[int, int]) -> tuple[MainWindow, CompareView]:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    # The two bundled chapters are taken out: six programmes side by side, as a trainer has them.
    bundled = [p.id for p in library.corpus.programmes() if p.id not in SIX]
    settings.setValue(HIDDEN_KEY, bundled)
    win = MainWindow(library, settings=settings)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    win.navigator.open(Location("topic", "mobilitaet"))
    view = win.compare_view
    qtbot.waitUntil(lambda: view.comparison is not None and view.comparison.topic_id == "mobilitaet", timeout=10000)
    qtbot.waitUntil(lambda: not view.filling, timeout=10000)
    assert sorted(view.shown_programmes()) == sorted(SIX)
    return win, view


def whole_in_sight(view: CompareView) -> list[int]:
    """The columns that stand whole inside the scrolled view, by their real place on the screen."""
    viewport = view.scroll.viewport()
    shown = []
    for i, browser in enumerate(view.column_views[: len(view.shown_programmes())]):
        left = browser.mapTo(viewport, browser.rect().topLeft()).x()
        if left >= 0 and left + browser.width() <= viewport.width():
            shown.append(i)
    return shown


@pytest.mark.parametrize("size", [(1024, 600), (1366, 768)])
def test_six_programmes_fit_as_many_readable_columns_as_there_is_room_for(qtbot, six_only, tmp_path, size) -> None:  # type: ignore[no-untyped-def]
    _win, view = compare_at(qtbot, six_only, tmp_path, size)
    readable = view.fontMetrics().averageCharWidth() * COLUMN_CHARS
    columns = view.column_views[:6]
    assert all(b.width() >= readable and not b.isHidden() for b in columns)
    room = view.scroll.viewport().width()
    spacing = view.row_layout.spacing()
    fits = (room + spacing) // (readable + spacing)
    assert 1 <= fits < 6
    # As many whole columns as fit are in sight, and they fill the room: no sliver at the edge.
    assert whole_in_sight(view) == list(range(fits))
    assert view.columns_in_sight() == (0, fits, 6 - fits)
    assert fits * columns[0].width() + (fits - 1) * spacing >= room - fits
    # The user is told what is shown and that more waits to the right.
    assert view.hint.isVisible()
    assert view.hint.text() == f"Spalten 1–{fits} von 6 · {6 - fits} weitere rechts"
    assert not view.prev_button.isEnabled() and view.next_button.isEnabled()
    hint_box = view.hint.geometry()
    assert view.hint.sizeHint().width() <= hint_box.width()  # the whole hint, not cut
    assert hint_box.right() < view.prev_button.geometry().left()
    assert view.next_button.geometry().right() <= view.width()
    # The names of the programmes off to the right are a hover away.
    off_names = [f"{c.party} {c.year}" for c in (view._shown_columns[i].programme for i in range(fits, 6))]
    assert off_names and all(html.escape(name) in view.hint.toolTip() for name in off_names)

    # The › button brings in the next column whole, one at a time.
    view.next_button.click()
    assert whole_in_sight(view) == list(range(1, fits + 1))
    assert view.hint.text().startswith(f"Spalten 2–{fits + 1} von 6 · 1 links")
    assert view.prev_button.isEnabled()
    view.prev_button.click()
    assert whole_in_sight(view) == list(range(fits))


@pytest.mark.parametrize("size", [(1024, 600), (1366, 768)])
def test_the_arrow_keys_walk_the_columns_with_a_visible_focus(qtbot, six_only, tmp_path, size) -> None:  # type: ignore[no-untyped-def]
    _win, view = compare_at(qtbot, six_only, tmp_path, size)
    first = view.column_views[0]
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    for i in range(1, 6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
        browser = view.column_views[i]
        assert browser.hasFocus()
        assert i in whole_in_sight(view), (i, whole_in_sight(view))
    assert view.scroll.horizontalScrollBar().value() == view.scroll.horizontalScrollBar().maximum()
    left, shown, right = view.columns_in_sight()
    assert right == 0 and left == 6 - shown
    assert view.hint.text() == f"Spalten {left + 1}–6 von 6 · {left} links"
    assert not view.next_button.isEnabled()
    # Right at the last column stays there; left walks back and scrolls back.
    qtbot.keyClick(view.column_views[5], Qt.Key.Key_Right)
    assert view.column_views[5].hasFocus()
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)
    assert first.hasFocus() and view.scroll.horizontalScrollBar().value() == 0
    # The focused column is framed in the highlight colour, the others are not.
    qtbot.wait(50)
    highlight = view.palette().color(QPalette.ColorRole.Highlight)

    def edge(widget) -> QColor:  # type: ignore[no-untyped-def]
        image = widget.grab().toImage()
        return image.pixelColor(1, image.height() // 2)

    assert edge(first) == highlight
    assert edge(view.column_views[1]) != highlight


@pytest.mark.parametrize("size", [(1024, 600), (1366, 768)])
def test_the_overview_says_how_many_programmes_wait_to_the_right(qtbot, six_only, tmp_path, size) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    win = MainWindow(six_only, settings=settings)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    win.navigator.open(Location("overview", ""))
    view = win.overview_view
    qtbot.waitUntil(lambda: view.model.columnCount() == 8, timeout=10000)  # six and the two bundled chapters
    qtbot.wait(50)
    left, shown, right = view.columns_in_sight()
    assert left == 0 and 1 <= shown < 8 and right == 8 - shown
    assert view.hint.isVisible() and view.hint.text() == f"Spalten 1–{shown} von 8 · {right} weitere rechts"
    qtbot.waitUntil(lambda: view.hint.sizeHint().width() <= view.hint.width())  # whole, once laid out
    # The arrow keys walk to the last programme; the hint follows.
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(0, 0))
    for _ in range(7):
        qtbot.keyClick(view.table, Qt.Key.Key_Right)
    left, shown, right = view.columns_in_sight()
    assert right == 0 and left > 0
    assert view.hint.text() == f"Spalten {left + 1}–8 von 8 · {left} links"
