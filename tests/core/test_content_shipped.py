"""The shipped taxonomy and cards, over the real bundled corpus: sound, complete, honest, findable."""

from __future__ import annotations

import pytest

from canvass_app.content.rules import fold_whitespace
from canvass_app.content.topics import descendants

GRUENE = "gruene-dortmund-2025-wirtschaft"
SPD = "spd-dortmund-2020-wirtschaft"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):  # type: ignore[no-untyped-def]
    from canvass_app.library import Library

    return Library(tmp_path_factory.mktemp("userdata"))


def test_check_passes_on_shipped_data(shipped) -> None:  # type: ignore[no-untyped-def]
    assert [str(p) for p in shipped.content.check()] == []


def test_taxonomy_size_nesting_and_manifesto_codes(shipped) -> None:  # type: ignore[no-untyped-def]
    topics = shipped.content.topics()
    assert len(topics) >= 12
    assert any(t.parent for t in topics)
    assert all(t.manifesto_codes for t in topics)
    titles = {t.title for t in topics}
    for expected in (
        "Jugendarbeitslosigkeit",
        "Digitale Infrastruktur",
        "Handwerk",
        "Frauen in MINT-Berufen",
    ):
        assert expected in titles


def test_every_passage_of_every_programme_has_a_topic(shipped) -> None:  # type: ignore[no-untyped-def]
    content = shipped.content
    passages = shipped.corpus.passages()
    assert len(passages) > 50
    assert all(content.topics_of(p.id) for p in passages)
    # The fallback topic is a last resort, not the way most passages get a topic.
    fallback_only = [
        p.id
        for p in passages
        if [t.id for t in content.topics_of(p.id)] == ["wirtschaft-allgemein"]
    ]
    assert len(fallback_only) <= len(passages) // 20


def test_every_economy_topic_has_passages_in_the_bundled_chapters(shipped) -> None:  # type: ignore[no-untyped-def]
    # The bundled programmes are economy chapters: every topic of that field finds
    # passages there (the other fields are for imported programmes).
    content = shipped.content
    economy = descendants(content.topics(), "wirtschaft-und-arbeit")
    empty = [t for t in economy if not content.topic(t).fallback and not content.passage_ids(t)]
    assert len(economy) >= 32
    assert empty == []


def test_taxonomy_covers_the_fields_of_municipal_politics(shipped) -> None:  # type: ignore[no-untyped-def]
    topics = shipped.content.topics()
    fields = {t.title for t in topics if not t.parent}
    for expected in (
        "Wohnen", "Mobilität und Verkehr", "Schule und Bildung", "Kinder, Jugend und Familie",
        "Senioren und Pflege", "Gesundheit", "Soziales und Teilhabe", "Migration und Integration",
        "Sicherheit und Ordnung", "Sauberkeit und Stadtbild", "Umwelt und Natur",
        "Klima und Energie", "Wirtschaft und Arbeit", "Digitales", "Kultur", "Sport",
        "Verwaltung und Bürgerservice", "Finanzen und Steuern", "Stadtentwicklung und Quartiere",
        "Demokratie und Beteiligung", "Gleichstellung und Vielfalt",
    ):
        assert expected in fields
    titles = {t.title for t in topics}
    for fine in ("Kita-Plätze und Kinderbetreuung", "Radverkehr", "ÖPNV-Preise und Tickets",
                 "Bezahlbare Mieten und sozialer Wohnungsbau"):
        assert fine in titles
    # None of the 31 economy topics is lost, and every card keeps its topics.
    ids = {t.id for t in topics}
    for card in shipped.content.cards():
        assert set(card.topics) <= ids


def test_at_least_fifteen_cards_each_with_citation_tip_and_topic(shipped) -> None:  # type: ignore[no-untyped-def]
    cards = shipped.content.cards()
    assert len(cards) >= 15
    for card in cards:
        assert card.citations() and card.tip and card.topics and card.phrasings
        for answer in card.answers:
            # Plain German, two or three sentences.
            assert 1 <= answer.summary.count(". ") + 1 <= 3, (card.id, answer.summary)


def _passage_text(shipped, passage_id: str) -> str:  # type: ignore[no-untyped-def]
    return fold_whitespace(shipped.corpus.passage(passage_id).full_text)


def test_jugendarbeitslosigkeit_card_quotes_both_programmes_verbatim(shipped) -> None:  # type: ignore[no-untyped-def]
    card = shipped.content.card("jugendarbeitslosigkeit")
    assert {a.programme for a in card.answers} == {GRUENE, SPD}
    spd = card.answer_for(SPD)
    assert spd is not None and not spd.silent
    assert any("Jugendarbeitslosigkeit" in c.quote for c in spd.citations)
    for citation in card.citations():
        assert fold_whitespace(citation.quote) in _passage_text(shipped, citation.passage_id)


def test_glasfaser_card_says_the_greens_are_silent(shipped) -> None:  # type: ignore[no-untyped-def]
    card = shipped.content.card("glasfaser")
    gruene = card.answer_for(GRUENE)
    assert gruene is not None and gruene.silent and gruene.citations == ()
    assert "nichts" in gruene.summary
    spd = card.answer_for(SPD)
    assert spd is not None and spd.citations
    for citation in spd.citations:
        assert fold_whitespace(citation.quote) in _passage_text(shipped, citation.passage_id)
    # The silence is real: no Greens passage mentions fibre, broadband or Wi-Fi.
    gruene_text = " ".join(
        p.full_text for p in shipped.corpus.programme(GRUENE).passages()
    ).casefold()
    for word in ("glasfaser", "breitband", "wlan", "5g"):
        assert word not in gruene_text


def test_reparaturpraemie_card_says_the_spd_is_silent(shipped) -> None:  # type: ignore[no-untyped-def]
    card = shipped.content.card("reparaturpraemie")
    spd = card.answer_for(SPD)
    assert spd is not None and spd.silent and spd.citations == ()
    gruene = card.answer_for(GRUENE)
    assert gruene is not None
    assert any("Reparaturprämie" in c.quote for c in gruene.citations)
    for citation in gruene.citations:
        assert fold_whitespace(citation.quote) in _passage_text(shipped, citation.passage_id)
    spd_text = " ".join(p.full_text for p in shipped.corpus.programme(SPD).passages()).casefold()
    assert "repar" not in spd_text


def test_silent_answers_match_the_topic_view(shipped) -> None:  # type: ignore[no-untyped-def]
    """A card's 'says nothing' agrees with what the topic view shows for that programme."""
    content = shipped.content
    for card_id, topic_id, programme in (
        ("glasfaser", "digitale-infrastruktur", GRUENE),
        ("reparaturpraemie", "kreislaufwirtschaft-und-reparatur", SPD),
    ):
        coverage = {c.programme.id: c for c in content.topic_view(topic_id).coverage}
        assert coverage[programme].says_nothing, (card_id, topic_id)
        assert card_id in [c.id for c in content.topic_view(topic_id).cards]


def test_each_card_ranks_first_for_its_own_question(shipped) -> None:  # type: ignore[no-untyped-def]
    search = shipped.search
    misses = []
    for card in shipped.content.cards():
        hits = search.search(card.question, limit=5).hits
        if not hits or (hits[0].type, hits[0].id) != ("card", card.id):
            misses.append((card.id, [(h.type, h.id) for h in hits[:3]]))
    assert misses == []


def test_the_issue_example_question_finds_the_card_above_its_passages(shipped) -> None:  # type: ignore[no-untyped-def]
    hits = shipped.search.search("Was macht ihr gegen Jugendarbeitslosigkeit?", limit=10).hits
    assert (hits[0].type, hits[0].id) == ("card", "jugendarbeitslosigkeit")
    cited = {c.passage_id for c in shipped.content.card("jugendarbeitslosigkeit").citations()}
    assert cited & {h.id for h in hits[1:]}


def test_phrasings_make_cards_findable(shipped) -> None:  # type: ignore[no-untyped-def]
    """Nearly every other way of asking puts the card first too (a few may lose to a passage)."""
    total = first = 0
    for card in shipped.content.cards():
        for phrasing in card.phrasings:
            hits = shipped.search.search(phrasing, limit=3).hits
            total += 1
            first += bool(hits) and (hits[0].type, hits[0].id) == ("card", card.id)
    assert total >= 45
    assert first >= 0.9 * total
