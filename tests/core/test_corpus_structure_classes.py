"""Structure classes of plain-text programmes nobody tuned the importer for, in short synthetic texts shaped like GLMP's."""

from __future__ import annotations

from canvass_app.corpus.structure import parse_programme_text

# Prose wrapped at a column of about 90 characters, as the PDF text of a programme is.
PROSE = (
    "Wir engagieren uns für alle Menschen in unserer Stadt. Dabei haben wir Kinder, Jugendliche,\n"
    "Familien und Senior*innen im Blick, denn gesellschaftlicher Zusammenhalt entsteht vor Ort, in\n"
    "den Vereinen, in der Nachbarschaft und in den Schulen unserer Stadt und ihrer Ortsteile.\n\n"
)


def _passages(raw: str) -> list[tuple[str, str | None, str]]:
    return [(s.title, p.lead_in, p.text) for s in parse_programme_text(raw).sections for p in s.passages]


def _texts(raw: str) -> list[str]:
    return [text for _, _, text in _passages(raw)]


def test_a_list_of_lowercase_phrases_keeps_one_passage_per_item() -> None:
    # Items that complete the heading's phrase start lowercase and end without a full
    # stop: the dash is a bullet, not a mark the PDF put on every wrapped line.
    raw = (
        f"{PROSE}"
        "Gesellschaftlicher Zusammenhalt bedeutet für uns…\n\n"
        "- die Förderung von Aktivitäten für Demokratie und Geschichtsbewusstsein\n"
        "- eine Weiterentwicklung sowie angemessene Ausstattung der Stadtbibliothek und der\n"
        "Volkshochschule als wichtige Orte für Begegnung und Bildung\n"
        "- mehr Unterstützung, Beratung und Anerkennung ehrenamtlicher Arbeit\n\n"
        "Für unsere Kinder und Jugendlichen engagieren wir uns für…\n\n"
        "- den Erhalt des Jugendamtes in der Verantwortung der Stadt, damit wir Kinder, Jugendliche\n"
        "und Familien gezielt und besser stärken können\n"
        "- eine strukturelle Unterstützung für Jugendarbeit, Kulturakteur*innen und Bildungsträger\n"
        "- den zügigen Bau der neuen Grundschule an der Ringstraße\n"
        "- die Ausweitung der Schulsozialarbeit an den Grundschulen unserer Stadt und Ortsteile\n"
        "- inklusive und attraktive Spielplätze für Kinder jeden Alters\n"
    )
    texts = _texts(raw)
    assert "die Förderung von Aktivitäten für Demokratie und Geschichtsbewusstsein" in texts
    assert (
        "eine Weiterentwicklung sowie angemessene Ausstattung der Stadtbibliothek und der "
        "Volkshochschule als wichtige Orte für Begegnung und Bildung"
    ) in texts
    assert "den zügigen Bau der neuen Grundschule an der Ringstraße" in texts
    assert "inklusive und attraktive Spielplätze für Kinder jeden Alters" in texts


def test_an_unfinished_clause_above_a_list_is_its_lead_in() -> None:
    raw = (
        "Der Verkehr muss fließen\n\n"
        "Eine gute Infrastruktur bedeutet ein vielfältiges Angebot\n"
        "und die Möglichkeit, Mobilität individuell zu nutzen.\n\n"
        "Wir setzen uns im Verkehrswesen ein für\n\n"
        "-  Intelligente Verkehrsleitsysteme und Ampelanlagen\n"
        "-  weniger Staus durch gezielte Verkehrssteuerung, besonders in Schulnähe\n"
        "-  Ausbau der Radwege zwischen Bahnhof, Gewerbegebieten und Innenstadt\n"
        "-  Fahrradparkhaus am Bahnhof\n"
    )
    passages = _passages(raw)
    items = [(lead_in, text) for _, lead_in, text in passages if lead_in]
    assert items == [
        ("Wir setzen uns im Verkehrswesen ein für", "Intelligente Verkehrsleitsysteme und Ampelanlagen"),
        ("Wir setzen uns im Verkehrswesen ein für", "weniger Staus durch gezielte Verkehrssteuerung, besonders in Schulnähe"),
        ("Wir setzen uns im Verkehrswesen ein für", "Ausbau der Radwege zwischen Bahnhof, Gewerbegebieten und Innenstadt"),
        ("Wir setzen uns im Verkehrswesen ein für", "Fahrradparkhaus am Bahnhof"),
    ]


def test_items_glued_into_one_line_are_parted_but_suspended_compounds_stay() -> None:
    raw = (
        f"{PROSE}"
        "Darum engagieren wir uns…\n\n"
        "- für eine Stabsstelle für ÖPNV, Radverkehr und Klimamanagement- gegen den Bau einer Trasse\n"
        "- eine bessere Unterstützung des Frauenhauses- eine Förderung der Gewaltprävention\n"
        "- mehr Angebote der Kinder- und Jugendarbeit\n"
    )
    texts = _texts(raw)
    assert "für eine Stabsstelle für ÖPNV, Radverkehr und Klimamanagement" in texts
    assert "gegen den Bau einer Trasse" in texts
    assert "eine bessere Unterstützung des Frauenhauses" in texts
    assert "eine Förderung der Gewaltprävention" in texts
    assert "mehr Angebote der Kinder- und Jugendarbeit" in texts


def test_a_title_broken_over_two_lines_above_its_prose_is_not_merged_into_the_passage() -> None:
    raw = (
        f"{PROSE}"
        "Transparenz und Digitalisierung in der\n"
        "Stadtverwaltung\n"
        "Wir stehen für einen transparenten und sorgfältigen Umgang mit den kommunalen\n"
        "Haushaltsmitteln, weil wir nur so die erforderlichen Spielräume gewinnen und die\n"
        "anstehenden Zukunftsaufgaben bewältigen können.\n"
    )
    passages = _passages(raw)
    assert passages[-1][0] == "Transparenz und Digitalisierung in der Stadtverwaltung"
    assert passages[-1][2].startswith("Wir stehen für einen transparenten")


def test_a_heading_in_capitals_glued_to_the_words_around_it_stands_on_its_own() -> None:
    raw = (
        "SPD Wahlprogramm Aalen – GemeinderatFÜR UNSERE KINDER: BILDUNG UND BETREUUNG PRIORISIEREN\n"
        "Wir freuen uns über den Zuwachs von Kindern in Aalen. Der Bedarf an Kita-Plätzen steigt weiter, "
        "und die Ganztagsbetreuung stellt eine große Herausforderung dar, der wir begegnen wollen.\n"
        "FÜR EINE ATTRAKTIVE STADT: LEBENDIGE ORTSMITTEN\n"
        "Unsere Stadt soll eine attraktive Innenstadt und lebendige Ortsmitten mit hoher "
        "Aufenthaltsqualität haben.\n\n"
        "EHRENAMT STÄRKENDurch Einführung der Ehrenamtskarte und eines Ehrenamtsbeirats wollen wir "
        "die Vereine unterstützen.\n"
    )
    titles = [section.title for section in parse_programme_text(raw).sections]
    assert "FÜR UNSERE KINDER: BILDUNG UND BETREUUNG PRIORISIEREN" in titles
    assert "FÜR EINE ATTRAKTIVE STADT: LEBENDIGE ORTSMITTEN" in titles
    assert "EHRENAMT STÄRKEN" in titles
    texts = _texts(raw)
    assert any(t.startswith("Wir freuen uns über den Zuwachs") for t in texts)
    assert any(t.startswith("Durch Einführung der Ehrenamtskarte") for t in texts)


def test_a_numbered_title_ending_in_a_lowercase_word_between_prose_lines_is_a_title() -> None:
    raw = (
        f"{PROSE}"
        "3.1 Wohnen und Bauen\n"
        "Wir wollen bezahlbaren Wohnraum für alle schaffen. Dazu gründen wir eine städtische\n"
        "Wohnungsbaugesellschaft und sichern Belegungsrechte im Bestand.\n"
        "3.2 Mobilität für alle\n"
        "Wir bauen Radwege aus und verbessern den Takt der Busse. Der Bahnhof wird barrierefrei\n"
        "umgebaut, damit alle Menschen den Nahverkehr nutzen können.\n"
    )
    passages = _passages(raw)
    assert passages[-1][0] == "3.2 Mobilität für alle"
    assert passages[-1][2].startswith("Wir bauen Radwege aus")


def test_a_whole_list_on_one_line_without_line_breaks_is_parted_into_items() -> None:
    raw = (
        "Unsere Ziele für die Gemeinde- Bewahren und stärken des Engagements der Vereine und der "
        "Menschen.- Aktive kommunale Wirtschaftsförderung zur Sicherung attraktiver Arbeitsplätze.- "
        "Attraktive Beteiligungsräume für alle. - Unterstützung unserer Schulen in ihrer Weiterentwicklung.\n\n"
        "Wir setzen uns für eine lebendige Innenstadt ein. Der Wochenmarkt bleibt, die Kinder- und "
        "Jugendarbeit wird gestärkt - Schritt für Schritt.\n"
    )
    passages = _passages(raw)
    assert [text for title, _, text in passages[:4] if title == "Unsere Ziele für die Gemeinde"] == [
        "Bewahren und stärken des Engagements der Vereine und der Menschen.",
        "Aktive kommunale Wirtschaftsförderung zur Sicherung attraktiver Arbeitsplätze.",
        "Attraktive Beteiligungsräume für alle.",
        "Unterstützung unserer Schulen in ihrer Weiterentwicklung.",
    ]
    # A single dash in prose is punctuation, not a list.
    assert passages[-1][2].endswith("wird gestärkt - Schritt für Schritt.")


def test_a_name_hyphenated_at_a_lost_line_end_in_one_line_prose_is_no_list() -> None:
    # A whole programme on one line (GLMP texts without line breaks): a place name
    # hyphenated at a lost line end, later sentences, then a list's marks further on.
    # Paragraphs of prose after a "mark" say it is no item.
    sentences = " ".join(
        f"Im Kreis leben viele Menschen gerne, und der Satz Nummer {n} beschreibt das ausführlich." for n in range(12)
    )
    raw = (
        "Die Stadt, unsere Verbandsgemeinden Asbach, Linz, Unkel, Rengsdorf- Waldbreitbach, und die "
        f"vielen Ortsgemeinden bieten gute Lebensbedingungen. {sentences} Konkret bedeutet das:- "
        "Stärkung der regionalen Initiativen. - Mehr Busse am Abend. - Schnelles Internet überall.\n"
    )
    texts = [text for _, _, text in _passages(raw)]
    assert any("Rengsdorf- Waldbreitbach, und die vielen Ortsgemeinden" in text for text in texts)
    assert not any(text.startswith("Waldbreitbach") for text in texts)


def test_a_one_word_heading_glued_between_two_sentences_is_parted() -> None:
    raw = (
        "Wir stärken das Ehrenamt in allen Vereinen. Ihre Stimme zählt!EnergiewendeUnsere Gemeinde "
        "fördert aktiv die Energiewende durch gezielte Maßnahmen.Solide FinanzenMehr Geld für die "
        "Gemeinde durch bessere Nutzung von Gemeindeflächen.\n"
    )
    passages = _passages(raw)
    assert ("Energiewende", "Unsere Gemeinde fördert aktiv die Energiewende durch gezielte Maßnahmen.") in [
        (title, text) for title, _, text in passages
    ]
    assert passages[-1][0] == "Solide Finanzen"


def test_lowercase_items_on_one_line_are_parted_and_each_lead_in_heads_its_own() -> None:
    raw = (
        "Wir stehen im neuen Kreistag … für eine Sozialpolitik, - die unabhängige Beratungsstellen "
        "unterstützt und erhält,- die freiwillige Leistungen in Jugend- und Sporteinrichtungen sichert,- "
        "bei der alle Schülerinnen und Schüler kostenfrei den Bus nutzen können. … für eine "
        "Bildungspolitik,  - die Schulen bei der Entwicklung zur Ganztagsschule unterstützt,- die "
        "Schulsozialarbeit ab der ersten Klasse bietet.\n"
    )
    items = [(lead_in, text) for _, lead_in, text in _passages(raw) if lead_in]
    assert items[1:] == [
        ("Wir stehen im neuen Kreistag … für eine Sozialpolitik,", "die freiwillige Leistungen in Jugend- und Sporteinrichtungen sichert,"),
        (
            "Wir stehen im neuen Kreistag … für eine Sozialpolitik,",
            "bei der alle Schülerinnen und Schüler kostenfrei den Bus nutzen können.",
        ),
        ("… für eine Bildungspolitik,", "die Schulen bei der Entwicklung zur Ganztagsschule unterstützt,"),
        ("… für eine Bildungspolitik,", "die Schulsozialarbeit ab der ersten Klasse bietet."),
    ]


def test_a_clause_ending_in_an_ellipsis_right_above_a_list_is_its_lead_in() -> None:
    raw = (
        f"{PROSE}"
        "Wir setzen uns weiter ein…\n"
        "- für die Ausweitung von Lebensräumen für Bienen, Vögel und\n"
        "Schmetterlinge, z. B. durch artenreiche innerstädtische Grünflächen,\n"
        "- für ein Verbot von Glyphosat auf verpachteten städtischen\n"
        "Landwirtschaftsflächen,\n"
        "- für gesundes und nitratarmes Grund- und Trinkwasser.\n"
    )
    items = [(lead_in, text) for _, lead_in, text in _passages(raw) if lead_in]
    assert [text for _, text in items] == [
        "für die Ausweitung von Lebensräumen für Bienen, Vögel und Schmetterlinge, z. B. durch artenreiche innerstädtische Grünflächen,",
        "für ein Verbot von Glyphosat auf verpachteten städtischen Landwirtschaftsflächen,",
        "für gesundes und nitratarmes Grund- und Trinkwasser.",
    ]
    assert {lead_in for lead_in, _ in items} == {"Wir setzen uns weiter ein…"}


def test_a_dash_alone_inside_an_open_sentence_keeps_the_sentence_one_passage() -> None:
    # The PDF set the sentence word by word, a dash alone on its line among the words: the
    # line above stops on a word, the one below goes on in lowercase. Each dash alike.
    for dash in ("–", "-", "—"):
        raw = (
            f"{PROSE}"
            "Stadtentwicklung\n\n"
            "-\n\n"
            "Lösungen für Leerstand: Unsere Stadt muss\n"
            "sich\n\n"
            "stärker\n\n"
            "den städtebaulichen Missständen\n\n"
            "widmen\n\n"
            f"{dash}\n\n"
            "und\n\n"
            "bedarfsgerecht Fördermittel einwerben. Wichtig ist uns, alle Stadtteile und\n"
            "insbesondere die ländlichen Ortsteile zu einem lebendigen Teil der Stadt zu machen.\n\n"
            "-\n\n"
            "Wir wollen die Innenstadt beleben und Geschäfte bei der Ansiedlung unterstützen.\n"
        )
        texts = _texts(raw)
        joined = [t for t in texts if "bedarfsgerecht" in t]
        assert len(joined) == 1, dash
        assert "Missständen widmen" in joined[0] and joined[0].endswith("Teil der Stadt zu machen."), dash
        assert not any(t.startswith("und bedarfsgerecht") for t in texts), dash


def test_bare_dashes_marking_lowercase_phrases_stay_list_marks() -> None:
    # The same dash marks each phrase of the list: it is no sentence's dash.
    raw = (
        f"{PROSE}"
        "Für unsere Ortsteile wünschen wir uns\n\n"
        "-\n\n"
        "mehr Busse am Abend\n\n"
        "-\n\n"
        "sichere Radwege zur Schule\n\n"
        "-\n\n"
        "schnelles Internet in jedem Haus\n"
    )
    texts = _texts(raw)
    for phrase in ("mehr Busse am Abend", "sichere Radwege zur Schule", "schnelles Internet in jedem Haus"):
        assert any(t.endswith(phrase) for t in texts), phrase
    assert not any("Abend" in t and "Radwege" in t for t in texts)


def test_marked_items_that_wrap_without_marks_are_one_passage_each() -> None:
    # Full-width items one below the other, their wrapped lines unmarked: the "- " opens
    # each item; it is not a mark the PDF put on every line (those leave no line unmarked).
    raw = (
        f"{PROSE}"
        "Deshalb setzen wir uns ein für:\n\n"
        "- die jährliche Dynamisierung der Richtwerte bei den Kosten der Unterkunft (KdU) für\n"
        "Beziehende von Bürgergeld, von Grundsicherung im Alter und bei Erwerbsminderung\n"
        "zur Vermeidung von Zwangsumzügen und Sozialgerichtsklagen\n"
        "- die aktive Bekämpfung der Kinderarmut als oberste Priorität der Stadtpolitik\n"
        "- die Stabilisierung des Sozialen Arbeitsmarktes durch mehr geförderte Stellen in der Stadt\n"
        "- eine Ausbildungsoffensive gegen den zunehmenden Fachkräftemangel auch im Sozialbereich\n"
        "- die Sicherung, bessere Kommunikation und weitere Ausgestaltung des Leipzig-Passes für\n"
        "Menschen im Niedriglohnbereich\n"
        "- die Bekämpfung von Einsamkeit verschiedener Gesellschaftsgruppen in allen Stadtteilen\n"
        "- ein sauberes Stadtbild durch mehr Papier- und Abfallkörbe sowie mehr Aufklärung zu den\n"
        "- Sammelsystemen, um illegale Müllablagerungen zu verhindern\n"
        "- eine Teilnahme der Stadtverwaltung am Girls'Day\n"
        "-eine gendersensible Sprache, welche die Vielfalt der Stadtgesellschaft abbildet\n"
        "- die stärkere Förderung des nachbarschaftlichen Lernens mit Kindern aus migrantischen\n"
        "Familien\n"
        "-den Ausbau von dezentralen Wohnmöglichkeiten für Geflüchtete.\n"
    )
    items = [(lead_in, text) for _, lead_in, text in _passages(raw) if lead_in]
    assert {lead_in for lead_in, _ in items} == {"Deshalb setzen wir uns ein für:"}
    assert [text.split(" ", 3)[:3] for _, text in items] == [
        ["die", "jährliche", "Dynamisierung"],
        ["die", "aktive", "Bekämpfung"],
        ["die", "Stabilisierung", "des"],
        ["eine", "Ausbildungsoffensive", "gegen"],
        ["die", "Sicherung,", "bessere"],
        ["die", "Bekämpfung", "von"],
        ["ein", "sauberes", "Stadtbild"],
        ["eine", "Teilnahme", "der"],
        ["eine", "gendersensible", "Sprache,"],
        ["die", "stärkere", "Förderung"],
        ["den", "Ausbau", "von"],
    ]
    assert items[0][1].endswith("zur Vermeidung von Zwangsumzügen und Sozialgerichtsklagen")
    assert items[6][1].endswith("zu den Sammelsystemen, um illegale Müllablagerungen zu verhindern")
