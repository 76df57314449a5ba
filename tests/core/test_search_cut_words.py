"""Words cut at a hyphen ("Rad- und Fußwege") are found by the compound they stand for."""

from __future__ import annotations

from pathlib import Path

import pytest

from canvass_app.search.analysis import Lexicon, completions
from canvass_app.search.memory import MemoryCorpus, make_programme
from canvass_app.search.service import SearchService

THESAURUS = Path(__file__).resolve().parents[2] / "data" / "thesaurus.toml"
PASSAGES = [
    "Wir bauen sichere Rad- und Fußwege an allen Hauptstraßen.",
    "Die Kinder- und Jugendarbeit in den Stadtteilen wird dauerhaft finanziert.",
    "Der Bus- und Bahnverkehr fährt künftig im Takt von zehn Minuten.",
    "Spiel- und Freizeitplätze werden saniert.",
    "Wir fördern Wohn- und Geschäftshäuser in der Innenstadt.",
    "Die Friedhofsgebühren steigen nicht.",
    "Die Stadtreinigung stellt mehr Papier- und Abfallkörbe auf.",
    "Wir gehen neue Wege, schaffen Arbeit, lenken den Verkehr, achten den Jugendschutz und beleben Plätze und Häuser.",
]


def folded(text: str) -> set[str]:
    return {t.folded for t in completions(text, Lexicon(PASSAGES))}


def test_cut_word_takes_the_last_part_of_the_completing_word() -> None:
    assert folded(PASSAGES[0]) == {"radwege"}
    assert folded(PASSAGES[1]) == {"kinderarbeit"}  # not "kinderbeit" or "kinderdarbeit"
    assert folded(PASSAGES[3]) == {"spielplatze"}  # not "spielzeitplatze"
    assert folded(PASSAGES[5]) == set()


def test_last_part_the_programme_never_uses_gives_no_compound_where_it_could_split_in_several_places() -> None:
    assert folded("Die Brand- und Katastrophenwehr übt.") == set()  # "Katastrophen|wehr", "Katas|trophenwehr"
    assert folded("Mehr Papier- und Glascontainer.") == set()  # "Glas|container", "Glascon|tainer"


def test_rare_last_part_is_taken_where_the_completing_word_splits_in_one_place_only() -> None:
    # "Körbe" occurs nowhere else in the programme; "Abfall|körbe" is the only split
    # before a part that begins as a word does.
    assert folded("Wir sorgen für mehr Papier- und Abfallkörbe.") == {"papierkorbe"}
    assert folded("Wir sorgen für mehr Mehrweg- und Pfandbecher.") == {"mehrwegbecher"}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    programme = make_programme("cut-test-2025", "Partei", 2025, [("Alles", PASSAGES)])
    return SearchService(
        MemoryCorpus([programme]), tmp_path_factory.mktemp("cut"), thesaurus_paths=[THESAURUS]
    )


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("Radwege", "Rad- und Fuß"),
        ("Busverkehr", "Bus- und Bahn"),
        ("Spielplatz", "Spiel- und"),
        ("Wohnhäuser", "Wohn- und"),
        ("Papierkorb", "Papier- und Abfall"),
    ],
)
def test_compound_finds_the_cut_word_as_a_words_hit(
    service: SearchService, query: str, said: str
) -> None:
    hits = [h for h in service.search(query, limit=5).hits if h.type == "passage"]
    assert hits and said in hits[0].text and hits[0].match == "words"


def test_other_compounds_of_the_parts_are_not_found(service: SearchService) -> None:
    assert not any("Rad- und" in h.text for h in service.search("Radsport", limit=5).hits)
