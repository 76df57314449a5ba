"""Structure classes found on GLMP programmes no fixture holds (flyers and programmes of towns
nobody tuned on, GLMP's one-line texts and wrapped PDF text alike): ordinals inside a sentence
taken for a sentence end, headings in capitals holding "ß" or quotation marks. Short synthetic
texts shaped like the ones seen."""

from __future__ import annotations

from canvass_app.corpus.structure import parse_programme_text, split_long_paragraph


def _sections(raw: str) -> list[tuple[str, list[str]]]:
    return [(s.title, [p.text for p in s.passages]) for s in parse_programme_text(raw).sections]


def test_an_ordinal_inside_a_list_item_is_no_sentence_end_before_a_title() -> None:
    # "… des 2. Bauabschnitts Schulcampus- …": the item went on after "2.", it was cut there
    # and its end became a chapter of its own.
    raw = (
        "Mit uns für Bildung:- Planung und Umsetzung des 2. Bauabschnitts Schulcampus"
        "- Ausbau der Kindergartenplätze- Neubau der Stadtbibliothek am Markt\n"
    )
    assert _sections(raw) == [
        (
            "",
            [
                "Mit uns für Bildung:",
                "Planung und Umsetzung des 2. Bauabschnitts Schulcampus",
                "Ausbau der Kindergartenplätze",
                "Neubau der Stadtbibliothek am Markt",
            ],
        )
    ]


def test_a_date_inside_a_sentence_does_not_start_a_glued_heading() -> None:
    # "Heidelberg, den 24. November 2023WohnenBezahlbaren …": the line was cut after "24."
    # and "November 2023…" became a heading.
    raw = (
        "Wir bitten um Ihre Stimme und Ihr Vertrauen. Beschlossen in Heidelberg am 24. November im "
        "GemeinderatWir setzen uns dafür ein, dass beim Schaffen von Wohnraum die soziale Infrastruktur "
        "mitbedacht wird.\n"
    )
    titles = [title for title, _ in _sections(raw)]
    assert not any(title.startswith("November") for title in titles)


def test_a_long_paragraph_is_not_cut_after_an_ordinal() -> None:
    # A paragraph over the length limit is cut at sentence ends; "am 9. Juni" is none.
    clause = "für gute Schulen, sichere Radwege, bezahlbare Wohnungen und lebendige Ortsteile, "
    text = "Wir setzen uns ein " + clause * 12 + "und wählen am 9. Juni " + clause * 12 + "für alle."
    pieces = split_long_paragraph(text)
    assert " ".join(pieces) == text
    assert not any(piece.startswith("Juni") for piece in pieces)


def test_a_heading_in_capitals_with_sharp_s_and_quotation_marks_is_one_heading() -> None:
    # "INITIATIVE “JUNGES STAßFURT”Durch …": "Aß" was read as a capital opening a lowercase
    # word, and the heading was cut inside "STAßFURT".
    raw = (
        "SOZIALES MITEINANDER FÖRDERNDurch Begegnungen auf Stadtfesten fördern wir das Miteinander.\n"
        "INITIATIVE “JUNGES STAßFURT”Durch Schaffung von Perspektiven helfen wir jungen Menschen.\n"
        "GROßE PLÄNE FÜR DIE STRAßENBAHNDie Straßenbahn soll bis zum Bahnhof fahren.\n"
    )
    assert [title for title, _ in _sections(raw)] == [
        "SOZIALES MITEINANDER FÖRDERN",
        "INITIATIVE “JUNGES STAßFURT”",
        "GROßE PLÄNE FÜR DIE STRAßENBAHN",
    ]
