"""Structure classes found on GLMP programmes no fixture holds (flyers and programmes of towns
nobody tuned on, GLMP's one-line texts and wrapped PDF text alike): ordinals inside a sentence
taken for a sentence end, headings in capitals holding "ß" or quotation marks, a line broken
after a slash taken for a title, a contents list with no title and no page numbers, list items
opening with an ellipsis under a lead-in ending in one, titles in capitals closing with a colon,
a flyer's candidate boxes ("WALTER" / "FEINILER", "Geschäftsführer" / "#1") set among its text, list
dashes glued to their word ("-Grundschulen und …"), titles in capitals left at the end of an item of
a one-line list, one-line lists whose dashes keep a space on both sides. Short
synthetic texts shaped like the ones seen, or short excerpts of them."""

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


def test_a_line_broken_after_a_slash_goes_on_and_is_no_title() -> None:
    # "Dieses Wahlprogramm der Freien Grünen Liste und Bündnis 90/" / "Die Grünen ist …": the
    # line stopped short of the column at the slash and was read as a chapter title.
    raw = (
        "Demokratie stärken\n"
        "Auch die Klimakrise stellt unsere Gesellschaft vor eine große\n"
        "Aufgabe. Die Schäden durch Extremwetter nehmen deutlich zu, vor\n"
        "allem im globalen Süden, aber auch bei uns. Zugleich haben wir\n"
        "jetzt noch die Chance zu handeln und Schlimmeres zu verhindern.\n"
        "Auf den Rechtsextremismus antworten wir mit unserem Engagement für Vielfalt und Demokratie.\n"
        "Auf die Klimakrise antworten wir mit unserem Engagement für erneuerbare Energien,\n"
        "klimafreundliche Mobilität und für eine auf Hitze und Extremwetter vorbereitete Stadt.\n"
        "Dieses Wahlprogramm der Freien Grünen Liste und Bündnis 90/\n"
        "Die Grünen ist unsere gemeinsame Antwort auf die relevanten\n"
        "Fragen unserer Zeit.\n\n"
        "DEMOKRATISCH ÖKOLOGISCH - SOZIAL /\n"
        "Wähle eine gute Zukunft\n\n"
        "Die Folgen der Klimakrise werden weltweit immer deutlicher sichtbar, vor allem durch häufige\n"
        "Extremwetterereignisse. Dies dürfen wir nicht einfach hinnehmen.\n"
    )
    sections = _sections(raw)
    titles = [title for title, _ in sections]
    assert titles[0] == "Demokratie stärken"
    assert not any(title.endswith("90/") for title in titles)
    texts = [text for _, passages in sections for text in passages]
    assert any("Bündnis 90/ Die Grünen ist unsere gemeinsame Antwort" in text for text in texts)
    # A slogan in capitals ending in a slash stays a title.
    assert "DEMOKRATISCH ÖKOLOGISCH - SOZIAL /" in titles


TOPICS = ["Klima", "Energiewende", "Mobilität", "Bus und Bahn", "Bildung", "Schule", "Kultur", "Finanzen"]


def test_a_contents_list_without_title_or_page_numbers_makes_no_chapters() -> None:
    # The titles of the chapters line by line after the cover, no "Inhalt" above them and no
    # page numbers: they made empty chapters, and the preface fell into the last one.
    body = "".join(
        f"{topic}\nBeim Thema {topic} wollen wir in unserer Stadt in den nächsten fünf Jahren\n"
        "deutlich vorankommen. Dafür setzen wir uns im Gemeinderat mit aller Kraft ein.\n\n"
        for topic in TOPICS
    )
    raw = (
        "Wahlprogramm zur Gemeinderatswahl 2024\n\n"
        + "\n".join(TOPICS)
        + "\n\nWir leben in einer Zeit, in der uns die Klimakrise vor große Herausforderungen\n"
        "stellt. Gerade in dieser Zeit treten wir in Musterstadt an, um diese Aufgabe anzunehmen.\n\n"
        + body
    )
    sections = _sections(raw)
    titles = [title for title, _ in sections]
    assert all(titles.count(topic) == 1 for topic in TOPICS)
    assert all(passages for title, passages in sections if title in TOPICS)
    preface = next(title for title, passages in sections if any("Klimakrise" in text for text in passages))
    assert preface not in TOPICS


def test_a_run_of_short_lines_named_nowhere_else_stays() -> None:
    # Six short lines, one below the other, that name no later title: a list, no contents.
    items = ["Sichere Schulwege", "Mehr Radwege", "Neue Spielplätze", "Saubere Parks", "Gute Kitas", "Starke Vereine"]
    raw = "Unsere Ziele\n\n" + "\n".join(items) + "\n\nWir wollen viel erreichen. Dafür bitten wir um Ihre Stimme.\n"
    texts = " ".join(text for _, passages in _sections(raw) for text in passages)
    assert all(item in texts or item in [t for t, _ in _sections(raw)] for item in items)


def _passages(raw: str) -> list[tuple[str, str | None, str]]:
    return [(p.kind, p.lead_in, p.text) for s in parse_programme_text(raw).sections for p in s.passages]


def test_items_opening_with_an_ellipsis_under_a_lead_in_are_one_pledge_each() -> None:
    # Grüne Konstanz: "Gemeinsam engagieren wir uns für …" / "… sichere und breite Radwege …":
    # with no mark the items ran together in twos and threes as their lines wrapped.
    raw = (
        "Rad- und Fußverkehr\n"
        "Unterwegs zu Fuß oder mit dem Rad ist umweltfreundlich, gesund und besonders schnell.\n"
        "Deshalb muss die Infrastruktur in Konstanz auf die Bedürfnisse des Rad- und Fußverkehrs\n"
        "angepasst sein.\n"
        "Gemeinsam engagieren wir uns für …\n"
        "… sichere und breite Radwege sowie weitere Fahrradstraßen\n"
        "in der Stadt.\n"
        "… eine gute Anbindung ans überregionale Radverkehrsnetz.\n"
        "… die Umsetzung der geplanten Wärmenetze der Stadtwerke bis 2035: Diese\n"
        "Klima-Investition muss im städtischen Haushalt höchste Priorität haben.\n"
        "… barrierefreie, breite Fußwege, die vom Radverkehr getrennt sind.\n"
        "… eine autofreie Innenstadt auch in Stadelhofen und in der Niederburg.\n\n"
        "5\n\n"
        "… die Umwidmung einer Autospur auf der Alten Rheinbrücke\n"
        "in eine Fahrradspur.\n"
        "… den Ausbau der Nachtschwärmerbusse.\n"
    )
    lead = "Gemeinsam engagieren wir uns für …"
    pledges = [(lead_in, text) for kind, lead_in, text in _passages(raw) if kind == "pledge"]
    assert [text for _, text in pledges] == [
        "sichere und breite Radwege sowie weitere Fahrradstraßen in der Stadt.",
        "eine gute Anbindung ans überregionale Radverkehrsnetz.",
        "die Umsetzung der geplanten Wärmenetze der Stadtwerke bis 2035: Diese Klima-Investition muss im "
        "städtischen Haushalt höchste Priorität haben.",
        "barrierefreie, breite Fußwege, die vom Radverkehr getrennt sind.",
        "eine autofreie Innenstadt auch in Stadelhofen und in der Niederburg.",
        "die Umwidmung einer Autospur auf der Alten Rheinbrücke in eine Fahrradspur.",
        "den Ausbau der Nachtschwärmerbusse.",
    ]
    assert pledges[0][0] == lead


def test_a_line_opening_with_an_ellipsis_alone_in_prose_is_no_item() -> None:
    raw = (
        "Wir haben viel erreicht. Und doch bleibt noch viel zu tun, wenn wir unsere Ziele erreichen\n"
        "wollen, und dafür brauchen wir Sie.\n\n"
        "… und deshalb bitten wir Sie am 9. Juni um Ihre Stimme für eine starke Fraktion im Rat.\n"
    )
    assert all(kind == "paragraph" for kind, _, _ in _passages(raw))
    assert any(text.startswith("… und deshalb") for _, _, text in _passages(raw))


SPEYER = (
    "MIT EUCH FÜR EINE\n"
    "GRÜNERE STADT:\n"
    "Der Erhalt von Natur und Umwelt als\n"
    "Grundlage für eine hohe Lebensqualität\n"
    "der Menschen in unserer Stadt ist für uns\n"
    "von zentraler Bedeutung.\n\n"
    "MIT EUCH FÜR SICHERHEIT,\n"
    "ORDNUNG UND SAUBERKEIT:\n"
    "Sauberkeit, Sicherheit und Ordnung sind\n"
    "unabdingbar für eine Stadt, in der man\n"
    "gerne lebt. Speyer muss hier besser werden:\n\n"
    "WALTER\nFEINILER\n\n"
    "PHILIPP\nBRANDENBURGER\n\n"
    "Geschäftsführer\n#1\n\n"
    "Referent\n#3\n\n"
    "Mehr Entsorgungsmöglichkeiten führen\n"
    "zu mehr Sauberkeit. Umweltsünder müssen sanktioniert werden.\n\n"
    "MARTINA\nQUEISSER\nKinderkrankenschwester\n#2\n\n"
    "Die vielfältigen Aufgaben des Vollzugsdienstes erfordern eine personelle Aufstockung.\n\n"
    "ANGELIKA BOTT\n\n"
    "Erzieherin,\nRentnerin\n#4\n\n"
    "MIT EUCH VERKEHR\n"
    "UND MOBILITÄT OPTIMIEREN\n"
    "Gemeinsam und im Einvernehmen mit\n"
    "allen Bürgerinnen und Bürgern möchten\n"
    "wir nach Wegen suchen, wie wir das Verkehrsaufkommen reduzieren können.\n\n"
    "MIT EUCH FÜR EINE\n"
    "ZUKUNFTSORIENTIERTE\n"
    "STADTENTWICKLUNG:\n\n"
    "NICHOLAS\nHERBIN\nAuszubildender\nBüromanagement\n#11\n\n"
    "Bei der Entwicklung unserer Stadt setzen\n"
    "wir auf Partizipation sowie sorgfältige Planung. Das ist\n"
    "#speyerliebe.\n"
)


def test_titles_in_capitals_closing_with_a_colon_head_the_text_below() -> None:
    # SPD Speyer: "MIT EUCH FÜR EINE" / "GRÜNERE STADT:" read as a sentence's end; a comma at
    # the end of a title's line ("MIT EUCH FÜR SICHERHEIT,") too.
    titles = [title for title, _ in _sections(SPEYER)]
    assert titles == [
        "MIT EUCH FÜR EINE GRÜNERE STADT",
        "MIT EUCH FÜR SICHERHEIT, ORDNUNG UND SAUBERKEIT",
        "MIT EUCH VERKEHR UND MOBILITÄT OPTIMIEREN",
        "MIT EUCH FÜR EINE ZUKUNFTSORIENTIERTE STADTENTWICKLUNG",
    ]


def test_a_lead_in_in_capitals_above_a_list_keeps_its_colon() -> None:
    raw = "DAFÜR SETZEN WIR UNS EIN:\n- mehr Busse in den Ortsteilen\n- sichere Radwege zu den Schulen\n"
    assert [(p.lead_in, p.text) for s in parse_programme_text(raw).sections for p in s.passages] == [
        ("DAFÜR SETZEN WIR UNS EIN:", "mehr Busse in den Ortsteilen"),
        ("DAFÜR SETZEN WIR UNS EIN:", "sichere Radwege zu den Schulen"),
    ]


def test_candidate_boxes_among_a_flyers_text_are_no_chapters_or_passages() -> None:
    # SPD Speyer: names in capitals, professions and list places ("#3") set among the text made
    # empty chapters ("WALTER FEINILER") and passages ("Kinderkrankenschwester #2 Die vielfältigen …").
    parsed = parse_programme_text(SPEYER)
    texts = [p.text for s in parsed.sections for p in s.passages]
    names = ["FEINILER", "BRANDENBURGER", "QUEISSER", "BOTT", "HERBIN", "#1", "#2", "#11", "Rentnerin"]
    assert not any(name in text for name in names for text in texts)
    assert not any(name in s.title for name in names for s in parsed.sections)
    assert "Die vielfältigen Aufgaben des Vollzugsdienstes erfordern eine personelle Aufstockung." in texts
    assert any(text.endswith("Das ist #speyerliebe.") for text in texts)
    assert parsed.metadata["Kandidierende"].split(" | ")[:3] == ["WALTER FEINILER", "PHILIPP BRANDENBURGER", "Geschäftsführer #1"]


def test_without_list_places_names_in_capitals_stay() -> None:
    raw = "UNSER SPEYER\nEine einzigartige Stadt, pulsierend und lebendig.\n\nANGELIKA BOTT\n\nErzieherin,\nRentnerin\n#4\n"
    parsed = parse_programme_text(raw)
    assert "Kandidierende" not in parsed.metadata
    assert parsed.sections[0].title == "UNSER SPEYER"


def test_a_dash_glued_to_its_word_marks_an_item_where_an_item_may_start() -> None:
    # SPD Neuwied, FDP Schwerin: "-Grundschulen und …" after a blank line ran into the item above;
    # "-Unterstützung des …" below an item stood in its paragraph.
    raw = (
        "Kita & Schule: Beste Bildung für alle Kinder\n"
        "In unserer Vision für Neuwied spielt Bildung auch weiterhin eine zentrale Rolle. Deshalb\n"
        "möchten wir:\n\n"
        "- Die hierfür nötigen Fachkräfte akquirieren und die Tagespflege ausbauen\n\n"
        "-Grundschulen und ihre Betreuungssituation als Aufenthaltsort für Kinder\n"
        "stärker unterstützen\n\n"
        "-Bereitstellung von E-Scootern für den Kommunalen Ordnungsdienst.\n"
        "-Unterstützung des Kommunalen Ordnungsdienstes im öffentlichen Personennahverkehr.\n\n"
        "Die ältere Generation wollen wir mit ehrenamtlichen „Digital-Botschaftern und\n"
        "-Botschafterinnen“ dabei unterstützen, Zugang zur digitalen Welt zu finden.\n"
    )
    passages = _passages(raw)
    assert [text for kind, _, text in passages if kind == "pledge"] == [
        "Die hierfür nötigen Fachkräfte akquirieren und die Tagespflege ausbauen",
        "Grundschulen und ihre Betreuungssituation als Aufenthaltsort für Kinder stärker unterstützen",
        "Bereitstellung von E-Scootern für den Kommunalen Ordnungsdienst.",
        "Unterstützung des Kommunalen Ordnungsdienstes im öffentlichen Personennahverkehr.",
    ]
    assert any("„Digital-Botschaftern und -Botschafterinnen“" in text for _, _, text in passages)


def test_a_title_in_capitals_ending_an_item_of_a_one_line_list_heads_the_next_items() -> None:
    # SPD Stralsund, a GLMP text of one line: "… in das Klimamanagement GESUNDHEIT UND SICHERHEIT-
    # Ärztemangel …", "… ZusammenhaltBILDUNG, KUNST, KULTUR UND SPORT- …", "… Kulturzentrums
    # STADTENTWICKLUNG- …": the next group's title stayed in the item before it.
    raw = (
        "WAHLPROGRAMMVERKEHR UND UMWELT- Radverkehr optimieren- Einbeziehung der EinwohnerInnen in das "
        "Klimamanagement GESUNDHEIT UND SICHERHEIT- Ärztemangel entgegen wirken- Abbau von Angsträumen"
        "- Schaffung einer Stelle für gesellschaftlichen ZusammenhaltBILDUNG, KUNST, KULTUR UND SPORT"
        "- Zweite Schwimmhalle für Stralsund- Schaffung eines Kunst- und KulturzentrumsSTADTENTWICKLUNG"
        "- Fernwärme ausbauen- Sanierung der Stadtteiche- Mehr Busse für die BVG und die DB"
        "- Sozialen Wohnungsbau beleben\n"
    )
    assert _sections(raw) == [
        ("WAHLPROGRAMMVERKEHR UND UMWELT", ["Radverkehr optimieren", "Einbeziehung der EinwohnerInnen in das Klimamanagement"]),
        (
            "GESUNDHEIT UND SICHERHEIT",
            ["Ärztemangel entgegen wirken", "Abbau von Angsträumen", "Schaffung einer Stelle für gesellschaftlichen Zusammenhalt"],
        ),
        ("BILDUNG, KUNST, KULTUR UND SPORT", ["Zweite Schwimmhalle für Stralsund", "Schaffung eines Kunst- und Kulturzentrums"]),
        (
            "STADTENTWICKLUNG",
            ["Fernwärme ausbauen", "Sanierung der Stadtteiche", "Mehr Busse für die BVG und die DB", "Sozialen Wohnungsbau beleben"],
        ),
    ]


def test_a_one_line_list_whose_marks_keep_a_space_on_both_sides_is_split_into_items() -> None:
    # UKB Beelitz, a GLMP text of one line: "… Ärzten - Sanierung und Erhalt der Ortswehren, … -
    # Unterstützung …": four long passages of run-together items, cut by length.
    items = [
        "Sanierung und Erhalt der Ortswehren, Sicherstellung der Einsatzfähigkeit",
        "Entwicklungsstrategie bis 2040 für Beelitz und seine Orts- und Gemeindeteile",
        "Schaffung von bezahlbarem Wohnraum und Ausweisung von Bauland",
        "Unterstützung der Ansiedlung eines Baumarktes in Beelitz",
        "Sinnvoller Ausbau regenerativer Energien unter der Beteiligung der Bürger",
        "Sichere Kita- und Schulwege",
        "Weiterer Aus- und Neubau von Kitas und Schulen",
    ]
    raw = "Welche Themen möchten wir in der neuen Wahlperiode angehen: Unsere Gemeinde - " + " - ".join(items) + "\n"
    pledges = [text for kind, _, text in _passages(raw) if kind == "pledge"]
    assert pledges == items


def test_a_few_spaced_dashes_in_prose_split_nothing() -> None:
    raw = (
        "Wir wollen sichere Radwege - Schulwege vor allem - und bessere Busse in allen Ortsteilen. Die Stadt "
        "muss handeln - Gemeinsam schaffen wir das - und wir bleiben dran, bis die Radwege gebaut sind.\n"
    )
    assert [kind for kind, _, _ in _passages(raw)] == ["paragraph"]


def test_a_title_broken_over_two_lines_is_one_heading() -> None:
    # SPD Neuwied: "Energiewende, Klima- & Umweltschutz: Nachhaltigkeit für eine lebenswerte" /
    # "Zukunft" ran into the paragraph below; SPD Gera: "2. Für starke Familie und gute" /
    # "Gesundheit" made two chapters, the second named "Gesundheit".
    neuwied = (
        "Die Vielfalt unserer Stadt Neuwied ist unsere Stärke. Wir verstehen Inklusion,\n"
        "Integration, Teilhabe und Barrierefreiheit nicht als isolierte Themen, sondern als\n"
        "untrennbare Bestandteile einer lebendigen Gemeinschaft.\n\n"
        "Deshalb möchten wir:\n\n"
        "- Seniorentreffs schaffen und bestehende erhalten\n\n"
        "- Barrierefreiheit im öffentlichen Raum ausbauen\n\n"
        "Energiewende, Klima- & Umweltschutz: Nachhaltigkeit für eine lebenswerte\n"
        "Zukunft\n\n"
        "Die Herausforderungen des Klimawandels erfordern entschlossenes Handeln auf\n"
        "kommunaler Ebene. Die SPD Neuwied bekennt sich zu einer nachhaltigen,\n"
        "umweltbewussten und zukunftsorientierten Politik.\n\n"
        "Ehrenamt, Vereine, Organisationen: Gemeinsam für ein lebendiges\n"
        "Neuwied\n"
        "Die SPD Neuwied würdigt die unschätzbare Bedeutung des Ehrenamts, der\n"
        "Vereine und Organisationen für das soziale Gefüge unserer Stadt.\n"
    )
    titles = [title for title, _ in _sections(neuwied)]
    assert "Energiewende, Klima- & Umweltschutz: Nachhaltigkeit für eine lebenswerte Zukunft" in titles
    assert "Ehrenamt, Vereine, Organisationen: Gemeinsam für ein lebendiges Neuwied" in titles
    gera = (
        "Auch die künstlerische und musikalische Bildung in Gera zeichnet unsere\n"
        "Stadt aus. Sie gilt es, in ihrer Entwicklung positiv zu begleiten.\n\n"
        "2. Für starke Familie und gute\n"
        "Gesundheit\n"
        "Familienfreundlichkeit\n"
        "- Gera als Wohlfühlort: Wir wollen die vorhandene Infrastruktur erneuern und erhalten.\n"
        "- Dazu gehören gepflegte Fußwege und mehr Radwege.\n"
    )
    titles = [title for title, _ in _sections(gera)]
    assert "2. Für starke Familie und gute Gesundheit" in titles
    assert "Gesundheit" not in titles


def test_a_paragraph_line_stopping_on_a_word_is_no_title_with_its_next_line() -> None:
    # Prose wraps at the column: a second line running to it, or ending a sentence, is text.
    raw = (
        "Wir wollen, dass Gera als Stadt der Möglichkeiten für alle Menschen und\n"
        "als Kulturort wahrgenommen wird.\n"
        "Das ist unser Ziel für die kommenden Jahre.\n"
    )
    assert [title for title, _ in _sections(raw)] == [""]
