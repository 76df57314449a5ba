"""Structure classes found on real GLMP programmes: suspended compounds, lone glued dashes, lead-ins closing a paragraph."""

from __future__ import annotations

from canvass_app.corpus.structure import parse_programme_text

PROSE = (
    "Wir engagieren uns für alle Menschen in unserer Stadt. Dabei haben wir Kinder, Jugendliche,\n"
    "Familien und Senior*innen im Blick, denn gesellschaftlicher Zusammenhalt entsteht vor Ort, in\n"
    "den Vereinen, in der Nachbarschaft und in den Schulen unserer Stadt und ihrer Ortsteile.\n\n"
)


def _passages(raw: str) -> list[tuple[str, str | None, str]]:
    return [(s.title, p.lead_in, p.text) for s in parse_programme_text(raw).sections for p in s.passages]


def test_a_borrowed_suspended_compound_does_not_cut_an_item() -> None:
    # "Park- and Ride" is a suspended compound as "Kinder- und Jugend" is: no item starts at "and".
    raw = (
        f"{PROSE}"
        "Daher fordern wir:\n\n"
        "- Eine gut ausgebaute und zuverlässige öffentliche Verkehrsinfrastruktur.\n"
        "- Das Park- and Ride-Konzept und das Bike- and Ride-Angebot müssen endlich umgesetzt werden\n"
        "- Eine umfassende Überprüfung der nächtlichen Ampelzeiten im ganzen Stadtgebiet.\n"
    )
    items = [text for _, lead_in, text in _passages(raw) if lead_in == "Daher fordern wir:"]
    assert items == [
        "Eine gut ausgebaute und zuverlässige öffentliche Verkehrsinfrastruktur.",
        "Das Park- and Ride-Konzept und das Bike- and Ride-Angebot müssen endlich umgesetzt werden",
        "Eine umfassende Überprüfung der nächtlichen Ampelzeiten im ganzen Stadtgebiet.",
    ]


def test_a_lone_dash_glued_to_its_item_between_dash_items_opens_an_item() -> None:
    # One item of a dash list lost the space after its dash: between two items marked with a
    # dash it is an item still, not the tail of the item above nor a paragraph of its own.
    raw = (
        f"{PROSE}"
        "So gehen wir es an:\n\n"
        "- Radschnellwege machen dieses Verkehrsmittel für viele Pendler attraktiver.\n\n"
        "-Wir fordern die Tunnellösung für das Bahnprojekt durch unsere Stadt.\n\n"
        "- Die Anbindung der zweiten Rheinbrücke muss im Norden der Stadt erfolgen.\n"
        "- Die Investition in moderne Verkehrsleitsysteme und Ampeln kann\n"
        "den Verkehrsfluss verbessern.\n"
        "- Die Benutzung von E-Rollern bedarf einer klaren Regulierung in der Stadt.\n"
        "- Eine Überprüfung der nächtlichen Ampelzeiten im ganzen Stadtgebiet.\n"
    )
    items = [text for _, lead_in, text in _passages(raw) if lead_in == "So gehen wir es an:"]
    assert items == [
        "Radschnellwege machen dieses Verkehrsmittel für viele Pendler attraktiver.",
        "Wir fordern die Tunnellösung für das Bahnprojekt durch unsere Stadt.",
        "Die Anbindung der zweiten Rheinbrücke muss im Norden der Stadt erfolgen.",
        "Die Investition in moderne Verkehrsleitsysteme und Ampeln kann den Verkehrsfluss verbessern.",
        "Die Benutzung von E-Rollern bedarf einer klaren Regulierung in der Stadt.",
        "Eine Überprüfung der nächtlichen Ampelzeiten im ganzen Stadtgebiet.",
    ]


def test_a_lone_dash_opening_prose_is_no_item() -> None:
    # Without dash items around it, a line opening with a glued dash stays as it was.
    raw = f"{PROSE}-Die Stadt braucht mehr Grün, sagen viele Bürgerinnen und Bürger in unserer Umfrage.\n\n{PROSE}"
    assert all(lead_in is None for _, lead_in, _ in _passages(raw))
    assert not any(text.startswith("Die Stadt braucht") for _, _, text in _passages(raw))


def test_a_lead_in_wrapped_over_two_lines_heads_its_list() -> None:
    # One clause over two lines, closing on "fordern wir:": the lines below are its list, marked
    # or not. Up to 80 characters it is the items' lead-in; longer, a paragraph of its own (a
    # lead-in never holds much text) that the items refer to, not a paragraph they run into.
    raw = (
        f"{PROSE}"
        "Zur Pflege gelebter heimatlicher und traditioneller\n"
        "Werte fordern wir:\n\n"
        "die uneingeschränkte Unterstützung der sorbischen Vereine und Initiativen.\n\n"
        f"{PROSE}"
        "Vor dem Chancenhintergrund einer nachhaltigen Stärkung insbesondere\n"
        "des heimischen Mittelstandes sowie einer vermehrten Ansiedlung von\n"
        "Großunternehmen fordern wir:\n"
        "- die Erweiterung und den Ausbau bestehender und neuer Gewerbegebiete\n"
        "- ein Start-Up-Turbo durch Bildungsangebote zum Thema Selbstständigkeit\n"
    )
    passages = [p for s in parse_programme_text(raw).sections for p in s.passages]
    short = "Zur Pflege gelebter heimatlicher und traditioneller Werte fordern wir:"
    long = (
        "Vor dem Chancenhintergrund einer nachhaltigen Stärkung insbesondere des heimischen Mittelstandes "
        "sowie einer vermehrten Ansiedlung von Großunternehmen fordern wir:"
    )
    assert [(p.kind, p.lead_in, p.text) for p in passages if p.lead_in] == [
        ("pledge", short, "die uneingeschränkte Unterstützung der sorbischen Vereine und Initiativen."),
    ]
    at = [p.text for p in passages].index(long)
    assert passages[at].kind == "paragraph"
    assert [(p.kind, p.intro) for p in passages[at + 1 :]] == [("pledge", at), ("pledge", at)]


def test_a_long_lead_in_on_one_line_heads_unmarked_items() -> None:
    raw = (
        f"{PROSE}"
        "Für die Entwicklung unserer Kommune und der Lausitz als ökonomisch-ökologisch zukunftsfähiges Zentrum fordern wir:\n\n"
        "eine klimaangepasste und ökologische Stadtentwicklung\n"
        "ein wirksames Regenwassermanagement für alle Ortsteile\n"
        "eine Verringerung der versiegelten Stadtflächen\n\n"
        f"{PROSE}"
    )
    passages = parse_programme_text(raw).sections[0].passages
    assert passages[1].text.startswith("Für die Entwicklung") and passages[1].kind == "paragraph"
    assert [(p.kind, p.text, p.intro) for p in passages[2:5]] == [
        ("pledge", "eine klimaangepasste und ökologische Stadtentwicklung", 1),
        ("pledge", "ein wirksames Regenwassermanagement für alle Ortsteile", 1),
        ("pledge", "eine Verringerung der versiegelten Stadtflächen", 1),
    ]


def test_a_paragraph_of_sentences_or_clauses_ending_in_a_colon_stays_a_paragraph() -> None:
    # Several sentences, or clauses, before "… fordern wir:" say something of their own: a
    # paragraph, its items referring to it, as before.
    for opening in (
        "Die Wärmeplanung darf nicht zur Bürde werden. Vor allem Schnellschüsse müssen verhindert werden\n"
        "und die Stadtwerke müssen Technologieoffenheit beweisen. Deshalb fordern wir:\n\n",
        "Um Aspekte der Energieeffizienz, des Umwelt- und Klimaschutzes und die Begrenzung von\n"
        "deutlichen Kostensteigerungen für den einzelnen Bürger zusammen zu denken, fordern wir:\n\n",
    ):
        raw = (
            f"{PROSE}{opening}"
            "- Durch den Einsatz erneuerbarer Energien wird die Wärmeversorgung nachhaltiger.\n"
            "- Der Ausbau von Nahwärmenetzen ermöglicht eine effiziente Verteilung von Wärme.\n"
        )
        passages = [p for s in parse_programme_text(raw).sections for p in s.passages]
        assert [p.kind for p in passages[1:]] == ["paragraph", "pledge", "pledge"]
        assert passages[1].text.endswith("fordern wir:")
        assert [(p.lead_in, p.intro) for p in passages[2:]] == [(None, 1), (None, 1)]


def test_a_word_set_alone_inside_an_items_sentence_is_no_heading() -> None:
    # Justified text the PDF set word by word: a capitalised word between blank lines, the
    # sentence going on in lowercase below it, is one of the item's words, not a title.
    raw = (
        f"{PROSE}"
        "Dafür stehen wir:\n\n"
        "- Wir wollen mehr Busse und Bahnen in allen Ortsteilen unserer Stadt.\n"
        "- Wir setzen uns für den gezielten Ausbau von Infrastruktur für Elektromobilität\n\n"
        "ein\n\n"
        "und\n\n"
        "fordern,\n\n"
        "dass\n\n"
        "Radwege\n\n"
        "und\n\n"
        "Bäume bei Straßenbaumaßnahmen mitgeplant werden.\n\n"
        f"{PROSE}"
    )
    parsed = parse_programme_text(raw)
    assert "Radwege" not in [s.title for s in parsed.sections]


def test_an_abbreviation_broken_after_its_first_letter_goes_on() -> None:
    # "… wie z." / "B. subventionierte …": the line ends inside "z. B.", the item goes on below.
    raw = (
        f"{PROSE}"
        "Daher fordern wir:\n\n"
        "- Die Kommunalverwaltung sollte Anreize für die Energieeinsparungen schaffen, wie z.\n"
        "B. subventionierte Energieberatungen, kostenlose Smart-Meter-Installationen,\n"
        "Solarinstallation auf Wohngebäuden oder Finanzierung von Wanddämmung. Diese\n"
        "Maßnahmen werden dazu beitragen, die Energiekosten zu senken, ohne dass der\n"
        "Einzelne mehr für Energieeffizienz-Verbesserungen ausgeben muss.\n"
        "- Die Kommunalverwaltung sollte Solaranlagen auf ihren eigenen Dächern bauen.\n"
    )
    items = [text for _, lead_in, text in _passages(raw) if lead_in == "Daher fordern wir:"]
    assert items == [
        "Die Kommunalverwaltung sollte Anreize für die Energieeinsparungen schaffen, wie z. "
        "B. subventionierte Energieberatungen, kostenlose Smart-Meter-Installationen, Solarinstallation auf "
        "Wohngebäuden oder Finanzierung von Wanddämmung. Diese Maßnahmen werden dazu beitragen, die "
        "Energiekosten zu senken, ohne dass der Einzelne mehr für Energieeffizienz-Verbesserungen ausgeben muss.",
        "Die Kommunalverwaltung sollte Solaranlagen auf ihren eigenen Dächern bauen.",
    ]


# A programme whose line breaks were all lost: one line, its lists inside its prose.
_ONE_LINE = (
    "Der Landkreis ist ein lebenswerter Landkreis. Mobilität braucht leistungsfähige Verkehrswege.Wir setzen uns "
    "dafür ein:- die vorhandenen Strecken des ÖPNV zu sichern und weiterzuentwickeln,- die Übergänge zwischen Bus "
    "und Bahn zu verbessern,- den Lärm des Güterverkehrs im Rheintal einzudämmen und im Brand- undKatastrophenschutz "
    "zusammenzuarbeiten,- den Güterverkehr aus dem Rheintal zu verlagern.Die Zukunft unserer Region hängt von einer "
    "guten Versorgung ab.Wofür wir uns einsetzen:- ein Arzt und eine Apotheke in erreichbarer Nähe,- die Stärkung "
    "des Projekts „Meine Gesundheit – Digital.Nah.Neuwied“,- eine gute Grundversorgung durch kluge Konzepte (z.B. "
    "den Dorfladen)- den Ausbau von Pflegeangeboten für demenzerkrankte Menschen und ihre Kinder 2. Gute Arbeit "
    "für Jung und Alt!Gute Arbeit erfordert faire Löhne. Das bedeutet für uns:- Die Sonnenkraft ist ein zentraler "
    "Baustein. Daher soll die Initiative gestärkt werden.- Bis 2026 sollen 2,7 Mio. Euro investiert werden.- Der "
    "Wald ist zu schützen. Wir danken allen Helfern.\n"
)


def test_lists_inside_a_programme_on_one_line_are_items_under_their_lead_ins() -> None:
    passages = _passages(_ONE_LINE)
    items = [(lead_in, text) for _, lead_in, text in passages if lead_in]
    assert items == [
        ("Wir setzen uns dafür ein:", "die vorhandenen Strecken des ÖPNV zu sichern und weiterzuentwickeln"),
        ("Wir setzen uns dafür ein:", "die Übergänge zwischen Bus und Bahn zu verbessern"),
        (
            "Wir setzen uns dafür ein:",
            "den Lärm des Güterverkehrs im Rheintal einzudämmen und im Brand- undKatastrophenschutz zusammenzuarbeiten",
        ),
        ("Wir setzen uns dafür ein:", "den Güterverkehr aus dem Rheintal zu verlagern."),
        ("Wofür wir uns einsetzen:", "ein Arzt und eine Apotheke in erreichbarer Nähe"),
        ("Wofür wir uns einsetzen:", "die Stärkung des Projekts „Meine Gesundheit – Digital. Nah. Neuwied“"),
        ("Wofür wir uns einsetzen:", "eine gute Grundversorgung durch kluge Konzepte (z.B. den Dorfladen)"),
        ("Wofür wir uns einsetzen:", "den Ausbau von Pflegeangeboten für demenzerkrankte Menschen und ihre Kinder"),
    ]
    # The next chapter's title, glued to the last item, heads the text after it.
    sections = parse_programme_text(_ONE_LINE).sections
    assert [s.title for s in sections][-1] == "2. Gute Arbeit für Jung und Alt!"
    # Items that are sentences may hold two; the list's last item ends at its first sentence.
    assert [p.text for p in sections[-1].passages] == [
        "Gute Arbeit erfordert faire Löhne. Das bedeutet für uns:",
        "Die Sonnenkraft ist ein zentraler Baustein. Daher soll die Initiative gestärkt werden.",
        "Bis 2026 sollen 2,7 Mio. Euro investiert werden.",
        "Der Wald ist zu schützen.",
        "Wir danken allen Helfern.",
    ]
    assert [p.kind for p in sections[-1].passages] == ["paragraph", "pledge", "pledge", "pledge", "paragraph"]
    # A sentence before the colon that is no lead-in closes the paragraph the items refer to.
    assert [p.intro for p in sections[-1].passages] == [None, 0, 0, 0, None]


def test_a_dash_inside_prose_opens_no_list() -> None:
    # A colon and a dash without the items a list has (two marks after it, glued to the items
    # before them) leave the line as it was: "Rengsdorf- Waldbreitbach" is a hyphenated name.
    raw = (
        "Unsere Verbandsgemeinden Asbach, Linz, Rengsdorf- Waldbreitbach und die vielen Ortsgemeinden bieten gute "
        "Lebensbedingungen. Dafür gilt: - und das ist uns wichtig - wir bleiben nah bei den Menschen. "
        f"{PROSE.strip()}\n"
    )
    assert all(lead_in is None for _, lead_in, _ in _passages(raw))
    assert _passages(raw)[0][2].startswith("Unsere Verbandsgemeinden Asbach, Linz, Rengsdorf- Waldbreitbach und")


def test_a_heading_over_nothing_is_text() -> None:
    # A signature set large above the first chapter, a slogan's lines closing the programme:
    # headings with nothing under them. A chapter's title over its first section heads it.
    from canvass_app.corpus.blocks import Block
    from canvass_app.corpus.structure import structure_blocks

    blocks = [
        Block("heading", "Vorwort", 1),
        Block("paragraph", "Wir stehen vor Neuwahlen und sind bereit."),
        Block("heading", "Stefan Seidler Spitzenkandidat zur Bundestagswahl", 2),
        Block("heading", "Rente, Soziales und Gesundheit", 1),
        Block("heading", "Unser Rentenkonzept", 2),
        Block("paragraph", "Wir wollen eine auskömmliche Rente für alle."),
        Block("heading", "Zweitstimme ist", 1),
        Block("heading", "Sahra-Stimme", 1),
    ]
    parsed = structure_blocks(blocks, {})
    assert [(s.title, [p.text for p in s.passages]) for s in parsed.sections] == [
        ("Vorwort", ["Wir stehen vor Neuwahlen und sind bereit.", "Stefan Seidler Spitzenkandidat zur Bundestagswahl"]),
        ("Rente, Soziales und Gesundheit", []),
        ("Unser Rentenkonzept", ["Wir wollen eine auskömmliche Rente für alle.", "Zweitstimme ist", "Sahra-Stimme"]),
    ]
    # A document of headings alone (its text lost) keeps them all.
    only_headings = [Block("heading", title, 1) for title in ("Wohnen", "Klima", "Arbeit")]
    assert [s.title for s in structure_blocks(only_headings, {}).sections] == ["Wohnen", "Klima", "Arbeit"]


def test_a_line_of_many_failed_list_openings_is_searched_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # A lead-in's colon and dash thousands of times on one line, each list then failing on
    # the same empty item (",- ") or on a last item with no end in reach: each opening meets
    # that item at the same mark, so it is searched for once, not again from every opening
    # (that was quadratic: 8,000 openings took a minute). The line stays as it was.
    from canvass_app.corpus import structure

    searched: list[int] = []
    list_run = structure._list_run

    def counting(line: str, start: int) -> tuple[list[str], list[int], int]:
        searched.append(start)
        return list_run(line, start)

    monkeypatch.setattr(structure, "_list_run", counting)
    for tail in (",- y.", "y" * 1500):
        searched.clear()
        line = "a:-x- " * 500 + tail
        assert structure._split_list_runs(line) == [line]
        assert len(searched) <= 2
    # A list after the failed ones is still found.
    line = "a:-x- " * 50 + ",- y. Wir fordern:- mehr Busse,- mehr Bahnen,- mehr Radwege."
    assert structure._split_list_runs(line)[-5:] == ["Wir fordern:", "\u2022 mehr Busse", "\u2022 mehr Bahnen", "\u2022 mehr Radwege.", ""]
