"""Quotes with their citation, highlighting, and lead-ins (pure functions, no Qt)."""

from __future__ import annotations

from canvass_app.ui.passage_html import (
    Colors,
    highlight,
    passages_html,
    query_terms,
    quote,
    terms_from_snippet,
)
from tests.ui.fakes import GRUENE, SPD


def test_quote_names_party_programme_year_section_and_lines() -> None:
    section = GRUENE.section("g1")
    pledge = section.passages[1]
    text = quote(pledge, section, GRUENE)
    assert text.startswith("„Dafür werden wir eine Reparaturprämie für Elektrogeräte einführen.“")
    for part in ("BÜNDNIS 90/DIE GRÜNEN", "„Kommunalwahlprogramm“", "2025", "„Für klimaneutrales Wirtschaften“", "Z. 14–15"):
        assert part in text


def test_quote_without_line_numbers_has_none() -> None:
    section = SPD.section("s1")
    text = quote(section.passages[1], section, SPD)
    assert "Z." not in text
    assert "SPD Dortmund" in text and "2020" in text


def test_highlight_marks_word_starts_and_escapes() -> None:
    html = highlight("Glasfasernetz & glasklar, aber nicht Reglas", ["glas"], Colors())
    assert html.count("<span") == 2
    assert "&amp;" in html
    assert html.endswith("nicht Reglas")  # a match inside a word is not a word start


def test_terms_from_snippet_and_query() -> None:
    assert terms_from_snippet("Das <b>Glasfasernetz</b> und <b>glasfasernetz</b> &amp; <b>WLAN</b>") == ("Glasfasernetz", "WLAN")
    assert query_terms("wie ist es mit Glasfaser 2020?") == ("Glasfaser",)


def test_pledges_share_their_lead_in() -> None:
    out = passages_html(GRUENE.section("g1").passages, Colors(), focus_id="gruene-2025:g101")
    assert out.count("Dafür werden wir") == 1
    assert out.count("<li") == 2
    assert 'name="gruene-2025:g101"' in out


def test_a_quote_is_marked_as_a_phrase_across_line_breaks() -> None:
    from canvass_app.ui.passage_html import Colors, highlight

    text = "Wir bauen das\nGlasfasernetz aus. Das Netz ist wichtig."
    marked = highlight(text, ["bauen das Glasfasernetz"], Colors())
    assert marked.count("background-color") == 1
    assert "Netz ist" in marked  # other words are left alone


def test_clickable_passages_show_that_they_open() -> None:
    from canvass_app.corpus.model import Passage
    from canvass_app.ui.passage_html import Colors, passages_html

    passages = [Passage(id=f"p:{n}", programme_id="p", section_id="s", kind="paragraph", text=f"Absatz {n}")
                for n in range(3)]
    html_text = passages_html(passages, Colors(), focus_id="p:1")
    assert html_text.count("›") == 2  # every passage but the one being read
    assert html_text.count('href="passage:') == 3
