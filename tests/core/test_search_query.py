"""Query parsing: syntax when well formed, plain words otherwise, and no string ever raises."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from canvass_app.search.memory import MemoryCorpus
from canvass_app.search.query import MAX_ITEMS, MAX_QUERY_CHARS, Item, osa_distance, parse
from canvass_app.search.service import SearchResults, SearchService
from tests.core.test_search_service import THESAURUS, small_programmes


def items(raw: str) -> list[tuple[str, str]]:
    return [(i.kind, i.text) for i in parse(raw).items]


def test_plain_words() -> None:
    assert items("Glasfaser für Dortmund") == [("word", "Glasfaser"), ("word", "für"), ("word", "Dortmund")]


def test_phrases_with_straight_and_german_quotes() -> None:
    assert items('"offenes WLAN" Dortmund') == [("phrase", "offenes WLAN"), ("word", "Dortmund")]
    assert items("„offenes WLAN“") == [("phrase", "offenes WLAN")]


def test_unbalanced_quote_falls_back_to_words() -> None:
    assert items('"offenes WLAN') == [("word", "offenes"), ("word", "WLAN")]
    assert items('offenes" WLAN"') == [("word", "offenes"), ("word", "WLAN")]
    assert items('"') == []


def test_prefix_and_substring() -> None:
    assert items("förder*") == [("prefix", "forder")]
    assert items("*faser*") == [("substring", "faser")]
    assert items("*") == []
    assert items("f*") == [("word", "f")]


def test_filters_and_unknown_fields() -> None:
    parsed = parse("Glasfaser programm:spd-x thema:digital partei:SPD")
    assert parsed.programmes == ["spd-x"] and parsed.topics == ["digital"] and parsed.parties == ["SPD"]
    assert [(i.kind, i.text) for i in parsed.items] == [("word", "Glasfaser")]
    assert items("title:Glasfaser") == [("word", "title"), ("word", "Glasfaser")]
    assert items("programm:") == [("word", "programm")]


def test_operators_and_exclusions() -> None:
    assert items("Glasfaser AND WLAN OR 5G") == [("word", "Glasfaser"), ("word", "WLAN"), ("word", "5G")]
    assert items("Glasfaser -Ausbau") == [("word", "Glasfaser"), ("exclude", "Ausbau")]
    assert items("Glasfaser NOT Ausbau") == [("word", "Glasfaser"), ("exclude", "Ausbau")]
    assert items("-Ausbau") == [("word", "Ausbau")]
    assert items("- + AND OR NOT && ||") == []


def test_german_nicht_and_ohne_are_words_not_operators() -> None:
    # Doorstep questions say "nicht" all the time; only NOT and -word exclude.
    assert ("exclude", "Arbeitsplätze") not in items("Kostet Klimaschutz nicht Arbeitsplätze?")
    assert all(kind != "exclude" for kind, _ in items("Ausbildung ohne Abschluss"))


def test_control_characters_are_spaces_and_length_is_capped() -> None:
    assert items("Glas\x00faser\tWLAN\u200b") == [("word", "Glas"), ("word", "faser"), ("word", "WLAN")]
    parsed = parse("Wort " * 5000)
    assert 0 < len(parsed.items) <= 24
    assert all(isinstance(i, Item) for i in parsed.items)
    assert MAX_QUERY_CHARS <= 1000


def test_swapped_letters_are_one_edit() -> None:
    assert osa_distance("wirtschatf", "wirtschaft", 2) == 1
    assert osa_distance("reperatur", "reparatur", 2) == 1
    assert osa_distance("abc", "xyz", 1) == 2


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    cache = tmp_path_factory.mktemp("cache")
    return SearchService(MemoryCorpus(small_programmes()), cache, thesaurus_paths=[THESAURUS])


HOSTILE = [
    "",
    " ",
    '"',
    '"""',
    '""',
    "'",
    "*",
    "**",
    "*?*",
    "?",
    "-",
    "+",
    "AND",
    "OR",
    "NOT",
    "AND OR NOT",
    "(",
    ")",
    "((Glasfaser",
    "Glasfaser)",
    "[Glasfaser TO WLAN]",
    "{",
    "~",
    "Glasfaser~2",
    "^3",
    "Glasfaser^",
    "text:",
    ":",
    "::",
    "text:Glasfaser",
    "id:*",
    "type:card",
    "programm:",
    "thema::",
    "programm:\"",
    "\\",
    "\\\"",
    "\x00",
    "\x00\x01\x02\x1b[31m",
    "\u202e\u200b\ufeff",
    "🙂",
    "🙂 Glasfaser 🙂",
    "👨‍👩‍👧‍👦" * 50,
    "Glasfaser" * 1000,
    "x" * 10_000,
    "Glasfaser " * 1000,
    "ä" * 10_000,
    "-" * 10_000,
    '"' * 10_001,
    "*" * 10_000,
    "\n".join(["Glasfaser"] * 2000),
    "<script>alert(1)</script>",
    "<b>Glasfaser</b>",
    "%s %d {0} {}",
    "'; DROP TABLE passages; --",
    "Glasfaser OR",
    "OR Glasfaser",
    "\"Glasfaser",
    "Glasfaser\"",
    "-Glasfaser",
    "förder**",
    "*förder",
    "a*b*c",
    "𝔊𝔩𝔞𝔰𝔣𝔞𝔰𝔢𝔯",
    "ＧＬＡＳＦＡＳＥＲ",
    "İ",
    "ǅ",
    "ß" * 100,
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_never_raise(service: SearchService, query: str) -> None:
    results = service.search(query)
    assert isinstance(results, SearchResults)
    service.suggest(query)
    for hit in results.hits:
        assert hit.snippet.count("<b>") == hit.snippet.count("</b>")


def test_full_width_and_fancy_letters_still_find(service: SearchService) -> None:
    assert service.search("ＧＬＡＳＦＡＳＥＲ").hits
    assert service.search("🙂 Glasfaser 🙂").hits
    assert service.search("((Glasfaser").hits


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_string_is_a_valid_query(service: SearchService, query: str) -> None:
    results = service.search(query, limit=5)
    assert len(results.hits) <= 5


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(['"', "*", "-", "+", ":", "programm:", "thema:", "AND", "OR", "NOT", "Glasfaser", "förder", "Ort", " ", "(", ")", "\x00", "🙂"]),
        max_size=20,
    )
)
def test_any_mix_of_syntax_is_a_valid_query(service: SearchService, parts: list[str]) -> None:
    assert isinstance(service.search("".join(parts)), SearchResults)


def test_query_of_ten_thousand_characters_is_capped(service: SearchService, tmp_path: Path) -> None:
    # What keeps a huge query cheap is the cap on its length and on its parts, not luck:
    # the parser never sees more than MAX_QUERY_CHARS, nor the planner more than MAX_ITEMS.
    huge = "Glasfaser Dortmund " * 600
    assert len(huge) > 10_000
    parsed = parse(huge)
    assert 0 < len(parsed.items) <= MAX_ITEMS
    assert sum(len(i.text) + 1 for i in parsed.items) <= MAX_QUERY_CHARS + 1
    results = service.search(huge)
    assert isinstance(results, SearchResults) and results.hits
