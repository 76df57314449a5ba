"""The third blind judged set (tests/search_judgements_blind3.toml) is well formed.

Its two programmes are imported through the app's importer and each judged snippet must
lie in exactly one imported passage of the programme its question is about, so the bench
can score the set. No search is run here: the set stays blind.
"""

from __future__ import annotations

import tomllib

import pytest

from tests.search_real import (
    BLIND2_PROGRAMMES,
    BLIND3_JUDGEMENTS,
    BLIND3_PROGRAMMES,
    BLIND_PROGRAMMES,
    HELDOUT_PROGRAMMES,
    PROGRAMMES,
    REAL_PROGRAMMES,
    imported_texts,
    is_relevant,
)


def _norm(text: str) -> str:
    return " ".join(text.replace("-\n", "").split()).casefold()


@pytest.fixture(scope="module")
def passages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    return imported_texts(tmp_path_factory.mktemp("blind3"), BLIND3_PROGRAMMES)


def test_blind3_programmes_are_used_by_no_other_set() -> None:
    others = {p[0] for p in (*REAL_PROGRAMMES, *HELDOUT_PROGRAMMES, *BLIND_PROGRAMMES, *BLIND2_PROGRAMMES)}
    assert not others & {p[0] for p in BLIND3_PROGRAMMES}


def test_blind3_set_parses_and_is_large_enough() -> None:
    data = tomllib.loads(BLIND3_JUDGEMENTS.read_text(encoding="utf-8"))
    questions, off_topic = data["query"], data["off_topic"]["queries"]
    assert len(questions) >= 30 and len(off_topic) >= 12
    ids = {p[1] for p in BLIND3_PROGRAMMES}
    assert {entry["programme"] for entry in questions} == ids
    for entry in questions:
        assert entry["text"].strip() and entry["relevant"], entry
    texts = [q["text"].casefold() for q in questions] + [q.casefold() for q in off_topic]
    assert len(texts) == len(set(texts)), "a question is asked twice"


def test_every_snippet_is_verbatim_in_its_programme_and_in_exactly_one_passage(
    passages: dict[str, list[str]],
) -> None:
    data = tomllib.loads(BLIND3_JUDGEMENTS.read_text(encoding="utf-8"))
    files = {p[1]: _norm((PROGRAMMES / p[0]).read_text(encoding="utf-8")) for p in BLIND3_PROGRAMMES}
    for programme_id, texts in passages.items():
        assert texts, f"{programme_id} imported no passages"
    for entry in data["query"]:
        for snippet in entry["relevant"]:
            assert _norm(snippet) in files[entry["programme"]], snippet
            holders = [t for t in passages[entry["programme"]] if is_relevant(t, [snippet])]
            assert len(holders) == 1, (entry["text"], snippet, len(holders))
        # Two snippets of one question name two passages, not one twice.
        named = [next(i for i, t in enumerate(passages[entry["programme"]]) if is_relevant(t, [s])) for s in entry["relevant"]]
        assert len(named) == len(set(named)), entry["text"]
