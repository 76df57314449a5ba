"""Hybrid retrieval: fusion, `match` on every hit, stored vectors (incremental, kill -9 safe),
the fallback without a model, and the honest empty message."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from canvass_app.search.fusion import TYPICAL_MEDIAN, baseline, fuse
from canvass_app.search.memory import MemoryCorpus, make_programme
from canvass_app.search.scope import Related, nothing_found
from canvass_app.search.service import SearchService
from canvass_app.search.vectors import PassageText, VectorStore, passage_text
from tests.core.dense_fakes import FakeEmbedder

REPO = Path(__file__).resolve().parents[2]
TOWN = "town-dense-2025"


def town() -> object:
    return make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [
            ("Alter", ["Ältere Menschen sollen im Quartier gut versorgt werden und Pflege finden."]),
            ("Energie", ["Photovoltaik kommt auf alle städtischen Dächer."]),
            ("Verkehr", ["Mehr Busse fahren nachts durch die Nordstadt."]),
            ("Hafen", ["Der Hafen bekommt neue Container-Terminals."]),
        ],
    )


def make_service(tmp_path: Path, embedder: object | None, programmes: list | None = None) -> SearchService:
    corpus = MemoryCorpus(programmes or [town()])
    return SearchService(corpus, tmp_path / "cache", embedder=lambda: embedder)  # type: ignore[arg-type,return-value]


def test_rrf_fuses_two_lists_and_flags_meaning_only_hits() -> None:
    fused = fuse(["a", "b", "c"], [("c", 0.9), ("d", 0.95), ("e", 0.5)], threshold=0.8)
    ids = [f.id for f in fused]
    assert ids[0] == "c", "found by both lists, it ranks first"
    assert {f.id: f.match for f in fused} == {"a": "words", "b": "words", "c": "words", "d": "meaning"}
    assert "e" not in ids, "below the threshold a meaning-only passage is not shown"
    # Deep lexical hits stay; one the meaning list also found rises above the other
    # deep ones, the lexical top stays first.
    lexical = [f"p{i}" for i in range(15)]
    deep = [f.id for f in fuse(lexical, [("p0", 0.95), ("p1", 0.94), ("p14", 0.9)])]
    assert deep[:2] == ["p0", "p1"] and deep.index("p14") < deep.index("p10") and len(deep) == 15
    # First in the meaning list, a deep lexical hit fuses as the tenth lexical one would.
    confirmed = [f.id for f in fuse(lexical, [("p14", 0.9)])]
    assert confirmed[0] == "p14" and len(confirmed) == 15
    assert fuse(lexical, [("p14", 0.9)], confirming=0)[0].id == "p0"


def test_meaning_only_hits_are_judged_against_the_query_s_median_cosine() -> None:
    dense = [("x", 0.83), ("y", 0.80)]
    assert [f.id for f in fuse([], dense, baseline=0.72)] == ["x", "y"], "both stand out in a low-scoring scope"
    assert [f.id for f in fuse([], dense, baseline=0.72, margin=0.09)] == ["x"]
    assert fuse([], dense, baseline=0.79) == [], "in a scope where everything scores alike, neither"
    # The baseline is the median of what was searched; a handful of passages has none.
    assert baseline([0.9, *[0.7] * 40]) == 0.7
    assert baseline([0.9, 0.2]) == TYPICAL_MEDIAN


def test_meaning_only_hit_is_marked_and_lexical_stays_first(tmp_path: Path) -> None:
    service = make_service(tmp_path, FakeEmbedder())
    assert service.update_vectors() is True
    lexical = service.search("Rentner", dense=False)
    assert lexical.hits == [] and not lexical.fused
    fused = service.search("Rentner")
    assert fused.fused and fused.word_hits == []
    assert [h.match for h in fused.hits] == ["meaning"]
    assert "Ältere Menschen" in fused.hits[0].text
    both = service.search("Photovoltaik")
    assert both.hits[0].match == "words" and "Photovoltaik" in both.hits[0].text
    assert all(h.to_json()["match"] in {"words", "meaning"} for h in both.hits)


def test_a_passage_the_words_find_below_the_limit_is_shown_where_the_meaning_ranks_it_first(
    tmp_path: Path,
) -> None:
    short = [f"Am Hafen {n} fahren Busse und Bahn." for n in range(1, 13)]
    long = (
        "Im Hafen legen künftig mehr Schiffe an, ihre Container fahren auf der Schiene weiter, "
        "damit die Straßen im ganzen Stadtgebiet entlastet werden und weniger Lärm entsteht."
    )
    # Nearer the question in meaning than the short ones, without its word: the dense
    # list's places after the long one.
    near = [f"Container und Schiffe {n} und Busse." for n in range(1, 11)]
    programme = make_programme(TOWN, "Stadtpartei", 2025, [("Hafen", [*short, long]), ("Logistik", near)])
    service = make_service(tmp_path, FakeEmbedder(), [programme])
    service.update_vectors()
    lexical = service.search("Hafen", limit=30, dense=False).hits
    assert [h.text for h in lexical].index(long) >= 10, "the words alone rank it below the first ten"
    fused = service.search("Hafen", limit=10).hits
    texts = [h.text for h in fused]
    # Right after the words' strong first three (see fusion.strong_lexical), as a words hit.
    assert long in texts[:4] and fused[texts.index(long)].match == "words"
    assert len(fused) == 10


def test_meaning_hits_respect_the_programme_filter(tmp_path: Path) -> None:
    other = make_programme("other-2025", "Andere", 2025, [("Alter", ["Senioren und Pflege im Alter."])])
    service = make_service(tmp_path, FakeEmbedder(), [town(), other])
    service.update_vectors()
    hits = service.search("Rentner", programmes=["other-2025"]).hits
    assert hits and {h.programme for h in hits} == {"other-2025"}


def test_without_a_model_search_is_lexical_and_says_why(tmp_path: Path) -> None:
    service = make_service(tmp_path, None)
    results = service.search("Busse")
    assert results.hits and not results.fused and results.dense_note
    assert all(h.match == "words" for h in results.hits)
    assert service.update_vectors() is False and service.vectors_missing() == 0


def test_search_works_before_vectors_exist(tmp_path: Path) -> None:
    service = make_service(tmp_path, FakeEmbedder())
    results = service.search("Busse")
    assert results.hits and "noch nicht berechnet" in (results.dense_note or "")


def test_vectors_are_float16_per_programme_and_incremental(tmp_path: Path) -> None:
    fake = FakeEmbedder()
    store = VectorStore(tmp_path, fake.name, fake.dimensions)
    passages = [PassageText(f"p{i}", f"Text Nummer {i} über Busse") for i in range(10)]
    embedded: list[int] = []
    original = fake.embed_passages
    fake.embed_passages = lambda texts: (embedded.append(len(texts)), original(texts))[1]  # type: ignore[method-assign]
    assert store.programme_changed("prog", passages, fake)
    assert sum(embedded) == 10
    with np.load(store._path("prog")) as data:
        assert data["vectors"].dtype == np.float16 and data["vectors"].shape == (10, fake.dimensions)
    changed = [*passages[:9], PassageText("p9", "Ein neuer Text über den Hafen")]
    embedded.clear()
    assert store.programme_changed("prog", changed, fake)
    assert embedded == [1], "only the changed passage is embedded again"
    assert store.nearest(fake.embed_query("Hafen"), ["prog"], 1) [0][0] == "p9"
    store.programme_removed("prog")
    assert not store._path("prog").exists() and store.missing("prog", changed) == changed


def test_the_row_of_each_passage_is_built_once_per_scope_matrix(tmp_path: Path) -> None:
    # Fused search looks up the cosines of its word hits by row: the map of every passage
    # of the scope is made once per cached matrix, not on every query, and follows changes.
    fake = FakeEmbedder()
    store = VectorStore(tmp_path, fake.name, fake.dimensions)
    store.programme_changed("a", [PassageText(f"a{i}", f"Busse Nummer {i}") for i in range(3)], fake)
    store.programme_changed("b", [PassageText("b0", "Der Hafen")], fake)
    ids, matrix = store._cached(["a", "b"])
    rows = store.rows_of(ids)
    assert rows == {pid: n for n, pid in enumerate(ids)} and len(rows) == len(matrix) == 4
    assert store.rows_of(store._cached(["b", "a"])[0]) is rows, "the same scope reuses its map"
    only_b = store.rows_of(store._cached(["b"])[0])
    assert only_b == {"b0": 0}
    # A programme filter set and cleared again: the whole scope's matrix and map are kept.
    assert store._cached(["a", "b"])[0] is ids and store.rows_of(ids) is rows
    store._cached(["b"])
    store._cached(["a"])
    assert store._cached(["a", "b"])[0] is not ids, "two scopes are kept, not three"
    store.programme_changed("b", [PassageText("b0", "Der Hafen"), PassageText("b1", "Neue Terminals")], fake)
    ids, matrix = store._cached(["a", "b"])
    rows = store.rows_of(ids)
    assert len(rows) == len(matrix) == 5 and all(ids[n] == pid for pid, n in rows.items())


def test_damaged_vector_file_is_recomputed_not_trusted(tmp_path: Path) -> None:
    fake = FakeEmbedder()
    store = VectorStore(tmp_path, fake.name, fake.dimensions)
    passages = [PassageText("p1", "Busse")]
    store.programme_changed("prog", passages, fake)
    path = store._path("prog")
    path.write_bytes(path.read_bytes()[:100])
    fresh = VectorStore(tmp_path, fake.name, fake.dimensions)
    assert fresh.missing("prog", passages) == passages
    assert fresh.programme_changed("prog", passages, fake) and not fresh.missing("prog", passages)


def test_a_fifo_planted_as_vector_file_is_refused_not_read(tmp_path: Path) -> None:
    import os

    fake = FakeEmbedder()
    store = VectorStore(tmp_path, fake.name, fake.dimensions)
    path = store._path("prog")
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)  # np.load on a FIFO would block forever
    passages = [PassageText("p1", "Busse")]
    assert store.missing("prog", passages) == passages
    assert store.programme_changed("prog", passages, fake) and not store.missing("prog", passages)


_EMBED_SLOWLY = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from canvass_app.search.vectors import PassageText, VectorStore
    from tests.core.dense_fakes import FakeEmbedder
    fake = FakeEmbedder(delay=0.05)
    store = VectorStore(Path(sys.argv[1]), fake.name, fake.dimensions)
    passages = [PassageText(f"p{i}", f"Passage {i} über Busse und Bahn") for i in range(200)]
    store.programme_changed("prog", passages, fake, progress=lambda d, t: print(d, t, flush=True))
    """
)


def test_kill_9_while_embedding_leaves_complete_or_detectably_incomplete_vectors(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", _EMBED_SLOWLY, str(tmp_path), str(REPO)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    for _ in range(4):  # a few batches written, then killed in the middle of the next
        process.stdout.readline()
    time.sleep(0.17)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    fake = FakeEmbedder()
    passages = [PassageText(f"p{i}", f"Passage {i} über Busse und Bahn") for i in range(200)]
    store = VectorStore(tmp_path, fake.name, fake.dimensions)
    missing = store.missing("prog", passages)
    assert 0 < len(missing) < 200, "some batches saved, the rest known to be missing"
    stored = store._stored("prog")
    assert stored is not None and stored.complete is False
    ids, matrix = store.matrix(["prog"])
    assert len(ids) == 200 - len(missing) == matrix.shape[0]
    assert np.isfinite(matrix).all() and np.allclose(np.linalg.norm(matrix, axis=1), 1, atol=1e-2)
    assert store._path("prog").exists()
    assert store.programme_changed("prog", passages, fake) and store.missing("prog", passages) == []


class _Programme:
    def __init__(self, party: str, year: int, chapter: str = "") -> None:
        self.party, self.year, self.chapter = party, year, chapter


BUNDLED = [
    _Programme("BÜNDNIS 90/DIE GRÜNEN Dortmund", 2025, "Wirtschaft"),
    _Programme("SPD Dortmund", 2020, "Gute Arbeit und starke Wirtschaft"),
]


def test_nothing_found_names_the_chapters_searched() -> None:
    assert nothing_found("Mieten", BUNDLED, 2) == (
        "Im Kapitel „Wirtschaft“ der Grünen 2025 und im Kapitel „Gute Arbeit und starke "
        "Wirtschaft“ der SPD 2020 steht nichts zu „Mieten“ – die vollständigen Programme "
        "können mehr enthalten."
    )


def test_nothing_found_mentions_filters_only_when_set() -> None:
    whole = [_Programme("CDU Dortmund", 2025)]
    plain = nothing_found("Mieten", whole, 3)
    assert plain == "Im Programm der CDU 2025 steht nichts zu „Mieten“."
    assert "Filter" not in plain and "nur in" not in plain
    filtered = nothing_found("Mieten", whole, 3, programme_filter=True)
    assert filtered.endswith("Gesucht wurde nur in 1 von 3 Programmen.")
    related = nothing_found("Mieten", whole, 1, related=Related("topic", "wohnen", "Wohnen"))
    assert related.endswith("Verwandt: Thema „Wohnen“.")
    many = nothing_found("x", [_Programme("Volt", 2025)] * 5, 5)
    assert many.startswith("In den 5 durchsuchten Programmen steht nichts zu „x“")
    # The question quoted without its question mark.
    asked = nothing_found("Wird die Hundesteuer erhöht?", whole, 3)
    assert asked == "Im Programm der CDU 2025 steht nichts zu „Wird die Hundesteuer erhöht“."


def test_search_results_name_what_was_searched(tmp_path: Path) -> None:
    service = make_service(tmp_path, None)
    results = service.search("Zahnarztpraxis")
    assert results.hits == []
    assert results.nothing_found("Zahnarztpraxis") == (
        "Im Programm von „Stadtpartei“ 2025 steht nichts zu „Zahnarztpraxis“."
    )


def test_with_unknown_words_a_coincidental_word_match_must_be_near_in_meaning(tmp_path: Path) -> None:
    # "Zebrastreifen" occurs nowhere; "nachts" alone finds the bus passage, which the
    # meaning ranking puts far from the question: the fused search drops it.
    fillers = [(f"Thema {n}", [f"Die Stadt plant Vorhaben Nummer {n} im Bezirk."]) for n in range(12)]
    programme = make_programme(
        TOWN, "Stadtpartei", 2025, [*fillers, ("Verkehr", ["Mehr Busse fahren nachts durch die Nordstadt."])]
    )
    service = make_service(tmp_path, FakeEmbedder(), [programme])
    service.update_vectors()
    # Typed in lower case, the question shows no noun: the lexical search keeps the match.
    lexical = service.search("zebrastreifen nachts", dense=False)
    assert [h.text for h in lexical.hits] == ["Mehr Busse fahren nachts durch die Nordstadt."]
    assert lexical.unknown_words == ["zebrastreifen"]
    fused = service.search("zebrastreifen nachts")
    assert fused.word_hits == []
    # Written as a noun, the unknown word is the subject: "nachts" alone is no answer
    # even by words (see service.supported).
    assert service.search("Zebrastreifen nachts", dense=False).hits == []
    # A question whose words are all known keeps its word hits whatever the meaning says.
    assert service.search("nachts").word_hits


def test_an_unknown_word_of_time_or_family_is_no_missing_subject(tmp_path: Path) -> None:
    # "Samstag" and "Mutter" occur nowhere, but they say when and for whom, not what: the
    # passage saying the rest keeps its place in the fused search however far the
    # meaning ranking puts it, as a passage does for a question whose words are all known.
    fillers = [(f"Thema {n}", [f"Die Stadt plant Vorhaben Nummer {n} im Bezirk."]) for n in range(12)]
    programme = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [
            *fillers,
            ("Verkehr", ["Mehr Busse fahren nachts durch die Nordstadt."]),
            ("Pflege", ["Jeder bekommt einen Pflegeplatz im eigenen Quartier."]),
        ],
    )
    service = make_service(tmp_path, FakeEmbedder(), [programme])
    service.update_vectors()
    for question, answer in (
        ("Fahren Samstag nachts Busse?", "Mehr Busse fahren nachts"),
        ("Pflegeplatz für meine Mutter", "Pflegeplatz im eigenen Quartier"),
    ):
        lexical = service.search(question, dense=False)
        assert lexical.unknown_words and answer in lexical.hits[0].text
        fused = service.search(question)
        assert fused.word_hits and answer in fused.word_hits[0].text, question
    # A missing noun that names a subject still needs the meaning to agree.
    assert service.search("Pflegeplatz für meine Katze", dense=False).hits
    assert service.search("Pflegeplatz für meine Katze").word_hits == []


def test_missing_vectors_are_counted_from_metadata_and_headers_without_reading_programmes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from canvass_app.library import Library
    from canvass_app.search import embedding

    embedding.reset_for_tests(FakeEmbedder())
    try:
        library = Library(tmp_path)
        search = library.search
        assert search.vectors_missing() > 0
        assert search.update_vectors()
        reads: list[str] = []
        original = library.corpus.programme

        def counting(programme_id: str) -> object:
            reads.append(programme_id)
            return original(programme_id)

        monkeypatch.setattr(library.corpus, "programme", counting)
        assert search.vectors_missing() == 0
        assert reads == [], "a complete header answers without the programme's text"
        # A header made for another version of the programme does not count as complete.
        store = search.vectors
        assert store is not None
        entry = library.corpus.catalog()[0]
        assert store.missing_count(entry.id, "another-digest", entry.passage_count) is None
        assert store.missing_count(entry.id, entry.digest, entry.passage_count) == 0
    finally:
        embedding.reset_for_tests()


def test_a_programme_without_any_vectors_counts_all_its_passages_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fresh library before 'canvass vectors': no header and no vectors file. Every
    # cold search counts what is missing; that must not read each programme's text.
    from canvass_app.library import Library
    from canvass_app.search import embedding
    from tests.core.test_corpus_lazy import imported_library

    embedding.reset_for_tests(FakeEmbedder())
    try:
        programmes = imported_library(tmp_path / "data", tmp_path, 2)
        library = Library(tmp_path / "data")
        search = library.search
        store = search.vectors
        assert store is not None
        exact = {p.id: len(store.missing(p.id, [passage_text(x) for x in p.passages()])) for p in programmes}
        reads: list[str] = []
        original = library.corpus.programme

        def counting(programme_id: str) -> object:
            reads.append(programme_id)
            return original(programme_id)

        monkeypatch.setattr(library.corpus, "programme", counting)
        wanted = set(exact)
        assert search.vectors_missing(wanted) == sum(exact.values()) > 0
        assert reads == []
        # A vectors file without its header (killed in between) is counted exactly, by reading.
        assert search.programme_changed(programmes[0].id)
        (store.directory / f"{programmes[0].id}.json").unlink()
        store._headers.clear()
        store._loaded.clear()
        reads.clear()
        assert search.vectors_missing(wanted) == exact[programmes[1].id]
        assert reads == [programmes[0].id]
    finally:
        embedding.reset_for_tests()


def test_an_empty_result_offers_a_related_topic_and_only_a_real_one(tmp_path: Path) -> None:
    from types import SimpleNamespace

    programme = town()
    elderly = next(p.id for p in programme.passages() if "Pflege" in p.text)
    topics = {elderly: [SimpleNamespace(id="sonstiges", title="Sonstiges", fallback=True),
                        SimpleNamespace(id="senioren", title="Senioren und Pflege", fallback=False)]}
    service = SearchService(
        MemoryCorpus([programme]),
        tmp_path / "cache",
        embedder=lambda: FakeEmbedder(),  # type: ignore[arg-type,return-value]
        passage_topics=lambda pid: topics.get(pid, []),
    )
    service.update_vectors()
    results = service.search("Rentner")
    assert results.word_hits == [] and [h.id for h in results.meaning_hits] == [elderly]
    assert results.related == Related("topic", "senioren", "Senioren und Pflege")
    assert results.nothing_found("Rentner").endswith("Verwandt: Thema „Senioren und Pflege“.")
    # Words found: nothing is offered; nothing near: nothing is offered either.
    assert service.search("Photovoltaik").related is None
    assert service.search("Zahnarztpraxis").related is None


def _harbour_service(tmp_path: Path) -> SearchService:
    """A programme with two passages saying "Container" (a harbour's, a clothes bank's) and
    twelve on buses, vectors computed: no passage says "Giraffe"."""
    port = make_programme(
        "port-2025",
        "Hafenpartei",
        2025,
        [
            ("Hafen", ["Der Hafen bekommt neue Container-Terminals und Schiffe."]),
            ("Sauberkeit", ["Container für Altkleider stehen am Markt."]),
            ("Verkehr", [f"Mehr Busse fahren nachts auf Linie {i}." for i in range(12)]),
        ],
    )
    service = make_service(tmp_path, FakeEmbedder(), [port])
    service.update_vectors()
    return service


def test_one_other_noun_of_a_question_with_an_unknown_subject_needs_the_meaning_too(tmp_path: Path) -> None:
    """"Giraffen Container": the programme never says "Giraffen"; of the passages that say
    only "Container", the fused ranking keeps the one nearest the question in meaning."""
    service = _harbour_service(tmp_path)
    lexical = service.search("Giraffen Container", dense=False)
    assert len(lexical.word_hits) == 2, "without the meaning ranking the words decide alone"
    fused = service.search("Giraffen Container")
    assert fused.fused and [h.text for h in fused.word_hits] == ["Container für Altkleider stehen am Markt."]
    # The harbour's passage, among the first two of both rankings, is near the question
    # but says only its other noun: shown apart as a meaning hit, never as its words.
    assert [(h.text, h.match) for h in fused.hits if h.match == "meaning"] == [
        ("Der Hafen bekommt neue Container-Terminals und Schiffe.", "meaning")
    ]
    assert service.search("Giraffen Hafen").word_hits == []


def test_an_admitted_passage_joins_as_a_meaning_hit_below_the_threshold() -> None:
    dense = [("a", 0.80), ("b", 0.79)]
    assert [f.id for f in fuse(["c"], dense, baseline=0.79)] == ["c"]
    admitted = fuse(["c"], dense, baseline=0.79, admitted={"b"})
    assert [(f.id, f.match) for f in admitted] == [("c", "words"), ("b", "meaning")]


def test_strong_lexical_passages_keep_their_order_above_ranks_both_lists_share() -> None:
    from canvass_app.search.fusion import strong_lexical

    lexical = [("a", 7.0), ("b", 3.5), ("c", 3.3), ("d", 0.9), ("e", 0.8)]
    assert strong_lexical(lexical) == ["a", "b", "c"]
    assert strong_lexical([("a", 7.0), ("b", 0.9), ("c", 6.0)]) == ["a"]
    assert strong_lexical([]) == []
    dense = [("d", 0.9), ("e", 0.89), ("a", 0.85), ("c", 0.84)]
    plain = [f.id for f in fuse([p for p, _ in lexical], dense, baseline=0.8)]
    assert plain.index("b") > plain.index("d")  # the ranks alone push the second answer down
    pinned = [f.id for f in fuse([p for p, _ in lexical], dense, baseline=0.8, pinned=strong_lexical(lexical))]
    assert pinned[:3] == ["a", "b", "c"]
    assert set(pinned) == set(plain)


def test_the_verb_opening_a_yes_no_question_is_not_a_missing_subject() -> None:
    from canvass_app.search.service import _distinctive

    assert not _distinctive("Stimmt", "Stimmt es, dass das Hallenbad schließt?")
    assert not _distinctive("Klappt", "Klappt hier bald der Bus nach Mitternacht?")
    assert not _distinctive("Darf", "Darf ich im Park grillen?")
    # A noun opening a question stays the subject; so does one before an article.
    assert _distinctive("Hundesteuer", "Hundesteuer – wird die erhöht?")
    assert _distinctive("Wehrpflicht", "Wehrpflicht die kommt wieder?")
    assert _distinctive("Stimmt", "Stimmt es dass")  # no question mark: no question's verb


def test_a_missing_verb_or_adjective_is_not_a_missing_subject() -> None:
    from canvass_app.search.service import _distinctive

    assert not _distinctive("verschwendet", "Stadt verschwendet Geld")
    assert not _distinctive("falsch", "Stadtwerke Rechnung falsch")
    assert not _distinctive("billige", "billige Balkonkraftwerke")
    assert not _distinctive("unverständlich", "formulare unverständlich")
    assert _distinctive("Zoo", "Zoo Eintrittspreise")
    assert _distinctive("zoo", "zoo eintrittspreise")
    assert _distinctive("Wehrpflicht", "Wehrpflicht Bundeswehr")
    assert _distinctive("70", "Rente mit 70")
    assert not _distinctive("Samstag", "Samstag nachts kein Bus")
    assert not _distinctive("Monaten", "Sportplatz seit Monaten gesperrt")
    assert not _distinctive("abends", "abends unsicher")
    assert not _distinctive("Mutter", "Pflegeplatz für meine Mutter")


def test_an_adjective_in_los_names_the_subject_it_denies() -> None:
    from canvass_app.search.service import _distinctive

    # "kostenlos parken": free of charge is what is asked, not how.
    assert _distinctive("kostenlos", "kostenlos parken in der Innenstadt")
    assert _distinctive("gebührenlos", "gebührenlos parken")
    assert not _distinctive("günstig", "günstig parken")


def test_a_noun_after_a_preposition_and_a_possessive_is_the_asker_s_place_not_the_subject() -> None:
    from canvass_app.search.service import _asker_words, _distinctive

    assert _asker_words("Schlagloch vor meiner Einfahrt, wem sag ich das") == {"einfahrt"}
    assert _asker_words("Die Lampe vor meinem alten Haus ist kaputt") == {"alten", "haus"}
    assert _asker_words("Radweg zu meiner Arbeit") == {"arbeit"}
    # Whom a question is for may be its subject ("Pflegeplatz für meine Katze").
    assert _asker_words("Pflegeplatz für meine Katze") == frozenset()
    # As the sentence's subject the noun is what is asked about.
    assert _asker_words("Unser Spielplatz ist kaputt") == frozenset()
    assert _asker_words("Wann kommt unsere Einfahrt dran") == frozenset()
    assert not _distinctive("Einfahrt", "Schlagloch vor meiner Einfahrt")
    assert _distinctive("Einfahrt", "Schlagloch in der Einfahrt")
    assert _distinctive("Einfahrt", "Unsere Einfahrt hat ein Schlagloch")


def test_a_separable_verb_s_participle_is_no_missing_subject() -> None:
    from canvass_app.search.service import _distinctive

    assert not _distinctive("ausgebucht", "schwimmkurs kinder alles ausgebucht")
    assert not _distinctive("abgesagt", "stadtfest abgesagt")
    assert not _distinctive("eingestellt", "buslinie eingestellt")
    # Nouns of the same shape, and any capitalised word, stay distinctive.
    assert _distinctive("angebot", "kein angebot")
    assert _distinctive("Ausgebucht", "Schwimmkurs Ausgebucht")
    assert _distinctive("aufstellung", "aufstellung")


def test_an_unknown_noun_naming_the_asker_s_place_keeps_every_passage_the_rest_finds(tmp_path: Path) -> None:
    """"Container vor meiner Giraffe" asks about containers (where: the asker's own); unlike
    "Giraffen Container", no passage saying "Container" needs the meaning ranking's consent."""
    service = _harbour_service(tmp_path)
    assert len(service.search("Giraffen Container").word_hits) == 1
    fused = service.search("Container vor meiner Giraffe")
    assert fused.fused and len(fused.word_hits) == 2


def test_an_unknown_word_the_thesaurus_gives_another_word_of_the_question_is_no_missing_subject(
    tmp_path: Path,
) -> None:
    """The shipped thesaurus looks for "abgesenkte Bordsteine" and "barrierefrei" under
    "Rollator": a programme that never says "Bordsteine" answers "Mit dem Rollator über die
    Bordsteine" with its barrier-free pavements, however far the meaning ranking puts them;
    an unknown word no entry of the question gives ("Giraffen") still needs the meaning."""
    fillers = [(f"Thema {n}", [f"Die Stadt plant Vorhaben Nummer {n} im Bezirk."]) for n in range(12)]
    programme = make_programme(
        TOWN,
        "Stadtpartei",
        2025,
        [*fillers, ("Wege", ["Barrierefreie Gehwege und Busse für alle im Quartier."])],
    )
    service = SearchService(
        MemoryCorpus([programme]),
        tmp_path / "cache",
        embedder=lambda: FakeEmbedder(),  # type: ignore[arg-type,return-value]
        thesaurus_paths=[REPO / "data" / "thesaurus.toml"],
    )
    service.update_vectors()
    lexical = service.search("Mit dem Rollator über die Bordsteine", dense=False)
    assert lexical.unknown_words == [] and "Barrierefreie Gehwege" in lexical.hits[0].text
    fused = service.search("Mit dem Rollator über die Bordsteine")
    assert fused.fused and "Barrierefreie Gehwege" in fused.word_hits[0].text
    assert service.search("Mit dem Rollator zu den Giraffen", dense=False).unknown_words == ["Giraffen"]
    assert service.search("Mit dem Rollator zu den Giraffen").word_hits == []


def test_a_set_aside_passage_among_the_words_first_five_joins_as_meaning() -> None:
    from canvass_app.search.service import AGREE_LEXICAL, Hit, _agreed

    assert AGREE_LEXICAL == 5
    hits = [Hit("passage", f"p{i}", "x", "s", "t", "t", 1.0) for i in range(8)]
    # p1 and p3 are among the words' first five, p6 is not; nothing set aside, nothing admitted.
    assert _agreed(hits, {"p1", "p3", "p6"}) == ["p1", "p3"]
    assert _agreed(hits, set()) == []
    # An admitted passage the meaning ranking does not hold joins after what it ranks.
    fused = fuse(["w"], [("a", 0.95), ("b", 0.70)], baseline=0.8, admitted={"x"})
    assert [(f.id, f.match) for f in fused] == [("w", "words"), ("a", "meaning"), ("x", "meaning")]


def test_fusion_orders_ties_the_same_in_every_process() -> None:
    # Admitted passages the dense list lacks tie; a set's order differs with the hash seed.
    ranked = fuse(["w1", "w2"], [("w1", 0.9)], baseline=0.5, admitted={"s3", "s1", "s2"})
    assert [f.id for f in ranked] == ["w1", "w2", "s1", "s2", "s3"]
    given = fuse(["w1"], [("w1", 0.9)], baseline=0.5, admitted=["s3", "s1"])
    assert [f.id for f in given] == ["w1", "s3", "s1"], "a list keeps its (lexical) order"


def test_what_the_fused_ranking_sets_aside_does_not_depend_on_the_display_limit(tmp_path: Path) -> None:
    """"Giraffen Container": the programme never says "Giraffen", and the passage nearest
    the question in meaning says "Container" far down the words' ranking. Whether it is
    the programme's words on the question is judged alike at any display limit: the
    first ten of thirty are the ten."""
    short = [f"Container für Altkleider stehen an Haltestelle {i} der Busse." for i in range(11)]
    # Enough else that "Container" is no field of this programme (see service.COMMON_SHARE).
    buses = [f"Mehr Busse fahren nachts auf Linie {i}." for i in range(120)]
    long = (
        "Im Hafen legen künftig mehr Schiffe an, ihre Ladung fährt auf der Schiene weiter, "
        "damit die Straßen im ganzen Stadtgebiet entlastet werden und der Container seltener auf dem Lkw reist."
    )
    programme = make_programme(TOWN, "Stadtpartei", 2025, [("Sauberkeit", short), ("Hafen", [long]), ("Verkehr", buses)])
    service = make_service(tmp_path, FakeEmbedder(), [programme])
    service.update_vectors()
    lexical = [h.text for h in service.search("Giraffen Container", limit=30, dense=False).hits]
    assert lexical.index(long) >= 10, "the words alone rank it below the first ten"
    ten = [(h.text, h.match) for h in service.search("Giraffen Container", limit=10).hits]
    thirty = [(h.text, h.match) for h in service.search("Giraffen Container", limit=30).hits]
    assert thirty[: len(ten)] == ten
    assert (long, "meaning") in ten
