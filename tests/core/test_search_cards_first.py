"""A quick-answer card is offered only where its own question or phrasings answer the question."""

from __future__ import annotations

from canvass_app.ui.search_model import run_search


def test_a_card_matched_only_in_an_answer_summary_is_no_hit(library) -> None:  # type: ignore[no-untyped-def]
    # The Glasfaser card says "Busse" only in a summary ("in Bussen und Bahnen inbegriffen").
    for dense in (False, True):
        hits = library.search.search("Busse fahren öfter", dense=dense).hits
        assert [h.id for h in hits if h.type == "card"] == []
        assert any(h.type == "passage" for h in hits)


def test_a_card_whose_question_answers_goes_first(library) -> None:  # type: ignore[no-untyped-def]
    hits = library.search.search("Wann kommt Glasfaser", dense=False).hits
    assert (hits[0].type, hits[0].id) == ("card", "glasfaser")


def test_the_result_list_keeps_the_search_order(library) -> None:  # type: ignore[no-untyped-def]
    # The list used to hoist every card found by words above the passages.
    for query in ("Busse fahren öfter", "Tarifverträge und Glasfaser"):
        hits = [(h.type, h.id) for h in library.search.search(query, dense=False).hits if h.match == "words"]
        rows = [(r.kind, r.id) for r in run_search(library, query).rows if r.match == "words"]
        assert rows == hits
