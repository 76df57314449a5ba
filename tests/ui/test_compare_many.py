"""Comparing a topic across seven imported real programmes and the two bundled chapters."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt, QUrl
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication

from canvass_app.library import Library
from canvass_app.ui.compare_view import COLUMN_CHARS, HIDDEN_KEY, SILENT, CompareView
from canvass_app.ui.navigation import Location, Navigator
from canvass_app.ui.tasks import TaskRunner
from tests.fixtures.glmp import PROGRAMMES, UNSEEN, import_all

# The imported real programmes (import_all leaves the unseen blind set out) and the two bundled chapters.
TOTAL = len(PROGRAMMES) - len(UNSEEN) + 2


@pytest.fixture(scope="module")
def six(tmp_path_factory) -> Library:  # type: ignore[no-untyped-def]
    library = Library(tmp_path_factory.mktemp("six"))
    import_all(library)
    return library


def _view(qtbot, library: Library, settings: QSettings, navigator: Navigator | None = None) -> CompareView:  # type: ignore[no-untyped-def]
    view = CompareView(library, navigator or Navigator(), TaskRunner(), lambda _m: None)
    view.set_settings(settings)
    qtbot.addWidget(view)
    view.resize(1046, 700)  # 1366 minus the sidebar
    view.show()
    return view


def _open(qtbot, view: CompareView, topic: str) -> None:  # type: ignore[no-untyped-def]
    view.show_location(Location("topic", topic))
    qtbot.waitUntil(lambda: view.comparison is not None and view.comparison.topic_id == topic, timeout=10000)
    # Columns out of sight are filled between events.
    qtbot.waitUntil(lambda: not view.filling, timeout=10000)


def test_all_programmes_side_by_side_in_readable_columns(qtbot, six, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    view = _view(qtbot, six, settings)
    _open(qtbot, view, "mobilitaet")
    programmes = six.corpus.programmes()
    assert len(programmes) == TOTAL >= 8
    shown = view.shown_programmes()
    assert sorted(shown) == sorted(p.id for p in programmes)
    # Those that say something first, the silent ones last.
    silent = view.silent_programmes()
    assert silent and shown[-len(silent):] == silent
    visible = [b for b in view.column_views if not b.isHidden()]
    assert len(visible) == TOTAL
    readable = view.fontMetrics().averageCharWidth() * COLUMN_CHARS
    assert all(b.width() >= readable for b in visible)
    # Eight or more readable columns do not fit 1046 pixels: the row scrolls sideways.
    qtbot.waitUntil(lambda: view.scroll.horizontalScrollBar().maximum() > 0)
    texts = {pid: b.toPlainText() for pid, b in zip(shown, visible, strict=True)}
    assert "Radwegekonzepts" in texts["brandenburg-spd-2024"]
    assert "Im Programm lesen ›" in texts["brandenburg-spd-2024"]


def test_a_silent_imported_programme_is_said_to_be_silent(qtbot, six, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    view = _view(qtbot, six, settings)
    _open(qtbot, view, "sport")
    silent = view.silent_programmes()
    assert "alzey-fdp-2024" in silent and "brandenburg-spd-2024" not in silent
    assert view.summary.text() == f"{TOTAL - len(silent)} von {TOTAL} Programmen sagen etwas dazu."
    index = view.shown_programmes().index("alzey-fdp-2024")
    assert SILENT in view.column_views[index].toPlainText()
    assert SILENT in view.column_views[index].accessibleName()
    # A bundled economy chapter is silent on sport only in its chapter.
    index = view.shown_programmes().index("gruene-dortmund-2025-wirtschaft")
    assert "Dazu steht nichts im Kapitel „Wirtschaft“." in view.column_views[index].toPlainText()


def test_chosen_programmes_are_remembered(qtbot, six, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    view = _view(qtbot, six, settings)
    _open(qtbot, view, "wohnen")
    assert view.picker.text() == f"Programme: {TOTAL} von {TOTAL} ▾"
    view.picker.set_shown("alzey-fdp-2024", False)
    view.picker.set_shown("spd-dortmund-2020-wirtschaft", False)
    assert "alzey-fdp-2024" not in view.shown_programmes()
    assert len([b for b in view.column_views if not b.isHidden()]) == TOTAL - 2
    assert view.picker.text() == f"Programme: {TOTAL - 2} von {TOTAL} ▾"
    assert sorted(settings.value(HIDDEN_KEY)) == ["alzey-fdp-2024", "spd-dortmund-2020-wirtschaft"]
    # A new view over the same settings starts with the same choice.
    again = _view(qtbot, six, settings)
    _open(qtbot, again, "wohnen")
    assert "alzey-fdp-2024" not in again.shown_programmes() and len(again.shown_programmes()) == TOTAL - 2
    again.picker.show_all()
    assert len(again.shown_programmes()) == TOTAL and not settings.value(HIDDEN_KEY)


def test_tab_reaches_every_column_and_scrolls_it_into_view(qtbot, six, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    view = _view(qtbot, six, settings)
    _open(qtbot, view, "mobilitaet")
    last = [b for b in view.column_views if not b.isHidden()][-1]
    qtbot.waitUntil(lambda: view.scroll.horizontalScrollBar().maximum() > 0 and last.x() > view.width())
    assert view.scroll.horizontalScrollBar().value() == 0
    # What Tab delivers to the column (sent directly: an offscreen window may never
    # become active, and only the active window gets focus events).
    QApplication.sendEvent(last, QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.TabFocusReason))
    assert view.scroll.horizontalScrollBar().value() > 0
    # The whole column comes into sight, not only its text cursor at the left edge.
    viewport = view.scroll.viewport()
    for browser in (last, view.column_views[0], view.column_views[len(view.shown_programmes()) // 2]):
        QApplication.sendEvent(browser, QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.TabFocusReason))
        left = browser.mapTo(viewport, browser.rect().topLeft()).x()
        assert left >= 0 and left + browser.width() <= viewport.width(), (left, browser.width(), viewport.width())
    # Every column takes the keyboard focus.
    assert all(b.focusPolicy() & Qt.FocusPolicy.TabFocus for b in view.column_views)


def test_a_passage_opens_in_its_programme(qtbot, six, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    navigator = Navigator()
    view = _view(qtbot, six, settings, navigator)
    _open(qtbot, view, "sport")
    index = view.shown_programmes().index("brandenburg-spd-2024")
    column = view._shown_columns[index]
    passage = column.groups[0][1][0]
    with qtbot.waitSignal(navigator.location_changed) as signal:
        view.column_views[index].anchorClicked.emit(QUrl(f"passage:{passage.id}"))
    assert signal.args[0] == Location("passage", passage.id)


def test_columns_out_of_sight_are_filled_later_and_at_once_when_scrolled_to(qtbot, six, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    view = _view(qtbot, six, settings)
    library, topic = six, "mobilitaet"
    from canvass_app.ui.compare_view import load_comparison

    comparison = load_comparison(library, topic)
    view._requested = topic
    view._render(comparison)
    # Right after rendering: the columns in sight have their text, the row its full width.
    first = view.column_views[0]
    assert not first.isHidden() and "Im Programm lesen" in first.toPlainText()
    qtbot.waitUntil(lambda: view.scroll.horizontalScrollBar().maximum() > 0)
    assert view.row.minimumWidth() >= TOTAL * first.width()
    last = len(view.shown_programmes()) - 1
    if view.filling:
        # Scrolled to the end before the filling got there: the last column has its text at once.
        view.scroll.horizontalScrollBar().setValue(view.scroll.horizontalScrollBar().maximum())
        assert view.column_views[last].toPlainText()
    qtbot.waitUntil(lambda: not view.filling, timeout=10000)
    assert all(b.toPlainText() and not b.isHidden() for b in view.column_views[: last + 1])
    # Another topic reuses the widgets.
    made = list(view.column_views)
    view._requested = "sport"
    view._render(load_comparison(library, "sport"))
    qtbot.waitUntil(lambda: not view.filling, timeout=10000)
    assert view.column_views[: len(made)] == made


def test_a_hidden_comparison_fills_its_columns_only_once_shown_again(qtbot, six, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Another view in front: the rest of the columns wait instead of taking its event loop turns."""
    from canvass_app.ui.compare_view import load_comparison

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    view = _view(qtbot, six, settings)
    comparison = load_comparison(six, "mobilitaet")
    view._requested = "mobilitaet"
    view.hide()
    view._render(comparison)
    qtbot.wait(100)
    assert view._unfilled == set(range(len(view.shown_programmes())))  # nothing made while hidden
    assert not view.filling  # nothing to wait for while it is not shown
    view.show()
    qtbot.waitUntil(lambda: not view.filling, timeout=10000)
    assert not view._unfilled
    assert all(b.toPlainText() for b in view.column_views[: len(view.shown_programmes())])


def test_the_programme_menu_stays_open_while_ticking(qtbot, six, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    view = _view(qtbot, six, settings)
    assert view.picker.isHidden()  # no empty button before a topic is chosen
    _open(qtbot, view, "mobilitaet")
    assert view.picker.isVisible()
    menu = view.picker.menu_
    menu.popup(view.picker.mapToGlobal(view.picker.rect().bottomLeft()))
    qtbot.waitUntil(menu.isVisible)
    ticks = [a for a in menu.actions() if a.isCheckable()]
    # A click takes one programme out, and the menu stays for the next.
    first = menu.actionGeometry(ticks[0]).center()
    qtbot.mouseMove(menu, first)
    menu.setActiveAction(ticks[0])
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=first)
    assert not ticks[0].isChecked() and menu.isVisible()
    # Space on the keyboard does the same.
    menu.setActiveAction(ticks[1])
    qtbot.keyClick(menu, Qt.Key.Key_Space)
    assert not ticks[1].isChecked() and menu.isVisible()
    assert len(view.shown_programmes()) == TOTAL - 2
    assert view.picker.text() == f"Programme: {TOTAL - 2} von {TOTAL} ▾"
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not menu.isVisible())
