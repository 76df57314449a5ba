"""How the heading, term and meaning signals of topic assignment combine: one test for each rule."""

from __future__ import annotations

from pathlib import Path

from canvass_app.content.meaning import Nearness
from canvass_app.content.model import Topic
from canvass_app.content.rules import FoldedText
from canvass_app.content.topics import Taxonomy, _list_field, assign, contexts
from canvass_app.corpus.model import Passage, Programme, Section
from canvass_app.library import Library


def _programme(sections: list[tuple[str, list[str]]]) -> Programme:
    built = []
    for i, (title, texts) in enumerate(sections):
        passages = tuple(
            Passage(id=f"p:{i}-{j}", programme_id="p", section_id=f"s{i}", kind="paragraph", text=t)
            for j, t in enumerate(texts)
        )
        built.append(Section(id=f"s{i}", title=title, passages=passages))
    return Programme(id="p", party="P", title="T", year=2024, sections=tuple(built))


class _Meaning:
    """A fixed meaning signal: the same ranking for every passage."""

    def __init__(self, *ranked: tuple[str, float]) -> None:
        self._near = Nearness(tuple(ranked))

    def nearness(self, taxonomy, passages):  # type: ignore[no-untyped-def]
        return [self._near] * len(passages)

    def state(self, programme_id: str) -> tuple[str, int]:
        return ("fixed", 0)


def _fields(topics: list[Topic], sections: list[tuple[str, list[str]]], meaning: _Meaning | None = None) -> set[str]:
    taxonomy = Taxonomy(topics)
    result = assign(topics, contexts([_programme(sections)]), [], meaning=meaning)
    return {taxonomy.field_of.get(t, t) for t in result["p:0-0"]}


def test_a_heading_is_doubted_only_when_meaning_puts_its_field_far_behind(tmp_path: Path) -> None:
    """Meaning ranks the fields of one municipal text close together: a field a tenth behind
    the nearest is still a plausible one, and the heading that names it decides."""
    topics = Library(tmp_path).content.topics()
    sections = [("Verwaltung", ["Termine vor Ort sollen zeitnah möglich sein, auch ohne Internet."])]
    near_digital = _Meaning(("digitales", 0.26), ("verwaltung-und-buergerservice", 0.17), ("wohnen", 0.10))
    assert _fields(topics, sections, near_digital) == {"verwaltung-und-buergerservice"}
    far = _Meaning(("digitales", 0.30), ("wohnen", 0.20), ("verwaltung-und-buergerservice", 0.10))
    assert "verwaltung-und-buergerservice" not in _fields(topics, sections, far)


def test_a_heading_meaning_doubts_stands_unless_the_fallback_clearly_leads(tmp_path: Path) -> None:
    """A passage that names no field under a heading whose field meaning puts far behind keeps
    the heading when meaning's nearest is the fallback only by a little (a terse pledge reads
    like a greeting to it); a sign-off the fallback clearly leads is about no field."""
    topics = Library(tmp_path).content.topics()
    sections = [("Ehrenamt fördern", ["Das sind unsere Ziele für die Gemeinde. Denn wir sind da! Für euch!"])]
    close = _Meaning(("allgemeines", 0.21), ("wohnen", 0.17), ("ehrenamt-und-vereine", 0.05))
    assert _fields(topics, sections, close) == {"ehrenamt-und-vereine"}
    clear = _Meaning(("allgemeines", 0.21), ("wohnen", 0.12), ("ehrenamt-und-vereine", 0.05))
    assert _fields(topics, sections, clear) == {"allgemeines"}


def test_a_field_the_text_names_beats_one_only_meaning_finds(tmp_path: Path) -> None:
    """Meaning may doubt the one field a short text names, but not replace it with a field
    the text does not name at all."""
    topics = Library(tmp_path).content.topics()
    sections = [("Was wir wollen", ["Wir setzen uns für mehr Baumpflanzungen in der ganzen Stadt ein."])]
    near_housing = _Meaning(("wohnen", 0.30), ("klima-und-energie", 0.19), ("umwelt-und-natur", 0.17))
    assert _fields(topics, sections, near_housing) == {"umwelt-und-natur"}
    # A text that names no field is still placed by meaning alone.
    bare = [("Was wir wollen", ["Wir wollen, dass alle hier gut und gerne leben können, jetzt und später."])]
    assert _fields(topics, bare, near_housing) == {"wohnen"}


def test_a_topics_exclusions_hold_for_headings_too(tmp_path: Path) -> None:
    """Ehrenamt excludes "Sportvereine" from its words; a heading of that word is Sport's."""
    topics = Library(tmp_path).content.topics()
    taxonomy = Taxonomy(topics)
    from canvass_app.content.rules import FoldedText

    named = {taxonomy.field_of[t] for t in taxonomy.heading_topics(FoldedText.of("Unterstützung der Sportvereine"))}
    assert named == {"sport"}
    # The same word without the exclusion's compound still names Ehrenamt.
    named = {taxonomy.field_of[t] for t in taxonomy.heading_topics(FoldedText.of("Unterstützung der Vereine"))}
    assert named == {"ehrenamt-und-vereine"}
    text = "Tausende Menschen sind in Sportvereinen aktiv. Wir wollen die Arbeit dieser Vereine weiter unterstützen."
    sections = [("Unterstützung der Sportvereine", [text])]
    assert _fields(topics, sections) == {"sport"}


def test_of_a_headings_fields_one_the_text_names_in_passing_is_not_decided(tmp_path: Path) -> None:
    topics = Library(tmp_path).content.topics()
    text = (
        "Wir wollen eine zukunftsfähige Wirtschaftsentwicklung, einen starken Wirtschaftsstandort, "
        "sichere Arbeitsplätze und bezahlbare Energie für das Handwerk."
    )
    assert _fields(topics, [("Wirtschaft, Energie und Arbeit", [text])]) == {"wirtschaft-und-arbeit"}
    # Both spoken for at some length: both decided.
    both = "Wir wollen Arbeitsplätze im Handwerk, erneuerbare Energie und mehr Solaranlagen auf Gewerbedächern."
    assert _fields(topics, [("Wirtschaft, Energie und Arbeit", [both])]) == {"wirtschaft-und-arbeit", "klima-und-energie"}


def test_pflege_of_a_thing_is_upkeep_not_care(tmp_path: Path) -> None:
    topics = Library(tmp_path).content.topics()
    upkeep = "Wir fordern die Pflege bestehender Wanderwege und die Pflege der Grünflächen im Stadtpark."
    assert "senioren-und-pflege" not in _fields(topics, [("Was wir wollen", [upkeep])])
    assert "senioren-und-pflege" not in _fields(topics, [("Pflege von Wanderwegen", ["Die Wege sollen ausgeschildert sein."])])
    # The verb keeps things too.
    assert "senioren-und-pflege" not in _fields(topics, [("Was wir wollen", ["Parks und Grünanlagen sind gut zu pflegen."])])
    # Care for people, named as such or without an object, stays care.
    for care in (
        "Wir unterstützen die Pflege von Angehörigen zu Hause mit Beratung.",
        "Die Pflege vor Ort muss gestärkt werden, mit mehr Personal.",
        "Die Pflegeheime der Stadt brauchen mehr Personal.",
        "Wer Angehörige pflegen muss, braucht Entlastung und Beratung.",
    ):
        assert "senioren-und-pflege" in _fields(topics, [("Was wir wollen", [care])]), care


def test_a_whole_phrase_term_matches_whole_words_only() -> None:
    from canvass_app.content.rules import FoldedText, compile_term

    term = compile_term("=pflege der")
    assert term.matches(FoldedText.of("die Pflege der Wege"))
    assert not term.matches(FoldedText.of("die Pflegeheime der Stadt"))
    assert not term.matches(FoldedText.of("die Pflege derzeit"))


def test_meaning_places_a_passage_in_the_one_field_its_common_words_name(tmp_path: Path) -> None:
    """No word votes, but a word too common to vote names one field ("landschaftlich",
    Umwelt): of the fields close in meaning, that one, not merely the nearest."""
    topics = Library(tmp_path).content.topics()
    text = "Die landschaftliche Schönheit unserer Region soll man auf vielen Wegen erleben können."
    near = _Meaning(("sauberkeit-und-stadtbild", 0.114), ("sport", 0.105), ("umwelt-und-natur", 0.097))
    assert _fields(topics, [("Was wir wollen", [text])], near) == {"umwelt-und-natur"}
    # Far behind the nearest, the common word does not place it.
    far = _Meaning(("sauberkeit-und-stadtbild", 0.30), ("sport", 0.25), ("umwelt-und-natur", 0.10))
    assert _fields(topics, [("Was wir wollen", [text])], far) == {"sauberkeit-und-stadtbild"}


def test_a_compound_of_sicherheit_is_the_safety_of_its_modifier_not_public_safety(tmp_path: Path) -> None:
    """"Schulwegsicherheit", "Datensicherheit", "Versorgungssicherheit" name what is kept safe;
    public safety is "Sicherheit" itself and its own compounds ("Sicherheitsgefühl")."""
    from canvass_app.content.rules import FoldedText

    topics = Library(tmp_path).content.topics()
    taxonomy = Taxonomy(topics)
    safety = "sicherheit-und-ordnung"
    assert _fields(topics, [("Was wir wollen", ["Die Schulwegsicherheit muss besser werden."])]) == {"mobilitaet"}
    assert safety not in _fields(topics, [("Was wir wollen", ["Wir brauchen mehr Datensicherheit in der Verwaltung."])])
    assert _fields(topics, [("Was wir wollen", ["Die Sicherheit in unserer Stadt hat Vorrang."])]) == {safety}
    assert safety in _fields(topics, [("Was wir wollen", ["Wir stärken das Sicherheitsgefühl auf dem Marktplatz."])])
    heading = {taxonomy.field_of[t] for t in taxonomy.heading_topics(FoldedText.of("Verkehrssicherheit"))}
    assert heading == {"mobilitaet"}


def test_without_meaning_a_short_common_word_beside_a_specific_one_is_in_passing(tmp_path: Path) -> None:
    topics = Library(tmp_path).content.topics()
    text = "Wir wollen den Durchgangsverkehr in der Altstadt reduzieren und damit die Sicherheit erhöhen."
    assert _fields(topics, [("Was wir wollen", [text])]) == {"mobilitaet"}
    # Two words about as specific: both fields.
    both = "Wir wollen Radwege und Sporthallen bauen."
    assert _fields(topics, [("Was wir wollen", [both])]) == {"mobilitaet", "sport"}


def test_an_adjective_of_a_noun_is_one_vote_with_it() -> None:
    from canvass_app.content.topics import _stem

    assert _stem("ehrenamtliche") == _stem("ehrenamt")
    assert _stem("sportlichen") == _stem("sport")
    assert _stem("touristische") == _stem("tourist")
    # Not below a word of five letters ("Tisch" is no adjective of "T").
    assert _stem("fisch") == "fisch"


def test_a_word_and_its_adjective_do_not_make_a_field_named_twice(tmp_path: Path) -> None:
    """In a programme's opening only a field named twice places a passage."""
    topics = Library(tmp_path).content.topics()
    greeting = (
        "Liebe Bürgerinnen und Bürger, am 9. Juni werden ehrenamtliche Bürgermeister gewählt. "
        "Sie entscheiden, wer im Ehrenamt die Geschicke der Stadt bestimmt."
    )
    sections = [("", [greeting]), ("Wohnen", ["Mehr Sozialwohnungen."]), ("Sport", ["Neue Sporthallen."])]
    assert _fields(topics, sections) == {"allgemeines"}


def test_a_word_of_another_field_overrides_a_heading_only_when_meaning_agrees(tmp_path: Path) -> None:
    """Text that names another field and not the heading's overrides the heading, unless
    meaning puts the heading's field nearer and the text's far behind."""
    topics = Library(tmp_path).content.topics()
    sections = [("Für eine starke Wirtschaft", ["Zukunftsbranchen wie Medizintechnik und Künstliche Intelligenz"])]
    assert _fields(topics, sections) == {"digitales"}
    near_economy = _Meaning(("gesundheit", 0.22), ("wirtschaft-und-arbeit", 0.14), ("digitales", 0.05))
    assert _fields(topics, sections, near_economy) == {"wirtschaft-und-arbeit"}
    # Meaning near the text's field (or only a little behind): the text still overrides.
    near_digital = _Meaning(("gesundheit", 0.22), ("wirtschaft-und-arbeit", 0.14), ("digitales", 0.13))
    assert _fields(topics, sections, near_digital) == {"digitales"}
    # Meaning far from the heading's field too (it finds the passage about neither): its ranking
    # speaks for neither, and the text's own word overrides the heading.
    near_neither = _Meaning(("gesundheit", 0.30), ("wirtschaft-und-arbeit", 0.185), ("digitales", 0.05))
    assert _fields(topics, sections, near_neither) == {"digitales"}


def test_kuenstlich_is_artificial_not_art(tmp_path: Path) -> None:
    topics = Library(tmp_path).content.topics()
    assert "kultur" not in _fields(topics, [("Was wir wollen", ["Wir fördern Projekte mit Künstlicher Intelligenz."])])
    assert "kultur" not in _fields(topics, [("Was wir wollen", ["Der Kunstrasenplatz wird saniert."])])
    assert "kultur" in _fields(topics, [("Was wir wollen", ["Wir fördern Künstlerinnen und Kunst im öffentlichen Raum."])])


def test_a_share_of_profits_is_finance_and_a_region_named_for_a_forest_is_no_forest(tmp_path: Path) -> None:
    topics = Library(tmp_path).content.topics()
    share = _fields(topics, [("Was wir wollen", ["Wir fordern stärkere Gewinnbeteiligungen der Gemeinden."])])
    assert share == {"finanzen-und-steuern"}
    region = "Wir stehen für einen starken Landkreis im Westerwald und eine lebendige Region Rhein-Westerwald."
    assert "umwelt-und-natur" not in _fields(topics, [("Was wir wollen", [region])])
    assert "umwelt-und-natur" in _fields(topics, [("Was wir wollen", ["Wir schützen den Stadtwald und pflanzen Bäume."])])


def test_planning_and_building_roads_is_mobility_and_learning_conditions_are_education(tmp_path: Path) -> None:
    topics = Library(tmp_path).content.topics()
    assert _fields(topics, [("Was wir wollen", ["Zukunftsorientierte Wege- und Straßenplanung"])]) == {"mobilitaet"}
    # Roads in the plural are roads; one street is a name or an address ("Königstraße 78").
    assert _fields(topics, [("Was wir wollen", ["Wir sanieren marode Straßen und Plätze."])]) == {"mobilitaet"}
    assert _fields(topics, [("Was wir wollen", ["Unser Büro in der Königstraße 78 ist offen."])]) == {"allgemeines"}
    assert _fields(topics, [("Was wir wollen", ["Gute Lernbedingungen für alle Kinder"])]) >= {"bildung"}


def test_curated_terms_of_order_tourism_trade_finance_and_the_council(tmp_path: Path) -> None:
    topics = Library(tmp_path).content.topics()

    def fields(text: str) -> set[str]:
        return _fields(topics, [("Was wir wollen", [text])])

    assert fields("Kein Feuerwerk und keine Pyrotechnik in der Altstadt") == {"sicherheit-und-ordnung"}
    assert fields("Ein breites Hotel- und Gastronomieangebot und gute Kureinrichtungen") == {"wirtschaft-und-arbeit"}
    assert fields("Wir bleiben Fair-Trade-Stadt und fördern den fairen Handel.") == {"wirtschaft-und-arbeit"}
    assert fields("Das Land muss für ausreichende Finanzmittel der Gemeinden sorgen.") == {"finanzen-und-steuern"}
    assert fields("Wir arbeiten in der SVV vertrauensvoll mit allen zusammen.") == {"demokratie-und-beteiligung"}
    # The council's decisions, as "Gemeinderatsbeschlüsse" were: the council itself is named in
    # every greeting ("im Stadtrat setzen wir uns ein"), its decisions are a matter of democracy.
    assert fields("Informationen über Beschlüsse des Stadtrates mit allen teilen.") == {"demokratie-und-beteiligung"}
    assert fields("Alle Ratsbeschlüsse werden online veröffentlicht.") == {"demokratie-und-beteiligung"}


def test_curated_terms_of_rail_lines_leaf_collection_scouts_and_municipal_funding(tmp_path: Path) -> None:
    topics = Library(tmp_path).content.topics()

    def fields(text: str) -> set[str]:
        return _fields(topics, [("Was wir wollen", [text])])

    assert fields("Der zweigleisige Ausbau der Bahnlinie nach Mainz") == {"mobilitaet"}
    assert fields("Die stillgelegte Bahnstrecke wird reaktiviert.") == {"mobilitaet"}
    assert fields("Die Stadt stellt kostenlose Laubsäcke zur Verfügung.") == {"sauberkeit-und-stadtbild"}
    assert fields("Ein Platz für die Pfadfinderinnen und Pfadfinder") == {"ehrenamt-und-vereine"}
    assert fields("Wir fordern eine Reform der kommunalen Finanzierung durch das Land.") == {"finanzen-und-steuern"}
    # "quartiersmanagement" missed the Quartiersmanager and Quartiersmanagerinnen who do it.
    assert fields("Quartiersmanagerinnen als Ansprechpartner vor Ort") == {"stadtentwicklung"}


def test_curated_terms_of_seats_in_public_space_the_towns_land_and_remembrance(tmp_path: Path) -> None:
    topics = Library(tmp_path).content.topics()

    def fields(text: str) -> set[str]:
        return _fields(topics, [("Was wir wollen", [text])])

    # Seats to linger on are the quality of a public space (Aufenthaltsqualität).
    assert fields("Mehr Sitzgelegenheiten zum Verweilen") == {"stadtentwicklung"}
    assert fields("Neue Bänke am Marktplatz aufstellen") == {"stadtentwicklung"}
    assert fields("Städtische Grundstücke bleiben im Bestand und werden in Erbpacht vergeben.") == {"stadtentwicklung"}
    assert fields("Eine Gedenktafel für die Opfer des Nationalsozialismus anbringen") == {"kultur"}
    assert fields("Weitere Stolpersteine verlegen") == {"kultur"}
    # "Stadtbild" is named in passing ("stadtbildprägend", "aus dem Stadtbild verdrängt"):
    # half a vote, enough alone, too little beside a field the text names.
    assert fields("Für ein gepflegtes Stadtbild") == {"sauberkeit-und-stadtbild"}
    assert fields("Mehr Mitbestimmung beim Bürgerbudget, auch für Projekte, die das Stadtbild prägen") == {"demokratie-und-beteiligung"}
    assert fields("Ein Naturpark am Stadtrand") == {"umwelt-und-natur"}
    # A zoo is one of the town's leisure and cultural institutions, like its museum.
    assert fields("Das Tierparkkonzept umsetzen") == {"kultur"}


def test_gastronomy_in_any_form_is_a_common_word_of_the_economy(tmp_path: Path) -> None:
    """"Gastronomie", "gastronomisch", "Gastronomen": too common to vote, but the one field such
    a word names places a passage nothing else does, when meaning puts it close behind."""
    topics = Library(tmp_path).content.topics()
    near_health = _Meaning(("gesundheit", 0.15), ("wirtschaft-und-arbeit", 0.11), ("allgemeines", 0.10))
    sections = [("Wir wollen", ["den Ausbau des gastronomischen Angebots in unserer Stadt unterstützen."])]
    assert _fields(topics, sections, near_health) == {"wirtschaft-und-arbeit"}


def _all_fields(topics: list[Topic], sections: list[tuple[str, list[str]]]) -> dict[str, set[str]]:
    taxonomy = Taxonomy(topics)
    result = assign(topics, contexts([_programme(sections)]), [])
    return {pid: {taxonomy.field_of.get(t, t) for t in ids} for pid, ids in result.items()}


def test_a_heading_over_the_whole_programme_is_its_title_not_a_field(tmp_path: Path) -> None:
    """"Wohnen und Leben in unserer Stadt" over forty pledges on every field names the
    programme, not a chapter on housing: no passage is filed under it for want of other words."""
    topics = Library(tmp_path).content.topics()
    pledges = [
        "Unsere Stadt liebenswert erhalten",
        "Spielplätze erhalten und ausbauen",
        "Ausbau der Radinfrastruktur und Umsetzung des Radverkehrskonzeptes",
        "Förderung des Ehrenamts im Katastrophenschutz",
        "Sauberkeit der öffentlichen Flächen",
        "Offensiver Sportstättenbau",
        "Verbesserung des ÖPNV-Angebotes",
        "Weiterentwicklung der Wirtschaftsförderung",
        "Bürgerbeteiligung zulassen und annehmen",
        "Jugendclubs erhalten und für passende Jugendangebote sorgen",
    ]
    title = "Wohnen und Leben in unserer Stadt"
    whole = _all_fields(topics, [(title, pledges)])
    assert whole["p:0-0"] == {"allgemeines"}
    assert whole["p:0-1"] == {"kinder-und-jugend"}
    # Over a few passages the same heading is a chapter, and decides.
    assert _all_fields(topics, [(title, pledges[:3])])["p:0-0"] == {"wohnen"}
    # Over a part of the programme, too.
    assert _all_fields(topics, [(title, pledges[:5]), ("Kultur", pledges[5:])])["p:0-0"] == {"wohnen"}


def test_after_a_title_page_the_preface_is_the_programmes_opening(tmp_path: Path) -> None:
    """A first section of a few words (a date, the party's address, under no heading or a
    masthead's) is a title page: the section after it, the preface, is the opening too, where
    single mentions of a field ("auch unsere Schulen") place nothing."""
    topics = Library(tmp_path).content.topics()
    greeting = "Liebe Bürgerinnen und Bürger, wir leben in Zeiten des Wandels; auch unsere Schulen stehen vor Herausforderungen."
    rest = [("Mobilität", ["Wir bauen Radwege aus."]), ("Kultur", ["Das Museum bleibt offen."])]
    cover = ("", ["Am 9. Juni ist Wahltag.", "www.partei-beispiel.de"])
    assert _all_fields(topics, [cover, ("Vorwort", [greeting]), *rest])["p:1-0"] == {"allgemeines"}
    # A title page under a heading of its own (a newspaper's masthead over its subtitle) is one
    # too, but a list of pledges continuing a lead-in after it is no preface.
    masthead = ("BÜRGERBOTE", ["Sozialdemokratische Bürgerzeitung"])
    assert _all_fields(topics, [masthead, ("Aus Anlass der Wahl", [greeting]), *rest])["p:1-0"] == {"allgemeines"}
    listed = ("Wir wollen…", ["unsere Schulen sanieren.", "mehr Radwege bauen.", "das Museum erhalten."])
    assert _all_fields(topics, [masthead, listed, *rest])["p:1-0"] == {"bildung"}
    # A first section longer than a title page opens the programme alone.
    long_first = " ".join(["Liebe Leserinnen und Leser, wir freuen uns über Ihr Interesse."] * 5)
    headed = [("Grußwort", [long_first]), ("Unsere Ideen", [greeting]), *rest]
    assert _all_fields(topics, headed)["p:1-0"] == {"bildung"}
    # After a title page, a section under a heading that names a field is no preface, even
    # where its text overrides the heading.
    pledge = "Sicherung der Kinder- und Jugendarbeit durch ausreichende Finanzierung"
    assert _all_fields(topics, [cover, ("Soziale Stadt", [pledge]), *rest])["p:1-0"] == {"kinder-und-jugend"}


def test_a_long_text_under_no_heading_is_the_preface_not_a_title_page(tmp_path: Path) -> None:
    """Paragraphs under no heading before the first one are the preface itself when they are
    longer than a title page (a date, an address): the section after them is the first
    chapter, where a single mention places a passage again."""
    topics = Library(tmp_path).content.topics()
    rest = [("Mobilität", ["Wir bauen Radwege aus."]), ("Kultur", ["Das Museum bleibt offen."])]
    preface = [
        "Liebe Bürgerinnen und Bürger, in den letzten Jahren haben wir gemeinsam viel erreicht, "
        "und wir möchten mit Ihnen weiter an einer lebenswerten Stadt arbeiten, in der alle gut leben.",
        "Dafür haben wir viele Gespräche geführt, bei Festen, an Infoständen und in den Ortsteilen, "
        "und aus Ihren Ideen dieses Programm gemacht. Am 9. Juni bitten wir um Ihre Stimme.",
    ]
    pledge = "Im Sommer statten wir alle Spielplätze der Stadt mit Sonnensegeln aus."
    assert _all_fields(topics, [("", preface), ("Zusammenleben", [pledge]), *rest])["p:1-0"] == {"kinder-und-jugend"}
    # After a title page of a few words, the same section is the opening.
    cover = ("", ["Am 9. Juni ist Wahltag.", "www.partei-beispiel.de"])
    assert _all_fields(topics, [cover, ("Zusammenleben", [pledge]), *rest])["p:1-0"] == {"allgemeines"}


def test_general_words_of_patrols_parking_bypasses_customs_sponge_cities_and_social_hot_spots(tmp_path: Path) -> None:
    topics = Library(tmp_path).content.topics()

    def fields(text: str, heading: str = "Was wir wollen") -> set[str]:
        return _fields(topics, [(heading, [text])])

    # Fuß- und Fahrradstreifen are police patrols, not cycle lanes; Radfahrstreifen are lanes.
    assert fields("Wir wollen mehr Fuß- und Fahrradstreifen des Ordnungsdienstes in der Innenstadt.") == {"sicherheit-und-ordnung"}
    assert fields("Die Präsenz vor Ort soll spürbar werden.", "Mehr Fuß- und Fahrradstreifen") == {"sicherheit-und-ordnung"}
    assert fields("Wir markieren neue Radfahrstreifen auf der Hauptstraße.") == {"mobilitaet"}
    # "parkplätze" missed the singular.
    assert fields("Der Parkplatz am Bahnhof bleibt erhalten.") == {"mobilitaet"}
    assert fields("Ortsumfahrungen zur Entlastung der Ortskerne umsetzen") >= {"mobilitaet"}
    assert fields("Traditions- und Brauchtumspflege in den Ortschaften unterstützen") == {"kultur"}
    assert "klima-und-energie" in fields("Die Schwammstadt hält das Regenwasser zurück.")
    assert fields("Entschärfung sozialer Brennpunkte") == {"soziales"}


def test_of_a_headings_fields_the_text_names_none_meaning_keeps_the_nearest(tmp_path: Path) -> None:
    """A pledge under a heading of several fields that names none of them is about one of
    them: with meaning, the nearest (and any it ranks as good as tied), not all of them."""
    topics = Library(tmp_path).content.topics()
    sections = [("Kultur, Sport & Soziales", ["Bahnhofsmission reaktivieren"])]
    near_social = _Meaning(("mobilitaet", 0.20), ("soziales", 0.15), ("kultur", 0.10), ("sport", 0.09))
    assert _fields(topics, sections, near_social) == {"soziales"}
    tied = _Meaning(("mobilitaet", 0.20), ("soziales", 0.15), ("kultur", 0.145), ("sport", 0.09))
    assert _fields(topics, sections, tied) == {"soziales", "kultur"}
    # A field the text names is kept as before, whatever meaning says.
    named = [("Kultur, Sport & Soziales", ["Wir wollen die Sportvereine und ihre Sporthallen stärken."])]
    assert _fields(topics, named, near_social) == {"sport"}


def test_a_terse_pledge_of_a_list_under_no_field_heading_takes_the_lists_field(tmp_path: Path) -> None:
    """Under a heading that names no field ("Wir wollen"), a list whose pledges are mostly on
    one field is a list on that field: a pledge of it whose own words name none is on it too,
    one that names another field keeps that field, and a list without a field most of its
    pledges share places nothing."""
    topics = Library(tmp_path).content.topics()
    opening = ("Liebe Bürgerinnen und Bürger", ["Am 9. Juni ist Wahltag. Wir bitten um Ihre Stimme."])
    terse = "Vorschriften auf Sinnhaftigkeit überprüfen und ggf. ändern lassen."
    kita = [
        "den Ausbau von Kita-Plätzen konsequent weiter vorantreiben.",
        "Flexibilität bei den Öffnungszeiten der Kindertagesstätten.",
        "mehr Personal in den Kitas, auch mit alternativen Qualifikationen.",
        terse,
        "die offene und mobile Jugendarbeit weiter entwickeln.",
        "mehr Radwege und sichere Radabstellanlagen bauen.",
    ]
    closing = ("Kontakt", ["Schreiben Sie uns, wir freuen uns auf Ihre Nachricht."])
    fields = _all_fields(topics, [opening, ("Wir wollen", kita), closing])
    assert fields["p:1-3"] == {"kinder-und-jugend"}
    assert fields["p:1-0"] == {"kinder-und-jugend"}
    assert fields["p:1-5"] == {"mobilitaet"}
    # Alone, or in a list of pledges on as many fields as it has, the pledge names no field.
    mixed = [
        terse,
        "mehr Radwege und sichere Radabstellanlagen bauen.",
        "die offene und mobile Jugendarbeit weiter entwickeln.",
        "den sozialen Wohnungsbau erheblich stärker entwickeln.",
        "ein flächendeckend schnelles Internet für alle Stadtteile.",
    ]
    fields = _all_fields(topics, [opening, ("Wir wollen", mixed), closing])
    assert fields["p:1-0"] == {"allgemeines"}
    assert fields["p:1-1"] == {"mobilitaet"}
    # Two fields of half the list each (pledges on both): neither is the list's.
    taxonomy = Taxonomy(topics)
    both = frozenset({"kinder-und-jugend", "mobilitaet"})
    assert _list_field(taxonomy, [both, both, frozenset(), frozenset()]) is None
    assert _list_field(taxonomy, [both, frozenset({"mobilitaet"}), frozenset(), frozenset()]) == "mobilitaet"


def test_a_heading_line_in_the_text_is_about_what_it_names_and_heads_what_follows(tmp_path: Path) -> None:
    """A few words ending in a colon or an ampersand are a heading the importer left in the
    text: the line is about what its own words name (nothing, for a lead-in), not its section's
    field, and it heads the paragraphs after it, or the list it introduces, not what follows
    that list; where it names no field, the section's heading still counts."""
    topics = Library(tmp_path).content.topics()
    sections = [
        (
            "Stärkung der Wirtschaft",
            [
                "Wir schaffen Arbeitsplätze und Gewerbeflächen für neue Betriebe.",
                "Bildung für alle:",
                "Niemand darf zurückbleiben, das ist unser Versprechen.",
            ],
        ),
        ("Mobilität", ["Gleichzeitig gilt für uns:", "Niemand darf zurückbleiben, das ist unser Versprechen."]),
        ("BILDUNG", ["Wir sanieren jede Grundschule der Stadt.", "UMWELT &"]),
    ]
    fields = _all_fields(topics, sections)
    assert fields["p:0-1"] == {"bildung"}
    assert fields["p:0-2"] == {"bildung"}
    assert fields["p:1-0"] == {"allgemeines"}
    assert fields["p:1-1"] == {"mobilitaet"}
    assert fields["p:2-1"] == {"umwelt-und-natur"}
    # After the list the line introduced, a closing paragraph is no longer under it.
    line = Passage(id="p:0-0", programme_id="p", section_id="s0", kind="paragraph", text="Bildung für alle:")
    items = [
        Passage(id=f"p:0-{j}", programme_id="p", section_id="s0", kind="pledge", text=t, intro="p:0-0")
        for j, t in ((1, "Niemand darf zurückbleiben."), (2, "Jede Grundschule wird saniert."))
    ]
    closing = Passage(
        id="p:0-3", programme_id="p", section_id="s0", kind="paragraph", text="Dafür stehen wir, heute und morgen."
    )
    section = Section(id="s0", title="Unsere Ziele", passages=(line, *items, closing))
    programme = Programme(id="p", party="P", title="T", year=2024, sections=(section,))
    taxonomy = Taxonomy(topics)
    result = assign(topics, contexts([programme]), [])
    assert {taxonomy.field_of.get(t, t) for t in result["p:0-1"]} == {"bildung"}
    assert {taxonomy.field_of.get(t, t) for t in result["p:0-3"]} == {"allgemeines"}


def test_smart_is_a_word_of_the_digital_field_in_text_and_headings(tmp_path: Path) -> None:
    """"Smart City", "smarte Stadt", "smarter machen": in municipal programmes a smart thing is a
    networked, digital one (the hyphenated "Smart-City-Konzept" folds to one word, which the
    phrase "smart city" missed)."""
    topics = Library(tmp_path).content.topics()
    assert _fields(topics, [("Was wir wollen", ["Ein Smart-City-Konzept für die ganze Stadt."])]) == {"digitales"}
    assert _fields(topics, [("Was wir wollen", ["Unsere Gemeinde smarter machen"])]) == {"digitales"}
    sections = [("Smarte Stadt", ["Niemand darf zurückbleiben, das ist unser Versprechen."])]
    assert _fields(topics, sections) == {"digitales"}


def test_data_is_a_word_of_the_digital_field(tmp_path: Path) -> None:
    """"Daten", "Datenportal", "Datenvernetzung": data a town collects and shares are digital
    matters; beside one word of parking, the two digital words decide."""
    topics = Library(tmp_path).content.topics()
    assert _fields(topics, [("Was wir wollen", ["Alle erhobenen Daten frei und offen bereitstellen."])]) == {"digitales"}
    text = "Ein Smart-City-Konzept mit Datenvernetzung, das den Parkplatzsuchverkehr verringert."
    assert _fields(topics, [("Was wir wollen", [text])]) == {"digitales"}


def test_meaning_places_an_overview_in_a_field_it_names_when_one_lies_close(tmp_path: Path) -> None:
    """A passage naming several fields once each, which no heading or word decides, goes to
    the nearest of the fields it names when that lies close behind meaning's nearest, not to
    a field it never names; with every field it names far behind, meaning's nearest stands."""
    topics = Library(tmp_path).content.topics()
    sections = [("Was wir wollen", ["Wir brauchen Radwege, Kitaplätze, Sporthallen und Glasfaser für alle."])]
    close = _Meaning(("gesundheit", 0.21), ("sport", 0.17), ("kinder-und-jugend", 0.15), ("wohnen", 0.12))
    assert _fields(topics, sections, close) == {"sport"}
    far = _Meaning(("gesundheit", 0.30), ("wohnen", 0.25), ("sport", 0.17), ("kinder-und-jugend", 0.15))
    assert _fields(topics, sections, far) == {"gesundheit"}


def test_a_parking_deck_is_parking_like_a_car_park(tmp_path: Path) -> None:
    """"Parkdeck" is a word of parking beside "Parkhaus" and "Tiefgarage": a parking deck by a
    school is a matter of mobility, not of the school it is named after."""
    topics = Library(tmp_path).content.topics()
    text = "Wir wollen ein Parkdeck im Bereich der Goethe-Schule."
    assert _fields(topics, [("Mobilität", [text])]) == {"mobilitaet"}


def test_opening_hours_belong_to_what_is_open_and_care_places_are_childcare(tmp_path: Path) -> None:
    """"Öffnungszeiten" are a common word of Verwaltung (a Kita's, a pool's opening hours are
    not the town hall's), and "Betreuungseinrichtungen", "Betreuungsangebote" and a
    "Betreuungsplatz" are childcare like "Betreuungsplätze"."""
    topics = Library(tmp_path).content.topics()

    def fields(text: str) -> set[str]:
        return _fields(topics, [("Was wir wollen", [text])])

    assert fields("Längere Öffnungszeiten im Hallenbad und im Freibad") == {"sport"}
    assert fields("Flexiblere Öffnungszeiten der Betreuungseinrichtungen") == {"kinder-und-jugend"}
    assert fields("Verlässliche Betreuungsangebote für alle Familien") >= {"kinder-und-jugend"}
    assert fields("Längere Öffnungszeiten im Bürgeramt") == {"verwaltung-und-buergerservice"}


def test_a_development_plan_belongs_to_what_it_develops(tmp_path: Path) -> None:
    """A compound whose head is a plan or concept of development ("-entwicklungsplan",
    "-entwicklungskonzept") and whose modifier another field's term starts is a plan of that
    field, not of Stadtentwicklung; a compound of any other head still goes by its head
    ("Waldkindergärten" are Kindergärten)."""
    topics = Library(tmp_path).content.topics()

    def fields(text: str) -> set[str]:
        return _fields(topics, [("Was wir wollen", [text])])

    assert fields("Einen Sportentwicklungsplan für die Gemeinde aufstellen") == {"sport"}
    assert fields("Ein Kulturentwicklungskonzept für unsere Gemeinde erarbeiten") == {"kultur"}
    assert fields("Ein neues Stadtentwicklungskonzept erarbeiten") == {"stadtentwicklung"}
    assert fields("Mehr Waldkindergärten in der Gemeinde") == {"kinder-und-jugend"}


def test_a_section_titled_preface_is_the_opening_wherever_it_stands(tmp_path: Path) -> None:
    """A section its title calls the preface ("1. Präambel", "Vorwort des Vorsitzenden") is the
    programme's opening even after a long first section (a title page of paragraphs): single
    mentions of a field there place nothing. A chapter that merely starts with such a word
    ("Einführung eines Bürgerhaushalts") is no preface."""
    topics = Library(tmp_path).content.topics()
    cover = ("", [" ".join(["Kommunalwahlprogramm der Partei Beispiel für den Landkreis, beschlossen auf dem Parteitag."] * 4)])
    greeting = "Wir leben in Zeiten des Wandels; auch unsere Schulen stehen vor Herausforderungen."
    rest = [("Mobilität", ["Wir bauen Radwege aus."]), ("Kultur", ["Das Museum bleibt offen."])]
    for title in ("1. Präambel", "Vorwort des Kreisvorsitzenden", "Einleitung:"):
        assert _all_fields(topics, [cover, (title, [greeting]), *rest])["p:1-0"] == {"allgemeines"}, title
    assert _all_fields(topics, [cover, ("Unsere Ziele", [greeting]), *rest])["p:1-0"] == {"bildung"}
    assert _all_fields(topics, [cover, ("Einführung eines Bürgerhaushalts", [greeting]), *rest])["p:1-0"] == {"bildung"}


def test_an_item_of_a_list_in_the_opening_is_a_point_not_a_greeting(tmp_path: Path) -> None:
    """The opening's single mentions place nothing, but an item of a list there (continuing its
    lead-in's sentence, or introduced by a line ending in a colon) is a point of its own, a
    pledge or an issue: a field it names places it. The paragraphs around the list stay the
    greeting."""
    topics = Library(tmp_path).content.topics()
    greeting = "Liebe Bürgerinnen und Bürger, wir leben in Zeiten des Wandels; auch unsere Schulen stehen vor Herausforderungen."
    lead_in = "Dies betrifft Fragen wie:"
    opening = [
        Passage(id="p:0-0", programme_id="p", section_id="s0", kind="paragraph", text=greeting),
        Passage(id="p:0-1", programme_id="p", section_id="s0", kind="paragraph", text=lead_in),
        Passage(id="p:0-2", programme_id="p", section_id="s0", kind="paragraph", text="die Sanierung unserer Schulen,"),
        Passage(id="p:0-3", programme_id="p", section_id="s0", kind="pledge", text="Radwege in jedem Ort.", intro="p:0-1"),
    ]
    rest = [
        Section(id=f"s{i}", title=title, passages=(Passage(id=f"p:{i}-0", programme_id="p", section_id=f"s{i}", kind="paragraph", text=text),))
        for i, (title, text) in enumerate([("Mobilität", "Wir bauen Radwege aus."), ("Kultur", "Das Museum bleibt offen.")], start=1)
    ]
    programme = Programme(
        id="p", party="P", title="T", year=2024, sections=(Section(id="s0", title="", passages=tuple(opening)), *rest)
    )
    taxonomy = Taxonomy(topics)
    result = assign(topics, contexts([programme]), [])
    fields = {pid: {taxonomy.field_of.get(t, t) for t in ids} for pid, ids in result.items()}
    assert fields["p:0-0"] == {"allgemeines"}
    assert fields["p:0-2"] == {"bildung"}
    assert fields["p:0-3"] == {"mobilitaet"}


def test_a_heading_word_one_letter_off_a_long_section_term_is_that_terms_word(tmp_path: Path) -> None:
    """A slip of one letter left out or doubled in a heading's word ("Stadtenwicklung", "Stadteile",
    "Städteplanung") still names the field of the long section term it misspells; a word that
    differs in a letter (not a slip of one left out or added) or shares a short term's start
    ("günstige" and "Kunst") names nothing by it."""
    topics = Library(tmp_path).content.topics()
    taxonomy = Taxonomy(topics)
    pledge = "Aufwertung des Marktplatzes"

    def fields(title: str) -> set[str]:
        return _fields(topics, [(title, [pledge])])

    assert fields("Stadtenwicklung") == {"stadtentwicklung"}
    assert fields("Starke Stadteile") == {"stadtentwicklung"}
    assert fields("Städteplanung") == {"stadtentwicklung"}
    assert fields("Stadtentwicklung") == {"stadtentwicklung"}
    assert fields("Günstige Preise") != {"kultur"}
    assert not taxonomy.heading_topics(FoldedText.of("Stadtentwickelt"))


def test_meaning_places_an_overview_in_a_field_it_names_most_when_one_lies_close(tmp_path: Path) -> None:
    """A long overview naming four fields as often as each other and a fifth in passing ("dazu den
    Schutz unserer Wälder") goes, when meaning places it, to the nearest of the four, if it lies close
    behind meaning's nearest: not to the field named in passing, though meaning puts that nearest."""
    topics = Library(tmp_path).content.topics()
    text = (
        "Wir setzen uns weiterhin für ein gutes Leben in allen Dörfern und Städten unseres Kreises ein, heute und in Zukunft, "
        "gemeinsam mit den Menschen, die hier wohnen und arbeiten, und mit allen, die hier anpacken wollen. Das bedeutet für uns "
        "ganz konkret: sichere Radwege und verlässliche Busse, genug Kitas und gute Krippen, moderne Sporthallen und starke "
        "Sportvereine, schnelles Glasfaser und eine echte Digitalisierung, dazu den Schutz unserer Wälder. Dafür treten wir an, "
        "dafür bitten wir um Ihr Vertrauen, und dafür werden wir in den kommenden fünf Jahren jeden Tag mit aller Kraft arbeiten."
    )
    sections = [("Was wir wollen", [text])]
    close = _Meaning(("umwelt-und-natur", 0.20), ("mobilitaet", 0.18), ("kinder-und-jugend", 0.15), ("sport", 0.12), ("digitales", 0.11))
    assert _fields(topics, sections, close) == {"mobilitaet"}
    # Every field it names most far behind: the nearest field it names at all stands, as before.
    far = _Meaning(("umwelt-und-natur", 0.40), ("mobilitaet", 0.18), ("kinder-und-jugend", 0.15), ("sport", 0.12), ("digitales", 0.11))
    assert _fields(topics, sections, far) == {"umwelt-und-natur"}
