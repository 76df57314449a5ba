"""Classes of misses on programmes nobody had searched (BLIND5–BLIND11): whole fields of
everyday words the programmes say otherwise (the thesaurus), question words that are no
subject, and a short noun the stemmer cuts below the length compounds are looked for at."""

from __future__ import annotations

from pathlib import Path

import pytest

from canvass_app.search.analysis import QUESTION_WORDS, fold
from canvass_app.search.memory import MemoryCorpus, make_programme
from canvass_app.search.query import plan
from canvass_app.search.service import SearchService
from canvass_app.search.thesaurus import Thesaurus

THESAURUS = Path(__file__).resolve().parents[2] / "data" / "thesaurus.toml"
TOWN = "town-test-2025"

PASSAGES = [
    "Die Benutzung von E-Rollern braucht klare Regeln und feste Abstellflächen.",
    "Wir weisen neues Bauland für junge Familien aus.",
    "Die E-Bau-Akte wird in allen Ämtern eingeführt.",
    "Illegales Graffiti an öffentlichen Gebäuden wird schnell entfernt.",
    "Wir fördern die Entsiegelung von Bodenflächen, damit Regenwasser versickert.",
    "Wir setzen auf einladende Stadtmöblierung statt defensiver Architektur.",
    "Modelle wie Wohnen gegen Hilfe bringen Jung und Alt zusammen.",
    "Nutzungskonflikte im öffentlichen Raum lösen wir durch Mediation.",
    "Die Stellplatzsatzung wird überarbeitet, damit Neubauten günstiger werden.",
    "Wir unterstützen den Equal Pay Day.",
    "Wir wollen längeres gemeinsames Lernen an Gemeinschaftsschulen.",
    "Die Zusammenarbeit mit dem Umland gestalten wir neu.",
    "Projekte der Nachbarschaftshilfe unterstützen wir.",
    "Im Gründerzentrum beraten wir bei der Existenzgründung.",
    "Die Grundschule am Markt wird saniert.",
    "Die Grundsteuer bleibt stabil.",
    "Der neue Park bekommt Bänke und Wege.",
    "In der Finanzpolitik braucht es eine Kurskorrektur.",
    "Für Partys am Flussufer braucht es Regeln mit allen Beteiligten.",
    "Vor diesem Hintergrund handeln wir.",
    "Mobility-on-Demand wird im Norden etabliert.",
    "Die Räume der Kinder- und Jugendarbeit sichern wir dauerhaft.",
    "Eine Schließung der Stadtteilbibliothek lehnen wir ab.",
    "Zahlreiche Freiluftveranstaltungen beleben den Sommer.",
]


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    town = make_programme(TOWN, "Stadtpartei", 2025, [("Programm", PASSAGES)])
    return SearchService(MemoryCorpus([town]), tmp_path_factory.mktemp("door"), thesaurus_paths=[THESAURUS])


def first(service: SearchService, query: str) -> str:
    hits = [h for h in service.search(query, limit=5, dense=False).hits if h.type == "passage"]
    return hits[0].text if hits else ""


# One question per field, in the words people say at the door; the passage in the words
# programmes use (their wording checked against GLMP municipal programmes).
@pytest.mark.parametrize(
    ("query", "passage"),
    [
        ("Überall liegen diese Leih-Scooter rum", "E-Rollern"),
        ("Scooter", "E-Rollern"),
        ("Wir suchen ein Baugrundstück", "Bauland"),
        ("Einfamilienhaus", "Bauland"),
        ("Bauantrag", "E-Bau-Akte"),
        ("schon wieder alles beschmiert", "Graffiti"),
        ("Sprayer", "Graffiti"),
        ("Alles wird zubetoniert", "Entsiegelung"),
        ("Flächenverbrauch", "Entsiegelung"),
        ("Bänke mit Bügeln", "defensiver Architektur"),
        ("Wohnen für Hilfe", "Wohnen gegen Hilfe"),
        ("Untermieter", "Wohnen gegen Hilfe"),
        ("ständig Streit", "Nutzungskonflikte"),
        ("Stellplatz", "Stellplatzsatzung"),
        ("Frauen verdienen weniger", "Equal Pay"),
        ("Gemeinschaftsschule", "gemeinsames Lernen"),
        ("Nachbargemeinden", "Umland"),
        ("Vereinsamung", "Nachbarschaftshilfe"),
        ("Gibt es hier einen Rufbus?", "Mobility-on-Demand"),
        ("Anrufbus", "Mobility-on-Demand"),
        ("Jugendklub", "Jugendarbeit"),
        ("Die Bibliothek soll zumachen", "Schließung"),
        ("Planen die Gemeinden drumherum mit?", "Umland"),
        ("Wo kann man draußen feiern?", "Freiluftveranstaltungen"),
    ],
)
def test_everyday_words_of_a_field_find_the_programmes_words(service: SearchService, query: str, passage: str) -> None:
    assert passage in first(service, query)


def test_founders_do_not_reach_every_grund_compound(service: SearchService) -> None:
    """"Gründer" stems to ``grund``: a thesaurus word of founding must not make
    "Grundschule" or "Grundsteuer" an answer to "selbstständig machen"."""
    texts = [h.text for h in service.search("selbstständig machen", limit=10, dense=False).hits]
    assert texts and "Gründerzentrum" in texts[0]
    assert not any("Grundschule" in t or "Grundsteuer" in t for t in texts)
    thesaurus = Thesaurus.load([THESAURUS])
    assert not any("Gründer" in expansions for expansions in thesaurus.entries.values())


@pytest.mark.parametrize("word", ["darf", "dürfen", "wofür", "wozu", "worüber", "womit", "seid", "per"])
def test_modal_verbs_and_question_adverbs_are_question_words(service: SearchService, word: str) -> None:
    assert fold(word) in QUESTION_WORDS
    opened = service.ensure_open()
    labels = [c.label.lower() for c in plan(f"{word} man im Park grillen", opened.vocab, service.thesaurus).concepts]
    assert word not in labels


def test_a_short_noun_cut_by_the_stemmer_begins_its_compounds(service: SearchService) -> None:
    """"Boden" stems to ``bod``, too short to be looked for in compounds: as spelt it
    begins "Bodenflächen", so it is a known word of the question, not an unknown noun
    that leaves nothing to find."""
    opened = service.ensure_open()
    concept = plan("Boden", opened.vocab, service.thesaurus).concepts[0]
    assert concept.known
    assert ("text", "bodenflach") in concept.terms
    assert "Bodenflächen" in first(service, "Wird der Boden weiter zubetoniert?")


def test_a_four_letter_word_cut_by_the_stemmer_stays_out_of_compounds(service: SearchService) -> None:
    """"Kurs" stems to ``kur``: four letters say too little to find "Kurskorrektur"."""
    opened = service.ensure_open()
    assert "kurskorrektur" in opened.vocab.stem_set
    terms = {t for c in plan("Kurs", opened.vocab, service.thesaurus).concepts for _, t in c.terms}
    assert "kurskorrektur" not in terms


@pytest.mark.parametrize(("query", "passage"), [("Hier wird ständig bis morgens gefeiert", "Partys"), ("gefeiert", "Partys")])
def test_a_participle_has_its_verbs_thesaurus_words(service: SearchService, query: str, passage: str) -> None:
    """"gefeiert" stems apart from "feiern" (``gefei``): the thesaurus words of the verb
    ("Partys", "Freiluftveranstaltungen") are those of its participle too."""
    assert any(word in first(service, query) for word in (passage, "Freiluftveranstaltungen"))


def test_a_particle_is_no_beginning_to_guess_a_word_from(service: SearchService) -> None:
    """An unknown long word is guessed from its beginning ("Stipendium" → "Stipendien…"),
    never from a particle alone: "Hinterhof" is no "Hintergrund"."""
    opened = service.ensure_open()
    assert "hintergrund" in opened.vocab.stem_set
    terms = {t for c in plan("Hinterhof", opened.vocab, service.thesaurus).concepts for _, t in c.terms}
    assert "hintergrund" not in terms


@pytest.mark.parametrize("word", ["seit", "wegen", "trotz", "obwohl", "trotzdem", "nachdem", "außer", "statt"])
def test_prepositions_and_conjunctions_are_no_subject(service: SearchService, word: str) -> None:
    """A preposition or conjunction the stoplist lacks joins the question's words: searched,
    "seit Monaten" finds "seit 2018" and every "wechselseitig"."""
    assert fold(word) in QUESTION_WORDS
    opened = service.ensure_open()
    concepts = plan(f"{word} Monaten ist der Park gesperrt", opened.vocab, service.thesaurus).concepts
    assert word not in [c.label.lower() for c in concepts]
    assert "park" in [c.label.lower() for c in concepts]
