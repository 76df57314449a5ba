"""The blind judged sets (tests/search_judgements_blind*.toml) are well formed.

Each set's programmes are imported through the app's importer and each judged snippet must
lie in exactly one imported passage of the programme its question is about, so the bench
can score the set. No search is run here: the sets stay blind.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.search_real import (
    BLIND2_JUDGEMENTS,
    BLIND2_PROGRAMMES,
    BLIND3_JUDGEMENTS,
    BLIND3_PROGRAMMES,
    BLIND4_JUDGEMENTS,
    BLIND4_PROGRAMMES,
    BLIND5_JUDGEMENTS,
    BLIND5_PROGRAMMES,
    BLIND6_JUDGEMENTS,
    BLIND6_PROGRAMMES,
    BLIND7_JUDGEMENTS,
    BLIND7_PROGRAMMES,
    BLIND8_JUDGEMENTS,
    BLIND8_PROGRAMMES,
    BLIND9_JUDGEMENTS,
    BLIND9_PROGRAMMES,
    BLIND10_JUDGEMENTS,
    BLIND10_PROGRAMMES,
    BLIND11_JUDGEMENTS,
    BLIND11_PROGRAMMES,
    BLIND12_JUDGEMENTS,
    BLIND12_PROGRAMMES,
    BLIND_JUDGEMENTS,
    BLIND_PROGRAMMES,
    HELDOUT_PROGRAMMES,
    PROGRAMMES,
    REAL_PROGRAMMES,
    imported_texts,
    is_relevant,
)

Programmes = Sequence[tuple[str, str, str, str, int]]


class BlindSet(NamedTuple):
    name: str
    judgements: Path
    programmes: Programmes
    questions: int  # at least this many judged questions
    off_topic: int  # and this many off-topic ones
    earlier: tuple[Programmes, ...]  # the sets before it, which share no programme with it
    # Two snippets of one question name two passages (the first set was written before this
    # rule: one of its questions names two sentences the importer keeps in one passage).
    distinct: bool = True


def _sets() -> tuple[BlindSet, ...]:
    """Each blind set in the order they were made; none shares a programme with the sets
    before it (the real and held-out ones included)."""
    made = (
        ("blind", BLIND_JUDGEMENTS, BLIND_PROGRAMMES, 40, 20),
        ("blind2", BLIND2_JUDGEMENTS, BLIND2_PROGRAMMES, 30, 15),
        ("blind3", BLIND3_JUDGEMENTS, BLIND3_PROGRAMMES, 30, 12),
        ("blind4", BLIND4_JUDGEMENTS, BLIND4_PROGRAMMES, 50, 15),
        ("blind5", BLIND5_JUDGEMENTS, BLIND5_PROGRAMMES, 50, 15),
        ("blind6", BLIND6_JUDGEMENTS, BLIND6_PROGRAMMES, 50, 15),
        ("blind7", BLIND7_JUDGEMENTS, BLIND7_PROGRAMMES, 50, 15),
        ("blind8", BLIND8_JUDGEMENTS, BLIND8_PROGRAMMES, 50, 15),
        ("blind9", BLIND9_JUDGEMENTS, BLIND9_PROGRAMMES, 55, 15),
        ("blind10", BLIND10_JUDGEMENTS, BLIND10_PROGRAMMES, 60, 16),
        ("blind11", BLIND11_JUDGEMENTS, BLIND11_PROGRAMMES, 70, 16),
        ("blind12", BLIND12_JUDGEMENTS, BLIND12_PROGRAMMES, 70, 16),
    )
    earlier: tuple[Programmes, ...] = (REAL_PROGRAMMES, HELDOUT_PROGRAMMES)
    sets = []
    for name, path, programmes, questions, off_topic in made:
        sets.append(BlindSet(name, path, programmes, questions, off_topic, earlier, name != "blind"))
        earlier += (programmes,)
    return tuple(sets)


SETS = _sets()


def _norm(text: str) -> str:
    return " ".join(text.replace("-\n", "").split()).casefold()


@pytest.fixture(scope="module", params=SETS, ids=[s.name for s in SETS])
def blind_set(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[BlindSet, dict[str, list[str]]]:
    chosen: BlindSet = request.param
    return chosen, imported_texts(tmp_path_factory.mktemp(chosen.name), chosen.programmes)


@pytest.mark.parametrize("chosen", SETS, ids=[s.name for s in SETS])
def test_the_programmes_are_used_by_no_earlier_set(chosen: BlindSet) -> None:
    others = {p[0] for programmes in chosen.earlier for p in programmes}
    assert not others & {p[0] for p in chosen.programmes}


@pytest.mark.parametrize("chosen", SETS, ids=[s.name for s in SETS])
def test_the_set_parses_and_is_large_enough(chosen: BlindSet) -> None:
    data = tomllib.loads(chosen.judgements.read_text(encoding="utf-8"))
    questions, off_topic = data["query"], data["off_topic"]["queries"]
    assert len(questions) >= chosen.questions and len(off_topic) >= chosen.off_topic
    ids = {p[1] for p in chosen.programmes}
    assert {entry["programme"] for entry in questions} == ids
    for entry in questions:
        assert entry["text"].strip() and entry["relevant"], entry
    texts = [q["text"].casefold() for q in questions] + [q.casefold() for q in off_topic]
    assert len(texts) == len(set(texts)), "a question is asked twice"


def test_every_snippet_is_verbatim_in_its_programme_and_in_exactly_one_passage(
    blind_set: tuple[BlindSet, dict[str, list[str]]],
) -> None:
    chosen, passages = blind_set
    data = tomllib.loads(chosen.judgements.read_text(encoding="utf-8"))
    files = {p[1]: _norm((PROGRAMMES / p[0]).read_text(encoding="utf-8")) for p in chosen.programmes}
    for programme_id, texts in passages.items():
        assert texts, f"{programme_id} imported no passages"
    for entry in data["query"]:
        for snippet in entry["relevant"]:
            assert _norm(snippet) in files[entry["programme"]], snippet
            holders = [t for t in passages[entry["programme"]] if is_relevant(t, [snippet])]
            assert len(holders) == 1, (entry["text"], snippet, len(holders))
        if not chosen.distinct:
            continue
        # Two snippets of one question name two passages, not one twice.
        named = [next(i for i, t in enumerate(passages[entry["programme"]]) if is_relevant(t, [s])) for s in entry["relevant"]]
        assert len(named) == len(set(named)), entry["text"]
