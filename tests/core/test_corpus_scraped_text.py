"""Text scraped from web pages: headings glued into sentences, chapters without paragraph breaks."""

from __future__ import annotations

from canvass_app.corpus.structure import parse_programme_text, split_long_paragraph

SENTENCE = "Wir setzen uns für eine gute Versorgung in allen Ortsteilen unserer Gemeinde ein. "


def test_a_heading_glued_inside_a_line_opens_its_own_section() -> None:
    raw = (
        "Revitalisierung der VerwaltungEiner der Eckpfeiler ist das Rathaus. Es soll bürgernah sein. "
        "Mehr Personal und MotivationDerzeit ist unser Rathaus unterbesetzt. Das ändern wir.\n"
    )
    titles = [s.title for s in parse_programme_text(raw).sections]
    assert titles == ["Revitalisierung der Verwaltung", "Mehr Personal und Motivation"]
    texts = [p.text for s in parse_programme_text(raw).sections for p in s.passages]
    assert texts[1] == "Derzeit ist unser Rathaus unterbesetzt. Das ändern wir."


def test_ordinary_sentences_and_camel_case_names_are_not_headings() -> None:
    raw = "Die BahnCard soll günstiger werden. Wir fördern den Sport. Die Vereine brauchen Hallen.\n"
    programme = parse_programme_text(raw)
    assert len(programme.sections) == 1 and not programme.sections[0].title
    assert [p.text for p in programme.sections[0].passages] == [raw.strip()]


def test_a_long_paragraph_becomes_passages_of_whole_sentences() -> None:
    text = (SENTENCE * 40).strip()
    pieces = split_long_paragraph(text)
    assert len(pieces) >= 3
    assert " ".join(pieces) == text  # verbatim, nothing lost or added
    assert all(p.endswith(".") and p[0].isupper() for p in pieces)
    assert max(len(p) for p in pieces) < 1.6 * min(len(p) for p in pieces)


def test_paragraphs_of_ordinary_length_and_unbreakable_ones_stay_whole() -> None:
    assert split_long_paragraph((SENTENCE * 10).strip()) == [(SENTENCE * 10).strip()]
    one_sentence = "und " * 600
    assert split_long_paragraph(one_sentence.strip()) == [one_sentence.strip()]


def test_an_imported_scraped_chapter_is_several_passages() -> None:
    raw = "Gute Pflege im OrtDie Pflege ist wichtig. " + SENTENCE * 40 + "\n"
    programme = parse_programme_text(raw)
    assert programme.sections[0].title == "Gute Pflege im Ort"
    assert len(programme.sections[0].passages) >= 3
