"""The window over the real shipped data and services: what a canvasser does, end to end."""

from __future__ import annotations

from PySide6.QtCore import Qt

from canvass_app.ui.compare_view import silent_text
from canvass_app.ui.navigation import Location


def test_search_read_copy_and_go_back(qtbot, real_window) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    view = win.search_view
    # Typed as on a keyboard without umlauts.
    qtbot.keyClicks(win.search_field, "Reparaturpraemie")
    qtbot.waitUntil(lambda: view.model.query == "Reparaturpraemie" and view.model.rowCount() > 0, timeout=30000)
    kinds = [view.model.row_at(i).kind for i in range(view.model.rowCount())]
    assert kinds[0] == "card"  # the card answers the question, so it comes first
    assert "passage" in kinds
    first_passage = kinds.index("passage")
    for _ in range(first_passage):
        qtbot.keyClick(win.search_field, Qt.Key.Key_Down)
    row = view.model.row_at(first_passage)
    assert row.year in (2020, 2025) and row.party
    qtbot.keyClick(win.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.reader_view.page is not None, timeout=10000)
    page = win.reader_view.page
    assert page.focus.id == row.id
    assert str(page.programme.year) in win.reader_view.source_label.text()
    assert "Reparaturprämie" in win.reader_view.text.toPlainText()
    quote = win.reader_view.quote_text()
    assert quote and page.programme.party in quote and str(page.programme.year) in quote
    win.back_action.trigger()
    qtbot.waitUntil(lambda: win.current_view() is view)
    assert win.search_field.text() == "Reparaturpraemie"
    assert view.list.currentIndex().row() == first_passage


def test_open_a_topic_and_compare(qtbot, real_window, library) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    programmes = library.corpus.programmes()
    silent_topic = None
    for topic in library.content.topics():
        coverage = library.content.topic_view(topic.id).coverage
        if any(c.says_nothing for c in coverage) and not all(c.says_nothing for c in coverage):
            silent_topic = topic
            break
    assert silent_topic is not None
    index = win.sidebar.find_item(Location("topic", silent_topic.id))
    assert index.isValid()
    win.sidebar.tree.activated.emit(index)
    qtbot.waitUntil(lambda: win.compare_view.comparison is not None, timeout=10000)
    # The columns are laid out after the comparison arrives: wait for them, not a moment.
    shown = lambda: [b.toPlainText() for b in win.compare_view.column_views if not b.isHidden()]  # noqa: E731
    qtbot.waitUntil(lambda: len(shown()) == len(programmes), timeout=10000)
    columns = shown()
    assert len(columns) == len(programmes)
    # The bundled programmes are chapters: silent "im Kapitel …", not in the whole programme.
    silent = [silent_text(p) for p in programmes if p.id in win.compare_view.silent_programmes()]
    assert silent and all("im Kapitel „" in s for s in silent)
    assert sum(any(s in c for s in silent) for c in columns) == len(silent)
    for programme, text in zip(programmes, columns, strict=True):
        assert str(programme.year) in text


def test_an_unrelated_question_shows_no_card_at_the_top(qtbot, real_window) -> None:  # type: ignore[no-untyped-def]
    # "Busse" occurs only in the Glasfaser card's answer summary ("in Bussen und Bahnen"),
    # never in its question or phrasings: the card is no answer to quote for buses.
    win = real_window
    view = win.search_view
    qtbot.keyClicks(win.search_field, "Busse fahren oft")  # keyClicks types no umlauts
    qtbot.waitUntil(lambda: view.model.query == "Busse fahren oft" and view.model.rowCount() > 0, timeout=30000)
    kinds = [view.model.row_at(i).kind for i in range(min(3, view.model.rowCount()))]
    assert "card" not in kinds
