"""Reading a passage in its section, copying it as a quote, and comparing a topic across programmes."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from canvass_app.ui.compare_view import SILENT, CompareView
from canvass_app.ui.navigation import Location, Navigator
from canvass_app.ui.reader_view import ReaderView
from canvass_app.ui.tasks import TaskRunner


def _reader(qtbot, fake_library):  # type: ignore[no-untyped-def]
    messages: list[str] = []
    view = ReaderView(fake_library, Navigator(), TaskRunner(), messages.append)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    return view, messages


def test_reader_shows_the_section_around_a_pledge(qtbot, fake_library) -> None:  # type: ignore[no-untyped-def]
    view, _ = _reader(qtbot, fake_library)
    view.show_location(Location("passage", "gruene-2025:g101", ("Reparaturprämie",)))
    qtbot.waitUntil(lambda: view.page is not None)
    text = view.text.toPlainText()
    # The neighbours before and after, the lead-in, and the section heading.
    for part in ("Die Transformation braucht gute Arbeit.", "Dafür werden wir", "Gründungen im Handwerk fördern.",
                 "Arbeit vor Ort schafft Zukunft.", "Für klimaneutrales Wirtschaften"):
        assert part in text
    crumb = view.breadcrumb.text()
    assert "BÜNDNIS 90/DIE GRÜNEN 2025" in crumb and "Kommunalwahlprogramm" in crumb and "2. Für klimaneutrales" in crumb
    assert "2025" in view.source_label.text()
    assert "#ffe08a" in view.text.toHtml().lower() or "#8a6d00" in view.text.toHtml().lower()


def test_copy_as_quote_puts_text_and_citation_on_the_clipboard(qtbot, fake_library) -> None:  # type: ignore[no-untyped-def]
    view, messages = _reader(qtbot, fake_library)
    view.show_location(Location("passage", "gruene-2025:g101"))
    qtbot.waitUntil(lambda: view.copy_button.isEnabled())
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(view.findChild(QPushButton), Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("„Dafür werden wir eine Reparaturprämie für Elektrogeräte einführen.“")
    assert "BÜNDNIS 90/DIE GRÜNEN" in copied and "2025" in copied and "Z. 14–15" in copied
    assert messages[-1] == "Zitat mit Quellenangabe kopiert."


def test_a_section_location_has_nothing_to_quote(qtbot, fake_library) -> None:  # type: ignore[no-untyped-def]
    view, _ = _reader(qtbot, fake_library)
    view.show_location(Location("section", "spd-2020#s2"))
    qtbot.waitUntil(lambda: view.page is not None)
    assert "Jugendarbeitslosigkeit" in view.text.toPlainText()
    assert "2020" in view.source_label.text()
    assert not view.copy_button.isEnabled()


def test_unknown_passage_is_one_german_sentence(qtbot, fake_library) -> None:  # type: ignore[no-untyped-def]
    view, messages = _reader(qtbot, fake_library)
    view.show_location(Location("passage", "gibt-es-nicht:00000000"))
    qtbot.waitUntil(lambda: bool(messages))
    assert "Traceback" not in messages[0] and messages[0].endswith(".")
    assert view.page is None


def test_clicking_a_neighbour_opens_it(qtbot, fake_library) -> None:  # type: ignore[no-untyped-def]
    view, _ = _reader(qtbot, fake_library)
    opened: list[Location] = []
    view.navigator.location_changed.connect(opened.append)
    view.show_location(Location("passage", "gruene-2025:g101"))
    qtbot.waitUntil(lambda: view.page is not None)
    view.text.anchorClicked.emit(QUrl("passage:gruene-2025:g103"))
    assert opened == [Location("passage", "gruene-2025:g103")]


def test_compare_shows_each_programme_and_says_where_one_is_silent(qtbot, fake_library) -> None:  # type: ignore[no-untyped-def]
    view = CompareView(fake_library, Navigator(), TaskRunner(), lambda _m: None)
    qtbot.addWidget(view)
    view.show()
    view.show_location(Location("topic", "digital"))
    # The columns are filled a few per turn of the event loop (one, on a loaded machine):
    # wait until every one has its text, not only until the comparison arrived.
    qtbot.waitUntil(lambda: view.comparison is not None and not view.filling)
    columns = [b for b in view.column_views if b.isVisible()]
    assert len(columns) == 2
    # The programme that says something comes first, the silent one after it.
    spd, grune = (c.toPlainText() for c in columns)
    assert view.shown_programmes() == ["spd-2020", "gruene-2025"]
    assert "BÜNDNIS 90/DIE GRÜNEN" in grune and "2025" in grune and SILENT in grune
    assert "SPD Dortmund" in spd and "2020" in spd and "Glasfasernetz" in spd and SILENT not in spd
    assert view.silent_programmes() == ["gruene-2025"]
    assert "Wann kommt schnelles Internet?" in view.links.text()


def test_open_a_topic_from_the_sidebar_and_compare(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    sidebar = window.sidebar
    index = sidebar.find_item(Location("topic", "arbeit"))
    assert index.isValid()
    rect = sidebar.tree.visualRect(index)
    qtbot.mouseClick(sidebar.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.compare_view.comparison is not None)
    assert window.current_view() is window.compare_view
    assert window.compare_view.silent_programmes() == []
    # Columns beyond the first turn's time budget get their text on the next turns.
    qtbot.waitUntil(lambda: not window.compare_view.filling)
    text = " ".join(b.toPlainText() for b in window.compare_view.column_views)
    assert "Ausbildungsgarantie" in text and "Arbeit vor Ort schafft Zukunft." in text
    # The subtopic link leads on, and back returns.
    assert "Jugendarbeitslosigkeit" in window.compare_view.links.text()
    window.compare_view.links.linkActivated.emit("topic:jugend")
    qtbot.waitUntil(lambda: window.compare_view.comparison.topic_id == "jugend")
    assert window.compare_view.silent_programmes() == ["gruene-2025"]
    window.back_action.trigger()
    qtbot.waitUntil(lambda: window.compare_view.comparison.topic_id == "arbeit")


def test_table_of_contents_opens_a_section(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    index = window.sidebar.find_item(Location("section", "spd-2020#s1"))
    assert index.isValid()
    window.sidebar.tree.activated.emit(index)
    qtbot.waitUntil(lambda: window.reader_view.page is not None)
    assert window.reader_view.page.section.title == "Digitale Infrastruktur hat Vorrang"


def test_alt_down_and_up_read_on_across_sections(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.navigator.open(Location("passage", "gruene-2025:g000"))
    qtbot.waitUntil(lambda: window.reader_view.page is not None and window.reader_view.page.focus is not None)
    reader = window.reader_view
    assert not reader.previous_button.isEnabled()
    qtbot.keyClick(reader.text, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: reader.page.focus.id == "gruene-2025:g100")
    assert reader.page.section.id == "g1"  # crossed into the next section
    qtbot.keyClick(reader.text, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: reader.page.focus.id == "gruene-2025:g000")
    window.back_action.trigger()
    qtbot.waitUntil(lambda: reader.page.focus.id == "gruene-2025:g100")
