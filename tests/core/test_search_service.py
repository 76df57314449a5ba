"""Search behaviour on a small synthetic corpus: compounds, typos, thesaurus, cards, notes, filters."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from canvass_app.corpus.model import Programme
from canvass_app.errors import CanvassError
from canvass_app.search.memory import MemoryCorpus, make_programme
from canvass_app.search.service import Hit, SearchService, note_hits

REPO = Path(__file__).resolve().parents[2]
THESAURUS = REPO / "data" / "thesaurus.toml"

GREEN = "gruene-test-2025"
RED = "spd-test-2020"


def small_programmes() -> list[Programme]:
    green = make_programme(
        GREEN,
        "BÜNDNIS 90/DIE GRÜNEN",
        2025,
        [
            (
                "Für erfolgreiches Gründen",
                [
                    ("Dafür werden wir", "Start-ups in Dortmund stärker fördern, indem wir sie finanziell begleiten."),
                    ("Dafür werden wir", "eine zentrale Anlaufstelle für Gründer*innen einrichten, die die Gründung erleichtert."),
                ],
            ),
            (
                "Für zukunftsfähigen Handel",
                [
                    ("Deswegen werden wir", "eine Reparaturprämie einführen, welche die lokalen Betriebe fördert."),
                    "Emissionsfreie Lieferkonzepte und Mikro-Depots entlasten die Stadt.",
                    ("Deswegen werden wir", "Lieferverkehr mit Fahrrädern fördern."),
                    ("Deswegen werden wir", "Leerstände in der Innenstadt aktiv nutzen."),
                ],
            ),
            (
                "Für gute Arbeit",
                [
                    ("Dafür werden wir", "die Integration von Langzeitarbeitslosen unterstützen."),
                    ("Dafür werden wir", "mehr inklusive Arbeitsplätze schaffen, die schwerbehinderte Menschen einstellen."),
                    ("Dafür werden wir", "ein Azubiwohnheim weiterentwickeln, das Azubis eine Wohnung bietet."),
                    "Frauen in MINT-Berufen fördern wir mit Mentoring-Programmen.",
                ],
            ),
        ],
    )
    red = make_programme(
        RED,
        "SPD",
        2020,
        [
            (
                "Unsere Schwerpunkte",
                [
                    "Die Jugendarbeitslosigkeit wollen wir bis 2030 beseitigen. Die Arbeitslosigkeit sinkt.",
                    "Mit einer Lernfabrik schaffen wir einen neuen Ort für Jugendliche.",
                ],
            ),
            (
                "Digitale Infrastruktur hat Vorrang",
                [
                    "Glasfasernetz, 5G und offenes WLAN sind für Dortmund von zentraler Bedeutung.",
                    "Wir haben einen Prozess angestoßen, der den echten Glasfaserausbau zum Ziel hat.",
                ],
            ),
            (
                "Wirtschaft in Dortmund",
                [
                    "Dortmund ist eine starke Stadt der Wirtschaft, in Dortmund wächst der Mittelstand.",
                    "Dortmunder Handwerk ist Tradition und Zukunft.",
                ],
            ),
        ],
    )
    return [green, red]


@dataclass
class FakeAnswer:
    programme: str
    summary: str
    citations: tuple[object, ...] = ()


@dataclass
class FakeCitation:
    passage_id: str
    quote: str = ""


@dataclass
class FakeCard:
    id: str
    question: str
    phrasings: list[str] = field(default_factory=list)
    answers: list[FakeAnswer] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)


def passage_id_with(corpus: MemoryCorpus, words: str) -> str:
    for passage in corpus.passages():
        if words in passage.text:
            return passage.id
    raise AssertionError(words)


@pytest.fixture
def corpus() -> MemoryCorpus:
    return MemoryCorpus(small_programmes())


@pytest.fixture
def service(corpus: MemoryCorpus, tmp_path: Path) -> SearchService:
    return SearchService(corpus, tmp_path / "cache", thesaurus_paths=[THESAURUS])


def top_texts(service: SearchService, query: str, limit: int = 5, **kw: object) -> list[str]:
    return [h.text for h in service.search(query, limit=limit, **kw).hits]  # type: ignore[arg-type]


def found(service: SearchService, query: str, words: str) -> bool:
    return any(words in t for t in top_texts(service, query, limit=10))


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("Arbeitsplätze", "inklusive Arbeitsplätze"),
        ("Förderung", "Start-ups in Dortmund stärker fördern"),
        ("Glasfaser", "Glasfasernetz"),
        ("Glasfaser", "Glasfaserausbau"),
        ("Arbeitslosigkeit", "Jugendarbeitslosigkeit"),
        ("Arbeitslosigkeit", "Langzeitarbeitslosen"),
        ("Mikrodepots", "Mikro-Depots"),
        ("Startups", "Start-ups"),
        ("Start-ups", "Start-ups"),
        ("Gruendung", "Gründung erleichtert"),
        ("Grundung", "Gründung erleichtert"),
        ("Gründerinnen", "Gründer*innen"),
        ("Reparaturpraemie", "Reparaturprämie"),
        ("Reperaturprämie", "Reparaturprämie"),
        ("Wirtschatf", "starke Stadt der Wirtschaft"),
        ("leerstand", "Leerstände"),
    ],
)
def test_finds_inflections_compounds_and_misspellings(service: SearchService, query: str, words: str) -> None:
    assert found(service, query, words)


def test_short_words_do_not_match_inside_longer_ones(service: SearchService) -> None:
    texts = top_texts(service, "Ort", limit=20)
    assert texts == ["Mit einer Lernfabrik schaffen wir einen neuen Ort für Jugendliche."]


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("schnelles Internet", "Glasfasernetz"),
        ("schnelles Internet", "Glasfaserausbau"),
        ("Azubi", "Azubiwohnheim"),
        ("Lastenrad", "Lieferverkehr mit Fahrrädern"),
        ("Behinderung", "schwerbehinderte"),
        ("leere Läden", "Leerstände"),
    ],
)
def test_thesaurus_maps_everyday_words(service: SearchService, query: str, words: str) -> None:
    assert found(service, query, words)


def test_trainer_thesaurus_adds_entries(corpus: MemoryCorpus, tmp_path: Path) -> None:
    extra = tmp_path / "thesaurus.toml"
    extra.write_text('[begriffe]\n"Drahtesel" = ["Fahrrädern"]\n', encoding="utf-8")
    plain = SearchService(corpus, tmp_path / "a", thesaurus_paths=[THESAURUS])
    extended = SearchService(corpus, tmp_path / "b", thesaurus_paths=[THESAURUS, extra])
    assert plain.search("Drahtesel").hits == []
    assert "Fahrrädern" in extended.search("Drahtesel").hits[0].text
    # The thesaurus applies at query time: the index holds the same and is not rebuilt for it.
    assert extended.key() == plain.key()


def test_broken_trainer_thesaurus_is_reported_not_raised(corpus: MemoryCorpus, tmp_path: Path) -> None:
    extra = tmp_path / "thesaurus.toml"
    extra.write_text("[begriffe\nkaputt", encoding="utf-8")
    service = SearchService(corpus, tmp_path / "c", thesaurus_paths=[THESAURUS, extra])
    assert service.thesaurus.problems and "thesaurus.toml" in service.thesaurus.problems[0]
    assert found(service, "Azubi", "Azubiwohnheim")


def test_shipped_thesaurus_loads_cleanly_with_enough_entries(service: SearchService) -> None:
    assert service.thesaurus.problems == []
    assert len(service.thesaurus.entries) >= 30


@pytest.mark.parametrize("query", ["Atomkraft", "Tempolimit", "Was sagt ihr zum Tempolimit in Dortmund?", "xqzv"])
def test_off_topic_queries_return_nothing(service: SearchService, query: str) -> None:
    assert service.search(query).hits == []


def test_typo_gives_a_suggestion_and_correct_spelling_none(service: SearchService) -> None:
    results = service.search("Reperaturprämie")
    assert results.suggestion == "Reparaturprämie"
    assert service.suggest("Wirtschatf in Dortmund") == "Wirtschaft in Dortmund"
    assert service.suggest("Reparaturprämie") is None


def test_phrase_must_match_in_order(service: SearchService) -> None:
    assert found(service, '"Frauen in MINT-Berufen"', "Frauen in MINT-Berufen")
    assert service.search('"MINT Frauen"').hits == []


def test_adjacent_words_rank_above_scattered_ones(service: SearchService) -> None:
    texts = top_texts(service, "offenes WLAN")
    assert "offenes WLAN" in texts[0]


def test_prefix_query(service: SearchService) -> None:
    texts = top_texts(service, "förder*", limit=20)
    assert any("Förder" in t or "förder" in t for t in texts)
    assert any("fördert" in t for t in texts)


def test_exclusion(service: SearchService) -> None:
    assert found(service, "Glasfaser", "Glasfaserausbau")
    assert not found(service, "Glasfaser -Glasfaserausbau", "Glasfaserausbau")
    assert found(service, "Glasfaser -Glasfaserausbau", "Glasfasernetz")


def test_more_matched_words_rank_first(service: SearchService) -> None:
    texts = top_texts(service, "Glasfaser WLAN")
    assert "WLAN" in texts[0] and "Glasfasernetz" in texts[0]


def test_hit_has_programme_party_year_section_and_highlighted_snippet(service: SearchService) -> None:
    hit = service.search("Reparaturprämie").hits[0]
    assert hit.type == "passage"
    assert hit.programme == GREEN
    assert (hit.party, hit.year, hit.section_title) == ("BÜNDNIS 90/DIE GRÜNEN", 2025, "Für zukunftsfähigen Handel")
    assert hit.lead_in == "Deswegen werden wir"
    assert "<b>Reparaturprämie</b>" in hit.snippet
    data = hit.to_json()
    assert {"type", "id", "programme", "section", "text", "snippet", "score"} <= set(data)
    assert data["text"] == hit.text


def test_snippet_escapes_html_around_marks(tmp_path: Path) -> None:
    corpus = MemoryCorpus([make_programme("x", "X", 2024, [("T", ["Glasfaser <script>alert(1)</script> & mehr"])])])
    hit = SearchService(corpus, tmp_path).search("Glasfaser").hits[0]
    assert hit.snippet == "<b>Glasfaser</b> &lt;script&gt;alert(1)&lt;/script&gt; &amp; mehr"


def test_compound_snippet_highlights_the_whole_word(service: SearchService) -> None:
    hit = service.search("Mikrodepots").hits[0]
    assert "<b>Mikro-Depots</b>" in hit.snippet


def test_programme_filter(service: SearchService) -> None:
    hits = service.search("fördern", programmes=[RED], limit=20).hits
    assert hits == [] or all(h.programme == RED for h in hits)
    hits = service.search("Glasfaser", programmes=[GREEN]).hits
    assert hits == []
    assert all(h.programme == RED for h in service.search("Glasfaser", programmes=[RED]).hits)


def test_programme_and_party_filter_in_query_syntax(service: SearchService) -> None:
    assert service.search(f"Glasfaser programm:{GREEN}").hits == []
    assert service.search("Glasfaser programm:gibtsnicht").hits == []
    assert all(h.programme == GREEN for h in service.search("fördern partei:Grüne", limit=20).hits)


def test_party_named_in_question_ranks_its_programme_first(service: SearchService) -> None:
    hits = service.search("Was sagt die SPD zu Arbeitslosigkeit?").hits
    assert hits[0].programme == RED
    hits = service.search("Was wollen die Grünen gegen Arbeitslosigkeit tun?").hits
    assert hits[0].programme == GREEN


def test_topic_filter(corpus: MemoryCorpus, tmp_path: Path) -> None:
    glasfaser = {passage_id_with(corpus, "Glasfasernetz")}

    def topic_passages(topic_id: str) -> set[str]:
        if topic_id != "digital":
            raise CanvassError("Thema 'x' gibt es nicht.")
        return glasfaser

    service = SearchService(corpus, tmp_path, topic_passages=topic_passages)
    assert [h.id for h in service.search("Glasfaser", topic="digital").hits] == list(glasfaser)
    assert [h.id for h in service.search("Glasfaser thema:digital").hits] == list(glasfaser)
    assert service.search("Glasfaser thema:unbekannt").hits == []
    with pytest.raises(CanvassError):
        service.search("Glasfaser", topic="unbekannt")


def make_cards(corpus: MemoryCorpus) -> list[FakeCard]:
    return [
        FakeCard(
            "jugendarbeitslosigkeit",
            "Was macht ihr gegen Jugendarbeitslosigkeit?",
            ["Finden junge Leute hier eine Lehrstelle?"],
            [FakeAnswer(RED, "Die SPD will die Jugendarbeitslosigkeit bis 2030 beseitigen.", (FakeCitation(passage_id_with(corpus, "Jugendarbeitslosigkeit")),))],
        ),
        FakeCard(
            "glasfaser",
            "Wann kommt schnelles Internet in mein Viertel?",
            ["Kriegen wir Glasfaser?"],
            [FakeAnswer(RED, "Die SPD setzt auf Glasfaserausbau.", (FakeCitation(passage_id_with(corpus, "Glasfaserausbau")),))],
        ),
    ]


def test_card_ranks_first_for_its_question_and_phrasings(corpus: MemoryCorpus, tmp_path: Path) -> None:
    service = SearchService(corpus, tmp_path, cards=lambda: make_cards(corpus), thesaurus_paths=[THESAURUS])
    first = service.search("Was macht ihr gegen Jugendarbeitslosigkeit?").hits[0]
    assert (first.type, first.id) == ("card", "jugendarbeitslosigkeit")
    first = service.search("Kriegen wir Glasfaser?").hits[0]
    assert (first.type, first.id) == ("card", "glasfaser")
    hits = service.search("Glasfaser").hits
    assert hits[0].type == "card" and any(h.type == "passage" for h in hits)
    assert all(h.type == "passage" for h in service.search("Mikrodepots").hits)


def test_changed_cards_change_the_index(corpus: MemoryCorpus, tmp_path: Path) -> None:
    cards = make_cards(corpus)
    service = SearchService(corpus, tmp_path, cards=lambda: cards)
    assert service.search("Viertel").hits[0].id == "glasfaser"
    cards.pop()
    assert service.search("Viertel").hits == []


def test_cards_that_fail_to_load_leave_passages_searchable(corpus: MemoryCorpus, tmp_path: Path) -> None:
    def broken() -> list[FakeCard]:
        raise CanvassError("Karte kaputt.")

    service = SearchService(corpus, tmp_path, cards=broken)
    assert found(service, "Glasfaser", "Glasfasernetz")


@dataclass
class FakeNote:
    id: str
    text: str
    target: object | None = None


def test_notes_are_merged_not_indexed(corpus: MemoryCorpus, tmp_path: Path) -> None:
    notes = [FakeNote("n1", "Frau Meier fragt nach Glasfaser im Hinterhof")]

    def search_notes(query: str, limit: int) -> list[FakeNote]:
        return [n for n in notes if any(w.lower() in n.text.lower() for w in query.split())][:limit]

    service = SearchService(corpus, tmp_path, note_search=note_hits(search_notes))
    hits = service.search("Glasfaser").hits
    note = next(h for h in hits if h.type == "note")
    assert note.id == "n1" and "<b>Glasfaser</b>" in note.snippet
    notes.clear()  # deleted in the notes store: gone from search at once
    assert all(h.type != "note" for h in service.search("Glasfaser").hits)
    index_files = b"".join(p.read_bytes() for p in (tmp_path / "index").rglob("*") if p.is_file())
    assert b"Hinterhof" not in index_files and b"hinterhof" not in index_files


def test_limit(service: SearchService) -> None:
    assert len(service.search("fördern", limit=2).hits) == 2
    assert len(service.search("fördern", limit=0).hits) == 1


def test_corpus_change_is_picked_up_on_next_search(tmp_path: Path) -> None:
    programmes = small_programmes()
    corpus = MemoryCorpus(programmes[:1])
    service = SearchService(corpus, tmp_path)
    assert service.search("Glasfaser").hits == []
    first_key = service.key()
    # An imported programme changes what the index must hold; it is added in place.
    service.corpus = MemoryCorpus(programmes)
    assert found(service, "Glasfaser", "Glasfasernetz")
    assert service.key() != first_key
    assert service.last_update is not None
    assert service.last_update.deleted_programmes == []
    assert {d.split(":")[0] for d in service.last_update.added} == {programmes[1].id}
    assert len([p for p in (tmp_path / "index").iterdir() if p.is_dir()]) == 1


def test_hit_type_of_every_hit_is_known(service: SearchService) -> None:
    for query in ["fördern", "Dortmund", "Arbeit"]:
        assert {h.type for h in service.search(query, limit=50).hits} <= {"passage"}


def test_highlight_never_leaves_unbalanced_marks(service: SearchService) -> None:
    for query in ["fördern", "Glasfaser WLAN", "förder*", '"offenes WLAN"', "Mikrodepots"]:
        for hit in service.search(query, limit=50).hits:
            assert len(re.findall("<b>", hit.snippet)) == len(re.findall("</b>", hit.snippet))
            assert "<b></b>" not in hit.snippet


def test_hit_dataclass_roundtrip() -> None:
    hit = Hit("note", "n", None, None, "t", "t", 0.0)
    assert hit.to_json()["type"] == "note"


def test_a_card_of_other_programmes_makes_no_word_known_under_a_filter(corpus: MemoryCorpus, tmp_path: Path) -> None:
    """The cards cite the SPD: searching only the Greens, "Glasfaser" (on the card, in the
    SPD's passages) is a word the searched programme never says, so "Glasfaser in der
    Innenstadt" is not answered by the Greens' passage on the inner city."""
    service = SearchService(corpus, tmp_path, cards=lambda: make_cards(corpus), thesaurus_paths=[THESAURUS])
    results = service.search("Glasfaser Innenstadt", programmes=[GREEN], dense=False)
    assert "Glasfaser" in results.unknown_words
    assert all(h.type == "passage" for h in results.hits)
    # Under the SPD's filter the card's programme is searched: the card is in scope.
    assert service.search("Kriegen wir Glasfaser?", programmes=[RED]).hits[0].type == "card"


def test_a_word_another_programme_uses_whole_is_read_as_its_parts_under_a_filter(tmp_path: Path) -> None:
    """"Kitaplatz" is one word of the first programme; the second says "Kita" and "Platz"
    apart. Filtered on the second, the word is found where both parts are, never where
    only one is."""
    whole = make_programme("whole-2025", "Stadtpartei Nord", 2025, [("Kinder", ["Jeder Kitaplatz zählt."])])
    parts = make_programme(
        "parts-2025",
        "Stadtpartei Süd",
        2025,
        [
            ("Kinder", ["Für jedes Kind einen Platz in einer Kita in Wohnortnähe."]),
            ("Parken", ["Ein Platz zum Parken vor jedem Laden."]),
            ("Grund", ["Grundsätzlich gilt: die Kita bleibt offen."]),
        ],
    )
    service = SearchService(MemoryCorpus([whole, parts]), tmp_path)
    found = service.search("Kitaplatz", programmes=["parts-2025"], dense=False)
    assert [h.text for h in found.hits] == ["Für jedes Kind einen Platz in einer Kita in Wohnortnähe."]
    assert found.unknown_words == []
    assert [h.text for h in service.search("Kitaplatz", dense=False).hits] == ["Jeder Kitaplatz zählt."]


def test_colloquial_filler_words_are_no_missing_subject(service: SearchService) -> None:
    """"nie", "nen", "aufm", "nix", "überall" say how a canvasser talks, not what about."""
    results = service.search("Überall Leerstand, aufm Markt nix los, nie kommt nen Laden", dense=False)
    assert not {"Überall", "aufm", "nix", "nie", "nen"} & set(results.unknown_words)
    assert any("Leerstände" in h.text for h in results.hits)
