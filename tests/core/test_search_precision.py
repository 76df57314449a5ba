"""Precision of the words side: a typo correction, a compound or a generic word must not
turn an off-topic question into a "words" answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from canvass_app.search.analysis import fold, stem
from canvass_app.search.memory import MemoryCorpus, make_programme
from canvass_app.search.query import osa_distance, plan
from canvass_app.search.service import SearchService

THESAURUS = Path(__file__).resolve().parents[2] / "data" / "thesaurus.toml"
TOWN = "precision-test-2025"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [
            (
                "Arbeit",
                [
                    "Das Gehalt in der Pflege muss steigen.",
                    "Der Bus führt durch alle Stadtteile.",
                    "Die Radwege werden breiter.",
                ],
            ),
        ],
    )
    return SearchService(MemoryCorpus([town]), tmp_path_factory.mktemp("precision"), thesaurus_paths=[THESAURUS])


def texts(service: SearchService, query: str) -> list[str]:
    return [h.text for h in service.search(query, dense=False).hits if h.type == "passage"]


@pytest.mark.parametrize(
    ("typed", "other"),
    [("Gewalt", "Gehalt"), ("fährt", "führt")],
)
def test_a_letter_far_from_the_right_key_makes_another_word_not_a_typo(
    service: SearchService, typed: str, other: str
) -> None:
    vocab = service.ensure_open().vocab
    assert stem(fold(other)) in vocab.stem_set
    assert stem(fold(other)) not in {c for _, c in vocab.corrections(stem(fold(typed)))}
    assert not texts(service, typed)


def test_neighbouring_keys_and_sound_alike_letters_are_slips(service: SearchService) -> None:
    vocab = service.ensure_open().vocab
    # "Radwrge": r next to e on the keyboard; "Radwehe": h next to g.
    for typed in ("Radwrge", "Radwehe"):
        assert "radweg" in {c for _, c in vocab.corrections(stem(fold(typed)))}, typed
    assert osa_distance("standart", "standard", 1, slips=True) == 1
    assert osa_distance("gewalt", "gehalt", 1, slips=True) == 2
    assert osa_distance("gewalt", "gehalt", 1) == 1


def test_a_form_of_another_word_is_no_compound_ending_in_the_query_word(tmp_path: Path) -> None:
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [("Rat", ["Unsere Arbeit ist transparent.", "Wir wollen transparentes und transparenten Handeln."])],
    )
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    vocab = alone.ensure_open().vocab
    assert vocab.head_compounds("rente", "rent") == []
    assert not texts(alone, "Rente mit 70")


def test_a_word_in_adjective_forms_only_is_no_compound_of_a_noun_in_e(tmp_path: Path) -> None:
    """Without the bare adjective, "transparentes" beside "transparenten" still shows an
    adjective: "Renten" after a part "transpa" it is not. A compound of "Schule" stays
    one although the index also holds "Grundschüler" (a noun in -er, not an adjective's
    ending), and so does the genitive "Wohnungsmarktes" of "Markt"."""
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [
            ("Rat", ["Wir wollen transparentes und transparenten Handeln."]),
            ("Bildung", ["Jede Grundschule bekommt Platz, jeder Grundschüler ein Tablet."]),
            ("Wohnen", ["Die Lage des Wohnungsmarktes ist angespannt."]),
        ],
    )
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    vocab = alone.ensure_open().vocab
    assert vocab.head_compounds("rente", "rent") == []
    assert not texts(alone, "Wann gibt es mehr Rente?")
    assert "grundschule" in vocab.head_compounds("schule", "schul")
    assert "wohnungsmarktes" in vocab.head_compounds("markt", "markt")


def test_a_short_first_part_has_no_sibling_compounds(tmp_path: Path) -> None:
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [("Ort", ["Die Kernstadt bekommt mehr Busse.", "Die Fusion der Stadtwerke prüfen wir.", "Der Kern der Sache."])],
    )
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    found = texts(alone, "Kernfusion")
    assert "Die Kernstadt bekommt mehr Busse." not in found


def test_a_first_part_used_as_a_word_of_its_own_has_no_sibling_compounds(tmp_path: Path) -> None:
    # "Kinder" is a word the programme uses alone: its compounds are other subjects.
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [
            (
                "Familie",
                [
                    "Die Kindertagesstätten bekommen mehr Personal.",
                    "Alle Kinder sollen schwimmen lernen.",
                    "Das Geld der Stadt ist knapp.",
                ],
            )
        ],
    )
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    assert "Die Kindertagesstätten bekommen mehr Personal." not in texts(alone, "Kindergeld")


@pytest.fixture(scope="module")
def compounds(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [
            (
                "Stadt",
                [
                    "Wir bauen neue Wohnungen am Hafen.",
                    "Das Dach wird neu gedeckt.",
                    "Barrierefreiheit an allen Haltestellen.",
                    "Der Bus fährt öfter.",
                    "Die Gemeindeschwester besucht ältere Menschen.",
                    "Die Gemeinde hilft Kranken.",
                    "Die Institution bleibt.",
                ],
            ),
        ],
    )
    return SearchService(MemoryCorpus([town]), tmp_path_factory.mktemp("compounds"), thesaurus_paths=[THESAURUS])


def test_the_typed_word_is_split_where_the_stem_cut_into_its_last_part(compounds: SearchService) -> None:
    # "dachwohn" would split into "wohn", which no passage has; "Wohnungen" is the part.
    assert texts(compounds, "Dachwohnungen")[:1] == ["Wir bauen neue Wohnungen am Hafen."]


def test_a_three_letter_first_part_counts_with_a_long_known_last_part(compounds: SearchService) -> None:
    assert texts(compounds, "Bushaltestellen")[:1] == ["Barrierefreiheit an allen Haltestellen."]


def test_a_long_last_part_found_only_in_another_compound(compounds: SearchService) -> None:
    assert texts(compounds, "Krankenschwester")[:1] == ["Die Gemeindeschwester besucht ältere Menschen."]
    # The other compound's first part must be a word of four letters or more.
    assert texts(compounds, "Prostitution") == []


def test_a_compound_part_means_something_only_where_its_thesaurus_words_occur(tmp_path: Path) -> None:
    """"Stadt|bibliothek": the thesaurus words of "Bibliothek" give the compound its
    meaning; where the searched programmes use none of them, "Stadt" alone is no answer."""
    others = [f"Der Bus Nummer {n} fährt pünktlich." for n in range(6)]
    town = make_programme(TOWN, "Stadtpartei", 2025, [("Stadt", ["Die Stadt wächst weiter.", *others])])
    other = make_programme("library-test-2025", "Lesepartei", 2025, [("Kultur", ["Die Bibliotheken öffnen sonntags."])])
    alone = SearchService(MemoryCorpus([town, other]), tmp_path, thesaurus_paths=[THESAURUS])
    query = "Stadtbibliothek Öffnungszeiten"
    assert [h.text for h in alone.search(query, dense=False).hits][:1] == ["Die Bibliotheken öffnen sonntags."]
    assert alone.search(query, dense=False, programmes=[TOWN]).hits == []
    only = SearchService(MemoryCorpus([town]), tmp_path / "only", thesaurus_paths=[THESAURUS])
    assert only.search(query, dense=False).hits == []


def test_a_word_for_how_much_alone_is_no_answer(tmp_path: Path) -> None:
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [
            (
                "Stadt",
                [
                    "Die Grundsteuer bleibt stabil.",
                    "Der Turm ist hoch und alt.",
                    "Die Hochschule wächst.",
                    "Der Bus fährt öfter.",
                ],
            )
        ],
    )
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    assert texts(alone, "Grundsteuer zu hoch") == ["Die Grundsteuer bleibt stabil."]
    assert texts(alone, "Hundesteuer erhöhen") == []
    # Alone, the word is what is asked about; still no compound of it ("Hochschule").
    assert texts(alone, "hoch") == ["Der Turm ist hoch und alt."]


@pytest.mark.parametrize(
    ("query", "other_subject"),
    [
        ("Grundsteuer", "Der Hebesatz der Kreisumlage steigt."),
        ("Bürgergeld", "Die Arbeitslosigkeit sinkt."),
        ("Einkaufen", "Die Innenstadt wird grüner."),
    ],
)
def test_thesaurus_entries_do_not_reach_a_broader_or_other_subject(
    tmp_path: Path, query: str, other_subject: str
) -> None:
    town = make_programme(TOWN, "Stadtpartei", 2025, [("Stadt", [other_subject, "Der Bus fährt öfter."])])
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    assert other_subject not in texts(alone, query)


def test_a_typed_word_cut_short_is_no_typo_correction(tmp_path: Path) -> None:
    town = make_programme(TOWN, "Stadtpartei", 2025, [("Stadt", ["Der Wein der Region ist gut.", "Der Bus fährt öfter."])])
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    vocab = alone.ensure_open().vocab
    assert "wein" in vocab.stem_set
    assert texts(alone, "Weinfest") == []
    assert alone.suggest("Weinfest") is None


def test_a_noun_in_ung_is_no_compound_ending_in_its_verb(tmp_path: Path) -> None:
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [("Stadt", ["Der Wettbewerb um Fachkräfte wächst.", "Die Wirtschaftsförderung hilft.", "Der Bus fährt öfter."])],
    )
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    assert texts(alone, "Bewerbung") == []
    assert texts(alone, "Förderung") == ["Die Wirtschaftsförderung hilft."]


def test_a_slip_inside_one_part_of_a_compound_is_repaired(tmp_path: Path) -> None:
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [
            (
                "Verkehr",
                [
                    "Die Radwege an der Hauptstraße werden breiter.",
                    "Jeder Spielplatz wird saniert.",
                    "Das Handwerk braucht Flächen.",
                    "Der Bus fährt öfter.",
                    "Mit dem Fahrrad fahren Kinder sicher zur Schule, die Wege sind frei.",
                ],
            )
        ],
    )
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    # Found as the word spelt right is found.
    assert texts(alone, "Fahradweg") == texts(alone, "Fahrradweg")
    assert "Die Radwege an der Hauptstraße werden breiter." in texts(alone, "Fahradweg")
    assert alone.suggest("Fahradweg") == "Fahrradweg"
    assert texts(alone, "Kinderspielplaz")[:1] == ["Jeder Spielplatz wird saniert."]
    # A word cut short is no slip: "Handy|verbot" is not "Hand|verbot".
    assert texts(alone, "Handyverbot") == []


def test_a_split_compounds_last_part_stands_for_its_kinds_not_for_what_it_begins(tmp_path: Path) -> None:
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [
            (
                "Stadt",
                [
                    "Die leistungsstarke Wirtschaft wächst.",
                    "Die Leistungen im Bürgeramt werden schneller.",
                    "Wir sind sozial.",
                    "Der Bus fährt öfter.",
                ],
            )
        ],
    )
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    found = texts(alone, "Sozialleistungen")
    assert "Die Leistungen im Bürgeramt werden schneller." in found
    assert "Die leistungsstarke Wirtschaft wächst." not in found


def test_no_spelling_is_suggested_for_a_repair_whose_parts_never_meet(tmp_path: Path) -> None:
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [
            (
                "Stadt",
                [
                    "Wir streben bessere Schulen an.",
                    "Hilfe für Familien gibt es im Rathaus.",
                    "Mit dem Fahrrad fahren Kinder sicher zur Schule, die Wege sind frei.",
                    "Die Radwege werden breiter.",
                ],
            )
        ],
    )
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    results = alone.search("Sterbehilfe", dense=False)
    assert results.hits == [] and results.suggestion is None
    assert alone.search("Fahradweg", dense=False).suggestion == "Fahrradweg"


def test_y_for_z_from_an_english_keyboard_is_a_slip() -> None:
    assert osa_distance("stadtyentrum", "stadtzentrum", 1, slips=True) == 1


def test_a_compound_of_the_word_typed_weighs_as_much_as_its_thesaurus_words(tmp_path: Path) -> None:
    """"Formulare" → "Formularsprache" says the word typed; "Bürokratie" is the thesaurus's."""
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [("Rathaus", ["Die Bürokratie wird abgebaut.", "Die Formularsprache wird einfacher.", "Der Bus fährt öfter."])],
    )
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    concept = plan("Formulare", alone.ensure_open().vocab, alone.thesaurus).concepts[0]
    assert concept.terms[("text", "formularsprach")] >= concept.terms[("text", "burokrati")]


def test_a_short_stem_reaches_a_compound_whose_last_part_the_stemmer_cut_short(tmp_path: Path) -> None:
    # "Frauenhaus" is stemmed "frauenhau": its last part is "Haus" as the index spells it.
    town = make_programme(
        TOWN, "Stadtpartei", 2025, [("Soziales", ["Das Frauenhaus ist unersetzlich.", "Der Bus fährt öfter."])]
    )
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    assert "hau" not in alone.ensure_open().vocab.stem_set
    assert texts(alone, "Frauen") == ["Das Frauenhaus ist unersetzlich."]


def test_a_declined_unser_is_no_subject_of_the_question(tmp_path: Path) -> None:
    # whoosh's German stoplist has "unsem", "unsen" for "unserem", "unseren": the
    # declined forms are indexed, so a question must drop them itself.
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [("Gemeinde", ["Wir stehen zu unserer Feuerwehr.", "Die Straße am Markt wird saniert."])],
    )
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    assert [c.label for c in plan("Bäume in unserer Straße", alone.ensure_open().vocab, alone.thesaurus).concepts] == [
        "Bäume",
        "Straße",
    ]
    assert "Wir stehen zu unserer Feuerwehr." not in texts(alone, "Bäume in unserer Straße")


def test_an_adjective_derived_from_a_stem_is_no_compound_of_it(tmp_path: Path) -> None:
    # "Mindestlohn" → the thesaurus word "Bezahlung" → stem "bezahl": "bezahlbar"
    # (affordable) is another word, and rents are no answer on wages.
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [("Wohnen", ["Wir schaffen bezahlbaren Wohnraum.", "Die Bezahlung der Pflegekräfte muss steigen."])],
    )
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    assert "bezahlbar" not in alone.ensure_open().vocab.compounds("bezahl")
    assert texts(alone, "Mindestlohn") == ["Die Bezahlung der Pflegekräfte muss steigen."]


@pytest.fixture(scope="module")
def arnstadt(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    town = make_programme(
        "cdu-arnstadt-test",
        "CDU Arnstadt",
        2024,
        [
            (
                "Arnstadt",
                [
                    "Arnstadt wächst: neue Familien ziehen nach Arnstadt.",
                    "Das Stadtbad in Arnstadt wird saniert.",
                    "Die Arnstädter Innenstadt braucht mehr Händler.",
                ],
            )
        ],
    )
    return SearchService(MemoryCorpus([town]), tmp_path_factory.mktemp("arnstadt"), thesaurus_paths=[THESAURUS])


def test_the_programmes_place_alone_is_no_answer(arnstadt: SearchService) -> None:
    # Every passage may name the town: it says where, not what.
    assert texts(arnstadt, "Zoo in Arnstadt") == []
    assert texts(arnstadt, "Arnstädter Seilbahn") == []
    assert texts(arnstadt, "Schwimmbad in Arnstadt") == ["Das Stadtbad in Arnstadt wird saniert."]
    # Asked for the place alone, it is the subject.
    assert len(texts(arnstadt, "Arnstadt")) == 3


def test_the_meaning_ranking_reads_the_question_without_the_place() -> None:
    from canvass_app.search.service import without_places

    places = frozenset({"arnstadt"})
    assert without_places("Zoo in Arnstadt", places) == "Zoo"
    assert without_places("Gibt es in Arnstadt einen Zoo?", places) == "Gibt es einen Zoo?"
    assert without_places("Arnstädter Kirmes", places) == "Kirmes"
    assert without_places("Arnstadt", places) == "Arnstadt"


def test_a_noun_in_heit_whose_stem_lost_more_has_no_compounds_of_another_word(tmp_path: Path) -> None:
    # "Sicherheit" stems to ``sich``: "sicherstellen" and "Qualitätssicherung" are the
    # verb's compounds; "Sicherheitsdienst" is the noun's. "Arbeitslosigkeit" keeps
    # "Langzeitarbeitslose": its stem lost only the ending.
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [
            (
                "Alles",
                [
                    "Wir wollen sicherstellen, dass der Haushalt ausgeglichen ist.",
                    "Die Qualitätssicherung in den Kitas wird verbessert.",
                    "Ein Sicherheitsdienst bestreift den Bahnhof.",
                    "Langzeitarbeitslose bekommen Hilfe vom Jobcenter.",
                ],
            )
        ],
    )
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    found = texts(alone, "Sicherheit")
    assert "Ein Sicherheitsdienst bestreift den Bahnhof." in found
    assert "Wir wollen sicherstellen, dass der Haushalt ausgeglichen ist." not in found
    assert "Die Qualitätssicherung in den Kitas wird verbessert." not in found
    assert "Langzeitarbeitslose bekommen Hilfe vom Jobcenter." in texts(alone, "Arbeitslosigkeit")


def test_a_noun_in_many_passages_does_not_confirm_a_question_with_an_unknown_subject(tmp_path: Path) -> None:
    # "Verwaltung" is in 3 of 20 passages (common, not weak): with "Gendersprache"
    # unknown, a passage saying only "Verwaltung" is no answer; a rare noun still is one
    # for the meaning ranking to confirm.
    texts_in = [f"Die Verwaltung im Ortsteil {n} wird digital." for n in range(3)]
    texts_in += [f"Der Spielplatz Nummer {n} wird saniert." for n in range(16)]
    texts_in += ["Vergünstigte Eintrittspreise für das Freibad führen wir ein."]
    town = make_programme(TOWN, "Stadtpartei", 2025, [("Alles", texts_in)])
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    assert texts(alone, "Gendersprache in der Verwaltung") == []
    assert texts(alone, "Tierpark Eintrittspreise") == ["Vergünstigte Eintrittspreise für das Freibad führen wir ein."]


@pytest.fixture(scope="module")
def two_towns(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    gera = make_programme(
        "spd-gera-test",
        "SPD Gera",
        2024,
        [
            (
                "Verwaltung",
                [
                    "Weniger Papierkram: Anträge beim Amt gehen online, das Amt antwortet in zwei Wochen.",
                    "Gera braucht ein Amt, das Gera voranbringt.",
                    "Was für eine Partei wir sind: sozial und nah bei den Menschen.",
                ],
            )
        ],
    )
    weimar = make_programme(
        "spd-weimar-test",
        "SPD Weimar",
        2024,
        [("Weimar", ["In Weimar soll das Amt samstags öffnen.", "Weimar ist eine Stadt der Kultur."])],
    )
    return SearchService(MemoryCorpus([gera, weimar]), tmp_path_factory.mktemp("towns"), thesaurus_paths=[THESAURUS])


@pytest.mark.parametrize("question", ["Papierkram beim Amt", "Was ist das für eine Partei?"])
def test_the_programmes_own_place_appended_changes_no_ranking(two_towns: SearchService, question: str) -> None:
    # Said in some passages of a programme, meant in all of them: the place ranks no
    # passage above another, and a question of question words stays that question.
    plain = texts(two_towns, question)
    assert plain
    for town in ("Gera", "Weimar"):
        assert texts(two_towns, f"{question} in {town}") == plain


def test_a_measure_or_a_generic_verb_s_participle_reaches_no_compounds(tmp_path: Path) -> None:
    # "halbe" and "gebraucht" say how long, not what about: the compounds "halb" begins
    # ("Halbtagsschule") and the verb's other forms ("Wir brauchen …") are other
    # subjects than the ambulance's.
    town = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [
            ("Rettung", ["Der Rettungswagen muss in zwölf Minuten am Einsatzort sein."]),
            ("Schule", ["Aus der Halbtagsschule wird eine Ganztagsschule."]),
            ("Wirtschaft", ["Wir brauchen neue Gewerbegebiete."]),
            ("Jahre", ["Seit Jahren fehlen Stunden im Unterricht."]),
            # A programme of more than four passages: no word of the question is in a fifth of them.
            ("Verkehr", [f"Der Bus fährt auf Linie {n} bis zum Bahnhof." for n in range(8)]),
        ],
    )
    alone = SearchService(MemoryCorpus([town]), tmp_path, thesaurus_paths=[THESAURUS])
    found = texts(alone, "Der Rettungswagen hat eine halbe Stunde gebraucht")
    assert found[0] == "Der Rettungswagen muss in zwölf Minuten am Einsatzort sein."
    assert "Aus der Halbtagsschule wird eine Ganztagsschule." not in found
    assert "Wir brauchen neue Gewerbegebiete." not in found
    # The word itself still counts, in its forms.
    assert texts(alone, "Unterricht seit Jahren nur eine Stunde") == ["Seit Jahren fehlen Stunden im Unterricht."]
