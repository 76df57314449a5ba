"""Meaning-only hits: added when typing pauses, shown below the others under their own label."""

from __future__ import annotations

from canvass_app.ui.search_model import MEANING_LABEL
from canvass_app.ui.search_view import PAUSE_MS


def _rows(window):  # type: ignore[no-untyped-def]
    model = window.search_view.model
    return [model.row_at(i) for i in range(model.rowCount())]


def test_keystrokes_are_lexical_and_the_pause_adds_meaning_hits_below(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    search = window.search_view.library.search
    qtbot.keyClicks(window.search_field, "arbeit")
    qtbot.waitUntil(lambda: window.search_view.model.query == "arbeit")
    lexical = _rows(window)
    assert lexical and all(r.match == "words" for r in lexical)
    assert search.dense_flags and search.dense_flags[0] is False, "a keystroke searches by words"
    qtbot.waitUntil(lambda: any(r.match == "meaning" for r in _rows(window)), timeout=PAUSE_MS * 10)
    assert search.dense_flags[-1] is True
    rows = _rows(window)
    words = [r for r in rows if r.match == "words"]
    meaning = [r for r in rows if r.match == "meaning"]
    assert rows == words + meaning, "meaning-only hits come below every word hit"
    assert [r.id for r in words] == [r.id for r in lexical], "the word hits do not jump around"
    assert meaning[0].section_label == MEANING_LABEL
    assert MEANING_LABEL in window.search_view.model.data(
        window.search_view.model.index(len(words)), 3  # ToolTipRole
    )


def test_a_late_lexical_answer_does_not_replace_the_fused_list(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = window.search_view
    qtbot.keyClicks(window.search_field, "arbeit")
    qtbot.waitUntil(lambda: any(r.match == "meaning" for r in _rows(window)), timeout=PAUSE_MS * 10)
    fused = _rows(window)
    view.search_now()  # the same search again, lexical
    qtbot.wait(100)
    assert _rows(window) == fused


def test_empty_result_hint_names_filters_only_when_set(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = window.search_view
    qtbot.keyClicks(window.search_field, "zzzunbekannt")
    qtbot.waitUntil(lambda: view.model.query == "zzzunbekannt")
    qtbot.waitUntil(lambda: "zzzunbekannt" in view.message.text())
    assert "Filter" not in view.message.text()
    view.set_filters(programmes=("spd-2020",))
    qtbot.waitUntil(lambda: "Filter" in view.message.text())


def test_the_fused_list_keeps_the_hit_moved_to(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    view = window.search_view
    qtbot.keyClicks(window.search_field, "arbeit")
    qtbot.waitUntil(lambda: view.model.query == "arbeit" and view.model.rowCount() > 1)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Down)
    chosen = view.model.row_at(view.list.currentIndex().row())
    qtbot.waitUntil(lambda: any(r.match == "meaning" for r in _rows(window)), timeout=PAUSE_MS * 10)
    assert view.model.row_at(view.list.currentIndex().row()) == chosen
