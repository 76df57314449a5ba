"""Structure classes of municipal programmes set as flyers and brochures (GLMP texts nobody tuned on):
check-mark lists, titles in capitals broken over two lines, running heads beside page numbers,
page counts inside sentences, parenthetic dashes at a line start, items wrapped at a narrow
column, sentences going on after a colon. Short synthetic texts shaped like the ones seen."""

from __future__ import annotations

from canvass_app.corpus.structure import parse_programme_text

PROSE = (
    "Wir engagieren uns für alle Menschen in unserer Stadt. Dabei haben wir Kinder, Jugendliche,\n"
    "Familien und Senior*innen im Blick, denn gesellschaftlicher Zusammenhalt entsteht vor Ort, in\n"
    "den Vereinen, in der Nachbarschaft und in den Schulen unserer Stadt und ihrer Ortsteile.\n\n"
)


def _sections(raw: str) -> list[tuple[str, list[tuple[str | None, str]]]]:
    return [(s.title, [(p.lead_in, p.text) for p in s.passages]) for s in parse_programme_text(raw).sections]


def _titles(raw: str) -> list[str]:
    return [s.title for s in parse_programme_text(raw).sections]


def _texts(raw: str) -> list[str]:
    return [p.text for s in parse_programme_text(raw).sections for p in s.passages]


def test_check_marks_are_list_marks_and_a_wrapped_item_keeps_its_second_line() -> None:
    raw = (
        "Versprochen – gehalten!\n\n"
        "✓ Sanierung der Sporthalle am Markt\n\n"
        "✓ personelle Verstärkung  \nOrdnungsamt\n\n"
        "✓ barrierefreier Ausbau\nBushaltestellen\n\n"
        "✓ Aufwertung mehrerer Spielplätze\n"
    )
    assert _sections(raw) == [
        (
            "Versprochen – gehalten!",
            [
                (None, "Sanierung der Sporthalle am Markt"),
                (None, "personelle Verstärkung Ordnungsamt"),
                (None, "barrierefreier Ausbau Bushaltestellen"),
                (None, "Aufwertung mehrerer Spielplätze"),
            ],
        )
    ]


def test_a_title_in_capitals_broken_over_lines_is_one_title() -> None:
    raw = (
        f"{PROSE}"
        "VERKEHR BERUHIGEN  \nUND MOBILITÄT VERBESSERN\n\n"
        "- Radwege ausbauen und sicherer machen\n\n"
        "- Tempo 30 vor Schulen und Kitas\n\n\n"
        "DAS EHRENAMT VERDIENT  \nUNSERE UNTERSTÜTZUNG\n\n"
        "Das ehrenamtliche Engagement ist in unserer Stadt unverzichtbar. Wir wollen es weiter fördern.\n\n"
        "PROGRAMM\nDER SPD MUSTERSTADT\nZUR KOMMUNALWAHL 2024\n"
        "Wir wollen, dass Musterstadt eine Stadt für alle bleibt, und stellen uns zur Wahl.\n\n"
        "KULTUR\n\n"
        "SPORT UND FREIZEIT\n\n"
        "Die Vereine brauchen Hallen, Plätze und verlässliche Zuschüsse der Stadt.\n"
    )
    titles = _titles(raw)
    assert "VERKEHR BERUHIGEN UND MOBILITÄT VERBESSERN" in titles
    assert "DAS EHRENAMT VERDIENT UNSERE UNTERSTÜTZUNG" in titles
    # Three lines, and the text right below them without a blank line.
    assert "PROGRAMM DER SPD MUSTERSTADT ZUR KOMMUNALWAHL 2024" in titles
    # Titles in capitals with a blank line between them stay two titles.
    assert "KULTUR" in titles and "SPORT UND FREIZEIT" in titles


def _page(number: int, head: str, body: str) -> str:
    return f"{number}\n\n{head}\n\n{body}\n\n"


BODY = (
    "Wir setzen uns für bezahlbare Kitagebühren ein. Die Gebühren sollen sozial gerecht und für\n"
    "jeden bezahlbar sein, jede Familie soll es sich leisten können, ihre Kinder betreuen zu lassen."
)


def test_a_running_head_beside_the_page_numbers_is_furniture_without_page_breaks() -> None:
    raw = "CDU STADTVERBAND MUSTERSTADT\n\nUnser Programm\n\n" + "".join(
        _page(n, "CDU STADTVERBAND MUSTERSTADT", f"{chapter}\n\n{BODY}\n\n{BODY}")
        for n, chapter in enumerate(["Bildung", "Wohnen", "Mobilität", "Sicherheit", "Kultur"], start=1)
    )
    titles = _titles(raw)
    assert "CDU STADTVERBAND MUSTERSTADT" not in titles
    assert not any("STADTVERBAND" in text for text in _texts(raw))
    assert titles == ["Unser Programm", "Bildung", "Wohnen", "Mobilität", "Sicherheit", "Kultur"]


def test_a_subheading_that_recurs_beside_text_stays() -> None:
    # A recurring subheading stands beside text, not beside page numbers.
    raw = "".join(
        f"{n}\n\n{chapter}\n\n{BODY}\n\nUnsere Ziele\n\n{BODY}\n\n"
        for n, chapter in enumerate(["Bildung", "Wohnen", "Mobilität", "Sicherheit", "Kultur"], start=1)
    )
    assert _titles(raw).count("Unsere Ziele") == 5


def test_a_page_count_inside_a_sentence_goes() -> None:
    raw = (
        "Migration und Rückführung\n\n"
        "Dieser Entwicklung setzen wir eine andere Politik entgegen, um die Fehler der\n"
        "vergangenen Jahre (Seite 2 von 10) rückgängig zu machen. Die Stadt braucht Ordnung.\n"
    )
    assert _texts(raw) == [
        "Dieser Entwicklung setzen wir eine andere Politik entgegen, um die Fehler der "
        "vergangenen Jahre rückgängig zu machen. Die Stadt braucht Ordnung."
    ]


def test_a_parenthetic_dash_opening_a_line_continues_the_sentence_above() -> None:
    raw = (
        f"{PROSE}"
        "Wir fordern:\n\n"
        "• Einrichtung eines Rufbus-Netzes: Dieses flexible Angebot ermöglicht es den Menschen auf den Dörfern\n"
        "– insbesondere außerhalb der Hauptverkehrszeiten – bequem in die Stadt zu gelangen.\n"
        "• Mehr Park+Ride-Parkplätze am Bahnhof für die vielen Pendler.\n"
    )
    texts = _texts(raw)
    assert (
        "Einrichtung eines Rufbus-Netzes: Dieses flexible Angebot ermöglicht es den Menschen auf den Dörfern "
        "– insbesondere außerhalb der Hauptverkehrszeiten – bequem in die Stadt zu gelangen."
    ) in texts
    assert not any(text.startswith("insbesondere") for text in texts)


def test_a_list_marked_with_en_dashes_keeps_its_items() -> None:
    raw = (
        f"{PROSE}"
        "Unsere Schwerpunkte für die nächsten Jahre sind\n"
        "– mehr Busse in den Ortsteilen\n"
        "– sichere Radwege zu allen Schulen\n"
        "– eine neue Grundschule im Süden\n"
    )
    texts = _texts(raw)
    assert "mehr Busse in den Ortsteilen" in texts
    assert "eine neue Grundschule im Süden" in texts


def test_the_last_line_of_an_item_wrapped_at_a_narrow_column_is_no_title() -> None:
    raw = (
        "Wirtschaft und Tourismus\n\n"
        "Wir stehen für:\n\n"
        "• Eine lebendige Innenstadt mit\nabwechslungsreichem Programm\n"
        "• Wiedereröffnung des historischen\nWanderwegs vom Schloss\nRheinblick in das Tal\n\n"
        "Kultur und Sport\n\n"
        "Wir stehen für:\n\n"
        "• Eine ansprechende Gestaltung des\nBachbetts zur kulturellen\nNutzung (Freiluftkino, Theater-\n"
        "Aufführungen)\n"
        "• Erweiterung der Flächen des Tierheims\n"
        "- kontinuierliche Unterstützung unserer Freiwilligen\nFeuerwehr durch eine gute Ausstattung\n"
        "- bessere Koordination der Hallenzeiten für Vereine\n"
    )
    sections = _sections(raw)
    assert [title for title, _ in sections] == ["Wirtschaft und Tourismus", "Kultur und Sport"]
    texts = [text for _, passages in sections for _, text in passages]
    assert "Wiedereröffnung des historischen Wanderwegs vom Schloss Rheinblick in das Tal" in texts
    assert "Eine ansprechende Gestaltung des Bachbetts zur kulturellen Nutzung (Freiluftkino, Theater-Aufführungen)" in texts
    assert "kontinuierliche Unterstützung unserer Freiwilligen Feuerwehr durch eine gute Ausstattung" in texts


def test_a_title_standing_apart_below_a_list_stays_a_title() -> None:
    raw = (
        "Wohnen\n\n"
        "- mehr bezahlbare Wohnungen bauen\n"
        "- Leerstand erfassen\n\n"
        "Mobilität\n\n"
        "- Radwege ausbauen\n"
    )
    assert _titles(raw) == ["Wohnen", "Mobilität"]


def test_a_sentence_going_on_in_lowercase_after_a_colon_stays_one_passage() -> None:
    raw = (
        "Vorwort\n\n"
        f"{PROSE}"
        "Ob für die Ortsbeiräte, den Stadtrat oder den Kreistag:\n"
        "überall stellen sich engagierte Menschen Ihrer\n"
        "Entscheidung und bitten um Ihre Stimme.\n\n"
        "So erreichen Sie uns:\n"
        "info@partei-musterstadt.de\n"
    )
    texts = _texts(raw)
    assert (
        "Ob für die Ortsbeiräte, den Stadtrat oder den Kreistag: überall stellen "
        "sich engagierte Menschen Ihrer Entscheidung und bitten um Ihre Stimme."
    ) in texts
    assert not any(text.endswith("Sie uns: info@partei-musterstadt.de") for text in texts)


def test_a_title_above_a_quotation_is_a_title() -> None:
    raw = (
        f"{PROSE}"
        "Klima und Umwelt in Europa und zu Hause\n"
        "„Green Deal“ und „Next Generation EU“:\n\n"
        "Auch bei uns vor Ort können wir auf globale Herausforderungen Antworten geben.\n"
    )
    assert "Klima und Umwelt in Europa und zu Hause" in _titles(raw)


def test_a_title_with_a_roman_section_number_ending_in_a_verb_is_a_title() -> None:
    raw = (
        "X. Bildung und Schulen\n\n"
        "X.I. „Kinderbetreuung ausbauen“\n\n"
        "Die Betreuung der Kinder braucht verlässliche Bezugspersonen und genug Plätze.\n\n"
        "X.II. „Digitalisierung sinnvoll einbinden“\n"
        "Um die Schüler auf die Arbeitswelt vorzubereiten, müssen im Unterricht entsprechende\n"
        "Kompetenzen vermittelt werden.\n"
    )
    sections = _sections(raw)
    assert sections[-1][0] == "X.II. „Digitalisierung sinnvoll einbinden“"
    assert sections[-1][1][0][1].startswith("Um die Schüler")


def test_group_titles_glued_into_a_one_line_list_head_their_items() -> None:
    # A flyer scraped from a web page: every line break lost, each group's title glued
    # between the last item of one group and the first of the next.
    raw = (
        "Ihre Liste für den Kreistag – Das ist uns wichtig!Wohnen und Bauen -  Wohnungen müssen "
        "bezahlbar bleiben. Wir setzen uns dafür ein, dass jeder im Landkreis eine Wohnung findet. "
        "Klimaschutz - Klimaschutz ist für uns eine Querschnittsaufgabe. Mobilität und Verkehr- Wir "
        "fordern vom Land den zügigen Ausbau der Bahnstrecke. - Das begonnene Rufbus-Projekt muss "
        "fortgesetzt werden. Bildung und Kultur- Wir stehen zu unseren Schulen im Landkreis.- Wir "
        "halten an der Förderung der Musikschule fest.Kreisfinanzen- Wir stehen für solide Finanzen.\n"
    )
    sections = _sections(raw)
    assert [title for title, _ in sections] == [
        "Ihre Liste für den Kreistag – Das ist uns wichtig!",
        "Wohnen und Bauen",
        "Klimaschutz",
        "Mobilität und Verkehr",
        "Bildung und Kultur",
        "Kreisfinanzen",
    ]
    assert sections[4][1] == [
        (None, "Wir stehen zu unseren Schulen im Landkreis."),
        (None, "Wir halten an der Förderung der Musikschule fest."),
    ]


def test_a_title_in_capitals_glued_to_an_item_of_a_one_line_list_heads_the_items_after_it() -> None:
    raw = (
        "FÜR mehr Bildung- … ein ausreichendes Angebot an Kitaplätzen- … sozial gestaffelte Gebühren"
        "- … mehr Treffpunkte für Jugendliche, auch im OrtsteilFÜR lebendige Nachbarschaften- … die "
        "Förderung von gemeinschaftlichem Wohnen- … bezahlbaren und bedarfsgerechten Wohnraum\n"
    )
    sections = _sections(raw)
    assert [title for title, _ in sections] == ["FÜR mehr Bildung", "FÜR lebendige Nachbarschaften"]
    assert sections[0][1][-1] == (None, "… mehr Treffpunkte für Jugendliche, auch im Ortsteil")
    assert sections[1][1][-1] == (None, "… bezahlbaren und bedarfsgerechten Wohnraum")


def test_letters_a_broken_text_layer_set_apart_on_lines_of_their_own_make_no_passages() -> None:
    raw = (
        "Mobilität\n\n"
        "Umliegende Ortsteile müssen zu vertretbaren Zeiten erreichbar sein.\n\n"
        "ü\n\nü\n\nä\n\nö\n\nÖ\n\n"
        "Der PNV ist ein wichtiger Grundpfeiler ffentlicher Daseinsvorsorge.\n"
    )
    assert _texts(raw) == [
        "Umliegende Ortsteile müssen zu vertretbaren Zeiten erreichbar sein.",
        "Der PNV ist ein wichtiger Grundpfeiler ffentlicher Daseinsvorsorge.",
    ]


def test_a_signature_set_line_by_line_under_a_letter_is_no_chapter() -> None:
    raw = (
        "Vorwort\n\n"
        f"{PROSE}"
        "Geben Sie bei der Wahl Ihre Stimmen unseren Kandidatinnen und Kandidaten. Vielen Dank!\n\n"
        "Erika Muster\nStadtverbandsvorsitzende\nMusterstadt\n\n\n"
        "Sicherheit, Ordnung, Sauberkeit\n\n"
        "Wir wollen uns sicher fühlen, wenn wir uns auf öffentlichen Wegen und Plätzen aufhalten.\n"
    )
    sections = parse_programme_text(raw).sections
    assert [(s.title, s.level) for s in sections] == [("Vorwort", 1), ("Sicherheit, Ordnung, Sauberkeit", 1)]
    assert sections[0].passages[-1].text == "Erika Muster Stadtverbandsvorsitzende Musterstadt"


def test_a_title_broken_over_three_lines_is_no_signature() -> None:
    raw = (
        f"{PROSE}"
        "8. Interessengerechte\nVerkehrspolitik – kein\nKampf gegen das Auto\n\n"
        "Wir wollen, dass alle Verkehrsmittel ihren Platz in der Stadt haben.\n"
    )
    assert not any(text.startswith("8. Interessengerechte") for text in _texts(raw))


def test_a_running_slogan_of_several_lines_repeated_page_after_page_is_furniture() -> None:
    slogan = "Musterstadt\nGemeinsam\nGestalten\n\n"
    chapters = ["Bildung", "Wohnen", "Mobilität", "Sicherheit", "Kultur"]
    raw = "".join(f"{slogan}{chapter}\n\n{BODY}\n\n{BODY}\n\n" for chapter in chapters)
    assert _titles(raw) == chapters
    assert not any("Gemeinsam Gestalten" in text for text in _texts(raw))


def test_a_line_opening_a_quotation_it_does_not_close_is_no_title() -> None:
    raw = (
        f"{PROSE}"
        "WIR MACHEN MUSTERSTADT\nSMART UND DIGITAL\n"
        "Kern unserer Digitalstrategie ist die „Musterstadt\n"
        "App“. Sie soll der zentrale Anlaufort für alle Bürgerinnen und Bürger werden.\n"
    )
    sections = _sections(raw)
    assert sections[-1] == (
        "WIR MACHEN MUSTERSTADT SMART UND DIGITAL",
        [(None, "Kern unserer Digitalstrategie ist die „Musterstadt App“. Sie soll der zentrale "
                "Anlaufort für alle Bürgerinnen und Bürger werden.")],
    )



def test_a_lone_dash_or_bullet_mark_is_no_passage() -> None:
    """A PDF's stray "-" after the last paragraph of a chapter became a passage of its own
    (the ID of the empty text), the meaning hit of almost any question."""
    from canvass_app.corpus.blocks import Block
    from canvass_app.corpus.structure import structure_blocks

    blocks = [
        Block("heading", "3. Gleichberechtigung"),
        Block("paragraph", "Als Straftat soll hingegen nicht geahndet werden, wenn die Presse berichtet."),
        Block("paragraph", "-"),
        Block("item", "•"),
        Block("heading", "4. Sicherheit"),
        Block("item", "Mehr Polizei auf den Straßen."),
    ]
    parsed = structure_blocks(blocks, {})
    texts = [p.text for s in parsed.sections for p in s.passages]
    assert texts == [
        "Als Straftat soll hingegen nicht geahndet werden, wenn die Presse berichtet.",
        "Mehr Polizei auf den Straßen.",
    ]
    # The text reader already drops such lines.
    raw = "Verkehr\n\n" + PROSE + "-\n\n•\n\nWir bauen mehr Radwege in allen Ortsteilen.\n"
    assert all(any(c.isalnum() for c in t) for t in _texts(raw))
