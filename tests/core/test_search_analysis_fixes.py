"""The analysis classes that failed on unseen programmes: short stems in compounds, stem
guards, two typos in one word, and vocabulary per searched scope."""

from __future__ import annotations

from pathlib import Path

import pytest

from canvass_app.search.analysis import fold, stem
from canvass_app.search.memory import MemoryCorpus, make_programme
from canvass_app.search.query import plan
from canvass_app.search.service import SearchService

THESAURUS = Path(__file__).resolve().parents[2] / "data" / "thesaurus.toml"
TOWN = "town-test-2025"
HARBOUR = "harbour-test-2025"


def programmes() -> list:
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [
            (
                "Wohnen",
                [
                    "Der Mietspiegel muss die Kaltmiete fair abbilden.",
                    "Wir bauen mehr geförderte Wohnungen und bauen Dachgeschosse aus.",
                    "Unsere Arbeit im Rat ist transparent und wir bauen auf Beteiligung.",
                ],
            ),
            (
                "Verkehr",
                [
                    "Schwere Unfälle an Kreuzungen verhindern wir, wir bauen sichere Radwege.",
                    "Die Fahrradstraßen werden ausgebaut, wir bauen sie durchgängig.",
                    "Wer mit dem Auto fahren muss, findet am Rand Parkplätze.",
                    "Windkraftanlagen stellen wir auf städtischen Flächen auf.",
                ],
            ),
            (
                "Freizeit",
                [
                    "Wir sanieren die Schwimmhalle im Ortsteil Hombruch.",
                    "Dortmund bauen wir als Sportstadt aus.",
                ],
            ),
        ],
    )
    harbour = make_programme(
        HARBOUR,
        "Hafenpartei",
        2025,
        [("Hafen", ["Der Containerhafen wird modernisiert und erhält einen Bahnanschluss."])],
    )
    return [town, harbour]


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    return SearchService(
        MemoryCorpus(programmes()), tmp_path_factory.mktemp("fixes"), thesaurus_paths=[THESAURUS]
    )


def texts(service: SearchService, query: str, **kw: object) -> list[str]:
    return [h.text for h in service.search(query, limit=10, **kw).hits]  # type: ignore[arg-type]


@pytest.mark.parametrize("query", ["Miete", "Mieten", "Kaltmieten", "mietspiegel"])
def test_short_stem_reaches_compounds_as_modifier_and_head(service: SearchService, query: str) -> None:
    assert any("Mietspiegel" in t for t in texts(service, query)[:1])
    opened = service.ensure_open()
    terms = {t for c in plan(query, opened.vocab, service.thesaurus).concepts for _, t in c.terms}
    assert {"mietspiegel", "kaltmiet"} & terms


def test_short_stem_does_not_match_inside_a_word(service: SearchService) -> None:
    # "rent" is the start of no compound in "transparent"; "Ort" is not in "Dortmund".
    vocab = service.ensure_open().vocab
    assert "transparent" not in vocab.compounds("rent")
    assert not any("transparent" in t for t in texts(service, "Rente"))
    assert not any("Dortmund" in t for t in texts(service, "Ort"))


def test_stem_repair_keeps_a_syllable() -> None:
    assert stem(fold("schwer")) == stem(fold("schwere")) == "schwer"
    assert stem(fold("Förderung")) == stem(fold("fördern")) == "ford"


@pytest.mark.parametrize("query", ["Schwangerschaft", "Schwimmbad schwanger", "Schwangerschaftsberatung"])
def test_stem_guards_keep_schwer_out_of_other_words(service: SearchService, query: str) -> None:
    assert not any("Schwere Unfälle" in t for t in texts(service, query))


@pytest.mark.parametrize("typed", ["Fahrrradstrasn", "Fahradstrasen", "Farradstrassen"])
def test_two_slips_in_a_long_word_are_corrected(service: SearchService, typed: str) -> None:
    found = texts(service, typed)
    assert found and "Fahrradstraßen" in found[0]
    assert not any("Auto fahren" in t for t in found), "no short part 'fahr' taken by accident"


def test_typo_rest_is_not_a_compound_part(service: SearchService) -> None:
    # A real first part with a garbled rest must not match through the first part alone.
    vocab = service.ensure_open().vocab
    concept = plan("Fahrxxqradwegz", vocab, service.thesaurus).concepts[0]
    assert not any(t.startswith("fahr") and t != "fahrradstrass" for _, t in concept.terms)


def test_compound_with_other_parts_meets_through_its_first_part(service: SearchService) -> None:
    assert any("Windkraftanlagen" in t for t in texts(service, "Windparks"))


def test_vocabulary_is_per_searched_programme(service: SearchService) -> None:
    # "Hafen" is known, but only in the other programme: under the filter it is an
    # unknown word, and the common word "bauen" alone is no answer.
    assert texts(service, "Hafen bauen", programmes=[HARBOUR])
    assert texts(service, "Hafen bauen", programmes=[TOWN]) == []
    assert texts(service, "Bahnanschluss", programmes=[TOWN]) == []
    opened = service.ensure_open()
    scoped = opened.postings.scoped(service._restriction(opened.searcher, {TOWN}, None))
    harbour = stem(fold("Containerhafen"))
    assert scoped.scope_df("text", harbour) == 0 < opened.postings.scope_df("text", harbour)
    # In the harbour programme alone its own word is no longer rare.
    alone = opened.postings.scoped(service._restriction(opened.searcher, {HARBOUR}, None))
    assert alone.idf("text", harbour) < opened.postings.idf("text", harbour)


FIELDS = {
    # field of municipal politics: (what people say at the door, what a programme writes)
    "Senioren": ("Rentner", "Ältere Menschen sollen im Quartier gut versorgt werden."),
    "Energie": ("Solaranlage aufs Dach", "Photovoltaik kommt auf alle städtischen Dächer."),
    "Migration": ("Asylbewerber", "Schutzsuchende bringen wir dezentral unter."),
    "Mobilität": ("Parkplatz", "Die Parkraumbewirtschaftung wird neu geordnet."),
    "Bildung": ("Nachmittagsbetreuung", "Der offene Ganztag bekommt mehr Personal."),
    "Gesundheit": ("Hausarzt", "Die hausärztliche Versorgung in den Stadtteilen sichern wir."),
    "Sauberkeit": ("wilder Müll", "Gegen illegale Müllablagerungen hilft mehr Kontrolle."),
    "Sicherheit": ("Straßenlaternen", "Angsträume beseitigen wir mit heller Beleuchtung."),
    "Finanzen": ("Steuern", "Die Hebesätze bleiben stabil."),
    "Beteiligung": ("mitreden", "Bürgerbeteiligung wird zur Regel."),
    "Kultur": ("Bücherei", "Die Stadtteilbibliotheken öffnen länger."),
    "Sport": ("Turnhalle", "Sporthallen werden saniert."),
    "Wohnen": ("Miete zu hoch", "Bezahlbarer Wohnraum entsteht auf städtischen Grundstücken."),
    "Bus": ("Bus", "Der ÖPNV fährt im Takt von zehn Minuten."),
    "Rad": ("Radweg", "Der Radverkehr bekommt eigene Spuren."),
    "Fußverkehr": ("Fußgänger", "Breitere Gehwege machen den Fußverkehr sicherer."),
    "Tempo 30": ("Tempo 30", "Eine Geschwindigkeitsbegrenzung vor Schulen setzen wir durch."),
    "Kita": ("Kita-Platz", "Wir schaffen 500 neue Betreuungsplätze."),
    "Lehrkräfte": ("Lehrer", "Lehrkräfte werden von Verwaltungsarbeit entlastet."),
    "Jugend": ("Jugendzentrum", "Jugendfreizeitstätten bleiben abends geöffnet."),
    "Pflege": ("Pflegeheim", "Stationäre Pflege braucht mehr Personal."),
    "Armut": ("arm", "Armutsbekämpfung beginnt bei den Kindern."),
    "Heizung": ("Heizung", "Die kommunale Wärmeplanung liegt bis 2026 vor."),
    "Windkraft": ("Windrad", "Windenergie wird auf Konversionsflächen ausgebaut."),
    "Umwelt": ("Luft", "Die Luftqualität an Hauptstraßen wird gemessen."),
    "Digitales": ("online", "Die Digitalisierung der Verwaltung kommt voran."),
    "Verwaltung": ("Wartezeit", "Bearbeitungszeiten im Bauamt werden halbiert."),
    "Arbeit": ("Arbeitslose", "Das Jobcenter bekommt mehr Vermittler."),
    "Stadtentwicklung": ("Neubaugebiet", "Der Bebauungsplan für das Quartier wird beschlossen."),
}


@pytest.fixture(scope="module")
def field_service(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    town = make_programme(
        "fields-test-2025", "Stadtpartei", 2025, [(field, [text]) for field, (_, text) in FIELDS.items()]
    )
    return SearchService(MemoryCorpus([town]), tmp_path_factory.mktemp("fields"), thesaurus_paths=[THESAURUS])


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_thesaurus_covers_every_field_of_municipal_politics(field_service: SearchService, field: str) -> None:
    doorstep, programme_text = FIELDS[field]
    assert texts(field_service, doorstep)[:1] == [programme_text]


def test_short_stem_reaches_a_compound_head_whose_first_part_is_not_indexed(tmp_path: Path) -> None:
    # "kalt" occurs nowhere else: the compound is found by its ending, not its first part.
    only = make_programme(TOWN, "Stadtpartei", 2025, [("Wohnen", ["Die Kaltmiete darf nicht weiter steigen."])])
    alone = SearchService(MemoryCorpus([only]), tmp_path, thesaurus_paths=[THESAURUS])
    opened = alone.ensure_open()
    assert "kalt" not in opened.vocab.stem_set
    for query in ("Miete", "Mieten"):
        assert [h.text for h in alone.search(query, dense=False).hits] == ["Die Kaltmiete darf nicht weiter steigen."]
    # The bare stem of "Rente" is no word ending: "transparent" stays out.
    assert opened.vocab.head_compounds("rente", "rent") == []


def test_typo_correction_keeps_the_first_letter(service: SearchService) -> None:
    vocab = service.ensure_open().vocab
    assert "radweg" in vocab.stem_set
    # A slip inside the word is corrected, and two first letters swapped ...
    assert ("radweg" in {c for _, c in vocab.corrections(stem(fold("Radwgee")))})
    assert ("radweg" in {c for _, c in vocab.corrections(stem(fold("Ardwege")))})
    # ... a different first letter is another word ("Deich" is no "reich").
    assert "radweg" not in {c for _, c in vocab.corrections(stem(fold("Tadwege")))}


@pytest.mark.parametrize(
    "query",
    [
        "Wehrpflicht Bundeswehr",  # unknown noun, the other one only by a compound part
        "Hundesteuer erhöhen",  # unknown noun, a verb alone
        "Rundfunkbeitrag abschaffen",  # a compound known only by its first part
    ],
)
def test_a_noun_the_programme_lacks_is_not_answered_by_the_other_words(tmp_path: Path, query: str) -> None:
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [
            (
                "Finanzen",
                [
                    "Bund und Land müssen die Kommunen entlasten.",
                    "Die Grundsteuer wollen wir nicht erhöhen.",
                    "Rund 200 Vereine wollen wir fördern, Gebühren für sie abschaffen.",
                ],
            )
        ],
    )
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    assert alone.search(query, dense=False).hits == []
    # A question whose subject the programme does use keeps its answer.
    assert alone.search("Grundsteuer erhöhen", dense=False).hits


def test_verb_prefixes_make_other_words_not_compounds(tmp_path: Path) -> None:
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [
            (
                "Stadt",
                [
                    "Das Quartier wird behutsam weiterentwickelt.",
                    "Für saubere Toiletten sowie Wickelmöglichkeiten in der Innenstadt.",
                    "Wir unternehmen alles für den Hafen.",
                ],
            )
        ],
    )
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    vocab = alone.ensure_open().vocab
    assert not any("entwickel" in t for t in vocab.compounds(stem(fold("Wickel"))))
    assert vocab.head_compounds("nehmen", stem(fold("nehmen"))) == []
    found = [h.text for h in alone.search("Wickeltisch", dense=False).hits]
    assert "Das Quartier wird behutsam weiterentwickelt." not in found


def test_a_first_part_takes_one_linking_element_not_two(tmp_path: Path) -> None:
    # "Lebens|erwartung" ends in "wart" after "lebenser": "Leben", "s" and "er" would be
    # a word and two links. "Kinder|garten" ("Kind" + "er") still ends in "Garten".
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [
            (
                "Stadt",
                [
                    "Die Lebenserwartung im Viertel steigt, weil das Leben hier gesünder ist.",
                    "Des Lebens Freude: für jedes Kind Kindergärten und ein Garten für alle.",
                ],
            )
        ],
    )
    vocab = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS]).ensure_open().vocab
    assert vocab.compounds(stem(fold("warten"))) == []
    assert any(t.startswith("kindergart") for t in vocab.compounds(stem(fold("Garten"))))


def test_eln_verbs_meet_their_forms_and_nouns() -> None:
    # Snowball leaves "-eln"/"-elt" on, and takes the "e" out of "-lung".
    for forms in (
        ("entwickeln", "entwickelt", "Entwicklung"),
        ("sammeln", "sammelt", "Sammlung"),
        ("regeln", "regelt", "Regelung", "Regel", "Regeln"),
        ("vermitteln", "Vermittlung"),
    ):
        assert len({stem(fold(w)) for w in forms}) == 1, forms
    # ... without touching words that only end the same way.
    assert stem(fold("Umwelt")) == "umwelt"
    assert stem(fold("Stellung")) != stem(fold("stellen")) + "el"
    assert stem(fold("Zahlung")) != "zahel"


def test_nouns_in_est_keep_their_ending() -> None:
    # Snowball reads "-est" as a superlative: "Weinfest" → "weinf", "Protest" → "prot".
    assert stem(fold("Weinfest")) == stem(fold("Weinfeste")) == "weinfest"
    assert stem(fold("Protest")) == "protest"
    assert stem(fold("ältesten")) == "alt"


def split_town(first: str = "Beim Friedhof entsteht ein neues Wohnquartier.") -> list:
    return [
        make_programme(
            TOWN,
            "Stadtpartei",
            2025,
            [
                (
                    "Stadt",
                    [
                        first,
                        "Die Kita-Gebühren schaffen wir ab.",
                        "Wir sanieren die Sporthallen der Schulen.",
                        "Der Rat tagt öffentlich, jede Sitzung wird übertragen.",
                    ],
                ),
                ("Freizeit", ["Im Stadtpark entsteht eine Skateranlage für Jugendliche.", "Der Park bekommt Bänke."]),
            ],
        )
    ]


@pytest.mark.parametrize("query", ["Friedhofsgebühren", "Friedhofsgebühren erhöhen"])
def test_split_compound_needs_its_parts_together(tmp_path: Path, query: str) -> None:
    """"Friedhofs|gebühren": a passage on the cemetery or on nursery fees is another subject."""
    alone = SearchService(MemoryCorpus(split_town()), tmp_path, thesaurus_paths=[THESAURUS])
    assert [h for h in alone.search(query, dense=False).hits if h.match == "words"] == []
    both = split_town("Die Gebühren für den Friedhof senken wir.")
    together = SearchService(MemoryCorpus(both), tmp_path / "both", thesaurus_paths=[THESAURUS])
    assert [h.text for h in together.search(query, dense=False).hits][:1] == [
        "Die Gebühren für den Friedhof senken wir."
    ]


def test_split_compound_finds_compounds_on_its_first_part(tmp_path: Path) -> None:
    # "Skater|park" → "Skateranlage": the programme builds the word differently.
    alone = SearchService(MemoryCorpus(split_town()), tmp_path, thesaurus_paths=[THESAURUS])
    found = texts(alone, "Skaterpark", dense=False)
    assert "Im Stadtpark entsteht eine Skateranlage für Jugendliche." in found
    assert "Der Park bekommt Bänke." not in found, "the last part alone is another subject"


def test_a_long_stem_is_no_part_where_the_word_splits_into_two_others(tmp_path: Path) -> None:
    """"erfahr" lies in the letters of "Lieferfahrzeuge" (liefer|fahrzeug) and of
    "Produktionsverfahren" (produktions|verfahr), as part of neither; in
    "Berufserfahrung" it is one."""
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [
            (
                "Stadt",
                [
                    "Lieferfahrzeuge fahren morgens in die Fußgängerzone, wir liefern pünktlich.",
                    "Das Fahrzeug der Feuerwehr wird ersetzt.",
                    "Produktionsverfahren im Gewerbegebiet werden sauberer; die Verfahren sind neu.",
                    "Die Produktion vor Ort wächst.",
                    "Berufserfahrung zählt bei der Stadt, jeder Beruf auch.",
                    "Wer Erfahrung hat, hilft im Ehrenamt.",
                ],
            )
        ],
    )
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    vocab = alone.ensure_open().vocab
    found = vocab.compounds(stem(fold("erfahren")))
    assert any(t.startswith("berufserfahr") for t in found)
    assert not any(t.startswith(("lieferfahrzeug", "produktionsverfahr")) for t in found)
    hits = [h.text for h in alone.search("Erfahrung", dense=False).hits]
    assert any("Berufserfahrung" in t for t in hits)
    assert not any("Lieferfahrzeuge" in t or "Produktionsverfahren" in t for t in hits)


def test_a_word_of_time_the_stemmer_cuts_short_is_matched_as_itself(tmp_path: Path) -> None:
    """The stemmer makes "Wochenende" ``wochen``: that is "Wochen", and its compounds
    ("Wochenmarkt") are other words. The weekend is found where a passage says it."""
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [
            (
                "Stadt",
                [
                    "Der Wochenmarkt bekommt einen neuen Platz.",
                    "Seit Wochen wird über die Brücke gestritten.",
                    "Am Wochenende fahren Nachtbusse.",
                ],
            )
        ],
    )
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    assert [h.text for h in alone.search("Wochenende", dense=False).hits] == ["Am Wochenende fahren Nachtbusse."]
    # Words of time the stemmer leaves whole keep their compounds ("nachts" → "Nachtbusse").
    assert "Am Wochenende fahren Nachtbusse." in [h.text for h in alone.search("nachts", dense=False).hits]
