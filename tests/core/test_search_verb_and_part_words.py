"""Words of a question the programmes say in another shape: a verb in "-t" ("baut",
"geschützt") whose infinitive and noun they use, a thesaurus phrase that holds a question
word ("junge Leute"), and an unknown compound on an everyday first part the thesaurus
knows ("Rollstuhl|fahrer"), without taking another word for it ("Handy|verbot", "Bau" of
"Bauer")."""

from __future__ import annotations

from pathlib import Path

from canvass_app.search.analysis import infinitives
from canvass_app.search.query import Concept, plan
from canvass_app.search.service import SearchService
from tests.core.test_search_word_forms import service_for, words


def concept_of(service: SearchService, query: str, label: str) -> Concept:
    found = plan(query, service.ensure_open().vocab, service.thesaurus).concepts
    return next(c for c in found if c.label == label)


def test_the_infinitives_of_a_verb_form_in_t() -> None:
    assert infinitives("baut") == ["bauen"]
    assert infinitives("redet") == ["reden"]
    assert infinitives("fordert") == ["fordern"]
    assert "schutzen" in infinitives("geschutzt")
    assert "ausbauen" in infinitives("ausgebaut")
    assert infinitives("schule") == []  # no "-t"
    assert infinitives("ost") == []  # too short to be a verb form


def test_a_verb_in_t_finds_its_infinitive_and_noun(tmp_path: Path) -> None:
    service = service_for(
        tmp_path,
        [
            "Wir verbessern den Schutz der Seen und Flüsse.",
            "Die Stadt will bauen: neue Wohnungen am Bahnhof.",
            "Fragen beantwortet das Bürgerbüro.",
            "Das Gas wird teurer.",
            "Neue Räume für die Vereine.",
        ],
    )
    assert "Wir verbessern den Schutz der Seen und Flüsse." in words(service, "Wird das geschützt?")
    assert "Die Stadt will bauen: neue Wohnungen am Bahnhof." in words(service, "Wo baut die Stadt?")
    # The same word, not a slip of another: no correction, no partial match.
    fragt = concept_of(service, "Wer fragt uns?", "fragt")
    assert ("text", "frag") in fragt.terms and not fragt.partial and fragt.correction is None
    # Folded, "geräumt" → "raumen" shares its stem with "Raum": without the verb in the
    # programmes it weighs half, as "geschützt" → "Schutz" does; "baut" has no umlaut to lose.
    assert concept_of(service, "Wird geräumt?", "geräumt").terms[("text", "raum")] == 0.5
    assert concept_of(service, "Wo baut die Stadt?", "baut").terms[("text", "bau")] == 1.0
    # A capitalised word may be a noun in "-t": "Gast" is no form of "gasen".
    assert ("text", "gas") not in concept_of(service, "Gast", "Gast").terms


def test_a_thesaurus_phrase_with_a_question_word_in_it(tmp_path: Path) -> None:
    # data/thesaurus.toml: "junge Leute" = [..., "Jugend", ...]; "Leute" alone is a question word.
    service = service_for(tmp_path, ["Wir bauen die Angebote für die Jugend aus.", "Die Straßen werden saniert."])
    assert "Wir bauen die Angebote für die Jugend aus." in words(service, "Was gibt es für junge Leute?")


def test_an_unknown_compound_of_an_everyday_word_and_who_has_it(tmp_path: Path) -> None:
    service = service_for(
        tmp_path,
        [
            "Alle städtischen Gebäude werden barrierefrei.",
            "Smartphones gehören in jede Schule.",
            "Wir unterstützen die Landwirtschaft in der Region.",
            "Neue Projekte im Stadtteil Nord.",
            "Wir bauen neue Wohnungen.",
        ],
    )
    # data/thesaurus.toml: "Rollstuhl" = [..., "barrierefrei"], "Handy" = ["Smartphones", ...].
    assert "Alle städtischen Gebäude werden barrierefrei." in words(service, "Rollstuhlfahrer")
    # A ban on phones is no phone.
    assert "Smartphones gehören in jede Schule." not in words(service, "Handyverbot")
    # "Bau" shares its stem with "Bauer" (= Landwirtschaft), and is another word.
    assert "Wir unterstützen die Landwirtschaft in der Region." not in words(service, "Bauprojekte")


def test_a_thesaurus_phrase_with_a_word_no_programme_uses_is_unknown(tmp_path: Path) -> None:
    # data/thesaurus.toml: "öffentliche Toilette" → words none of these passages says.
    service = service_for(tmp_path, ["Am Bahnhof entstehen neue Radstellplätze.", "Öffentliche Plätze werden schöner."])
    toilet = concept_of(service, "Warum gibt es am Bahnhof keine öffentliche Toilette?", "öffentliche Toilette")
    assert not toilet.known


def test_a_last_part_is_no_compound_where_the_word_splits_elsewhere(tmp_path: Path) -> None:
    service = service_for(
        tmp_path,
        [
            "Wir gehen gegen illegalen Müll vor.",
            "Die Vergabe wird einfacher, die Vergabestelle digital.",
            "Ein Netz von Hochleistungssirenen warnt die Bevölkerung.",
        ],
    )
    vocab = service.ensure_open().vocab
    # "ill|egal": a last part beginning with a vowel needs a first part that is a word.
    assert "illegalen" not in vocab.head_compounds("egal", "egal")
    # "Vergabe|stelle" is where the word splits, not "Verga|bestelle".
    assert "vergabestelle" not in vocab.compounds_ending_in("bestelle")
    # A first part the index lacks still makes a compound where nothing splits otherwise.
    assert "hochleistungssirenen" in vocab.compounds_ending_in("sirenen")



def test_a_separable_verb_split_by_the_question_is_found_joined(tmp_path: Path) -> None:
    dropped = "Den Wegfall der Linie 12 nehmen wir nicht hin."
    case = "Im Fall eines Unfalls hilft die Feuerwehr schnell."
    benches = "Die Aufstellung neuer Sitzbänke ist beschlossen."
    together = "Die Zusammenarbeit mit den Nachbarorten wächst."
    service = service_for(tmp_path, [dropped, case, benches, together, "Die Stadt stellt Personal für die Kitas ein."])
    # "fällt … weg" is "wegfallen": its noun "Wegfall" is the answer, "Fall" another word.
    found = words(service, "Fällt die Linie 12 weg?")
    assert found[0] == dropped
    assert ("text", "wegfall") in concept_of(service, "Fällt die Linie weg?", "Fällt").terms
    assert benches in words(service, "Wer stellt Sitzbänke auf?")
    assert ("text", "aufstell") in concept_of(service, "Wer stellt Sitzbänke auf?", "stellt").terms
    # The particle must end the clause, and the joined verb be the programmes' word.
    assert ("text", "wegfall") not in concept_of(service, "Fällt weg die Linie?", "Fällt").terms
    assert ("text", "aufstell") not in concept_of(service, "Wer stellt Sitzbänke hin?", "stellt").terms
    # A particle that is a word of the question finds "Zusammenarbeit" itself, once.
    assert ("text", "zusammenarbeit") in concept_of(service, "Arbeitet ihr zusammen?", "zusammen").terms
    assert ("text", "zusammenarbeit") not in concept_of(service, "Arbeitet ihr zusammen?", "Arbeitet").terms
