"""Search driven like a person: type, arrow down, Enter, read, go back; suggestions and filters."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from canvass_app.ui.navigation import Location


def _results(window) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The word hits shown, in order (the meaning hits join below them when typing pauses)."""
    model = window.search_view.model
    rows = [model.row_at(i) for i in range(model.rowCount())]
    return [(r.kind, r.id) for r in rows if r.match != "meaning"]


def test_type_arrow_enter_read_and_go_back(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    field = window.search_field
    assert field.hasFocus()
    qtbot.keyClicks(field, "arbeit")
    qtbot.waitUntil(lambda: window.search_view.model.query == "arbeit")
    hits = _results(window)
    assert len(hits) == 3
    assert window.search_view.list.currentIndex().row() == 0
    qtbot.keyClick(field, Qt.Key.Key_Down)
    qtbot.keyClick(field, Qt.Key.Key_Down)
    assert window.search_view.list.currentIndex().row() == 2
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert field.hasFocus()  # arrows move the list, typing can go on
    expected = hits[1][1]
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.reader_view.page is not None)
    reader = window.reader_view
    assert window.current_view() is reader
    assert reader.page.focus.id == expected
    # Party and year are plain to see; the matched word is marked in the text.
    assert "2025" in reader.source_label.text() and "GRÜNEN" in reader.source_label.text()
    assert "background-color" in reader.text.toHtml()
    qtbot.keyClick(reader.text, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.current_view() is window.search_view)
    assert field.text() == "arbeit"
    assert _results(window) == hits
    qtbot.keyClick(window.search_view.list, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.current_view() is reader)


def test_cards_come_above_passages(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.search_field, "schnelles")
    qtbot.waitUntil(lambda: window.search_view.model.query == "schnelles")
    assert [kind for kind, _id in _results(window)] == ["card", "passage"]


def test_enter_right_after_typing_opens_the_first_hit(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.search_field, "reparatur")
    qtbot.keyClick(window.search_field, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: window.reader_view.page is not None)
    assert window.reader_view.page.focus.id == "gruene-2025:g101"


def test_meinten_sie_offers_a_clickable_spelling(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = window.search_view
    qtbot.keyClicks(window.search_field, "glasfasr")
    qtbot.waitUntil(lambda: view.model.query == "glasfasr")
    assert view.suggestion_label.isVisible()
    assert "Meinten Sie" in view.suggestion_label.text() and "Glasfaser" in view.suggestion_label.text()
    assert "steht nichts" in view.message.text()
    view.suggestion_label.linkActivated.emit("suggest")
    qtbot.waitUntil(lambda: view.model.query == "Glasfaser")
    assert window.search_field.text() == "Glasfaser"
    assert view.model.rowCount() == 1
    assert not view.suggestion_label.isVisible()


def test_programme_and_topic_filters(qtbot, window, fake_library) -> None:  # type: ignore[no-untyped-def]
    view = window.search_view
    qtbot.keyClicks(window.search_field, "arbeit")
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    view.programme_menu.aboutToShow.emit()
    qtbot.waitUntil(lambda: len(view.programme_menu.actions()) == 2)
    spd = next(a for a in view.programme_menu.actions() if a.data() == "spd-2020")
    spd.setChecked(True)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert fake_library.search.queries[-1][1] == ("spd-2020",)
    assert "SPD" in view.programme_button.text()
    # Two or more chosen: the number, not a row of names that pushes the sidebar aside.
    single_width = view.programme_button.sizeHint().width()
    other = next(a for a in view.programme_menu.actions() if a.isCheckable() and a.data() != "spd-2020")
    other.setChecked(True)
    assert view.programme_button.text().startswith("2 Programme")
    assert "SPD" in view.programme_button.toolTip()
    assert view.programme_button.sizeHint().width() <= single_width
    other.setChecked(False)
    spd.setChecked(False)
    qtbot.waitUntil(lambda: view.model.rowCount() == 3)
    topic = next(a for a in view.topic_menu.actions() if a.data() == "jugend")
    topic.trigger()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert fake_library.search.queries[-1][2] == "jugend"
    assert "Jugendarbeitslosigkeit" in view.topic_button.text()


def test_clicking_a_result_opens_it(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = window.search_view
    qtbot.keyClicks(window.search_field, "wlan")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    rect = view.list.visualRect(view.model.index(0))
    qtbot.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.reader_view.page is not None)
    assert window.reader_view.page.focus.id == "spd-2020:s102"
    assert window.navigator.current == Location("passage", "spd-2020:s102", window.navigator.current.highlight)


def test_ctrl_k_brings_the_focus_back_to_search(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.navigator.open(Location("topic", "digital"))
    qtbot.waitUntil(lambda: window.compare_view.comparison is not None)
    assert not window.search_field.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search_field.hasFocus()
    assert window.current_view() is window.search_view


def test_enter_takes_the_suggestion_when_nothing_was_found(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = window.search_view
    qtbot.keyClicks(window.search_field, "glasfasr")
    qtbot.waitUntil(lambda: view.suggestion_label.isVisible())
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model.query == "Glasfaser")
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.reader_view.page is not None)
    assert window.reader_view.page.focus.id == "spd-2020:s101"


def test_ctrl_f_also_focuses_search(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.sidebar.tree.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_field.hasFocus()


def test_a_long_filter_name_is_shortened_on_its_button(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = window.search_view
    view.programme_menu.aboutToShow.emit()
    qtbot.waitUntil(lambda: len(view.programme_menu.actions()) == 2)
    long_name = "Wählergemeinschaft für eine lebenswerte und bürgernahe Stadt · 2024"
    view._programme_names["spd-2020"] = long_name  # a party name as long as real ones get
    view.set_filters(("spd-2020",))
    text = view.programme_button.text()
    assert "…" in text and text.endswith("2024 ▾")
    metrics = view.programme_button.fontMetrics()
    assert metrics.horizontalAdvance(text) < metrics.horizontalAdvance(long_name)
    assert long_name in view.programme_button.toolTip()


def test_the_programme_filter_menu_stays_open_for_the_next_tick(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = window.search_view
    menu = view.programme_menu
    menu.aboutToShow.emit()
    qtbot.waitUntil(lambda: len(menu.actions()) == 2)
    menu.popup(view.programme_button.mapToGlobal(view.programme_button.rect().bottomLeft()))
    qtbot.waitUntil(menu.isVisible)
    ticks = [a for a in menu.actions() if a.isCheckable()]
    for action in ticks:
        menu.setActiveAction(action)
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
        assert action.isChecked() and menu.isVisible()
    assert view.programme_button.text().startswith("2 Programme")
    qtbot.keyClick(menu, Qt.Key.Key_Escape)


@pytest.mark.parametrize("which", ["programme", "topic"])
def test_the_first_click_on_a_filter_opens_its_menu(qtbot, window, which: str) -> None:  # type: ignore[no-untyped-def]
    """Qt does not open an empty menu, and the entries load only when it is about to show."""
    from PySide6.QtCore import QTimer

    view = window.search_view
    button, menu = (
        (view.programme_button, view.programme_menu) if which == "programme" else (view.topic_button, view.topic_menu)
    )
    seen: list[bool] = []

    def look() -> None:
        seen.append(menu.isVisible())
        menu.hide()

    QTimer.singleShot(300, look)
    button.showMenu()  # what a click does; returns when the menu closes
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [True]
    # Filled with the real entries as soon as they are read.
    qtbot.waitUntil(lambda: any(a.isCheckable() for a in menu.actions()))


def test_one_slow_search_does_not_make_the_next_keystroke_wait(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    # Typing waits for a pause only once searches are slow one after another (a large
    # library), not after the first slow one (opening, a common word read the first time).
    from canvass_app.ui.search_model import SearchOutcome
    from canvass_app.ui.search_view import DEBOUNCE_MS, SLOW_QUERIES, SLOW_QUERY_MS

    view = window.search_view
    outcome = SearchOutcome(view.field.text(), (), None)
    view._search_done((outcome, SLOW_QUERY_MS * 3.0, False))
    assert view._debounce.interval() == 0
    view._search_done((outcome, 2.0, False))
    for _ in range(SLOW_QUERIES - 1):
        view._search_done((outcome, SLOW_QUERY_MS * 3.0, False))
    assert view._debounce.interval() == 0, "a fast search among the last ones: no waiting"
    view._search_done((outcome, SLOW_QUERY_MS * 3.0, False))
    assert view._debounce.interval() == DEBOUNCE_MS
    view._search_done((outcome, 2.0, False))
    assert view._debounce.interval() == 0
