"""Search quality on the bundled programmes: the judged queries, and the issue's own examples."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from canvass_app.library import Library
from canvass_app.search.service import SearchService

JUDGEMENTS = Path(__file__).resolve().parents[1] / "search_judgements.toml"


def judged() -> list[dict[str, object]]:
    data = tomllib.loads(JUDGEMENTS.read_text(encoding="utf-8"))
    return list(data["query"])


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    return Library(tmp_path_factory.mktemp("quality")).search


def passage_ids(service: SearchService, query: str, limit: int = 20) -> list[str]:
    return [h.id for h in service.search(query, limit=limit).hits if h.type == "passage"]


def test_judged_set_is_large_and_points_at_real_passages(service: SearchService) -> None:
    queries = judged()
    assert len(queries) >= 40
    known = {p.id for p in service.corpus.passages()}
    for entry in queries:
        relevant = entry["relevant"]
        assert isinstance(relevant, list) and relevant
        assert set(relevant) <= known, entry["text"]


def test_every_judged_query_is_answered_in_the_top_five(service: SearchService) -> None:
    unanswered = [
        e["text"]
        for e in judged()
        if not set(passage_ids(service, str(e["text"]))[:5]) & set(e["relevant"])  # type: ignore[arg-type]
    ]
    assert unanswered == []


def test_recall_at_five_and_mrr_hold_their_floor(service: SearchService) -> None:
    recalls, reciprocal = [], []
    for entry in judged():
        relevant = set(entry["relevant"])  # type: ignore[arg-type]
        ids = passage_ids(service, str(entry["text"]))
        recalls.append(len(set(ids[:5]) & relevant) / len(relevant))
        first = next((rank for rank, pid in enumerate(ids, start=1) if pid in relevant), None)
        reciprocal.append(1 / first if first else 0.0)
    assert sum(recalls) / len(recalls) >= 0.9
    assert sum(reciprocal) / len(reciprocal) >= 0.85


def texts(service: SearchService, query: str) -> list[str]:
    return [h.text for h in service.search(query, limit=20).hits if h.type == "passage"]


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("Glasfaser", "Glasfasernetz"),
        ("Arbeitslosigkeit", "Jugendarbeitslosigkeit"),
        ("Arbeitslosigkeit", "Langzeitarbeitslosen"),
        ("Mikrodepots", "Mikro-Depots"),
        ("Startups", "Start-ups"),
        ("Arbeitsplatz", "Arbeitsplätze"),
        ("fördern", "Förderung"),
        ("Gruendung", "Gründung"),
        ("Reperaturprämie", "Reparaturprämie"),
        ("Wirtschatf", "Wirtschaft"),
        ("schnelles Internet", "WLAN"),
        ("Azubi", "Azubis"),
        ("Lastenrad", "Lieferverkehr mit Fahrrädern"),
        ("Behinderung", "schwerbehinderte"),
    ],
)
def test_issue_examples_on_the_bundled_corpus(service: SearchService, query: str, words: str) -> None:
    assert any(words in t for t in texts(service, query))


def test_ort_does_not_find_dortmund(service: SearchService) -> None:
    hits = texts(service, "Ort")
    assert hits
    assert all(" Ort " in f" {t} ".replace(",", " ") or "Ort" in t.split() for t in hits)


@pytest.mark.parametrize("query", ["Atomkraft", "Tempolimit", "Was sagt ihr zum Tempolimit?", "Atomkraftwerke abschalten"])
def test_off_topic_returns_nothing(service: SearchService, query: str) -> None:
    assert service.search(query).hits == []


def test_shipped_cards_rank_first_for_their_own_questions(service: SearchService) -> None:
    cards = service._current_cards()
    assert cards
    for card in cards:
        first = service.search(card.question, limit=5).hits[0]
        assert (first.type, first.id) == ("card", card.id), card.question


def test_derived_forms_meet_bürokratie_finds_bürokratisch(service: SearchService) -> None:
    # Snowball keeps "Bürokratie" (burokrati) and "bürokratische" (burokrat) apart.
    texts = [h.text for h in service.search("Bürokratie", limit=10).hits if h.type == "passage"]
    assert texts, "Bürokratie must find the passages about bureaucratic hurdles"
    assert any("bürokratische" in t for t in texts)


def test_a_section_title_finds_its_passages_below_text_matches(service: SearchService) -> None:
    # "Abbau" occurs only in the title "Für den Abbau von Bürokratie".
    hits = [h for h in service.search("Abbau", limit=10).hits if h.type == "passage"]
    assert hits and all(h.section_title == "Für den Abbau von Bürokratie" for h in hits)
    mixed = [h for h in service.search("Bürokratie abbauen", limit=10).hits if h.type == "passage"]
    says_it = [i for i, h in enumerate(mixed) if "bürokratisch" in h.text.casefold()]
    title_only = [i for i, h in enumerate(mixed) if "bürokrat" not in h.text.casefold()]
    assert says_it and title_only and max(says_it) < min(title_only)


def test_a_card_that_half_matches_is_ranked_by_relevance_not_last(service: SearchService) -> None:
    hits = service.search("Papierkram Verwaltung Digitalisierung", limit=20).hits
    kinds = [h.type for h in hits]
    assert "card" in kinds and kinds.index("card") < len(kinds) - 1


@pytest.mark.parametrize(
    ("stems_of", "slop"),
    [
        ("offenes WLAN", 1),
        ("lokale Wirtschaft", 1),
        ("erneuerbare Energien", 1),
        ("Wirtschaft lokale", 1),
        ("Handel Ort", 2),
        ("Frauen MINT Berufen", 2),
    ],
)
def test_phrase_positions_agree_with_whoosh(service: SearchService, stems_of: str, slop: int) -> None:
    # The fast position check must find exactly the documents whoosh's span matcher finds.
    from whoosh.query import Phrase

    from canvass_app.search.analysis import analyze

    postings = service.ensure_open().postings
    stems = [t.stem for t in analyze(stems_of)]
    docs = list(range(postings.documents))
    fast = postings._phrase_by_positions(stems, slop, docs)
    matcher = Phrase("text", stems, slop=slop).matcher(postings.searcher)
    slow = set()
    while matcher.is_active():
        slow.add(matcher.id())
        matcher.next()
    assert fast == slow
    if stems_of == "offenes WLAN":
        assert fast, "the phrase is in the SPD programme"
    if stems_of == "Wirtschaft lokale":
        assert not fast, "the words in the wrong order are no phrase"


def postings_disagreeing(service: SearchService) -> list[tuple[str, str]]:
    """Every (field, term) whose postings or positions, as search reads them, differ from
    what whoosh's own matcher hands out (documents of every segment, deleted ones left out)."""
    postings = service.ensure_open().postings
    reader = postings.reader
    # Document frequencies from the side store first, as a query looks them up: a term it
    # counts in no live document is not read at all.
    postings.prefetch_df((f, raw.decode("utf-8")) for f in ("text", "exact", "heading") for raw in reader.lexicon(f))
    wrong = []
    for field in ("text", "exact", "heading"):
        for raw in reader.lexicon(field):
            term = raw.decode("utf-8")
            matcher = reader.postings(field, term)
            ids, weights, positions = [], [], []
            while matcher.is_active():
                ids.append(matcher.id())
                weights.append(matcher.weight())
                if field == "text":
                    positions.append(list(matcher.value_as("positions")))
                matcher.next()
            same = postings.postings(field, term) == (ids, weights) and not set(ids) & postings.deleted
            if same and field == "text":
                found = postings._positions(term, ids)
                same = [found.get(d) for d in ids] == positions
            if not same:
                wrong.append((field, term))
    return wrong


def test_postings_and_positions_agree_with_whoosh(service: SearchService) -> None:
    # Search reads whoosh3's postings blocks itself (and keeps the positions read with them):
    # every term, every document, every weight and position as whoosh's matcher has them.
    assert postings_disagreeing(service) == []
