"""The blind judged set (tests/search_judgements_blind.toml) is well formed.

Its two programmes are imported through the app's importer and each judged snippet must
lie in exactly one imported passage of the programme its question is about, so the bench
can score the set. No search is run here: the set stays blind.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.search_real import BLIND_PROGRAMMES, PROGRAMMES, imported_texts, is_relevant

BLIND = Path(__file__).resolve().parents[1] / "search_judgements_blind.toml"


def _norm(text: str) -> str:
    return " ".join(text.replace("-\n", "").split()).casefold()


@pytest.fixture(scope="module")
def passages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    return imported_texts(tmp_path_factory.mktemp("blind"), BLIND_PROGRAMMES)


def test_blind_set_parses_and_is_large_enough() -> None:
    data = tomllib.loads(BLIND.read_text(encoding="utf-8"))
    questions, off_topic = data["query"], data["off_topic"]["queries"]
    assert len(questions) >= 40 and len(off_topic) >= 20
    ids = {p[1] for p in BLIND_PROGRAMMES}
    for entry in questions:
        assert entry["programme"] in ids and entry["text"].strip() and entry["relevant"], entry
    texts = [q["text"].casefold() for q in questions] + [q.casefold() for q in off_topic]
    assert len(texts) == len(set(texts)), "a question is asked twice"


def test_every_snippet_is_verbatim_in_its_programme_and_in_exactly_one_passage(
    passages: dict[str, list[str]],
) -> None:
    data = tomllib.loads(BLIND.read_text(encoding="utf-8"))
    files = {p[1]: _norm((PROGRAMMES / p[0]).read_text(encoding="utf-8")) for p in BLIND_PROGRAMMES}
    for programme_id, texts in passages.items():
        assert texts, f"{programme_id} imported no passages"
    for entry in data["query"]:
        for snippet in entry["relevant"]:
            assert _norm(snippet) in files[entry["programme"]], snippet
            holders = [t for t in passages[entry["programme"]] if is_relevant(t, [snippet])]
            assert len(holders) == 1, (entry["text"], snippet, len(holders))
