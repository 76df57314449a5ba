"""What the search says while it works: "Wird geladen …" while the index opens, "Meinten Sie …?" for a typo."""

from __future__ import annotations

import threading

import pytest

from canvass_app.ui.services import has_service


def test_a_query_typed_while_the_index_loads_says_loading(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    search = window.library.search
    opened = threading.Event()
    original = search.search

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        opened.wait(5)  # the index is still opening
        return original(*args, **kwargs)

    search.search = slow
    view = window.search_view
    try:
        qtbot.keyClicks(window.search_field, "arbeit")
        qtbot.waitUntil(lambda: "Wird geladen" in view.message.text())
        assert "Was möchten Sie nachschlagen" not in view.message.text()
    finally:
        opened.set()
    qtbot.waitUntil(lambda: view.model.query == "arbeit" and view.model.rowCount() > 0)
    assert view.list.isVisible()


@pytest.mark.parametrize(("typed", "meant"), [("Glasfasr", "Glasfaser"), ("Gewerbestuer senkn", "Gewerbesteuer senken")])
def test_a_typo_gets_did_you_mean(qtbot, library, typed: str, meant: str) -> None:  # type: ignore[no-untyped-def]
    from canvass_app.ui.main_window import MainWindow

    if not has_service(library, "search"):
        pytest.skip("search service not available")
    win = MainWindow(library)
    qtbot.addWidget(win)
    win.show()
    view = win.search_view
    view.set_query(typed)
    view.search_now()
    qtbot.waitUntil(lambda: view.model.query == typed, timeout=30000)
    assert view.suggestion_label.isVisible()
    assert meant in view.suggestion_label.text()


def test_notes_rank_with_the_passages_and_show_their_tags(qtbot, library) -> None:  # type: ignore[no-untyped-def]
    from canvass_app.ui.main_window import MainWindow

    if not has_service(library, "search"):
        pytest.skip("search service not available")
    library.notes.add("Glasfaser: Nachbarin fragt nach dem Ausbau in der Nordstadt", tags=["Einwand", "Nachfassen"])
    win = MainWindow(library)
    qtbot.addWidget(win)
    win.show()
    view = win.search_view
    view.set_query("Glasfaser")
    view.search_now()
    qtbot.waitUntil(lambda: view.model.query == "Glasfaser" and view.model.rowCount() > 0, timeout=30000)
    kinds = [view.model.row_at(i).kind for i in range(view.model.rowCount())]
    assert "note" in kinds
    passages = [i for i, k in enumerate(kinds) if k == "passage"]
    if len(passages) > 2:
        assert kinds.index("note") < passages[-1], "the note is not pushed below every passage"
    note = view.model.row_at(kinds.index("note"))
    assert "#Einwand" in note.snippet and "#Nachfassen" in note.snippet


def test_nothing_found_offers_the_related_topic_as_a_link_and_enter_opens_it(qtbot, library) -> None:  # type: ignore[no-untyped-def]
    from canvass_app.search.scope import Related
    from canvass_app.ui.main_window import MainWindow

    if not has_service(library, "search"):
        pytest.skip("search service not available")
    topic = library.content.topics()[0]
    search = library.search
    original = search.search

    def offering(*args, **kwargs):  # type: ignore[no-untyped-def]
        results = original(*args, **kwargs)
        if not results.word_hits:
            results.related = Related("topic", topic.id, topic.title)  # what the service offers near a question
        return results

    search.search = offering
    win = MainWindow(library)
    qtbot.addWidget(win)
    win.show()
    view = win.search_view
    view.set_query("Raumfahrtbahnhof")
    view.search_now()
    qtbot.waitUntil(lambda: view.model.query == "Raumfahrtbahnhof" and "steht nichts" in view.message.text(), timeout=30000)
    text = view.message.text()
    assert f"Thema „{topic.title}“ öffnen" in text and "<a href=" in text
    # A click on the link, or Enter in the search field, opens the topic's comparison.
    view.message.linkActivated.emit("related")
    assert win.navigator.current.kind == "topic" and win.navigator.current.target == topic.id
    win.navigator.back()
    qtbot.waitUntil(lambda: win.navigator.current.kind == "search")
    qtbot.waitUntil(lambda: view.message.isVisible() and "öffnen" in view.message.text())
    view.open_current()
    assert win.navigator.current.kind == "topic"
