"""The fused answer that arrives when typing pauses keeps what the user did with the list meanwhile.

A person who scrolled, flicked or moved to a hit right after typing must not see the list jump
back: the hit moved to stays selected where it was on screen, a scrolled list keeps the hit at
its top in view, and only an untouched list shows the new order from the top.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from canvass_app.ui import search_view as search_view_module
from canvass_app.ui.search_model import ResultRow, SearchOutcome
from tests.ui.fakes import FakeCorpus

# Long snippets so that the nine passages of the fake corpus fill more than a screen.
FILLER = " ".join(["Gute Arbeit braucht faire Löhne, sichere Verträge und Weiterbildung."] * 16)


class LateFusedSearch:
    """Words answer at once; the fused answer (another order) only when the test releases it."""

    def __init__(self) -> None:
        self.fused_asked = threading.Event()
        self.release = threading.Event()

    def __call__(self, library, query, programmes=(), topic=None, limit=30, dense=False):  # type: ignore[no-untyped-def]
        passages = FakeCorpus().passages()
        rows = [
            ResultRow("passage", p.id, f"<b>{query}</b> {i}: {FILLER}", p.full_text, party="SPD", year=2020)
            for i, p in enumerate(passages)
        ]
        if dense:
            self.fused_asked.set()
            assert self.release.wait(10), "the test never released the fused answer"
            rows.reverse()  # the fused ranking orders the same passages differently
        return SearchOutcome(query, tuple(rows), None, fused=dense)


@pytest.fixture
def late(monkeypatch) -> Iterator[LateFusedSearch]:  # type: ignore[no-untyped-def]
    search = LateFusedSearch()
    monkeypatch.setattr(search_view_module, "run_search", search)
    yield search
    search.release.set()  # never leave a worker waiting


def _typed(qtbot, window, late: LateFusedSearch):  # type: ignore[no-untyped-def]
    window.resize(1366, 768)
    view = window.search_view
    qtbot.keyClicks(window.search_field, "arbeit")
    qtbot.waitUntil(lambda: view.model.query == "arbeit" and view.model.rowCount() == 9)
    bar = view.list.verticalScrollBar()
    # All rows measured (a few per event), so the list can scroll its full length.
    qtbot.waitUntil(lambda: not view.list.rectForIndex(view.model.index(8)).isEmpty())
    qtbot.waitUntil(lambda: bar.maximum() > 2 * view.list.viewport().height() // 3)
    return view


def _fused(qtbot, view, late: LateFusedSearch) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(late.fused_asked.is_set, timeout=5000)
    first = view.model.row_at(0).id
    late.release.set()
    qtbot.waitUntil(lambda: view.settled and view.model.row_at(0).id != first)


def _top(view):  # type: ignore[no-untyped-def]
    """The hit at the top of the viewport and where its row starts, relative to it."""
    viewport = view.list.viewport().rect()
    index = view.list.indexAt(QPoint(viewport.center().x(), 0))
    return view.model.row_at(index.row()).id, view.list.visualRect(index).top()


def _wheel(view, notches: int) -> None:  # type: ignore[no-untyped-def]
    viewport = view.list.viewport()
    where = QPointF(viewport.rect().center())
    event = QWheelEvent(
        where, QPointF(viewport.mapToGlobal(where.toPoint())), QPoint(0, 0), QPoint(0, -120 * notches),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )
    QApplication.sendEvent(viewport, event)


def test_a_scrolled_list_keeps_the_hit_at_its_top_in_view(qtbot, window, late) -> None:  # type: ignore[no-untyped-def]
    view = _typed(qtbot, window, late)
    bar = view.list.verticalScrollBar()
    _wheel(view, 3)
    qtbot.waitUntil(lambda: bar.value() > 0)
    top_id, offset = _top(view)
    assert top_id != view.model.row_at(0).id, "the wheel scrolled past the first hit"
    at_once: list[tuple[str, int]] = []
    view.results_shown.connect(lambda _query: at_once.append(_top(view)))
    _fused(qtbot, view, late)
    assert _top(view) == (top_id, offset), "the hit the user scrolled to stays where it was"
    assert at_once == [(top_id, offset)], "already in place when the list is replaced, never first at the top"
    assert view.model.row_at(0).id != top_id, "the fused order is shown (the hit moved in the list)"


def test_the_hit_moved_to_stays_selected_in_place_and_enter_opens_it(qtbot, window, late) -> None:  # type: ignore[no-untyped-def]
    view = _typed(qtbot, window, late)
    for _ in range(2):
        qtbot.keyClick(window.search_field, Qt.Key.Key_Down)
    chosen = view.model.row_at(view.list.currentIndex().row()).id
    place = view.list.visualRect(view.list.currentIndex()).top()
    value = view.list.verticalScrollBar().value()
    _fused(qtbot, view, late)
    current = view.list.currentIndex()
    assert view.model.row_at(current.row()).id == chosen
    assert current.row() != 2, "the hit moved in the fused order"
    assert view.list.visualRect(current).top() == place, "the selected hit stays where it was on screen"
    assert view.list.verticalScrollBar().value() != value or place < 0
    assert window.search_field.hasFocus(), "typing can go on"
    qtbot.keyClick(window.search_field, Qt.Key.Key_Down)  # the next hit in the new order
    assert view.list.currentIndex().row() == current.row() + 1
    qtbot.keyClick(window.search_field, Qt.Key.Key_Up)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.navigator.current is not None and view.navigator.current.kind == "passage")
    assert view.navigator.current.target == chosen


def test_an_untouched_list_shows_the_new_order_from_the_top(qtbot, window, late) -> None:  # type: ignore[no-untyped-def]
    view = _typed(qtbot, window, late)
    first = view.model.row_at(0).id
    _fused(qtbot, view, late)
    assert view.list.currentIndex().row() == 0
    assert view.model.row_at(0).id != first
    assert view.list.verticalScrollBar().value() == 0
    viewport = view.list.viewport().rect()
    qtbot.waitUntil(lambda: view.list.indexAt(QPoint(viewport.center().x(), 0)).isValid())  # rows measured
    assert _top(view)[0] == view.model.row_at(0).id


def test_a_flick_still_moving_the_list_is_not_reordered_under_the_finger(qtbot, window, late) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QScroller

    view = _typed(qtbot, window, late)
    scroller = QScroller.scroller(view.list.viewport())
    bar = view.list.verticalScrollBar()
    first = view.model.row_at(0).id
    # A flick coasting on, to a place the hit at its top can keep in the reversed order.
    scroller.scrollTo(QPointF(0, bar.maximum() - 10), 3000)
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Scrolling)
    qtbot.waitUntil(late.fused_asked.is_set, timeout=5000)
    late.release.set()
    qtbot.waitUntil(lambda: not view._in_flight)
    assert scroller.state() == QScroller.State.Scrolling, "the flick outlasted the search"
    assert view.model.row_at(0).id == first and not view.settled, "held back while the list moves"
    qtbot.waitUntil(lambda: bar.value() >= bar.maximum() - 120, timeout=5000)
    assert scroller.state() == QScroller.State.Scrolling
    top = _top(view)
    scroller.stop()  # the finger stops the list (no event in between moves it)
    qtbot.waitUntil(lambda: view.settled)
    assert view.model.row_at(0).id != first, "the fused order is shown once the list stands still"
    kept = next(i for i in range(view.model.rowCount()) if view.model.row_at(i).id == top[0])
    assert view.list.visualRect(view.model.index(kept)).intersects(view.list.viewport().rect()), (
        "the hit at the top when the flick stopped is still in view"
    )


def test_screenshots_before_and_after_the_late_answer(qtbot, window, late, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    view = _typed(qtbot, window, late)
    _wheel(view, 3)
    qtbot.waitUntil(lambda: view.list.verticalScrollBar().value() > 0)
    out = os.environ.get("CANVASS_SHOTS") or str(tmp_path)
    assert window.grab().save(os.path.join(out, "search-before-fused.png"))
    top = _top(view)
    _fused(qtbot, view, late)
    assert window.grab().save(os.path.join(out, "search-after-fused.png"))
    assert _top(view) == top


class ManyNewFused(LateFusedSearch):
    """Thirty hits; the fused answer has them in the reverse order, each with a snippet of its
    own (so none of its rows was measured before)."""

    def __call__(self, library, query, programmes=(), topic=None, limit=30, dense=False):  # type: ignore[no-untyped-def]
        found = "fused" if dense else "words"
        rows = [
            ResultRow("passage", f"hit-{i}", f"<b>{query}</b> {found} {i}: {FILLER[: 300 + 40 * (i % 7)]}",
                      "", party="SPD", year=2020)
            for i in range(30)
        ]
        if dense:
            self.fused_asked.set()
            assert self.release.wait(10), "the test never released the fused answer"
            rows.reverse()
        return SearchOutcome(query, tuple(rows), None, fused=dense)


def test_keeping_the_place_measures_the_rows_in_view_not_every_hit(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    search = ManyNewFused()
    monkeypatch.setattr(search_view_module, "run_search", search)
    try:
        window.resize(1366, 768)
        view = window.search_view
        qtbot.keyClicks(window.search_field, "arbeit")
        qtbot.waitUntil(lambda: view.model.query == "arbeit" and view.model.rowCount() == 30)
        qtbot.waitUntil(lambda: not view.list.rectForIndex(view.model.index(29)).isEmpty())
        bar = view.list.verticalScrollBar()
        _wheel(view, 3)
        qtbot.waitUntil(lambda: bar.value() > 0)
        measured: list[str] = []
        layout = view.delegate._layout
        monkeypatch.setattr(view.delegate, "_layout", lambda *a, **k: measured.append(a[0].id) or layout(*a, **k))
        at_once: list[tuple[int, set[int]]] = []
        shown = lambda: {i for i in range(30) if view.list.visualRect(view.model.index(i)).intersects(view.list.viewport().rect())}  # noqa: E731
        view.results_shown.connect(lambda _q: at_once.append((len(measured), shown())))
        qtbot.waitUntil(search.fused_asked.is_set, timeout=5000)
        search.release.set()
        qtbot.waitUntil(lambda: view.settled and view.model.row_at(0).id == "hit-29")
        top = _top(view)
        count, in_view = at_once[0]
        # The rows in view (and the selected one, drawn selected), not thirty.
        assert in_view and count <= len(in_view) + 2 < 30, (count, in_view, measured)
        # The others are measured a few per event afterwards, the list kept where it is.
        qtbot.waitUntil(lambda: not view.delegate.estimated)
        assert len(measured) >= 30
        assert _top(view) == top
        option = QStyleOptionViewItem()
        view.list.initViewItemOption(option)
        bottom = 0
        for i in range(30):
            rect = view.list.rectForIndex(view.model.index(i))
            assert rect.top() == bottom and rect.height() == view.delegate.sizeHint(option, view.model.index(i)).height()
            bottom = rect.bottom() + 1
    finally:
        search.release.set()
