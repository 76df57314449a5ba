"""The fast paths of search give exactly what the plain loops gave.

Compounds and head compounds look up their candidates (words by ending, the word
list as one text) instead of scanning the vocabulary; candidates are scored over
arrays instead of a dictionary per posting. Each is compared here with the plain
version it replaced, on the bundled chapters, to the last bit of every score.
"""

from __future__ import annotations

import heapq
from pathlib import Path
from typing import Any

import pytest

from canvass_app.search import scoring
from canvass_app.search.memory import MemoryCorpus, make_programme
from canvass_app.search.query import Plan, Vocabulary, plan
from canvass_app.search.service import ADJACENT_BONUS, COORDINATION, SearchService

REPO = Path(__file__).resolve().parents[2]


def reference_candidates(
    plan_: Plan, index: scoring.PostingsIndex, restrict: set[int] | None, limit: int, coordination: float, bonus: float
) -> list[tuple[int, float, int, int, float]]:
    """The per-posting dictionary loop that :func:`scoring.candidates` replaced."""
    totals: dict[int, float] = {}
    text_mask: dict[int, int] = {}
    heading_mask: dict[int, int] = {}
    for number, concept in enumerate(plan_.concepts):
        bit = 1 << number
        best: dict[str, dict[int, float]] = {}
        for (field, term), boost in concept.terms.items():
            scores = best.setdefault(field, {})
            for docnum, score in index.bm25(field, term, boost):
                if score > scores.get(docnum, 0.0):
                    scores[docnum] = score
        for stems, boost in concept.phrases:
            weight = boost * sum(index.idf("text", s) for s in stems)
            scores = best.setdefault("text", {})
            for docnum in index.phrase_docs(stems, slop=1):
                if weight > scores.get(docnum, 0.0):
                    scores[docnum] = weight
        for field, scores in best.items():
            mask = heading_mask if field == "heading" else text_mask
            for docnum, score in scores.items():
                totals[docnum] = totals.get(docnum, 0.0) + score
                mask[docnum] = mask.get(docnum, 0) | bit
    excluded: set[int] = set()
    for stem in plan_.excluded:
        excluded.update(index.postings("text", stem)[0])
    weights = scoring.concept_weights(plan_, index)
    known_weight = sum(w for c, w in zip(plan_.concepts, weights, strict=True) if c.known) or 1.0
    weak = sum(1 << i for i, c in enumerate(plan_.concepts) if c.weak)
    share_of: dict[int, float] = {}
    ranked: list[tuple[float, int]] = []
    for docnum, total in totals.items():
        if (restrict is not None and docnum not in restrict) or docnum in excluded:
            continue
        in_text = text_mask.get(docnum, 0)
        covered = in_text | heading_mask.get(docnum, 0)
        heading_only = not in_text and docnum not in index.cards
        if plan_.unknown and not covered & ~weak:
            continue
        share = share_of.get(covered)
        if share is None:
            share = share_of[covered] = sum(w for i, w in enumerate(weights) if covered >> i & 1) / known_weight
        score = total * share**coordination
        ranked.append((score * scoring.HEADING_ONLY_FACTOR if heading_only else score, docnum))
    top = heapq.nlargest(limit, ranked)
    stems = plan_.adjacency()
    adjacent = index.phrase_docs(stems, slop=2, within=[d for _, d in top]) if len(stems) > 1 and top else set()
    result = []
    for final, docnum in top:
        covered = text_mask.get(docnum, 0) | heading_mask.get(docnum, 0)
        result.append(
            (
                docnum,
                final * (bonus if docnum in adjacent else 1.0),
                text_mask.get(docnum, 0),
                heading_mask.get(docnum, 0),
                share_of[covered],
            )
        )
    result.sort(key=lambda c: c[1], reverse=True)
    return result


QUERIES = [
    "Radwege",
    "bezahlbarer Wohnraum für Familien",
    "Was tut ihr gegen Ärztemangel?",
    '"erneuerbare Energien"',
    "Klima*",
    "*verkehr*",
    "Wohnugnsbau",
    "Schule -Lehrer",
    "Kita Zebrastreifenpflicht",
    "Bus und Bahn auf dem Land",
    "Feuerwehr Ehrenamt Verein",
]


@pytest.fixture(scope="module")
def opened(tmp_path_factory: pytest.TempPathFactory) -> tuple[SearchService, Any]:
    from canvass_app.library import Library

    library = Library(tmp_path_factory.mktemp("fast"))
    service = library.search
    return service, service.ensure_open()


@pytest.mark.parametrize("query", QUERIES)
def test_array_scoring_equals_the_dictionary_loop(opened: tuple[SearchService, Any], query: str) -> None:
    service, state = opened
    the_plan = plan(query, state.vocab, service.thesaurus)
    size = state.postings.reader.doc_count_all()
    for restrict in (None, set(range(0, size, 3)), set()):
        index = state.postings.scoped(restrict)
        scoped = scoring.scope_plan(the_plan, index)
        if not any(c.known for c in scoped.concepts):
            continue
        for stems, _boost in (p for c in scoped.concepts for p in c.phrases):
            # Kept per open index: asked twice, the same as worked out afresh.
            for _ in range(2):
                assert index.phrase_docs(stems, slop=1) == index._phrase_docs(stems, 1, None, scoring.PHRASE_CHECKS)
        for limit in (1, 5, 60):
            fast = scoring.candidates(scoped, index, restrict, limit, COORDINATION, ADJACENT_BONUS)
            slow = reference_candidates(scoped, index, restrict, limit, COORDINATION, ADJACENT_BONUS)
            assert [(c.docnum, c.score, c.text_mask, c.heading_mask, c.share) for c in fast] == slow


def test_equal_scores_are_cut_as_heapq_cut_them(tmp_path: Path) -> None:
    # Twelve identical passages score the same: the cut keeps heapq.nlargest's choice.
    programme = make_programme(
        "p", "Partei", 2025, [("Radverkehr", [f"Sichere Radwege für alle, Nummer {n}." for n in range(12)])]
    )
    service = SearchService(MemoryCorpus([programme]), tmp_path / "cache")
    state = service.ensure_open()
    the_plan = plan("Radwege", state.vocab, service.thesaurus)
    for limit in (1, 4, 11, 12, 30):
        fast = scoring.candidates(the_plan, state.postings, None, limit, COORDINATION, ADJACENT_BONUS)
        slow = reference_candidates(the_plan, state.postings, None, limit, COORDINATION, ADJACENT_BONUS)
        assert [(c.docnum, c.score, c.text_mask, c.heading_mask, c.share) for c in fast] == slow
        assert len(fast) == min(limit, 12)


def test_indexed_lookups_equal_a_scan_of_the_vocabulary(opened: tuple[SearchService, Any]) -> None:
    _service, state = opened
    vocab: Vocabulary = state.vocab
    scan = Vocabulary(vocab._reader, vocab.surfaces, {"text": vocab.stems, "exact": vocab.folded}, vocab._typo)
    # The scanning versions: every word is a candidate, the same checks decide.
    scan._stems_with_part = lambda stem: scan.stems  # type: ignore[method-assign]
    scan._ending_in = lambda ending, folded: [  # type: ignore[method-assign]
        t for t in (scan.folded if folded else scan.stems) if t.endswith(ending)
    ]
    scan.containing = lambda part: [t for t in scan.folded if part in t][:200]  # type: ignore[method-assign]
    words = vocab.stems[::7] + [t[:k] for t in vocab.stems[::40] for k in (4, 5, 6)] + ["miet", "schul", "rad"]
    assert words
    for stem in words:
        assert vocab.compounds(stem) == scan.compounds(stem), stem
    for folded in [*vocab.folded[::7], "miete", "schule", "sommer", "rente"]:
        stem = folded[:-1] if folded.endswith("e") else folded
        assert vocab.head_compounds(folded, stem) == scan.head_compounds(folded, stem), folded
    for part in ("verkehr", "schul", "ung", "zzz", "energie"):
        assert vocab.containing(part) == scan.containing(part), part
