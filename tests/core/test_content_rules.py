"""Rule terms: German folding, prefixes, compounds, phrases, whole words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from canvass_app.content.rules import (
    FoldedText,
    RuleError,
    TermIndex,
    compile_term,
    fold,
    fold_whitespace,
)


def matches(term: str, text: str) -> bool:
    return compile_term(term).matches(FoldedText.of(text))


def test_fold_handles_case_umlauts_sharp_s_and_inword_hyphens() -> None:
    assert (
        fold("Gründungs-Förderung für Mikro-Depots, Straße")
        == "grundungsforderung fur mikrodepots, strasse"
    )
    # A hyphen before a space is a German ellipsis, not a compound joint.
    assert fold("Langzeit- und Jugend") == "langzeit- und jugend"


@pytest.mark.parametrize(
    ("term", "text", "expected"),
    [
        ("gründ", "Gründer*innen und Gründungen", True),
        ("gründ", "Ausgründungen", False),
        ("*gründung", "Hochschulausgründungen fördern", True),
        ("*arbeitslos", "Senkung der Jugendarbeitslosigkeit", True),
        ("arbeitslos", "Senkung der Jugendarbeitslosigkeit", False),
        ("mikrodepot", "Einrichtung von Mikro-Depots", True),
        ("startup", "Start-ups stärker fördern", True),
        ("offenes wlan", "ein offenes WLAN in der Innenstadt", True),
        ("offen wlan", "breit verfügbares, offenes WLAN", True),
        ("offenes wlan", "offenes, schnelles WLAN", False),
        ("=ort", "ein ganz neuer Ort für Jugendliche", True),
        ("=ort", "Dortmund und Ortsteile", False),
        ("ort", "Dortmund", False),
        ("förder", "Förderung", True),
        ("=5g", "Glasfasernetz, 5G und WLAN", True),
    ],
)
def test_term_matching(term: str, text: str, expected: bool) -> None:
    assert matches(term, text) is expected


@pytest.mark.parametrize("term", ["", "   ", "*", "=", "*=", "--"])
def test_empty_or_symbol_terms_are_rejected(term: str) -> None:
    with pytest.raises(RuleError):
        compile_term(term)


def test_fold_whitespace() -> None:
    assert fold_whitespace("  a\n b\t\tc ") == "a b c"


_WORDS = st.sampled_from(
    [
        "Grün",
        "gründung",
        "Aus",
        "ausgründung",
        "Ort",
        "Dortmund",
        "5G",
        "Start-up",
        "WLAN",
        "offenes",
        "Straße",
        "x",
    ]
)


@given(
    text=st.lists(_WORDS | st.sampled_from([" ", ", ", "-", ". ", "*"]), max_size=12).map("".join),
    term=st.sampled_from(
        [
            "grün",
            "*grün",
            "=grün",
            "ort",
            "*ort",
            "=ort",
            "startup",
            "5g",
            "offenes wlan",
            "strasse",
        ]
    ),
)
def test_fast_word_matching_agrees_with_the_regex(text: str, term: str) -> None:
    compiled = compile_term(term)
    assert compiled.matches(FoldedText.of(text)) == bool(compiled.pattern.search(fold(text)))


def test_term_index_finds_exactly_what_the_terms_find_one_by_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Every term of the shipped taxonomy against every bundled passage: the index
    # is an optimisation and must never change a result.
    from canvass_app.content.rules import FoldedText, RuleError, TermIndex, compile_term
    from canvass_app.library import Library

    library = Library(tmp_path)
    sources: set[str] = set()
    for topic in library.content.topics():
        sources.update((*topic.terms, *topic.context_terms, *topic.exclude, *topic.section_terms))
    index = TermIndex(sources)
    compiled = {}
    for source in sources:
        try:
            compiled[source] = compile_term(source)
        except RuleError:
            continue
    from tests.fixtures.glmp import HERE, PROGRAMMES, UNSEEN

    unseen = {name for programme_id, name, *_ in PROGRAMMES if programme_id in UNSEEN}
    texts = [p.full_text for p in library.corpus.passages()] + ["Rad und Fußwege", "Tempo 30 vor Schulen"]
    for path in sorted(HERE.glob("*.txt")):
        # Programme texts only, never the hand labels, nor the unseen blind set's texts.
        if not path.name.startswith("topic_labels") and path.name not in unseen:
            texts.extend(path.read_text(encoding="utf-8").split("\n\n"))
    for text in texts:
        folded = FoldedText.of(text)
        expected = {s for s, term in compiled.items() if term.matches(folded)}
        assert index.matches(folded) == expected, text[:60]


def test_a_term_finds_the_compound_it_is_the_head_of_only_when_asked() -> None:
    text = FoldedText.of("Zwei neue Waldkindergärten und die Parkraumbewirtschaftung der Innenstadt.")
    with_heads = TermIndex(["kindergarten", "wirtschaft", "innen"], heads=True)
    found = with_heads.matched_words(text)
    # "Waldkindergärten" is a kind of Kindergarten: its head, then an inflection.
    assert found.get("kindergarten") == {"waldkindergarten"}
    # "…bewirtschaftung": "wirtschaft" inside, followed by "ung", is no head.
    assert "wirtschaft" not in found
    # Terms shorter than a head needs find only words they start.
    assert found.get("innen") == {"innenstadt"}
    assert "kindergarten" not in TermIndex(["kindergarten"]).matched_words(text)
    # Only a noun (written with a capital) is a compound: "dringender" has no head "gender".
    adjective = FoldedText.of("Es besteht dringender Handlungsbedarf beim Gender-Budgeting.")
    assert TermIndex(["gender"], heads=True).matched_words(adjective) == {"gender": {"genderbudgeting"}}


def test_a_word_cut_at_a_hyphen_shares_the_head_of_the_word_that_completes_it() -> None:
    """"Spiel- und Freizeitplätze" are Spielplätze and Freizeitplätze (the Ergänzungsstrich)."""
    from canvass_app.content.rules import FoldedText, TermIndex

    index = TermIndex(["spielplatz", "kultur", "kulturangebot", "arbeitslos"])
    assert index.matched_words(FoldedText.of("Unsere Spiel- und Freizeitplätze erneuern")) == {"spielplatz": {"spiel"}}
    # Cut words in between are skipped; the completion is credited to the cut word, so
    # "Kultur-" and "Kulturangebote" are one word, not two.
    found = index.matched_words(FoldedText.of("Bildungs-, Kultur- und Sportangebote für alle"))
    assert found == {"kultur": {"kultur"}, "kulturangebot": {"kultur"}}
    # A hyphen inside a word or before nothing that completes it is no cut.
    assert index.matched_words(FoldedText.of("Die Spiel-Straße und die Kita")) == {}
