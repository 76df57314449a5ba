"""Structure classes of flyers seen on GLMP texts (Ravensburg CDU, Bernau CDU and others): pledge
lists without bullets, one pledge a line and wrapped at the column. Short synthetic texts shaped
like the ones seen."""

from __future__ import annotations

from pathlib import Path

from canvass_app.corpus.structure import parse_programme_text


def _sections(raw: str) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(s.title, [(p.kind, p.text) for p in s.passages]) for s in parse_programme_text(raw).sections]


UNMARKED = (
    "Wirtschaft in Musterstadt\n"
    "Wir wollen eine starke Wirtschaft für Musterstadt! Das schafft Arbeitsplätze und\n"
    "Wohlstand. Deshalb muss Wirtschaftspolitik ein sichtbarer Schwerpunkt der\n"
    "Kommunalpolitik sein.\n\n\n"
    "Keine Erhöhung der Gewerbesteuer\n"
    "Erweiterung der Gewerbegebiete am Nordring und an der Au\n"
    "Handwerkerhöfe in der Südstadt für Kleingewerbe und Wohnen unter\n"
    "einem Dach\n"
    "Klimaschutz-Maßnahmen in Gewerbegebieten\n"
    "Ausbau an geeigneten Standorten von Photovoltaik-Anlagen auf\n"
    "Freiflächen, Agri-Photovoltaik und Biogasanlagen\n"
    "Altstadt-Flair, Denkmalschutz und praktischer Nutzen unserer\n"
    "Innenstadt zukunftsfähig weiterentwickeln\n"
    "Integration der Vereine und der Musikschule beim gesetzlichen\n"
    "Ganztagesanspruch in Grundschulen\n"
    "Digitalisierung der Verwaltung für mehr Kundenservice\n"
    "Kultur & Soziales\n"
    "Wir brauchen heute mehr denn je Zusammenhalt. Das ermöglichen nicht Gesetze,\n"
    "sondern Kultur und das Ehrenamt gerade in Vereinen.\n"
)


def test_an_unmarked_pledge_list_makes_one_pledge_a_line_with_its_wrapped_lines() -> None:
    sections = _sections(UNMARKED)
    assert [title for title, _ in sections] == ["Wirtschaft in Musterstadt", "Kultur & Soziales"]
    assert sections[0][1][1:] == [
        ("pledge", "Keine Erhöhung der Gewerbesteuer"),
        ("pledge", "Erweiterung der Gewerbegebiete am Nordring und an der Au"),
        ("pledge", "Handwerkerhöfe in der Südstadt für Kleingewerbe und Wohnen unter einem Dach"),
        ("pledge", "Klimaschutz-Maßnahmen in Gewerbegebieten"),
        ("pledge", "Ausbau an geeigneten Standorten von Photovoltaik-Anlagen auf Freiflächen, Agri-Photovoltaik und Biogasanlagen"),
        ("pledge", "Altstadt-Flair, Denkmalschutz und praktischer Nutzen unserer Innenstadt zukunftsfähig weiterentwickeln"),
        ("pledge", "Integration der Vereine und der Musikschule beim gesetzlichen Ganztagesanspruch in Grundschulen"),
        ("pledge", "Digitalisierung der Verwaltung für mehr Kundenservice"),
    ]
    assert sections[1][1] == [
        ("paragraph", "Wir brauchen heute mehr denn je Zusammenhalt. Das ermöglichen nicht Gesetze, "
                      "sondern Kultur und das Ehrenamt gerade in Vereinen."),
    ]


def test_a_list_of_pledges_of_several_clauses_right_below_its_title() -> None:
    raw = (
        "Programm Kommunalwahl\n\n"
        "Sicher leben, Ordnung schaffen gemeinsam mit Polizei und privater\n"
        "Sicherheit an Bahnhöfen, im Stadtpark und wo Musterstadt das braucht\n"
        "Verkehr der funktioniert, mit ampelfreiem Innenstadtring, mehr Buslinien\n"
        "zwischen den Ortsteilen und 10-Minutentakt der S-Bahn\n"
        "Bezahlbare Mieten im Alter und selbstbestimmtes Leben im Quartier\n"
        "Zuzug begrenzen, keine neuen Wohngebiete ausweisen\n"
    )
    assert _sections(raw) == [
        (
            "Programm Kommunalwahl",
            [
                ("pledge", "Sicher leben, Ordnung schaffen gemeinsam mit Polizei und privater Sicherheit an "
                           "Bahnhöfen, im Stadtpark und wo Musterstadt das braucht"),
                ("pledge", "Verkehr der funktioniert, mit ampelfreiem Innenstadtring, mehr Buslinien zwischen "
                           "den Ortsteilen und 10-Minutentakt der S-Bahn"),
                ("pledge", "Bezahlbare Mieten im Alter und selbstbestimmtes Leben im Quartier"),
                ("pledge", "Zuzug begrenzen, keine neuen Wohngebiete ausweisen"),
            ],
        )
    ]


def test_prose_wrapped_at_the_column_and_name_lines_are_no_pledge_list() -> None:
    prose = (
        "Verkehr\n\n"
        "Die Stadt braucht ein Verkehrskonzept für alle Menschen in allen Stadtteilen und\n"
        "Ortschaften von Musterstadt mit Bussen und Bahnen im dichten Takt zu jeder Stunde\n"
        "Radwege an jeder Hauptstraße der Innenstadt und sichere Wege für alle Schulkinder\n"
        "Fußwege ohne Hindernisse auf dem ganzen Weg bis zu den Haltestellen der Buslinien\n"
        "in der ganzen Stadt.\n"
    )
    assert [kind for _, passages in _sections(prose) for kind, _ in passages] == ["paragraph"]
    names = "Unsere Kandidierenden\n\nDoris Klein\nLeiterin\nFamilien-Bildungsstätte\n"
    assert not any(kind == "pledge" for _, passages in _sections(names) for kind, _ in passages)


def test_names_and_roles_under_their_place_are_text_not_chapters() -> None:
    raw = (
        "Unsere Kandidierenden\n\n"
        "Platz 2\n\nRalf Muster\nSchulleiter\n\n"
        "Platz 3\n\nDoris Beispiel\nLeiterin\nFamilien-Bildungsstätte\n\n"
        "Platz 4\n\nKarl Probe\nArzt\n"
    )
    sections = _sections(raw)
    assert [(title, passages) for title, passages in sections if passages] == [
        ("Platz 2", [("paragraph", "Ralf Muster Schulleiter")]),
        ("Platz 3", [("paragraph", "Doris Beispiel Leiterin Familien-Bildungsstätte")]),
        ("Platz 4", [("paragraph", "Karl Probe Arzt")]),
    ]
    assert {title for title, _ in sections} == {"Unsere Kandidierenden", "Platz 2", "Platz 3", "Platz 4"}


def test_a_signature_of_two_lines_under_a_letter_is_its_last_paragraph() -> None:
    raw = (
        "Liebe Bürgerinnen und Bürger,\n\n"
        "wir freuen uns darauf, den Weg mit Euch zu gehen. Eure Stimme ist entscheidend.\n"
        "Euer Max Muster\nKreisvorsitzender Musterstadt\n\n"
        "Finanzen\n\nDie Stadt muss ihre Finanzen in Ordnung bringen und sparsam wirtschaften.\n"
    )
    sections = _sections(raw)
    assert [title for title, _ in sections][-1] == "Finanzen"
    assert sections[-2][1][-1] == ("paragraph", "Euer Max Muster Kreisvorsitzender Musterstadt")


def test_a_list_number_alone_on_its_line_goes_back_on_its_text() -> None:
    raw = (
        "5 Gründe\ndie FDP Musterstadt zu wählen\n\n"
        "1.\nDie FDP setzt sich für eine starke Wirtschaft ein, indem sie die Gewerbesteuer senkt.\n\n"
        "2.\nDurch die Einführung einer Schuldenbremse wird eine solide Finanzlage angestrebt.\n\n"
        "3.\nDie FDP fördert eine effiziente Bearbeitung von Bürgeranliegen.\n"
    )
    assert _sections(raw) == [
        (
            "5 Gründe die FDP Musterstadt zu wählen",
            [
                ("pledge", "Die FDP setzt sich für eine starke Wirtschaft ein, indem sie die Gewerbesteuer senkt."),
                ("pledge", "Durch die Einführung einer Schuldenbremse wird eine solide Finanzlage angestrebt."),
                ("pledge", "Die FDP fördert eine effiziente Bearbeitung von Bürgeranliegen."),
            ],
        )
    ]


def test_a_bullets_second_line_opening_with_a_capital_goes_on_with_the_item() -> None:
    raw = (
        "Mobilität\n\n"
        "Wir wollen, dass alle Menschen in unserer Stadt und in den Ortsteilen gut und sicher\n"
        "unterwegs sind, mit dem Bus, mit dem Rad und zu Fuß, am Tag und in der Nacht, im Sommer\n"
        "und im Winter, ob jung oder alt, ob mit oder ohne Auto, und dafür setzen wir uns ein.\n\n"
        "- Ausbau der Verbindung der Ortsteile mit dem Stadtzentrum durch die Stadtbuslinien\n"
        "- bessere Vertaktung der Stadtbuslinien und der Busse mit der S-Bahn und der schnellen\n"
        "Regionalbahn nach Berlin und ins Umland\n"
        "- moderne Bahnhöfe mit garantierter Barrierefreiheit, digitalen Anzeigen, Wegweisern,\n"
        "Unterstellmöglichkeiten für Räder, fußläufigen Parkplätzen\n"
        "- Sicherung der Barrierefreiheit zur Nutzung des ÖPNV\n"
    )
    assert _sections(raw) == [
        (
            "Mobilität",
            [
                ("paragraph", "Wir wollen, dass alle Menschen in unserer Stadt und in den Ortsteilen gut und sicher "
                              "unterwegs sind, mit dem Bus, mit dem Rad und zu Fuß, am Tag und in der Nacht, im Sommer "
                              "und im Winter, ob jung oder alt, ob mit oder ohne Auto, und dafür setzen wir uns ein."),
                ("pledge", "Ausbau der Verbindung der Ortsteile mit dem Stadtzentrum durch die Stadtbuslinien"),
                ("pledge", "bessere Vertaktung der Stadtbuslinien und der Busse mit der S-Bahn und der schnellen "
                           "Regionalbahn nach Berlin und ins Umland"),
                ("pledge", "moderne Bahnhöfe mit garantierter Barrierefreiheit, digitalen Anzeigen, Wegweisern, "
                           "Unterstellmöglichkeiten für Räder, fußläufigen Parkplätzen"),
                ("pledge", "Sicherung der Barrierefreiheit zur Nutzung des ÖPNV"),
            ],
        )
    ]


def test_a_title_running_into_its_first_sentence_heads_it() -> None:
    raw = (
        "PROGRAMM ZUR WAHL DES GEMEINDERATS 2024\n\n"
        "Musterstadt gemeinsam gestalten\n"
        "Die SPD Musterstadt setzt sich für eine aktive\n"
        "Bürgerdemokratie ein und sieht sich als Stimme für das\n"
        "Zusammenleben aller Menschen in Musterstadt.\n\n"
        "UNSERE STADT BLÜHT AUF\n"
        "Musterstadt liegt eingebettet in eine großartige\n"
        "Landschaft, und hier haben erfolgreiche Unternehmen ihren Sitz.\n"
    )
    sections = _sections(raw)
    assert [(title, [text[:20] for _, text in passages]) for title, passages in sections] == [
        ("PROGRAMM ZUR WAHL DES GEMEINDERATS 2024", []),
        ("Musterstadt gemeinsam gestalten", ["Die SPD Musterstadt "]),
        ("UNSERE STADT BLÜHT AUF", ["Musterstadt liegt ei"]),
    ]


def test_an_imprint_address_makes_no_chapters() -> None:
    """Aalen Grüne's imprint: 'Impressum' / party / 'Königstraße 78' / '70173 Stuttgart' / 'Druck' / …"""
    raw = (Path(__file__).resolve().parents[1] / "fixtures" / "glmp" / "aalen-gruene-2024.txt").read_text(
        encoding="utf-8"
    )
    titles = {title for title, _ in _sections(raw)}
    assert not titles & {"Königstraße 78", "70173 Stuttgart", "Breslauer Straße 1", "73457 Essingen"}
