"""Answer cards in the window: browse, filter by words and topic, read a card with party, year and quotes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from canvass_app.content.model import Answer, Card, Citation
from canvass_app.corpus.model import Passage, Programme, Section
from canvass_app.ui.card_views import SILENT, CardRole, _entry, card_html
from canvass_app.ui.navigation import Location
from canvass_app.ui.passage_html import Colors


def open_cards(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(win, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.current_view() is win.card_view and win.card_catalogue.is_loaded, timeout=20000)
    qtbot.waitUntil(lambda: win.card_view.entry is not None)


def test_browse_filter_and_read_a_card(qtbot, real_window, library) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    view = win.card_view
    open_cards(qtbot, win)
    cards = library.content.cards()
    assert view.model.rowCount() == len(cards) >= 10
    assert f"{len(cards)} Karten" in view.count_label.text()

    qtbot.keyClicks(view.filter_field, "glasfaser")
    assert 1 <= view.proxy.rowCount() < len(cards)
    shown = [view.proxy.index(r, 0).data(CardRole.ID) for r in range(view.proxy.rowCount())]
    assert "glasfaser" in shown
    assert "von" in view.count_label.text()
    view.list.setCurrentIndex(view.proxy.index(shown.index("glasfaser"), 0))
    text = view.text.toPlainText()
    card = library.content.card("glasfaser")
    assert card.question in text
    # Party and year made plain for every programme; the silent one said outright.
    for programme in library.corpus.programmes():
        assert programme.party in text and str(programme.year) in text
    assert SILENT in text
    spd_quote = card.answer_for("spd-dortmund-2020-wirtschaft").citations[0].quote
    assert spd_quote[:40] in text
    assert card.tip[:40] in text
    assert "Digitale Infrastruktur" in text
    # Browsing is not history: the current location follows the list without new steps.
    assert win.navigator.current == Location("card", "glasfaser")

    # Arrow keys in the filter field move through the list.
    view.filter_field.clear()
    view.list.setCurrentIndex(view.proxy.index(0, 0))
    first = view.entry.id
    qtbot.keyClick(view.filter_field, Qt.Key.Key_Down)
    assert view.entry.id != first
    qtbot.keyClick(view.filter_field, Qt.Key.Key_Up)
    assert view.entry.id == first


def test_filter_by_topic_includes_subtopics(qtbot, real_window, library) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    view = win.card_view
    open_cards(qtbot, win)
    index = view.topic_box.findData("arbeit-und-ausbildung")
    assert index > 0
    view.topic_box.setCurrentIndex(index)
    ids = {view.proxy.index(r, 0).data(CardRole.ID) for r in range(view.proxy.rowCount())}
    # The card on youth unemployment hangs on a subtopic of "Arbeit und Ausbildung".
    assert "jugendarbeitslosigkeit" in ids
    assert "glasfaser" not in ids
    assert 0 < len(ids) < view.model.rowCount()
    # Opening a card hidden by the filter shows it anyway.
    win.navigator.open(Location("card", "glasfaser"))
    assert view.entry.id == "glasfaser"
    assert view.topic_box.currentIndex() == 0


def test_the_model_has_named_roles(qtbot, real_window) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    open_cards(qtbot, win)
    model = win.card_view.model
    names = {bytes(v) for v in model.roleNames().values()}
    assert {b"id", b"question", b"topics", b"programmes", b"notes"} <= names
    row = model.row_of("glasfaser")
    index = model.index(row)
    assert index.data(CardRole.QUESTION) == index.data(Qt.ItemDataRole.DisplayRole)
    assert "SPD Dortmund · 2020" in index.data(CardRole.PROGRAMMES)
    assert index.data(CardRole.NOTES) == 0


def test_unknown_card_is_one_german_sentence(qtbot, real_window) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    open_cards(qtbot, win)
    win.navigator.open(Location("card", "gibt-es-nicht"))
    assert "gibt es nicht" in win.statusBar().currentMessage()
    assert win.card_view.entry is not None  # still usable: the first card is shown


def test_card_html_says_party_year_section_and_silence() -> None:
    passage = Passage("p:1", "p", "s1", "paragraph", "Wir bauen Glasfaser in allen Stadtteilen.", lines=(3, 4))
    spd = Programme("p", "SPD Dortmund", "Programm", 2020, sections=(Section("s1", "Digitales", (passage,)),))
    green = Programme("g", "GRÜNE", "Programm", 2025)
    other = Programme("o", "Andere", "Programm", 2025)
    card = Card(
        id="x", question="Kommt Glasfaser?", tip="Nichts versprechen.", topics=("digital",),
        answers=(
            Answer("p", "Die SPD will ausbauen.", (Citation("p:1", "Wir bauen Glasfaser"),)),
            Answer("g", "Die Grünen sagen nichts dazu.", silent=True),
        ),
    )
    entry = _entry(card, [spd, green, other], {"p:1": (passage, "Digitales")}, {"digital": "Digitales"}, {})
    text = card_html(entry, Colors(), notes=2)
    assert "SPD Dortmund" in text and "2020" in text and "2025" in text
    assert "„Wir bauen Glasfaser“" in text and "Abschnitt „Digitales“" in text and "Z. 3–4" in text
    assert SILENT in text
    assert "sagt nichts zu diesem Programm" in text  # "Andere" has no answer on this card
    assert "✎ 2 Notizen" in text
    assert "Gesprächstipp" in text


def test_reading_a_quote_in_the_programme_marks_the_quoted_words(qtbot, library) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QUrl

    from canvass_app.ui.main_window import MainWindow

    win = MainWindow(library)
    qtbot.addWidget(win)
    win.show()
    win.navigator.open(Location("card", "glasfaser"))
    view = win.card_view
    qtbot.waitUntil(lambda: view.entry is not None and view.entry.id == "glasfaser", timeout=20000)
    citation = next(c for a in view.entry.answers for c in a.citations)
    view._anchor_clicked(QUrl(f"passage:{citation.passage_id}"))
    assert citation.quote in win.navigator.current.highlight  # every quote of the card from that passage
    qtbot.waitUntil(lambda: win.reader_view.page is not None, timeout=20000)
    first_word = citation.quote.split()[0]
    qtbot.waitUntil(lambda: "background-color" in win.reader_view.text.toHtml() and first_word in win.reader_view.text.toPlainText())


@pytest.mark.parametrize("size", [(1024, 600), (1366, 768)])
def test_the_first_answer_is_in_sight_without_scrolling(qtbot, real_window, size) -> None:  # type: ignore[no-untyped-def]
    """At 1024x600 with the sidebar and the notes dock open the card is about thirty characters
    wide: at full size its question alone filled the first screen. The first party's answer
    starts within it at either size."""
    from canvass_app.ui.card_views import NARROW_CARD_CHARS

    win = real_window
    win.resize(*size)
    win.notes_dock.show()
    win.navigator.open(Location("card", "azubiwohnheim"))
    view = win.card_view
    qtbot.waitUntil(lambda: view.entry is not None and view.entry.id == "azubiwohnheim", timeout=20000)
    party = view.entry.answers[0].party
    narrow = view.text.viewport().width() < view.text.fontMetrics().averageCharWidth() * NARROW_CARD_CHARS
    assert narrow == (size[0] == 1024), view.text.viewport().width()
    document = view.text.document()

    def party_top() -> float:
        block = document.begin()
        while block.isValid() and party not in block.text():
            block = block.next()
        assert block.isValid(), party
        return document.documentLayout().blockBoundingRect(block).bottom()

    # The party's line and the line under it (the answer begins there) are on the first screen.
    qtbot.waitUntil(lambda: party_top() + view.text.fontMetrics().lineSpacing() < view.text.viewport().height())
