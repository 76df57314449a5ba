"""Passages that share a word with the question only beside its subject are no "words" hit:
a compound with the word in its middle, or the asker's own place alone."""

from __future__ import annotations

from pathlib import Path

from canvass_app.search.memory import MemoryCorpus, make_programme
from canvass_app.search.query import plan
from canvass_app.search.service import SearchService
from tests.core.dense_fakes import FakeEmbedder

REPO = Path(__file__).resolve().parents[2]
THESAURUS = REPO / "data" / "thesaurus.toml"
TOWN = "kreis-test-2024"

# Filler so that no word below is common in the programme.
FILLER = [
    f"Der Kreis unterstützt Vereine mit Zuschüssen für {topic}."
    for topic in ("Sport", "Kultur", "Musik", "Theater", "Jugendarbeit", "Senioren", "Feuerwehr", "Bibliotheken")
]


def county() -> object:
    return make_programme(
        TOWN,
        "Kreispartei",
        2024,
        [
            (
                "Verkehr",
                [
                    "Die Kreisstraßenmeistereien bleiben in der Fläche erhalten.",
                    "Die Straße am Markt bekommt einen neuen Belag.",
                    "Den Straßenbau im Kreis planen wir mit den Gemeinden.",
                    "Wir wollen Straßen sanieren und Staus auflösen.",
                ],
            ),
            (
                "Ländlicher Raum",
                [
                    "Die Gemeinschaft der Dörfer wollen wir stärken.",
                    "Glasfaser kommt bis 2027 in jedes Haus.",
                ],
            ),
            ("Vereine", FILLER),
        ],
    )


def make_service(tmp_path: Path, embedder: object | None = None) -> SearchService:
    service = SearchService(
        MemoryCorpus([county()]),  # type: ignore[list-item]
        tmp_path / "cache",
        thesaurus_paths=[THESAURUS],
        embedder=lambda: embedder,  # type: ignore[arg-type,return-value]
    )
    if embedder is not None:
        service.update_vectors()
    return service


def test_a_compound_says_a_word_it_begins_or_ends_not_one_in_its_middle(tmp_path: Path) -> None:
    service = make_service(tmp_path)
    concept = plan("Straße", service.ensure_open().vocab, service.thesaurus).concepts[0]
    texts = {term for field, term in concept.terms if field == "text"}
    core = {term for field, term in concept.core or () if field == "text"}
    assert {"strass", "strassenbau", "kreisstrassenmeisterei"} <= texts, "all are found"
    assert {"strass", "strassenbau"} <= core
    assert "kreisstrassenmeisterei" not in core, "a county road depot is no street"


def test_a_passage_with_the_word_only_inside_another_word_is_no_words_hit(tmp_path: Path) -> None:
    service = make_service(tmp_path, FakeEmbedder())
    query = "Wann bekommt die Straße einen Belag?"
    lexical = service.search(query, dense=False)
    assert any("Kreisstraßenmeistereien" in h.text for h in lexical.word_hits), "typing: the words decide"
    fused = service.search(query)
    assert fused.fused
    words = [h.text for h in fused.word_hits]
    assert "Die Straße am Markt bekommt einen neuen Belag." in words
    assert not any("Kreisstraßenmeistereien" in text for text in words)
    # The compounds the word begins still say it.
    assert "Den Straßenbau im Kreis planen wir mit den Gemeinden." in words


def test_the_asker_s_own_place_alone_does_not_say_the_question_s_subject(tmp_path: Path) -> None:
    service = make_service(tmp_path, FakeEmbedder())
    fused = service.search("Wann kommt Glasfaser in unser Dorf?")
    assert [h.text for h in fused.word_hits] == ["Glasfaser kommt bis 2027 in jedes Haus."]
    # Asked about the village itself, the passage on villages says it.
    about = service.search("Was tut ihr für die Dörfer?")
    assert "Die Gemeinschaft der Dörfer wollen wir stärken." in [h.text for h in about.word_hits]


def test_a_two_word_thesaurus_phrase_is_found_in_either_order(tmp_path: Path) -> None:
    # data/thesaurus.toml: "Schlaglöcher" = [..., "Sanierung von Straßen", ...]
    service = make_service(tmp_path)
    hits = service.search("Schlaglöcher", dense=False).word_hits
    assert "Wir wollen Straßen sanieren und Staus auflösen." in [h.text for h in hits]


def test_paying_and_new_say_how_not_what(tmp_path: Path) -> None:
    """"zahlen" shares its stem with "zählen", "Zahl" and "zahlreich"; "neu" is said of
    anything new: a passage saying only them does not answer a question naming a subject."""
    town = make_programme(
        "stadt-test-2024",
        "Stadtpartei",
        2024,
        [
            (
                "Finanzen",
                [
                    "Zu unseren Partnern zählen Vereine und Schulen.",
                    "Zahlreiche Plätze wurden neu gestaltet.",
                    "Die Hundesteuer bleibt stabil.",
                    "Eine neue Heizung fördern wir nicht.",
                ],
            ),
            ("Vereine", FILLER),
        ],
    )
    service = SearchService(MemoryCorpus([town]), tmp_path / "cache", thesaurus_paths=[THESAURUS])
    hits = service.search("Wir zahlen viel zu viel Hundesteuer", dense=False).word_hits
    assert [h.text for h in hits] == ["Die Hundesteuer bleibt stabil."]
    hits = service.search("Wird die neue Hundesteuer teurer?", dense=False).word_hits
    assert [h.text for h in hits] == ["Die Hundesteuer bleibt stabil."]
