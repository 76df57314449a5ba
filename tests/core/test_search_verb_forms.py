"""An infinitive the programmes lack, typed as a verb or as a noun made of it ("das
Wegmachen", "zum Spielen"), finds the forms of the verb they do say."""

from __future__ import annotations

from pathlib import Path

import pytest

from canvass_app.search.analysis import verb_forms
from canvass_app.search.memory import MemoryCorpus, make_programme
from canvass_app.search.query import plan
from canvass_app.search.service import SearchService

THESAURUS = Path(__file__).resolve().parents[2] / "data" / "thesaurus.toml"

PASSAGES = [
    "Graffiti an Brücken werden schnell weggemacht.",
    "Auf dem Schulhof wird nachmittags gespielt.",
    "Den Sperrmüll wegzuräumen ist Aufgabe der Stadt.",
    "Der Park bekommt neue Bänke.",
]


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    town = make_programme("town-test-2025", "Stadtpartei", 2025, [("Programm", PASSAGES)])
    return SearchService(MemoryCorpus([town]), tmp_path_factory.mktemp("verbs"), thesaurus_paths=[THESAURUS])


def test_verb_forms_of_an_infinitive() -> None:
    assert {"spielt", "gespielt"} <= set(verb_forms("spielen"))
    assert {"weggemacht", "wegzumachen"} <= set(verb_forms("wegmachen"))
    assert "gefordert" in verb_forms("fordern")
    # No infinitive, no forms: a noun not ending in "-n", a word too short to be sure of.
    assert verb_forms("parkplatz") == []
    assert verb_forms("gruen") == []


@pytest.mark.parametrize(
    ("query", "passage"),
    [
        ("Das Wegmachen von Graffiti", "weggemacht"),
        ("Graffiti wegmachen", "weggemacht"),
        ("Schulhof zum Spielen", "gespielt"),
        ("Sperrmüll wegräumen", "wegzuräumen"),
    ],
)
def test_an_infinitive_finds_the_forms_the_programmes_say(service: SearchService, query: str, passage: str) -> None:
    opened = service.ensure_open()
    assert not plan(query, opened.vocab, service.thesaurus).unknown
    hits = [h for h in service.search(query, limit=5, dense=False).hits if h.type == "passage"]
    assert hits and passage in hits[0].text
