"""Words people type that the index holds in another shape: a single letter hyphenated to
a word ("E-Auto"), a word the programmes say only as a compound's last part whose stem
the stemmer cuts differently ("Sirenen", "Hochleistungssirenen"), and the words that say
only when or how ("nächstes Jahr", "schließt") beside a subject the programmes lack."""

from __future__ import annotations

from pathlib import Path

from canvass_app.search.memory import MemoryCorpus, make_programme
from canvass_app.search.query import plan
from canvass_app.search.service import SearchService

REPO = Path(__file__).resolve().parents[2]
THESAURUS = REPO / "data" / "thesaurus.toml"

FILLER = [
    f"Die Stadt unterstützt Vereine mit Zuschüssen für {topic}."
    for topic in ("Sport", "Kultur", "Musik", "Theater", "Jugendarbeit", "Senioren", "Feuerwehr", "Bibliotheken")
]


def service_for(tmp_path: Path, passages: list[str]) -> SearchService:
    town = make_programme("stadt-test-2024", "Stadtpartei", 2024, [("Programm", passages), ("Vereine", FILLER)])
    return SearchService(MemoryCorpus([town]), tmp_path / "cache", thesaurus_paths=[THESAURUS])


def words(service: SearchService, query: str) -> list[str]:
    return [h.text for h in service.search(query, dense=False).word_hits]


def test_a_letter_hyphenated_to_a_word_is_that_word_not_the_bare_noun(tmp_path: Path) -> None:
    service = service_for(
        tmp_path,
        [
            "Mehr Lademöglichkeiten für Mieterinnen und Mieter.",
            "Für E-Autos schaffen wir Stellplätze am Rathaus.",
            "Autos sollen langsamer durch die Altstadt fahren.",
        ],
    )
    found = words(service, "Wo kann ich mein E-Auto laden?")
    assert "Für E-Autos schaffen wir Stellplätze am Rathaus." in found
    # data/thesaurus.toml: "E-Auto" = [..., "Lademöglichkeiten", ...]
    assert "Mehr Lademöglichkeiten für Mieterinnen und Mieter." in found
    assert "Autos sollen langsamer durch die Altstadt fahren." not in found, "an E-Auto is no car in general"
    labels = [c.label for c in plan("E-Bike", service.ensure_open().vocab, service.thesaurus).concepts]
    assert labels == ["E-Bike"]


def test_a_word_said_only_as_the_last_part_of_compounds_is_found_there(tmp_path: Path) -> None:
    service = service_for(
        tmp_path,
        [
            "Ein Netz von Hochleistungssirenen warnt die Bevölkerung.",
            "Alle Ausschusssitzungen werden live übertragen.",
            "Die Zahl der Einwohner steigt.",
        ],
    )
    # Snowball: "Sirenen" → sir, "Hochleistungssirenen" → hochleistungssir;
    # "Sitzungen" → sitzung, "Ausschusssitzungen" → ausschusssitz. The spellings end alike.
    assert "Ein Netz von Hochleistungssirenen warnt die Bevölkerung." in words(service, "Hört man die Sirenen?")
    assert "Alle Ausschusssitzungen werden live übertragen." in words(service, "Sitzungen im Internet")


def test_when_and_how_never_support_a_question_on_a_subject_the_programme_lacks(tmp_path: Path) -> None:
    service = service_for(
        tmp_path,
        [
            "In den kommenden Jahren steht die Stadt nach der Wahl vor großen Aufgaben.",
            "Das Hallenbad bleibt geöffnet, das Freibad wird saniert.",
            "Die Schule im Norden wurde geschlossen.",
        ],
    )
    assert words(service, "Wird die Grundsteuer nächstes Jahr erhöht?") == []
    assert words(service, "Schließt die Notaufnahme?") == []
    # The subject said, the passage answers whatever the verb.
    assert "Das Hallenbad bleibt geöffnet, das Freibad wird saniert." in words(service, "Schließt das Freibad?")


def test_two_words_find_the_compound_they_make(tmp_path: Path) -> None:
    service = service_for(
        tmp_path,
        [
            "Wir sorgen für dezentrale Unterbringung statt Gemeinschaftsunterkünften.",
            "Geflüchtete brauchen Sprachkurse.",
            "Der Kinderspielplatz am Markt wird erneuert.",
            "Anwohnerparkplätze gibt es in der Altstadt.",
        ],
    )
    # data/thesaurus.toml: "Flüchtlingsheim" = [..., "Gemeinschaftsunterkünfte", ...]
    found = words(service, "Kommt ein Heim für Flüchtlinge hin?")
    assert found[0] == "Wir sorgen für dezentrale Unterbringung statt Gemeinschaftsunterkünften."
    assert "Der Kinderspielplatz am Markt wird erneuert." in words(service, "kinder spielplatz")
    assert words(service, "Parkplätze für Anwohner") == ["Anwohnerparkplätze gibt es in der Altstadt."]


def test_the_people_around_the_asker_are_no_missing_subject(tmp_path: Path) -> None:
    service = service_for(
        tmp_path,
        [
            "Die Kapazitäten des Frauenhauses als Schutzraum erhalten wir.",
            "Nachhaltige Beschaffung in der Verwaltung.",
        ],
    )
    # "Nachbarin" is said by no passage: who asks, not what about ("nach…" is no part of it).
    # data/thesaurus.toml: "geschlagen" = [..., "Frauenhaus", ...]
    found = words(service, "Meine Nachbarin wird geschlagen, wo kann sie hin?")
    assert found == ["Die Kapazitäten des Frauenhauses als Schutzraum erhalten wir."]


def test_a_slip_in_an_everyday_word_the_programme_never_says_reaches_its_thesaurus_words(tmp_path: Path) -> None:
    service = service_for(tmp_path, ["Das Hallenbad wird saniert.", "Der Marktplatz bekommt Bäume."])
    # data/thesaurus.toml: "Schwimmbad" = [..., "Hallenbad", ...]; no passage says "Schwimmbad".
    results = service.search("Schwimmbd", dense=False)
    assert [h.text for h in results.word_hits] == ["Das Hallenbad wird saniert."]
    assert results.suggestion == "Schwimmbad"


def test_a_suggestion_is_spelt_as_typed_where_it_agrees() -> None:
    from canvass_app.search.query import respelled

    assert respelled("Fahradständer", "fahrradstander") == "Fahrradständer"
    assert respelled("Gruenflaeche", "grunflache") == "Grünfläche"
    assert respelled("Straßenlatene", "strassenlaterne") == "Straßenlaterne"
    assert respelled("glasfasr", "glasfaser") == "glasfaser"


def test_a_suggestion_is_never_a_bare_stem(tmp_path: Path) -> None:
    service = service_for(tmp_path, ["Die Kitagebühren sollen sinken.", "Der Marktplatz bekommt Bäume."])
    results = service.search("Kitagebüren", dense=False)
    assert [h.text for h in results.word_hits] == ["Die Kitagebühren sollen sinken."]
    assert results.suggestion == "Kitagebühren"


def test_a_word_typed_with_a_slip_keeps_all_the_word_would_find(tmp_path: Path) -> None:
    service = service_for(
        tmp_path,
        [
            "Die Kliniken im Kreis bleiben erhalten.",
            "Das Krankenhaus bekommt einen Anbau.",
            "Der Tierpark bleibt für Familien bezahlbar.",
            "Ein Bürgerbus fährt in jedes Dorf.",
            "Die Schulen bekommen neue Toiletten.",
        ],
    )
    # The corrected word's thesaurus words ("Krankenhaus" = ["Kliniken", …]) count as if
    # it had been typed right.
    assert set(words(service, "Bleibt das Kranknhaus offen?")) == set(words(service, "Bleibt das Krankenhaus offen?"))
    assert "Die Kliniken im Kreis bleiben erhalten." in words(service, "Bleibt das Kranknhaus offen?")
    # A subject the programme lacks ("Eintritt"): the corrected word supports a passage
    # as the word typed right does.
    assert words(service, "Tierark Eintritt") == words(service, "Tierpark Eintritt") != []
    # The thesaurus word meant, by its spelling where the stemmer cuts the slip short:
    # "Rufus" (stem rufu) is "Rufbus" → Bürgerbus.
    assert words(service, "Gibts nen Rufus?") == ["Ein Bürgerbus fährt in jedes Dorf."]
    # The asker's daughter mistyped is still no missing subject.
    assert words(service, "Die Schule von meiner Tocter ist marode") == words(
        service, "Die Schule von meiner Tochter ist marode"
    ) != []


def test_a_slip_in_a_word_said_only_inside_compounds_finds_them(tmp_path: Path) -> None:
    service = service_for(
        tmp_path,
        [
            "Ein Starkregenschutzkonzept für alle Ortsteile.",
            "Das Landesjagdgesetz wollen wir ändern.",
            "Starke Vereine sind das Herz der Stadt.",
            "Das Land muss die Kommunen besser ausstatten.",
        ],
    )
    # The compound's other part is a word of the index ("Land" of "Landes|jagdgesetz").
    results = service.search("Bei Starkegen läuft der Keller voll", dense=False)
    assert [h.text for h in results.word_hits] == ["Ein Starkregenschutzkonzept für alle Ortsteile."]
    assert results.suggestion is not None and "Starkregen" in results.suggestion
    assert words(service, "neues Jagdgsetz") == ["Das Landesjagdgesetz wollen wir ändern."]


def test_a_title_line_is_no_meaning_hit(tmp_path: Path) -> None:
    from tests.core.dense_fakes import FakeEmbedder

    town = make_programme(
        "hafen-test-2024",
        "Hafenpartei",
        2024,
        [("Hafen", ["Hafen und Schiffe", "Im Hafen legen künftig mehr Schiffe an."]), ("Vereine", FILLER)],
    )
    service = SearchService(
        MemoryCorpus([town]), tmp_path / "cache", thesaurus_paths=[THESAURUS], embedder=lambda: FakeEmbedder()
    )
    service.update_vectors()
    # No passage says "Container": only the meaning ranking finds the harbour, and a line
    # of three words says nothing by itself (a title is near any question in meaning).
    results = service.search("Container")
    assert results.fused and results.word_hits == []
    assert [h.text for h in results.meaning_hits] == ["Im Hafen legen künftig mehr Schiffe an."]


def test_a_first_part_without_its_e_and_a_corrected_word_weighing_as_a_word(tmp_path: Path) -> None:
    service = service_for(
        tmp_path,
        [
            "Den Grundschulstandort im Norden erhalten wir.",
            "Der Sportverein bekommt eine neue Halle.",
            "Mehr Platz für Fußgänger am Markt.",
            "Platz für Bäume schaffen wir in jedem Viertel.",
        ],
    )
    # "Grundschul|standort": the first part drops its "e"; the slip is mended before any
    # split ("Grund|chule" would find "Grund" anywhere).
    assert words(service, "Kriegen wir eine Grundchule?") == ["Den Grundschulstandort im Norden erhalten wir."]
    # The club, not the room: the corrected word weighs about as the word typed right.
    assert words(service, "Der Sporterein braucht mehr Platz")[0] == "Der Sportverein bekommt eine neue Halle."


def test_the_meaning_ranking_reads_umlauts_typed_as_ae_oe_ue_as_umlauts(tmp_path: Path) -> None:
    from canvass_app.search.service import with_umlauts

    service = service_for(tmp_path, ["Gewerbeflächen für Firmen und aktuelle Themen.", "Die Quelle im Park."])
    vocab = service.ensure_open().vocab
    # The model reads "Flaechen" as another word; the index spells "aktuell" with "ue".
    assert with_umlauts("Flaechen fuer Firmen, aktuell", vocab) == "Flächen für Firmen, aktuell"
    assert with_umlauts("Schuelerlotsen an der Quelle", vocab) == "Schülerlotsen an der Quelle"


def test_a_noun_ending_is_no_compound_part(tmp_path: Path) -> None:
    service = service_for(
        tmp_path,
        [
            "Die Städtepartnerschaft mit Lyon pflegen wir.",
            "Die Trägerschaft der Kitas bleibt bei der Stadt.",
            "Wir schaffen neue Stellen für jeden Mann und jede Frau.",
            "Bürgerbeteiligung stärken wir in jedem Viertel.",
        ],
    )
    # "Bürger|schaft", "Mann|schaft": "-schaft" makes a noun of a word, it names nothing.
    for query in ("Bürgerschaft", "Mannschaft"):
        results = service.search(query, dense=False)
        assert not any("schaft" in h.text for h in results.word_hits), query
        assert results.suggestion is None, query
    assert "Wir schaffen neue Stellen für jeden Mann und jede Frau." not in words(service, "Mannschaft")


def test_a_suggestion_keeps_the_form_typed(tmp_path: Path) -> None:
    service = service_for(
        tmp_path,
        [
            "Mehr Abstellplätze für Fahrrädern am Bahnhof.",
            "Mit den Fahrrädern sicher zur Schule.",
            "Das Fahrrad ist das Verkehrsmittel der Zukunft.",
        ],
    )
    # The commonest spelling in the programme is "Fahrrädern"; the word typed is one.
    assert service.search("Fahrad abstellen", dense=False).suggestion == "Fahrrad abstellen"



def test_slips_in_short_stems_and_no_false_forms(tmp_path: Path) -> None:
    service = service_for(
        tmp_path,
        [
            "Der Vereinsamung im Alter wirken wir entgegen.",
            "Der Verein bekommt ein neues Heim.",
            "Wählen ab 16 in der Kommune.",
        ],
    )
    # "vereinam" is no form of "verein" (two letters shorter only by an ending).
    assert words(service, "Vereinamung im Wohngebiet") == ["Der Vereinsamung im Alter wirken wir entgegen."]
    # "wähen" → stem "wah" is too short to correct; its spelling is one slip from "wählen".
    results = service.search("wähen ab 16", dense=False)
    assert [h.text for h in results.word_hits] == ["Wählen ab 16 in der Kommune."]
    assert results.suggestion == "wählen ab 16"
